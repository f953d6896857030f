"""HTTP request bodies -> typed requests (their schemas are what /api/docs shows); the question,
history and filters are checked by assistant.history's rules, whose sentences become the 400s."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue, PlainValidator, field_validator, model_validator
from pydantic_core import PydanticCustomError

from assistant.history import check_question, parse_history
from core.errors import BadInputError
from core.knowledge import STATUSES, Target
from core.records import Filters

T = TypeVar("T")
BAD_INPUT = "bad_input"  # a validation error whose message is already a sentence for the caller
_REQUEST_PARTS = ("body", "query", "path", "header", "cookie")


def user_error(check: Callable[[Any], T]) -> Callable[[Any], T]:
    """A pydantic validator from a check that raises BadInputError: the sentence is the message."""

    def validate(value: Any) -> T:
        try:
            return check(value)
        except BadInputError as error:
            raise PydanticCustomError(BAD_INPUT, str(error)) from error

    return validate


class FilterFields(BaseModel):
    """Search only documents that match every given field."""

    region: str = Field("", description="a place the document is about, e.g. 某市")
    document: str = Field("", description="a document's file name")
    doc_type: str = Field("", description="e.g. 意见, 办法, 规划")
    date_from: str = Field("", description="issued on or after, yyyy-mm-dd")
    date_to: str = Field("", description="issued on or before, yyyy-mm-dd")
    status: str = Field("", description="only documents with this status today, comma-separated: "
                                        + ", ".join(STATUSES) + "; a filter matching no document finds nothing")


def parse_filters(raw: Any) -> Filters | None:
    """A filters object -> Filters; None when empty."""
    if raw is None or raw == {}:
        return None
    if not isinstance(raw, dict):
        raise BadInputError('filters must be an object such as {"region": "某市"}')
    fields = list(FilterFields.model_fields)
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise BadInputError(f"unknown filter {', '.join(unknown)}; use {', '.join(fields)}")
    if not all(isinstance(value, str) for value in raw.values()):
        raise BadInputError("filter values must be strings (dates as yyyy-mm-dd)")
    return Filters(**{key: value.strip() for key, value in raw.items()})


class ContentPart(BaseModel):
    type: str = Field(description='"text" parts are read; other parts (images, files) are skipped')
    text: str = ""


class ChatMessage(BaseModel):
    role: Literal["user", "assistant", "system"] = Field(description="system turns are ignored")
    content: str | list[ContentPart | str]


Question = Annotated[str, PlainValidator(user_error(check_question), json_schema_input_type=str)]
History = Annotated[list[tuple[str, str]], PlainValidator(
    user_error(parse_history), json_schema_input_type=list[ChatMessage] | None)]
FiltersIn = Annotated[Filters | None, PlainValidator(
    user_error(parse_filters), json_schema_input_type=FilterFields | None)]


def _require(data: Any, key: str, sentence: str) -> Any:
    if isinstance(data, dict) and key not in data:
        raise PydanticCustomError(BAD_INPUT, sentence)
    return data


class AskRequest(BaseModel):
    """POST /api/ask: a question, the conversation so far and optional filters."""

    id: JsonValue = Field(None, description="echoed in the answer")
    question: Question = Field(description="at most 1000 characters")
    history: History = Field(default_factory=list, description="earlier turns, oldest first")
    filters: FiltersIn = None

    @model_validator(mode="before")
    @classmethod
    def _has_question(cls, data: Any) -> Any:
        return _require(data, "question", 'the body has no "question"; send {"question": "...", '
                                          '"history": [], "filters": {}}')


@dataclass(frozen=True)
class Conversation:
    question: str
    history: list[tuple[str, str]]


def conversation_of(messages: Any) -> Conversation:
    """The last user message is the question; the messages before it are the history."""
    if not isinstance(messages, list) or not messages:
        raise BadInputError('"messages" must be a non-empty list of {"role": ..., "content": ...}')
    last = parse_history(messages[-1:])
    if not last or last[0][0] != "user":
        raise BadInputError("the last message must come from the user: it is the question")
    return Conversation(check_question(last[0][1]), parse_history(messages[:-1]))


class ChatRequest(BaseModel):
    """POST /v1/chat/completions, as OpenAI clients send it (other fields are ignored)."""

    model: str | None = Field(None, description="ignored: the assistant answers with its own model")
    messages: Annotated[Conversation, PlainValidator(
        user_error(conversation_of), json_schema_input_type=list[ChatMessage])]
    stream: bool | None = None
    filters: FiltersIn = None

    @model_validator(mode="before")
    @classmethod
    def _has_messages(cls, data: Any) -> Any:
        return _require(data, "messages", '"messages" must be a non-empty list of '
                                          '{"role": ..., "content": ...}')


def validation_sentence(errors: Sequence[Any]) -> str:
    """The first of pydantic's errors as one sentence that says what to fix."""
    error = errors[0]
    if error["type"] == BAD_INPUT:
        return str(error["msg"])
    loc = tuple(error["loc"])
    if loc and loc[0] in _REQUEST_PARTS:  # FastAPI's prefix: the field's name is enough
        loc = loc[1:]
    return f"{'.'.join(str(part) for part in loc) or 'the request body'}: {error['msg']}"


