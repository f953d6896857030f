"""Question + history -> standalone query -> evidence -> streamed, checked answer with citations."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import (
    Runnable,
    RunnableBranch,
    RunnableLambda,
    RunnablePassthrough,
)

from assistant.citations import (
    CheckedAnswer,
    Citation,
    check_answer,
    drop_needless_refusal,
    numbers_in,
)
from assistant.evidence import format_context, pack_evidence
from assistant.extractive import extractive_answer, is_thin, source_sentences
from assistant.history import keyword_follow_up_query
from assistant.question_types import answers_question
from prompts import load_prompt
from core.records import Filters
from vectorstore.retrieve import HybridSearcher
from core.records import Evidence

# Text is released at clause ends, once the clause's figures are found in the sources.
_CLAUSE_END = re.compile(r"[。！？；!?;\n，,、：:](?:\s*\[\d{1,2}\])*")
_CLAUSE = re.compile(r"[^。！？；!?;\n，,、：:]*[。！？；!?;\n，,、：:](?:\s*\[\d{1,2}\])*")


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


def _format_history(history: Sequence[tuple[str, str]]) -> str:
    names = {"user": "用户", "assistant": "助手"}
    return "\n".join(f"{names[role]}:{text[:300]}" for role, text in history[-6:])


def build_condense_chain(llm: BaseChatModel) -> Runnable[dict[str, Any], str]:
    prompt = ChatPromptTemplate.from_messages([("system", load_prompt("condense_system")),
                                               ("human", load_prompt("condense_user"))])
    return prompt | llm | StrOutputParser()


def build_answer_chain(llm: BaseChatModel) -> Runnable[dict[str, Any], str]:
    prompt = ChatPromptTemplate.from_messages([("system", load_prompt("answer_system")),
                                               ("human", load_prompt("answer_user"))])
    return prompt | llm | StrOutputParser()


def _usable_rewrite(rewrite: str, question: str, history: Sequence[tuple[str, str]]) -> str:
    """The model's standalone question, or the keyword fallback when it rambled or answered."""
    line = rewrite.strip().splitlines()[0].strip() if rewrite.strip() else ""
    line = re.sub(r"^(改写后的问题|问题)[:：]\s*", "", line).strip("“”\"' ")
    if not line or len(line) > 3 * len(question) + 80 or len(line) < len(question) // 2:
        return keyword_follow_up_query(question, history)
    return line


def _focus_query(q: dict[str, Any]) -> str:
    """Words that pick a passage's relevant sentences: the question as asked and as condensed."""
    return q["question"] if q["query"] == q["question"] else f"{q['question']} {q['query']}"


