"""assistant.answer_eval: answers on a dataset -> the report, and a log line per answer that is the
answer contract plus what was judged."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant.answer_eval import EvalLogError, citations_valid, evaluate_answers, unsupported_figures
from assistant.chain import Answer
from assistant.verification import Citation
from core.records import ChunkRecord, DocumentRecord, Evidence

CLEAN = "一、支持标准\n对检验检测服务按50%给予补助。"
QUOTE = "对检验检测服务按50%给予补助。"
START = CLEAN.index(QUOTE)


def _answer(text: str, *, refused: bool = False, quote: str = QUOTE) -> Answer:
    chunk = ChunkRecord(chunk_id="d1:00000", doc_id="d1", ord=0, start=0, end=len(CLEAN),
                        section=("一、支持标准",), text=CLEAN)
    document = DocumentRecord(doc_id="d1", path="/a.txt", source="a.txt", title="办法", clean_text=CLEAN)
    citation = Citation(n=1, source="a.txt", title="办法", section="一、支持标准", quote=quote,
                        start=START, end=START + len(QUOTE), chunk_id="d1:00000")
    return Answer(answer=text, refused=refused, backend="extractive",
                  citations=[] if refused else [citation], query="q",
                  evidence=[Evidence(chunk, document, 1.0)], fallback_reason="",
                  timings={"retrieve_s": 0.01, "first_token_s": 0.02, "total_s": 0.5})


@dataclass
class ScriptedAssistant:
    """Answers each question with the Answer scripted for it."""

    answers: dict[str, Answer]
    backend: str = "extractive"

    def ask(self, question: str, history: Any) -> Answer:
        return self.answers[question]


def _clean_text(doc_id: str) -> str | None:
    return CLEAN if doc_id == "d1" else None


def test_quotes_must_be_the_documents_text_at_their_offsets() -> None:
    assert citations_valid(_answer("按50%补助[1]。"), _clean_text)
    assert not citations_valid(_answer("按50%补助[1]。", quote="按60%给予补助。"), _clean_text)


def test_a_figure_neither_cited_nor_asked_is_unsupported() -> None:
    assert unsupported_figures(_answer("按50%补助[1],最高30万元。"), "补助比例?") == {"30"}
    assert unsupported_figures(_answer("按50%补助[1],最高30万元。"), "30万元以内按多少补助?") == set()


def test_the_report_and_the_log(tmp_path: Path) -> None:
    items = [{"id": "a", "question": "补助比例?", "must_include": ["50%"], "sources": ["50%"]},
             {"id": "b", "question": "火星补贴?", "must_include": [], "sources": []}]
    assistant = ScriptedAssistant({"补助比例?": _answer("按50%补助[1]。"),
                                   "火星补贴?": _answer("没有找到。", refused=True)})
    log = tmp_path / "log.jsonl"

    report = evaluate_answers(assistant, items,  # type: ignore[arg-type]
                              clean_text=_clean_text, log_path=log)

    assert "items: 2 (1 answerable, 1 unanswerable)" in report
    assert "must_include hit rate (answerable): 1.000" in report
    assert "refusal accuracy (unanswerable):    1.000" in report
    assert "citation validity:                  1.000" in report
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert list(lines[0])[:7] == ["id", "answer", "refused", "backend", "citations", "query", "timings"]
    assert lines[0]["id"] == "a" and lines[0]["hit"] and lines[0]["citations"][0]["quote"] == QUOTE
    judged = {"question", "must_include", "fallback", "removed", "citations_valid", "unsupported"}
    assert judged <= set(lines[0])
    assert lines[1]["refused"] and lines[1]["citations"] == []


def test_a_log_that_cannot_be_written_is_an_error_that_names_it(tmp_path: Path) -> None:
    assistant = ScriptedAssistant({})

    with pytest.raises(EvalLogError, match="no-such-dir"):
        evaluate_answers(assistant, [], clean_text=_clean_text,  # type: ignore[arg-type]
                         log_path=tmp_path / "no-such-dir" / "log.jsonl")


def test_confidently_wrong_counts_wrong_figures_and_answered_unanswerables() -> None:
    from assistant.answer_eval import confidently_wrong
    from assistant.chain import Answer

    def answer(text: str, refused: bool = False) -> Answer:
        return Answer(answer=text, refused=refused, backend="extractive", citations=[], query="", evidence=[])

    gold = {"question": "2014年的目标是多少？", "must_include": ["7.5%"], "sources": [{"doc": "d", "quote": "q"}]}
    assert confidently_wrong(answer("2014年的目标是7%。"), gold, hit=False)
    assert not confidently_wrong(answer("2014年的目标是7.5%。"), gold, hit=True)
    assert not confidently_wrong(answer("现有文件中没有找到。", refused=True), gold, hit=False)
    assert not confidently_wrong(answer("没有具体数字，只说稳步增长。"), gold, hit=False)
    named = {"question": "某计划要引进多少人才？", "must_include": ["某计划", "100名"], "sources": [{"doc": "d"}]}
    assert not confidently_wrong(answer("要引进100名人才。"), named, hit=False)  # incomplete, not wrong
    assert confidently_wrong(answer("要引进120名人才。"), named, hit=False)
    unanswerable = {"question": "2016年的目标是多少？", "must_include": [], "sources": []}
    assert confidently_wrong(answer("目标是7%。"), unanswerable, hit=True)
    assert not confidently_wrong(answer("现有文件中没有找到关于2016年的内容。", refused=True), unanswerable, hit=True)