class TargetQuery(BaseModel):
    """GET /api/targets' query: which targets, and as JSON or CSV."""

    model_config = ConfigDict(extra="forbid")

    region: str = Field("", description="a place the document is about, e.g. 某市")
    document: str = Field("", description="a document's file name, doc id or part of its title")
    status: str = Field("", description="only targets of documents with this status today, comma-separated: "
                                        + ", ".join(STATUSES))
    year: int | None = Field(None, description="only targets for this year, e.g. 2025")
    format: Literal["json", "csv"] = Field("json", description="csv: UTF-8 with BOM, a row per target")

    @model_validator(mode="before")
    @classmethod
    def _known(cls, data: Any) -> Any:
        unknown = sorted(set(data) - set(cls.model_fields)) if isinstance(data, dict) else []
        if unknown:
            raise PydanticCustomError(BAD_INPUT, f"unknown query parameter {', '.join(unknown)}; "
                                                 f"use {', '.join(cls.model_fields)}")
        return data

    @field_validator("year", mode="before")
    @classmethod
    def _whole_year(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = value.strip()
        if not text:  # ?year= is no filter, as ?region= is
            return None
        if not (text.isascii() and text.isdigit()):
            raise PydanticCustomError(BAD_INPUT, f"year must be a whole year such as 2025, not {value!r}")
        return text

    def filters(self) -> Filters:
        return Filters(region=self.region.strip(), document=self.document.strip(), status=self.status.strip())


class TargetsOut(BaseModel):
    """GET /api/targets: the stored targets that pass the filters, each with its document's status
    as of today (`doc_status`); `quote == clean_text[start:end]` of its document."""

    targets: list[Target]


class ProfileFields(BaseModel):
    """An enterprise profile; a field left out is unknown to the matcher, never a no."""

    region: str = Field("", description="注册地: city or county with its level word, e.g. 苏州市 or 南京市鼓楼区")
    province: str = Field("", description="e.g. 江苏省; optional when region names one place")
    industry: str = Field("", description="e.g. 软件, 制造, 餐饮")
    size: Literal["", "大型", "中型", "小型", "微型", "小微", "中小", "中小微"] = Field(
        "", description="one size, or a band: 小微, 中小, 中小微")
    employees: int | None = Field(None, ge=0)
    founded_year: int | None = Field(None, ge=1800, description="not after this year")
    revenue_wan: float | None = Field(None, ge=0, description="last year's revenue, 万元")
    rd_ratio: float | None = Field(None, ge=0, le=1, description="R&D spending / revenue as a fraction: 5% is 0.05")
    qualifications: list[str] | None = Field(None, description="e.g. 高新技术企业, 科技型中小企业, 专精特新; "
                                                              "[] says it has none")
    talent: list[str] | None = Field(None, description="e.g. 博士, 高校毕业生")
    needs: str = Field("", description="free text, at most 500 characters, e.g. 房租和社保压力大")


def _profile_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadInputError('"profile" must be an object such as {"region": "苏州市", "size": "小型"}')
    return value


class MatchRequest(BaseModel):
    """POST /api/match: an enterprise profile; its fields are checked by assistant.profile."""

    model_config = ConfigDict(extra="forbid")

    id: JsonValue = Field(None, description="echoed in the result")
    profile: Annotated[dict[str, Any], PlainValidator(user_error(_profile_object),
                                                      json_schema_input_type=ProfileFields)]
    k: int = Field(20, ge=1, le=200, description="how many measures to list")

    @model_validator(mode="before")
    @classmethod
    def _has_profile(cls, data: Any) -> Any:
        return _require(data, "profile", 'the body has no "profile"; send {"profile": {"region": "...", '
                                         '"size": "小型"}, "k": 20}')


class AmountOut(BaseModel):
    kind: str = Field(description="fixed | ratio | tiered | cap_only")
    rate: float | None = Field(description="percent, e.g. 10 for 按10%")
    cap: float | None = Field(description="in unit")
    unit: str
    tiers: list[str]


class ConditionOut(BaseModel):
    text: str
    field: str
    status: Literal["met", "unmet", "unknown"]
    quote: str = Field(description="the condition's exact words in the document ('' for the region row)")


class MeasureOut(BaseModel):
    source: str
    title: str
    section: str
    region: str = Field(description="the issuing jurisdiction; 全国 for national bodies")
    doc_status: str
    instrument: str
    benefit: str
    amount: AmountOut | None
    quote: str = Field(description="clean_text[start:end] of the document")
    start: int
    end: int
    verdict: Literal["eligible", "needs_info", "ineligible"]
    conditions: list[ConditionOut]


class QuestionOut(BaseModel):
    field: str
    question: str
    blocks: int = Field(description="how many listed measures its answer would settle")
    value: str = Field(description="for qualifications and talent: the word asked about")


class MatchOut(BaseModel):
    """The measures that apply to the profile, best first, and the questions that would settle the most."""

    id: JsonValue
    measures: list[MeasureOut]
    questions: list[QuestionOut]
