"""What the model reads of each passage, and how passages are packed into the budget."""

from __future__ import annotations

from assistant.evidence import focus_passage, pack_evidence
from core.records import ChunkRecord, DocumentRecord
from core.records import Evidence

LONG = ("围绕科技型企业培育目标，深入推进规上企业全覆盖，建立健全科技型企业梯队培育后备库，"
        "构建遴选、入库、培育、认定工作机制，落实制造业企业培育行动专项激励政策，"
        "全年新增国家高新技术企业25家以上、省级科技型中小企业80家以上，引进高端海外工程师30名以上。"
        "二是实施传统产业转型提升计划。")


def _passage(text: str, score: float) -> Evidence:
    document = DocumentRecord("d", "/p/d.txt", "d.txt", "新昌县2022年工作思路", text, "新昌县")
    return Evidence(ChunkRecord("d:00000", "d", 0, 0, len(text), ("工作重点",), text), document, score)


def test_a_long_sentence_is_cut_to_the_clauses_that_answer() -> None:
    shown = focus_passage(LONG, "2022年新增多少家国家高新技术企业和省级科技型中小企业?", max_chars=80)

    assert "全年新增国家高新技术企业25家以上、省级科技型中小企业80家以上，" in shown
    assert "工程师" not in shown and "传统产业" not in shown and len(shown) <= 90


def test_a_short_passage_is_shown_whole() -> None:
    assert focus_passage("对新引进的博士给予生活补贴。", "博士补贴", max_chars=80) == "对新引进的博士给予生活补贴。"


def test_packing_stops_at_the_budget_but_always_keeps_the_best_passage() -> None:
    ranked = [_passage(LONG, 1.0), _passage("对新引进的博士给予生活补贴。", 0.9)]

    assert len(pack_evidence(ranked, budget_tokens=10, count_tokens=len, query="补贴")) == 1
    assert len(pack_evidence(ranked, budget_tokens=10_000, count_tokens=len, query="补贴")) == 2
