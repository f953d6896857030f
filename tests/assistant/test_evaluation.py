"""Tests for assistant.evaluation: matching, exact retrieval scores, the JSONL dataset reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evaluation import (
    DatasetError,
    RetrievalScores,
    gold_quotes,
    normalise_for_match,
    read_dataset,
    score_retrieval,
)

# --- normalise_for_match -------------------------------------------------------------------------


def test_full_and_half_width_punctuation_and_spaces_match() -> None:
    full = "研发投入占比，达到　４．３８％；R＆D人员：１４０人。"
    half = "研发投入占比, 达到 4.38%;R&D人员:140人."

    expected = "研发投入占比,达到4.38%;r&d人员:140人."

    assert normalise_for_match(full) == normalise_for_match(half) == expected


def test_curly_quotes_and_enumeration_comma_fold() -> None:
    assert normalise_for_match("“十四五”、‘双倍增’") == "\"十四五\",'双倍增'"


def test_every_kind_of_whitespace_is_removed_and_case_folded() -> None:
    assert normalise_for_match(" GDP\u3000增长\xa0\t5%\n") == "gdp增长5%"


def test_different_wording_still_differs() -> None:
    assert normalise_for_match("研发投入占比达到3%") != normalise_for_match("研发投入占比达到4%")


# --- score_retrieval -----------------------------------------------------------------------------

OTHER = [
    "加快建设科创走廊。", "强化组织领导。", "完善政策体系。", "优化创新生态。", "深化开放合作。"]


def test_recall_and_mrr_on_a_hit_at_one_a_hit_at_three_and_a_miss() -> None:
    runs = [
        (["研发投入占比达到4.38%"], ["全县研发投入占比达到4.38%,位居全省首位。", *OTHER]),
        (["新增省级科技型中小企业96家"],
         [OTHER[0], OTHER[1], "新增省级科技型中小企业96家。", *OTHER[2:]]),
        (["国家科技进步二等奖"], OTHER),
    ]

    scores = score_retrieval(runs)

    assert scores.items == 3
    assert scores.recall_at_1 == pytest.approx(1 / 3)
    assert scores.recall_at_5 == pytest.approx(2 / 3)
    assert scores.mrr == pytest.approx((1 + 1 / 3) / 3)
    assert scores.all_sources_at_5 == pytest.approx(2 / 3)


def test_a_hit_below_rank_five_counts_for_mrr_only() -> None:
    scores = score_retrieval([(["人才新政"], [*OTHER, "落实人才新政4.0版。"])])

    assert (scores.recall_at_1, scores.recall_at_5) == (0.0, 0.0)
    assert scores.mrr == pytest.approx(1 / 6)


def test_quotes_match_across_punctuation_width_and_spacing() -> None:
    quote, chunk = "研发投入占比，达到 ４．３８％", "全县研发投入占比,达到4.38%。"

    scores = score_retrieval([([quote], [chunk])])

    assert scores.recall_at_1 == 1.0


def test_the_first_chunk_matching_any_quote_sets_the_rank() -> None:
    scores = score_retrieval([(["强化组织领导", "完善政策体系"], OTHER)])

    assert scores.mrr == pytest.approx(1 / 2)  # OTHER[1] matches the first quote


def test_all_sources_at_five_needs_every_quote_in_the_top_five() -> None:
    quotes = ["强化组织领导", "落实人才新政"]
    in_top_five = ["落实人才新政4.0版。", *OTHER[:4]]
    sixth = [*OTHER, "落实人才新政4.0版。"]

    both = score_retrieval([(quotes, in_top_five)])
    one = score_retrieval([(quotes, sixth)])

    assert both.all_sources_at_5 == 1.0
    assert one.all_sources_at_5 == 0.0
    assert one.recall_at_5 == 1.0  # one quote in the top five is still a hit


def test_no_items_give_zero_scores() -> None:
    assert score_retrieval([]) == RetrievalScores(0, 0.0, 0.0, 0.0, 0.0)


def test_table_line_shows_every_score() -> None:
    line = RetrievalScores(3, 1 / 3, 2 / 3, 4 / 9, 2 / 3).table("hybrid")

    assert line.startswith("hybrid ")
    for part in ("n=3", "recall@1=0.333", "recall@5=0.667", "MRR=0.444", "all-sources@5=0.667"):
        assert part in line


# --- read_dataset and gold_quotes ----------------------------------------------------------------


def test_read_dataset_reads_one_item_per_line_and_skips_blank_lines(tmp_path: Path) -> None:
    items = [{"question": "研发投入占比是多少?", "sources": [{"quote": "4.38%"}]},
             {"question": "新增多少家科技型中小企业?", "sources": ["96家"]}]
    path = tmp_path / "questions.jsonl"
    path.write_text(json.dumps(items[0], ensure_ascii=False) + "\n\n"
                    + json.dumps(items[1], ensure_ascii=False) + "\n", encoding="utf-8")

    assert read_dataset(path) == items


def test_read_dataset_names_the_file_and_line_of_a_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_text('{"question": "a"}\n\n{"question": "b",\n', encoding="utf-8")

    with pytest.raises(DatasetError, match=r"questions\.jsonl:3: not a JSON line") as caught:
        read_dataset(path)

    assert isinstance(caught.value.__cause__, json.JSONDecodeError)


def test_read_dataset_says_which_file_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"cannot read .*missing\.jsonl \(No such file"):
        read_dataset(tmp_path / "missing.jsonl")


def test_gold_quotes_accepts_dicts_and_plain_strings() -> None:
    item = {"question": "q", "sources": [{"quote": "研发投入占比4.38%", "doc": "002"}, "96家"]}

    assert gold_quotes(item) == ["研发投入占比4.38%", "96家"]


def test_gold_quotes_of_an_item_without_sources_is_empty() -> None:
    assert gold_quotes({"question": "q"}) == []


def test_select_items_keeps_those_matching_every_condition() -> None:
    from assistant.evaluation import DatasetError, select_items

    items = [{"id": 1, "corpus": "seeds", "type": "list"}, {"id": 2, "corpus": "reports", "type": "list"},
             {"id": 3, "corpus": "seeds", "type": "target"}]
    assert [i["id"] for i in select_items(items, ["corpus=seeds"])] == [1, 3]
    assert [i["id"] for i in select_items(items, ["corpus=seeds", "type=list"])] == [1]
    assert select_items(items, []) == items
    with pytest.raises(DatasetError, match="KEY=VALUE"):
        select_items(items, ["corpus"])
