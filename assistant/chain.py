"""Question + history -> standalone query -> retrieved evidence -> streamed, checked answer with citations.

This module wires the LangChain pieces and streams; what the answer may say is decided in
assistant.verification, the thresholds are in assistant.answer_policy.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, TypedDict

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import (
    Runnable,
    RunnableConfig,
    RunnableLambda,
    RunnablePassthrough,
)

from assistant.answer_policy import AnswerPolicy
from assistant.backends import EXTRACTIVE, OPENAI
from assistant.comparison import asks_to_compare
from assistant.conflicts import ChunkAt, TargetsOf, conflicts_named
from assistant.deadline import tokens_until
from assistant.evidence import format_context, pack_evidence
from assistant.extractive import compared_answer, extractive_answer
from assistant.lists import asks_for_list
from assistant.match_chat import MatchChat
from assistant.question_frame import frame_of, standalone_question
from assistant.question_types import asks_for_planned_figure, asks_for_quantity, asks_what_target
from assistant.scope import document_filters, scope_answer, uncovered
from assistant.status_notes import StatusOf, status_noted
from assistant.verification import CheckedAnswer, Citation, Release, Verdict, failure_note, failure_reason, settle
from core.knowledge import in_review_section
from core.records import DocumentRecord, Evidence, Filters, interleave
from prompts import load_prompt
from vectorstore.langchain_retriever import evidence_from_document

logger = logging.getLogger(__name__)


class Question(TypedDict):
    question: str
    history: list[tuple[str, str]]
    filters: Filters | None


@dataclass
class Answer:
    answer: str
    refused: bool
    backend: str
    citations: list[Citation]
    query: str
    evidence: list[Evidence]
    removed_sentences: list[str] = field(default_factory=list)
    fallback_reason: str = ""
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Event:
    """What `stream` yields: evidence first, then answer text as it is checked, then the result."""

    kind: str  # evidence | text | final
    evidence: list[Evidence] = field(default_factory=list)
    query: str = ""
    text: str = ""
    answer: Answer | None = None


@dataclass(frozen=True)
class _Failed:
    """Ends the answer model's token stream: why it gave no (full) answer."""

    reason: str


def copied_from_sources(question: str) -> bool:
    """Figure, target, list and comparison questions are answered in the sources' own words (or computed
    from them), whatever the backend: on dev2 the local model scored below that on each of these types."""
    return asks_for_quantity(question) or asks_what_target(question) or asks_for_list(question) \
        or asks_to_compare(question)


def _prompt(name: str) -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages([("system", load_prompt(f"{name}_system")),
                                             ("human", load_prompt(f"{name}_user"))])