class PolicyAssistant:
    """One object per process: the searcher and the model are loaded once and shared."""

    def __init__(self, searcher: HybridSearcher, llm: BaseChatModel | None, *, backend: str,
                 count_tokens: Callable[[str], int], top_k: int = 6, context_tokens: int = 1400,
                 timeout_s: float = 120.0) -> None:
        self.searcher = searcher
        self.llm = llm
        self.backend = backend if llm is not None else "extractive"
        self.count_tokens = count_tokens
        self.top_k = top_k
        self.context_tokens = context_tokens
        self.timeout_s = timeout_s
        self.chain = self._build()

    def _build(self) -> Runnable[Question, dict[str, Any]]:
        if self.llm is not None:
            condense = build_condense_chain(self.llm)
            rewrite: Runnable[Any, str] = (
                RunnablePassthrough.assign(history=lambda q: _format_history(q["history"]))
                | RunnablePassthrough.assign(rewrite=condense)
                | RunnableLambda(lambda q: _usable_rewrite(q["rewrite"], q["question"], q["original"])))
        else:
            rewrite = RunnableLambda(lambda q: keyword_follow_up_query(q["question"], q["original"]))
        standalone = RunnableBranch(
            (lambda q: bool(q["history"]), RunnableLambda(lambda q: {**q, "original": q["history"]}) | rewrite),
            RunnableLambda(lambda q: q["question"]))
        # The budget bounds what a model has to read; sentence picking reads everything retrieved.
        budget = self.context_tokens if self.llm is not None else 1_000_000
        retrieve = RunnableLambda(lambda q: pack_evidence(
            self.searcher.search(q["query"], self.top_k, q.get("filters")),
            budget_tokens=budget, count_tokens=self.count_tokens,
            query=_focus_query(q)))
        if self.llm is not None:
            answer: Runnable[Any, str] = build_answer_chain(self.llm)
        else:
            answer = RunnableLambda(lambda q: extractive_answer(q["question"], q["evidence"]))
        return (RunnablePassthrough.assign(query=standalone)
                .assign(evidence=retrieve)
                .assign(context=lambda q: format_context(q["evidence"], _focus_query(q)))
                .assign(answer=RunnableBranch((lambda q: not q["evidence"], RunnableLambda(lambda q: "")),
                                              answer)))

    def stream(self, question: str, history: Sequence[tuple[str, str]] = (),
               filters: Filters | None = None) -> Iterator[Event]:
        """Evidence as soon as retrieval is done; then answer sentences whose figures check out."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        state: dict[str, Any] = {}
        draft, pending = "", ""
        fallback = ""
        inputs: Question = {"question": question, "history": list(history), "filters": filters}
        try:
            for chunk in self.chain.stream(inputs):
                if "evidence" in chunk:
                    state.update(chunk)
                    timings["retrieve_s"] = time.perf_counter() - started
                    yield Event("evidence", evidence=chunk["evidence"], query=state.get("query", ""))
                elif "query" in chunk:
                    state["query"] = chunk["query"]
                elif "answer" in chunk:
                    draft += chunk["answer"]
                    pending += chunk["answer"]
                    released, pending = self._release(pending, state.get("evidence", []), question)
                    if released:
                        timings.setdefault("first_token_s", time.perf_counter() - started)
                        yield Event("text", text=released)
                    if time.perf_counter() - started > self.timeout_s:
                        raise TimeoutError(f"no full answer within {self.timeout_s:.0f} s")
        except Exception as error:  # the LLM failed or timed out: the extractive answer steps in
            if "evidence" not in state or self.llm is None:
                raise
            fallback = f"{type(error).__name__}: {error}"[:200]
            draft = extractive_answer(question, state["evidence"])
        evidence: list[Evidence] = state.get("evidence", [])
        if not evidence:
            draft = "现有文件中没有找到与这个问题相关的内容。"
        checked: CheckedAnswer = drop_needless_refusal(check_answer(draft, evidence, question),
                                                       question, answers_question)
        if not checked.text or (checked.removed_sentences and not checked.citations):
            # everything the model said was unsupported: answer from the sources instead
            checked = check_answer(extractive_answer(question, evidence), evidence, question)
            fallback = fallback or "nothing in the model's answer was supported by the sources"
        elif not fallback and not checked.refused and is_thin(checked, question):
            quotes = source_sentences(question, evidence, checked)
            if quotes:
                checked = drop_needless_refusal(check_answer(f"{draft}\n{quotes}", evidence, question),
                                                question, answers_question)
        timings.setdefault("first_token_s", time.perf_counter() - started)
        timings["total_s"] = time.perf_counter() - started
        result = Answer(checked.text, checked.refused, "extractive" if fallback else self.backend,
                        checked.citations, state.get("query", question), evidence,
                        checked.removed_sentences, fallback, {k: round(v, 3) for k, v in timings.items()})
        yield Event("final", answer=result)

    def _release(self, pending: str, evidence: Sequence[Evidence], question: str) -> tuple[str, str]:
        """Split off the complete sentences; hold back any whose figures the sources lack."""
        last_end = 0
        for match in _CLAUSE_END.finditer(pending):
            last_end = match.end()
        if not last_end:
            return "", pending
        ready, rest = pending[:last_end], pending[last_end:]
        known = numbers_in(question).union(*(numbers_in(e.chunk.context + e.chunk.text) for e in evidence))
        released = "".join(s for s in _CLAUSE.findall(ready) if numbers_in(s) <= known)
        return released, rest

    def ask(self, question: str, history: Sequence[tuple[str, str]] = (),
            filters: Filters | None = None) -> Answer:
        final = None
        for event in self.stream(question, history, filters):
            if event.kind == "final":
                final = event.answer
        assert final is not None
        return final
