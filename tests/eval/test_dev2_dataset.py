"""Checks on the hand-written evaluation set eval/dev2.jsonl (data only: no model, no product code).

Every gold answer must be backed by an exact quote of a corpus file, every must_include string must be in the
gold answer and (after light normalisation) in a quote, and the type/corpus shares must hold.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATASET = REPO / "eval" / "dev2.jsonl"
SEEDS_DIR = REPO / "corpus" / "seeds"
REPORTS_DIR = REPO.parent / "shared" / "corpus" / "work-reports"
OLD_DEV = REPO.parent / "shared" / "eval" / "dev.jsonl"

FIELDS = ["id", "question", "type", "corpus", "answer", "must_include", "sources", "history"]
TYPES = {"target", "subsidy", "talent", "applicability", "deadline", "comparison", "list", "multi_turn", "unanswerable"}
CORPUS_DIR = {"seeds": SEEDS_DIR, "reports": REPORTS_DIR}
ID_PREFIX = {"seeds": "s2-", "reports": "r2-"}
_FULLWIDTH = str.maketrans({"％": "%", "，": ",", "：": ":", "（": "(", "）": ")", "\xa0": " "})


def normalise(text: str) -> str:
    """Full-width ％，：（） to ASCII, \\xa0 to space, then all whitespace removed."""
    return re.sub(r"\s+", "", text.translate(_FULLWIDTH))


def _read_lines() -> list[str]:
    return [line for line in DATASET.read_text(encoding="utf-8").splitlines() if line.strip()]


def _load() -> list[dict]:
    return [json.loads(line) for line in _read_lines()]


ITEMS = _load() if DATASET.exists() else []
_corpus_text: dict[tuple[str, str], str] = {}


def corpus_text(corpus: str, doc: str) -> str:
    key = (corpus, doc)
    if key not in _corpus_text:
        _corpus_text[key] = (CORPUS_DIR[corpus] / doc).read_text(encoding="utf-8")
    return _corpus_text[key]


def test_dataset_exists_and_every_line_parses():
    assert DATASET.exists(), DATASET
    lines = _read_lines()
    assert len(lines) >= 124
    for number, line in enumerate(lines, 1):
        record = json.loads(line)  # raises on a bad line
        assert isinstance(record, dict), f"line {number} is not an object"


def test_corpus_directories_exist():
    assert SEEDS_DIR.is_dir(), SEEDS_DIR
    assert REPORTS_DIR.is_dir(), REPORTS_DIR


def test_ids_unique_and_questions_unique():
    ids = [item["id"] for item in ITEMS]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    keys = [(item["question"], json.dumps(item["history"], ensure_ascii=False)) for item in ITEMS]
    assert len(keys) == len(set(keys)), "the same question with the same history appears twice"


def test_no_question_copied_from_the_first_dev_set():
    assert OLD_DEV.is_file(), f"{OLD_DEV} is missing: the shared folder lies beside the checkout"
    lines = OLD_DEV.read_text(encoding="utf-8").splitlines()
    old = {normalise(json.loads(line)["question"]) for line in lines if line.strip()}
    copied = [item["id"] for item in ITEMS if normalise(item["question"]) in old]
    assert not copied, copied


def test_type_and_corpus_shares():
    total = len(ITEMS)
    types = Counter(item["type"] for item in ITEMS)
    corpora = Counter(item["corpus"] for item in ITEMS)
    assert types["multi_turn"] / total >= 0.20, types
    assert types["unanswerable"] / total >= 0.20, types
    for kind in TYPES - {"multi_turn", "unanswerable"}:
        assert types[kind] >= 5, (kind, types[kind])
    assert corpora["seeds"] >= 50 and corpora["reports"] >= 50, corpora
    # every type is represented in both corpora
    per_corpus = Counter((item["corpus"], item["type"]) for item in ITEMS)
    for corpus in CORPUS_DIR:
        for kind in TYPES:
            assert per_corpus[(corpus, kind)] >= 2, (corpus, kind, per_corpus[(corpus, kind)])
    # a few unanswerable items are follow-ups, most are single-turn
    follow_ups = sum(1 for item in ITEMS if item["type"] == "unanswerable" and item["history"])
    assert 1 <= follow_ups <= types["unanswerable"] // 3, follow_ups


@pytest.mark.parametrize("item", ITEMS, ids=[item.get("id", "?") for item in ITEMS])
def test_item(item):
    assert list(item) == FIELDS, f"fields {list(item)}"
    assert item["type"] in TYPES, item["type"]
    assert item["corpus"] in CORPUS_DIR, item["corpus"]
    assert re.fullmatch(ID_PREFIX[item["corpus"]] + r"\d{3}", item["id"]), item["id"]
    for field in ("question", "answer"):
        assert isinstance(item[field], str) and item[field].strip(), field
    assert isinstance(item["must_include"], list)
    assert all(isinstance(m, str) and m.strip() for m in item["must_include"])
    assert isinstance(item["sources"], list) and isinstance(item["history"], list)

    # history: alternating user/assistant turns with content, starting with the user and ending with the assistant
    history = item["history"]
    for position, turn in enumerate(history):
        assert set(turn) == {"role", "content"}, turn
        assert turn["role"] == ("user" if position % 2 == 0 else "assistant"), (position, turn["role"])
        assert isinstance(turn["content"], str) and turn["content"].strip(), position
    assert len(history) % 2 == 0, "history must end with the assistant's answer"
    if item["type"] == "multi_turn":
        assert len(history) >= 2, "a multi_turn item needs the earlier turn(s)"

    if item["type"] == "unanswerable":
        assert item["sources"] == [] and item["must_include"] == [], "unanswerable: no sources or must_include"
        return

    assert 1 <= len(item["must_include"]) <= 3, item["must_include"]
    assert len(item["sources"]) >= 1
    quotes = []
    for source in item["sources"]:
        assert set(source) == {"doc", "quote"}, source
        assert source["quote"].strip(), "empty quote"
        path = CORPUS_DIR[item["corpus"]] / source["doc"]
        assert path.is_file(), f"{source['doc']} is not in the {item['corpus']} corpus"
        text = corpus_text(item["corpus"], source["doc"])
        assert source["quote"] in text, f"quote not in {source['doc']}: {source['quote']}"
        quotes.append(normalise(source["quote"]))
    for must in item["must_include"]:
        assert must in item["answer"], f"{must!r} is not in the gold answer"
        assert any(normalise(must) in quote for quote in quotes), f"{must!r} is not in any quote"


def test_normalise_is_what_the_checks_rely_on():
    assert normalise("8 ％，以内\xa0（含）：") == "8%,以内(含):"
    assert normalise("1 0 ％") == "10%"
