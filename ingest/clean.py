"""Scraped policy text -> clean paragraphs: portal chrome, odd spaces, broken lines, repeats removed."""

from __future__ import annotations

import re
import statistics

_SPACES = re.compile(r"[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BREADCRUMB = re.compile(r"(您当前的?位置|当前位置|您现在的位置|所在位置)\s*[:：]|首页\s*[>＞»\-—]")
_CHROME_LINE = re.compile(
    r"^(分享到|【?打印本页|【?关闭本页|【?关闭窗口|打印本页|返回顶部|扫一扫|字号[:：]|"
    r"\[?\s*字体|上一篇|下一篇|相关链接|附件下载|责任编辑|访问次数|浏览次数|阅读次数|点击数|"
    r"(发布时间|发布日期|信息来源|来源|作者|文章来源|日期)[:：])"
)
_CONTACT_LINE = re.compile(r"^(咨询热线|联系方式|联系电话|地址|电话|传真|手机|邮箱|E-?mail|邮编|网址)[:：\s]",
                           re.IGNORECASE)
_ONLY_PUNCTUATION = re.compile(r"^[\s|｜\-—_=*·•.。,，:：;；>]*$")
_SENTENCE_END = "。！？；：!?;:”」』）)】|"
_MIN_REPEAT_CHARS = 12


def normalise_line(line: str) -> str:
    """Odd spaces become one space, invisible characters go, ends are trimmed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def _is_chrome(line: str) -> bool:
    if _ONLY_PUNCTUATION.match(line):
        return True
    if len(line) <= 80 and (_CHROME_LINE.match(line) or _CONTACT_LINE.match(line)):
        return True
    return "【打印本页】" in line or "【关闭本页】" in line


def _drop_page_header(lines: list[str]) -> list[str]:
    """Everything up to a breadcrumb near the top is site navigation, not the document."""
    for index, line in enumerate(lines[:40]):
        if len(line) <= 80 and _BREADCRUMB.search(line):
            return lines[index + 1:]
    return lines


def _join_wrapped_lines(lines: list[str]) -> list[str]:
    """Re-join paragraphs that a PDF or fixed-width export wrapped at a constant line length."""
    lengths = [len(line) for line in lines if len(line) >= 10]
    if len(lengths) < 8:
        return lines
    width = statistics.quantiles(lengths, n=10)[8]
    at_width = sum(1 for n in lengths if n >= 0.9 * width)
    if width > 120 or at_width < 0.3 * len(lengths):
        return lines  # paragraphs already sit one per line
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if (previous and len(previous) >= 0.85 * width and previous[-1] not in _SENTENCE_END
                and "|" not in line and "|" not in previous):
            joined[-1] = previous + line
        else:
            joined.append(line)
    return joined


def _drop_repeats(lines: list[str]) -> list[str]:
    """Scraped pages often repeat whole blocks; keep each substantial paragraph once."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        key = re.sub(r"\s+", "", line)
        if len(key) >= _MIN_REPEAT_CHARS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return kept


def clean_text(raw: str) -> str:
    """Return the document's clean text: one paragraph or table row per line."""
    lines = [normalise_line(line) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _drop_page_header([line for line in lines if line])
    lines = [line for line in lines if not _is_chrome(line)]
    lines = _drop_repeats(_join_wrapped_lines(lines))
    return "\n".join(lines)
