"""Tests for vectorstore.keyword: real rjieba tokens, BM25 on hand-made tokens."""

from __future__ import annotations

import numpy as np
import pytest

from core.tokens import tokenize
from vectorstore.keyword import BM25Index

# --- tokenize ------------------------------------------------------------------------------------


def test_full_width_letters_are_folded_and_lower_cased() -> None:
    assert tokenize("ＧＤＰ") == ["gdp"]
    assert tokenize("R&D经费")[:2] == ["r", "d"]


def test_numbers_keep_their_percent_sign_and_decimal_point() -> None:
    tokens = tokenize("研发投入占比达到4.38%,增长５％。")

    assert "4.38%" in tokens
    assert "5%" in tokens  # full-width digits and ％ are NFKC-folded too


def test_punctuation_and_stopwords_are_dropped() -> None:
    tokens = tokenize("新昌县的科技创新和人才政策是什么？“十四五”、《规划》。")

    assert {"新昌县", "科技", "创新", "人才", "政策", "十四五", "规划"} <= set(tokens)
    assert not {"的", "和", "是", "什么"} & set(tokens)
    assert all(any(ch.isalnum() for ch in token) for token in tokens), tokens


def test_search_mode_adds_the_parts_of_long_words() -> None:
    assert {"长三角", "三角"} <= set(tokenize("长三角科创枢纽"))


def test_letter_digit_runs_are_searchable_whole_and_in_parts() -> None:
    tokens = tokenize("长三角G60科创走廊，正线长约8.1km，PM2.5")

    assert {"g60", "g", "60", "8.1", "km", "pm2.5", "2.5"} <= set(tokens)


def test_dates_and_dotted_runs_split_at_their_punctuation() -> None:
    tokens = tokenize("发布于2023-07-28……详见www.gov.cn")

    assert {"2023", "07", "28", "www", "gov", "cn", "www.gov.cn"} <= set(tokens)
    assert "2023-07-28" not in tokens and not any(set(t) <= set(".…") for t in tokens)


def test_a_query_and_the_passage_it_quotes_share_their_words() -> None:
    passage = set(tokenize("对新认定的国家级专精特新“小巨人”企业给予一次性奖励50万元"))

    assert set(tokenize("专精特新小巨人奖励多少？")) <= passage


@pytest.mark.parametrize("text", ["", "   ", "。，！？、“”", "的 了 和", "......", "___"])
def test_text_without_content_words_gives_no_tokens(text: str) -> None:
    assert tokenize(text) == []


# --- BM25Index -----------------------------------------------------------------------------------

DOCS = [
    ["新昌", "科技", "创新", "政策", "企业", "研发"],
    ["湖州", "长三角", "科创", "枢纽", "城市", "创新"],
    ["嵊州", "十大", "行动", "创新", "城市"],
]


def test_the_document_with_the_rare_query_terms_ranks_first() -> None:
    scores = BM25Index(DOCS).scores(["枢纽", "创新"])

    assert int(np.argmax(scores)) == 1
    assert scores[1] > scores[0] > 0 and scores[1] > scores[2] > 0


def test_a_rare_term_outweighs_a_common_one() -> None:
    index = BM25Index(DOCS)

    assert index.scores(["枢纽"])[1] > index.scores(["创新"])[1] > 0


def test_a_term_outside_the_vocabulary_scores_zero_everywhere() -> None:
    index = BM25Index(DOCS)

    assert index.scores(["上海"]).tolist() == [0.0, 0.0, 0.0]
    assert np.allclose(index.scores(["上海", "嵊州"]), index.scores(["嵊州"]))


def test_a_repeated_query_term_weighs_more() -> None:
    index = BM25Index(DOCS)
    once, twice = index.scores(["城市"]), index.scores(["城市", "城市"])

    assert np.allclose(twice, 2 * once)
    assert twice[1] > once[1] > 0


def test_scores_follow_the_okapi_formula() -> None:
    docs = [["创新", "创新", "企业"], ["人才"]]
    k1, b = 1.2, 0.75
    idf = np.log1p((2 - 1 + 0.5) / (1 + 0.5))
    norm = k1 * (1 - b + b * 3 / 2.0)  # document length 3, mean length 2

    score = BM25Index(docs, k1=k1, b=b).scores(["创新"])[0]

    assert score == pytest.approx(idf * 2 * (k1 + 1) / (2 + norm), rel=1e-5)


def test_more_occurrences_score_higher_at_equal_length() -> None:
    docs = [["创新", "创新", "企业"], ["创新", "人才", "企业"], ["城市", "人才", "企业"]]

    scores = BM25Index(docs).scores(["创新"])

    assert scores[0] > scores[1] > scores[2] == 0


def test_an_empty_query_scores_zero() -> None:
    assert BM25Index(DOCS).scores([]).tolist() == [0.0, 0.0, 0.0]


def test_an_empty_corpus_does_not_crash() -> None:
    index = BM25Index([])

    assert len(index) == 0
    assert index.scores(["创新"]).shape == (0,)
    assert index.scores([]).shape == (0,)


def test_a_corpus_of_empty_documents_scores_zero() -> None:
    index = BM25Index([[], []])

    assert len(index) == 2
    assert index.scores(["创新"]).tolist() == [0.0, 0.0]


def test_tokenized_chinese_text_round_trips_through_the_index() -> None:
    texts = ["新昌县实施科技创新政策,支持企业研发。", "湖州市建设长三角科创枢纽城市。",
             "嵊州市实施十大行动。"]
    index = BM25Index([tokenize(text) for text in texts])

    assert int(np.argmax(index.scores(tokenize("湖州的科创枢纽有哪些？")))) == 1
    assert int(np.argmax(index.scores(tokenize("嵊州 十大行动")))) == 2


def test_documents_can_be_streamed_once_with_the_same_scores() -> None:
    streamed = BM25Index(tokens for tokens in DOCS)

    assert len(streamed) == len(DOCS)
    assert streamed.scores(["枢纽", "创新"]).tolist() == BM25Index(DOCS).scores(["枢纽", "创新"]).tolist()
