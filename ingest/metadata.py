"""Raw and clean policy text -> document metadata: title, region, issuer, date, type."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 "
    "海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
# Title keywords first (most specific first): a draft "意见" is still an 意见, a work report a 报告.
DOC_TYPES = (
    ("规划", ("规划", "纲要")),
    ("办法", ("办法", "细则", "规定", "条例")),
    ("方案", ("方案", "计划")),
    ("通知", ("通知", "公告", "通告")),
    ("意见", ("意见",)),
    ("报告", ("报告", "总结", "工作思路", "工作亮点", "工作要点")),
    ("新闻", ("新闻", "动态", "资讯")),
)
_PROVINCE_SUFFIX = {"北京": "市", "天津": "市", "上海": "市", "重庆": "市", "香港": "特别行政区", "澳门": "特别行政区",
                    "内蒙古": "自治区", "广西": "自治区", "西藏": "自治区", "宁夏": "自治区", "新疆": "自治区"}
# Issued for the whole country: the State Council, the central committee, the national congress.
NATIONAL = "全国"
_NATIONAL = re.compile(r"国务院|中华人民共和国|中共中央|全国人民代表大会|全国人大")
_BODY_TYPE_HINTS = (("规划", "制定本规划"), ("意见", "提出如下意见"), ("意见", "提出以下意见"),
                    ("通知", "现将有关事项通知如下"), ("办法", "制定本办法"), ("方案", "制定本方案"))
_DATE = re.compile(r"(20\d{2}|19\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_ISSUER_LINE = re.compile(r"^(信息来源|来源|发布机构|发文机关|发文单位)[:：]\s*(\S.{1,40})$")
_ISSUER_TAIL = re.compile(r"^([\u4e00-\u9fff（）()]{2,30}?(人民政府|办公室|办公厅|委员会|科学技术局|科技局|局|厅|委))"
                          r"\s*((19|20)\d{2}.*)?$")
_DATE_LINE = re.compile(r"^(发布时间|发布日期|成文日期|日期)[:：]")
_NUMBERED_HEADING = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、])")


@dataclass(frozen=True)
class PolicyMetadata:
    title: str
    region: str  # the most specific main region, e.g. 嘉兴市; "" when unknown
    regions: tuple[str, ...]  # every region the document is about, main one first
    issuer: str
    date: str  # ISO yyyy-mm-dd, "" when the document carries none
    doc_type: str  # 规划 意见 通知 办法 方案 报告 新闻 其他


def _iso(match: re.Match[str]) -> str:
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


_SUBJECT = re.compile(r"现就(.{4,60}?)(提出如下意见|提出以下意见|通知如下|制定本办法|制定本方案)")


def _find_title(clean_lines: list[str], hint: str) -> str:
    if hint.strip():
        return hint.strip()
    opening = "".join(clean_lines[:2])
    if match := _SUBJECT.search(opening):
        kind = {"提出如下意见": "意见", "提出以下意见": "意见", "通知如下": "通知"}.get(match.group(2))
        return f"关于{match.group(1)}的{kind or match.group(2)[-2:]}"
    for line in clean_lines[:3]:
        looks_like_heading = _NUMBERED_HEADING.match(line)
        if 6 <= len(line) <= 60 and not line.endswith(("。", "；", ";", "，", ",")) and not looks_like_heading:
            return line
    first = clean_lines[0] if clean_lines else ""
    sentence = re.split(r"[。！？]", first)[0]
    return sentence[:30] + ("…" if len(sentence) > 30 else "")


def _place_counts(text: str) -> Counter[str]:
    """Place names (jieba's `ns` tag) with how often each is mentioned, suffix-less."""
    import rjieba  # jieba's dictionary and tags in Rust: import only when called

    counts: Counter[str] = Counter()
    # Without the HMM for unknown words: place names come from the dictionary, and the words are
    # plain jieba's (the same places as jieba.posseg on 1,505 seed and news documents, 9x faster).
    for word, tag in rjieba.tag(text, False):
        if tag == "ns" and len(word) >= 2:
            stem = word[:-1] if len(word) >= 3 and word[-1] in "省市县区" else word
            counts[stem] += 1
    return counts


def _with_suffix(stem: str, text: str) -> str:
    """The administrative name as the text writes it (嘉兴 -> 嘉兴市), or "" if it is no such unit."""
    if stem in PROVINCES:
        return stem + _PROVINCE_SUFFIX.get(stem, "省")
    mentions = {suffix: text.count(stem + suffix) for suffix in ("市", "县", "区")}
    suffix, count = max(mentions.items(), key=lambda item: item[1])
    return stem + suffix if count else ""


def _find_regions(title: str, text: str) -> tuple[str, ...]:
    if _NATIONAL.search(title):
        return (NATIONAL,)  # the places a national document names are examples, not its scope
    sample = title + "\n" + text[:8000]
    counts = _place_counts(sample)
    named = {stem: name for stem in counts if (name := _with_suffix(stem, sample))}
    ranked = sorted(named, key=lambda stem: (stem not in title, -counts[stem]))
    top = max(counts[stem] for stem in ranked) if ranked else 0
    ranked = [stem for stem in ranked if counts[stem] >= max(2, 0.3 * top) or stem in title]
    provincial = sample.count("我省") + sample.count("全省") > 2 * (
        sample.count("我市") + sample.count("我县") + sample.count("全市") + sample.count("全县") + 1)
    provinces = [stem for stem in ranked if stem in PROVINCES]
    local = [stem for stem in ranked if stem not in PROVINCES]
    ordered = provinces + local if provincial or not local else local + provinces
    if not provinces:
        best = max(PROVINCES, key=sample.count)
        if sample.count(best) >= 1:
            ordered.append(best)
            named[best] = _with_suffix(best, sample)
    return tuple(dict.fromkeys(named[stem] for stem in ordered))


def _find_issuer(raw_lines: list[str], clean_lines: list[str], region: str) -> str:
    for line in raw_lines[:30]:
        if (match := _ISSUER_LINE.match(line)) and not _DATE.search(match.group(2)):
            issuer = match.group(2).strip()
            return region + issuer[1:] if issuer.startswith(("县", "市", "省")) and region else issuer
    for line in reversed(clean_lines[-3:]):
        if len(line) <= 40 and (match := _ISSUER_TAIL.match(line)):
            issuer = match.group(1)
            return region + issuer[1:] if issuer.startswith(("县", "市", "省")) and region else issuer
    return ""


def _find_date(raw_lines: list[str], clean_lines: list[str]) -> str:
    for line in raw_lines[:30]:
        if _DATE_LINE.match(line) and (match := _DATE.search(line)):
            return _iso(match)
    for line in reversed(clean_lines[-3:]):
        # A signature line carries the issue date; "自…起施行" is when the rules take effect.
        if len(line) <= 40 and not re.search(r"施行|实施|起|执行|有效", line) and (match := _DATE.search(line)):
            return _iso(match)
    return ""


def _find_type(title: str, text: str, header: str) -> str:
    for doc_type, words in DOC_TYPES:
        if any(word in title for word in words):
            return doc_type
    if "新闻" in header or "动态" in header:
        return "新闻"
    for doc_type, phrase in _BODY_TYPE_HINTS:
        if phrase in text[:3000]:
            return doc_type
    return "其他"


def extract_metadata(raw: str, clean: str, title_hint: str = "") -> PolicyMetadata:
    """Read what the document says about itself; leave a field empty rather than guess."""
    raw_lines = [line.strip() for line in raw.splitlines() if line.strip()]
    clean_lines = clean.splitlines()
    title = _find_title(clean_lines, title_hint)
    regions = _find_regions(title, clean)
    region = regions[0] if regions else ""
    return PolicyMetadata(title=title, region=region, regions=regions,
                          issuer=_find_issuer(raw_lines, clean_lines, region),
                          date=_find_date(raw_lines, clean_lines),
                          doc_type=_find_type(title, clean, "\n".join(raw_lines[:20])))
