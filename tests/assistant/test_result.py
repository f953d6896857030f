"""assistant.result: an Answer -> AnswerOut, the one answer JSON; its keys, order and values are the
`ask --json` contract."""

from __future__ import annotations

import json

from assistant.chain import Answer
from assistant.result import AnswerOut, answer_json, answer_out
from assistant.verification import Citation

CONTRACT = (
    '{"id": "q1", "answer": "按50%补助[1]。", "refused": false, "backend": "local", '
    '"citations": [{"n": 1, "source": "a.txt", "title": "办法", "section": "一、支持标准", '
    '"quote": "按50%给予补助。", "start": 12, "end": 21, "doc_status": "in_force"}], "query": "补助比例", '
    '"timings": {"retrieve_s": 0.012, "first_token_s": null, "total_s": 1.5}}')


def _answer() -> Answer:
    citation = Citation(n=1, source="a.txt", title="办法", section="一、支持标准", quote="按50%给予补助。",
                        start=12, end=21, chunk_id="d:00003", doc_status="in_force")
    return Answer(answer="按50%补助[1]。", refused=False, backend="local", citations=[citation],
                  query="补助比例", evidence=[], removed_sentences=["删去的句子。"], fallback_reason="",
                  timings={"retrieve_s": 0.012, "total_s": 1.5, "prompt_s": 0.3})


def test_the_json_is_the_cli_contract_byte_for_byte() -> None:
    assert answer_json(answer_out(_answer(), "q1")) == CONTRACT


def test_indented_json_is_the_same_object() -> None:
    text = answer_json(answer_out(_answer(), "q1"), indent=1)

    assert "\n" in text and json.loads(text) == json.loads(CONTRACT)


def test_what_the_contract_leaves_out_stays_out() -> None:
    out = answer_out(_answer())

    assert out.id is None and list(out.model_dump()) == list(json.loads(CONTRACT))
    assert "chunk_id" not in out.citations[0].model_dump() and "prompt_s" not in out.timings.model_dump()


def test_the_json_reads_back_into_the_model() -> None:
    assert AnswerOut.model_validate_json(CONTRACT) == answer_out(_answer(), "q1")