class PolicyAssistant:
    """One object per process: the retriever and the model are loaded once and shared."""

    def __init__(self, retriever: BaseRetriever, llm: BaseChatModel | None, *, backend: str,
                 count_tokens: Callable[[str], int], top_k: int, context_tokens: int, timeout_s: float,
                 policy: AnswerPolicy, documents: Callable[[], list[DocumentRecord]],
                 targets_of: TargetsOf = lambda doc_id: [], chunk_at: ChunkAt = lambda doc_id, offset: None,
                 status_of: StatusOf = lambda doc_id: None,
                 today: Callable[[], datetime.date] = datetime.date.today,
                 match_chat: MatchChat | None = None) -> None:
        self.retriever = retriever
        self.llm = llm
        self.backend = backend if llm is not None else EXTRACTIVE
        self.count_tokens = count_tokens
        self.top_k = top_k
        self.context_tokens = context_tokens
        self.timeout_s = timeout_s
        self.policy = policy
        self.documents = documents  # what the index holds, for the scope check
        self.targets_of, self.chunk_at = targets_of, chunk_at  # stored targets: conflicts are named
        self.status_of, self.today = status_of, today  # drafts and lapsed documents are named
        self.match_chat = match_chat  # "which support applies to my enterprise": the matcher answers
        self.extract = partial(extractive_answer, policy=policy)
        self.compare = partial(compared_answer, policy=policy)
        self.answer_prompt = _prompt("answer")
        self.prepare = self._build_prepare()

    def _build_prepare(self) -> Runnable[Question, dict[str, Any]]:
        """question, history, filters -> + query (the standalone question), evidence (packed),
        context (what the model reads). Follow-ups are resolved by rule, not by the model: a
        small model's rewrite loses the frame ("X呢？" answered about something else)."""
        return (RunnablePassthrough.assign(query=lambda q: standalone_question(q["question"], q["history"]))
                .assign(evidence=RunnableLambda(self._retrieve))
                .assign(context=lambda q: format_context(q["evidence"], q["query"], self.policy)))

    def _retrieve(self, q: dict[str, Any], config: RunnableConfig) -> list[Evidence]:
        """The retriever's passages (filters passed per call), packed for the reader. A question
        naming yearly documents ("2014年和2015年政府工作报告…") searches each of them in turn."""
        scoped = [q.get("filters")] if q.get("filters") else document_filters(frame_of(q["query"]), self.documents())
        found = [[evidence_from_document(d) for d in self.retriever.invoke(q["query"], config, filters=f)]
                 for f in scoped or [None]]
        if asks_for_planned_figure(q["query"]):  # a review of past years states results, not what is planned
            found = [sorted(items, key=lambda e: in_review_section(e.chunk.section)) for items in found]
        # The budget bounds what a model has to read; sentence picking reads everything retrieved
        # (a figure question's answer is picked from the sources whatever the backend).
        model_reads = self.llm is not None and not copied_from_sources(q["query"])
        return pack_evidence(interleave(found, self.top_k),
                             budget_tokens=self.context_tokens if model_reads else None,
                             count_tokens=self.count_tokens, query=q["query"],
                             max_passages=self.top_k, policy=self.policy)

    def stream(self, question: str, history: Sequence[tuple[str, str]] = (),
               filters: Filters | None = None) -> Iterator[Event]:
        """Evidence as soon as retrieval is done; then answer clauses whose figures check out; then
        the checked answer. Only a failing answer model falls back; other errors propagate."""
        try:
            yield from self._stream(question, history, filters)
        except Exception:
            logger.exception("answering failed: %s", question[:80])
            raise

    def _stream(self, question: str, history: Sequence[tuple[str, str]],
                filters: Filters | None) -> Iterator[Event]:
        started = time.perf_counter()
        matched = self.match_chat.answer(question, history) if self.match_chat else None
        if matched is not None:  # the matcher's verdicts and the documents' words, always cited; no model writes them
            yield Event("evidence", evidence=matched.evidence, query=matched.query)
            yield Event("text", text=matched.text)
            total = round(time.perf_counter() - started, 3)
            yield Event("final", answer=Answer(matched.text, False, EXTRACTIVE, matched.citations, matched.query,
                                               matched.evidence, timings={"first_token_s": total, "total_s": total}))
            return
        inputs: Question = {"question": question, "history": list(history), "filters": filters}
        state = self.prepare.invoke(inputs)
        evidence: list[Evidence] = state["evidence"]
        timings = {"retrieve_s": time.perf_counter() - started}
        yield Event("evidence", evidence=evidence, query=state["query"])
        question = state["query"]  # the follow-up resolved: what the answer must be about
        draft, failure, written_by, computed = "", "", self.backend, ""
        gap = uncovered(frame_of(question), self.documents(), evidence) if evidence else None
        if gap is not None:  # a place, year or document no source covers: say so, cite nothing
            draft = scope_answer(gap)
            yield Event("text", text=draft)
        elif evidence and (self.llm is None or copied_from_sources(question)
                           or (computed := self.compare(question, evidence))):
            # Copied, or computed from the sources: no model writes or judges it. A figure question
            # gets the sources' bound figure for every backend: on the blind dev2 set the local
            # model's figures scored below it on every question type (README, Latest figures); a
            # list question gets the source's own enumeration (the model wrote plausible items).
            draft = computed if self.llm is not None and computed else self.extract(question, evidence)
            written_by = EXTRACTIVE
            if shown := Release(evidence, question).feed(draft):  # shown at once, checked at the end
                yield Event("text", text=shown)
        elif evidence:
            release = Release(evidence, question)
            for token in self._model_tokens({**state, "question": question}, started):
                if isinstance(token, _Failed):
                    failure = token.reason
                    break
                draft += token
                if shown := release.feed(token):
                    timings.setdefault("first_token_s", time.perf_counter() - started)
                    yield Event("text", text=shown)
        verdict = Verdict(CheckedAnswer(draft, [], [], refused=True), "") if gap is not None else \
            settle(draft, evidence, question, failure=failure, extract=self.extract, policy=self.policy)
        named = status_noted(conflicts_named(verdict.answer, self.targets_of, self.chunk_at),
                             self.status_of, self.today())
        if failure and not named.refused:  # the model failed: the reader is told why the answer is quotes
            named = replace(named, text=named.text + failure_note(failure))
        if named.text != verdict.answer.text:  # another value, a draft, a lapsed notice: said after the answer
            yield Event("text", text=named.text[len(verdict.answer.text):])
        verdict = Verdict(named, verdict.fallback_reason)
        timings.setdefault("first_token_s", time.perf_counter() - started)
        timings["total_s"] = time.perf_counter() - started
        yield Event("final", answer=self._answer(verdict, state["query"], evidence, timings, written_by))

    def _model_tokens(self, state: dict[str, Any], started: float) -> Iterator[str | _Failed]:
        """The answer model's tokens, ended by _Failed if it fails or runs out of time. Only the
        model call is guarded: the prompt is filled before it, the tokens are checked after."""
        messages = self.answer_prompt.invoke(state)
        if self.llm is None:
            raise RuntimeError("no answer model: figure and list questions are answered without one")
        tokens: Iterator[str] = (self.llm | StrOutputParser()).stream(messages)
        if self.backend == OPENAI:  # a server may stall between tokens: wait no longer than the timeout
            tokens = tokens_until(tokens, started + self.timeout_s)
        try:
            while True:
                try:
                    token = next(tokens)
                except StopIteration:
                    return
                except Exception as error:  # the LLM failed: the extractive answer steps in
                    logger.warning("answer model failed, extractive answer instead", exc_info=True)
                    yield _Failed(failure_reason(error, self.policy))
                    return
                yield token
                if time.perf_counter() - started > self.timeout_s:
                    timeout = TimeoutError(f"no full answer within {self.timeout_s:.0f} s")
                    yield _Failed(failure_reason(timeout, self.policy))
                    return
        finally:
            if isinstance(tokens, Generator):
                tokens.close()  # frees the model (llama.cpp holds a lock while it streams)

    def _answer(self, verdict: Verdict, query: str, evidence: list[Evidence],
                timings: dict[str, float], written_by: str) -> Answer:
        checked = verdict.answer
        backend = EXTRACTIVE if verdict.fallback_reason else written_by
        return Answer(checked.text, checked.refused, backend, checked.citations, query, evidence,
                      checked.removed_sentences, verdict.fallback_reason,
                      {k: round(v, 3) for k, v in timings.items()})

    def ask(self, question: str, history: Sequence[tuple[str, str]] = (),
            filters: Filters | None = None) -> Answer:
        final = None
        for event in self.stream(question, history, filters):
            if event.kind == "final":
                final = event.answer
        if final is None:
            raise RuntimeError("the answer stream ended without its final answer")
        return final
