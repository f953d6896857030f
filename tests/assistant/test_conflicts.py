"""Conflicts named: another value the same document gives for a stated target is shown and cited."""

from __future__ import annotations

from assistant.conflicts import conflicts_named
from assistant.verification import CheckedAnswer, Citation
from core.knowledge import Target

CLEAN = "每万人高价值发明专利达到30件。\n……\n每万人高价值发明专利拥有量力争倍增。"
PROSE_END = CLEAN.index("。") + 1
TABLE_START = CLEAN.index("每万人高价值发明专利拥有量")


def _target(indicator: str, value: str, start: int, end: int, *, year: int = 2025, conflict: bool = True) -> Target:
    return Target(indicator=indicator, value=value, number=None, unit="件", comparator="exact", kind="level",
                  target_year=year, baseline_value=None, baseline_year=None, region="某市", source="plan.txt",
                  title="某市科技创新规划", section="发展目标", doc_status="in_force", quote=CLEAN[start:end],
                  start=start, end=end, conflict=conflict)


STORED = [_target("每万人高价值发明专利", "30件", 0, PROSE_END),
          _target("每万人高价值发明专利拥有量", "力争倍增", TABLE_START, len(CLEAN))]
CITED = Citation(1, "plan.txt", "某市科技创新规划", "发展目标", CLEAN[:PROSE_END], 0, PROSE_END, "doc:00000")


def _chunk_at(doc_id: str, offset: int) -> str | None:
    return f"{doc_id}:{0 if offset < PROSE_END else 1:05d}"


def test_the_documents_other_value_is_named_and_cited_with_its_exact_span() -> None:
    answer = CheckedAnswer("每万人高价值发明专利达到30件[1]。", [CITED], [], refused=False)
    named = conflicts_named(answer, lambda doc_id: STORED if doc_id == "doc" else [], _chunk_at)
    note = "注意：同一文件另一处对“每万人高价值发明专利拥有量”写作“力争倍增”[2]，与“30件”不一致。"
    assert named.text == answer.text + note
    other = named.citations[1]
    assert (other.n, other.chunk_id, other.quote) == (2, "doc:00001", CLEAN[TABLE_START:])
    assert CLEAN[other.start:other.end] == other.quote


def test_nothing_is_added_without_a_conflict_or_when_both_values_are_already_shown() -> None:
    answer = CheckedAnswer("每万人高价值发明专利达到30件[1]。", [CITED], [], refused=False)
    calm = [_target("每万人高价值发明专利", "30件", 0, PROSE_END, conflict=False)]
    assert conflicts_named(answer, lambda doc_id: calm, _chunk_at) is answer
    other_year = [STORED[0], _target("每万人高价值发明专利拥有量", "力争倍增", TABLE_START, len(CLEAN), year=2030)]
    assert conflicts_named(answer, lambda doc_id: other_year, _chunk_at) is answer
    both = CheckedAnswer("达到30件，力争倍增[1]。", [CITED], [], refused=False)
    assert conflicts_named(both, lambda doc_id: STORED, _chunk_at) is both
    refused = CheckedAnswer("现有文件中没有找到。", [CITED], [], refused=True)
    assert conflicts_named(refused, lambda doc_id: STORED, _chunk_at) is refused
