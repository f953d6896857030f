"""What the model reads of each passage, and how passages are packed into the budget."""

from __future__ import annotations

from assistant.answer_policy import AnswerPolicy
from assistant.evidence import focus_passage, format_context, pack_evidence
from core.records import ChunkRecord, DocumentRecord, Evidence

LONG = ("围绕科技型企业培育目标，深入推进规上企业全覆盖，建立健全科技型企业梯队培育后备库，"
        "构建遴选、入库、培育、认定工作机制，落实制造业企业培育行动专项激励政策，"
        "全年新增国家高新技术企业25家以上、省级科技型中小企业80家以上，引进高端海外工程师30名以上。"
        "二是实施传统产业转型提升计划。")
POLICY = AnswerPolicy()
NARROW = AnswerPolicy(focus_chars=80)


def _passage(text: str, score: float) -> Evidence:
    document = DocumentRecord("d", "/p/d.txt", "d.txt", "某县2022年工作思路", text, "某县")
    return Evidence(ChunkRecord("d:00000", "d", 0, 0, len(text), ("工作重点",), text), document, score)


def _pack(ranked: list[Evidence], budget: int | None, max_passages: int = 5) -> list[Evidence]:
    return pack_evidence(ranked, budget_tokens=budget, count_tokens=len, query="补贴",
                         max_passages=max_passages, policy=POLICY)


def test_a_long_sentence_is_cut_to_the_clauses_that_answer() -> None:
    shown = focus_passage(LONG, "2022年新增多少家国家高新技术企业和省级科技型中小企业?", NARROW)

    assert "全年新增国家高新技术企业25家以上、省级科技型中小企业80家以上，" in shown
    assert "工程师" not in shown and "传统产业" not in shown and len(shown) <= 90


def test_a_short_passage_is_shown_whole() -> None:
    assert focus_passage("对新引进的博士给予生活补贴。", "博士补贴", NARROW) == "对新引进的博士给予生活补贴。"


def test_long_sentences_are_read_whole_when_the_policy_says_so() -> None:
    whole_sentences = AnswerPolicy(focus_chars=80, long_sentence_share=10.0)

    shown = focus_passage(LONG, "2022年新增多少家国家高新技术企业?", whole_sentences)

    assert "工程师" in shown  # the long sentence is not cut into clauses


def test_packing_stops_at_the_budget_but_always_keeps_the_best_passage() -> None:
    ranked = [_passage(LONG, 1.0), _passage("对新引进的博士给予生活补贴。", 0.9)]

    assert len(_pack(ranked, 10)) == 1
    assert len(_pack(ranked, 10_000)) == 2


def test_without_a_budget_every_passage_near_the_best_is_kept_up_to_max_passages() -> None:
    ranked = [_passage(LONG, 1.0)] * 7 + [_passage("对新引进的博士给予生活补贴。", 0.3)]

    assert len(_pack(ranked, None, max_passages=5)) == 5
    assert len(_pack(ranked, None, max_passages=10)) == 7  # 0.3 < 0.35 of the best: noise


def test_the_context_numbers_passages_and_shows_their_best_sentences() -> None:
    context = format_context([_passage(LONG, 1.0), _passage("对新引进的博士给予生活补贴。", 0.9)],
                             "新增多少家国家高新技术企业?", NARROW)

    assert context.startswith("[1] 《某县2022年工作思路》 工作重点\n")
    assert "\n\n[2] 《某县2022年工作思路》 工作重点\n对新引进的博士给予生活补贴。" in context
    assert "传统产业" not in context
