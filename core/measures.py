"""Support measures read out of a policy document, and the enterprise profile they are matched against."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

INSTRUMENTS = ("subsidy", "award", "tax", "fee_relief", "rent", "loan", "talent", "land", "service", "other")
AMOUNT_KINDS = ("fixed", "ratio", "tiered", "cap_only")
CONDITION_FIELDS = ("region", "province", "industry", "size", "employees", "founded_year", "revenue_wan",
                    "rd_ratio", "qualifications", "talent", "other")
CONDITION_OPS = (">=", "<=", "any_of", "mentions")  # mentions: free words the profile field must contain
SIZES = ("大型", "中型", "小型", "微型")
# A size band people name as one ("我们是小微企业"): a condition is met when it allows every size of the band.
# 中小企业 includes micro ones (the 2011 划型规定 names 中型、小型、微型 together as 中小企业).
SIZE_BANDS = {"小微": ("小型", "微型"), "中小": ("中型", "小型", "微型"), "中小微": ("中型", "小型", "微型")}
# What enterprises call their titles, and the name documents use.
QUALIFICATION_ALIASES = {"高企": "高新技术企业", "国高": "高新技术企业", "高新企业": "高新技术企业",
                         "国家高新企业": "高新技术企业", "科小": "科技型中小企业", "科技型中小": "科技型中小企业",
                         "小巨人": "专精特新“小巨人”企业", "专精特新小巨人": "专精特新“小巨人”企业"}
NATIONAL = "全国"  # the region of a measure issued by the State Council or a ministry
# The words that name who a measure is for (read from documents by ingest, from questions by the chat).
QUALIFICATION_WORDS = (r"(?:国家级?)?高新技术企业|科技型中小企业|专精特新(?:“小巨人”)?(?:企业)?|小型微利企业|"
                       r"个体工商户|小规模纳税人|规(?:模以)?上(?:工业)?企业|瞪羚企业|独角兽企业|"
                       r"(?:省级|市级)?企业技术中心|农民专业合作社")
TALENT_WORDS = (r"博士后|博士|硕士|(?:高校|大学|应届)毕业生|大学生|留学(?:回国)?人员|高层次人才|青年人才|技能人才|"
                r"领军人才|新乡贤")
INDUSTRY_WORDS = (r"餐饮|住宿|零售|批发|外贸|进出口|制造业|软件|信息技术|集成电路|生物医药|文旅|旅游|农业|物流|"
                  r"跨境电商|养老|托育|建筑业|房地产|数字经济|人工智能|新能源")


@dataclass(frozen=True)
class Condition:
    """Who may get a measure, on one profile field; `quote == clean_text[start:end]`."""

    field: str  # one of CONDITION_FIELDS
    op: str  # one of CONDITION_OPS
    value: Any  # a number for >= and <=, a list of words for any_of / mentions, None for other
    text: str  # the condition in plain words, e.g. 年营业收入不超过120万元
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Amount:
    """What the text states of the amount; None fields are not stated."""

    kind: str  # one of AMOUNT_KINDS
    rate: float | None  # percent, e.g. 10 for 按10%
    cap: float | None  # in `unit`
    unit: str  # 元, 万元, 亿元, % ...
    tiers: tuple[str, ...] = ()  # each tier as written ("一等奖50万元")


@dataclass(frozen=True)
class Measure:
    """One clause that gives something to someone: `quote == clean_text[start:end]`, and every
    figure of `benefit` and `amount`, and every condition's quote, lies inside it."""

    source: str
    title: str
    section: str  # heading path, " > "-joined
    region: str  # the issuing jurisdiction (全国 for national bodies; "" when it cannot be told)
    region_code: str  # its 12-digit administrative code ("" for 全国 or unknown)
    issuer: str
    doc_status: str
    doc_date: str
    quote: str
    start: int
    end: int
    instrument: str  # one of INSTRUMENTS
    benefit: str  # what is given, as written
    amount: Amount | None
    beneficiaries: tuple[str, ...]
    conditions: tuple[Condition, ...]
    apply_window: str = ""  # as written, when stated
    doc_id: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def measure_from_dict(data: dict[str, Any]) -> Measure:
    """A stored measure back as a record."""
    amount = Amount(**{**data["amount"], "tiers": tuple(data["amount"].get("tiers", ()))}) \
        if data.get("amount") else None
    conditions = tuple(Condition(**c) for c in data.get("conditions", ()))
    plain = {f.name: data[f.name] for f in fields(Measure) if f.name in data
             and f.name not in ("amount", "conditions", "beneficiaries")}
    return Measure(**plain, amount=amount, conditions=conditions, beneficiaries=tuple(data.get("beneficiaries", ())))


@dataclass(frozen=True)
class Profile:
    """An enterprise as it describes itself; a field it leaves out is unknown, never a no."""

    region: str = ""  # 注册地: city or county, full name ("苏州市", "昆山市", "南京市鼓楼区")
    province: str = ""
    industry: str = ""
    size: str = ""  # one of SIZES, a key of SIZE_BANDS, or ""
    employees: int | None = None
    founded_year: int | None = None
    revenue_wan: float | None = None  # annual revenue, 万元
    rd_ratio: float | None = None  # R&D spending / revenue, a fraction (0.05)
    qualifications: tuple[str, ...] | None = None  # None: not said; (): has none
    talent: tuple[str, ...] | None = None
    needs: str = ""


PROFILE_FIELDS = tuple(f.name for f in fields(Profile))


def sizes_of(size: str) -> tuple[str, ...]:
    """The sizes a profile's size may mean: one size, or every size of a band; () when not said."""
    return SIZE_BANDS.get(size, (size,) if size else ())


def canonical_qualification(word: str) -> str:
    """A title as documents name it ("高企" -> 高新技术企业); other words unchanged."""
    return QUALIFICATION_ALIASES.get(word, word)
