"""web.examples: the chat's example questions from POLICYQA_EXAMPLES, the file beside the corpus,
or the indexed titles; product code names no place or programme of the sample corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.records import DocumentRecord
from ingest.load import find_policy_files
from settings import PROJECT_DIR, Settings
from web.examples import (
    ExampleGroup,
    ExamplesFileError,
    example_questions,
    examples_beside,
    read_examples,
)

DOCUMENTS = [
    DocumentRecord(doc_id=str(n), path=f"/{n}", source=f"{n}.txt", title=title, clean_text="", date=date)
    for n, (title, date) in enumerate([("甲办法", "2021-01-05"), ("乙规划", "2023-06-01"), ("", "2024-01-01"),
                                       ("丙意见", "2022-03-15"), ("丁通知", "2020-12-31")])]


def test_a_configured_file_gives_its_groups_in_order(tmp_path: Path) -> None:
    path = tmp_path / "questions.txt"
    path.write_text("# for the portal\n第一问?\n\n[企业]\n第二问?\n第三问?\n[空组]\n", encoding="utf-8")

    groups = example_questions(str(path), tmp_path / "corpus", DOCUMENTS)

    assert groups == [ExampleGroup("", ["第一问?"]), ExampleGroup("企业", ["第二问?", "第三问?"])]


def test_a_configured_file_that_is_missing_is_an_error_that_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ExamplesFileError, match="POLICYQA_EXAMPLES"):
        example_questions(str(tmp_path / "none.txt"), tmp_path / "corpus", DOCUMENTS)


def test_a_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("问题?".encode("gbk"))

    with pytest.raises(ExamplesFileError, match="not UTF-8"):
        read_examples(path)


def test_without_a_setting_the_file_beside_the_corpus_is_read(tmp_path: Path) -> None:
    corpus = tmp_path / "mine"
    corpus.mkdir()
    examples_beside(corpus).write_text("[访客]\n本地问题?\n", encoding="utf-8")

    assert examples_beside(corpus) == tmp_path / "mine.examples.txt"
    assert example_questions("", corpus, DOCUMENTS) == [ExampleGroup("访客", ["本地问题?"])]


def test_without_any_file_the_newest_titles_become_questions(tmp_path: Path) -> None:
    groups = example_questions("", tmp_path / "corpus", DOCUMENTS)

    assert groups == [ExampleGroup("", ["《乙规划》的主要目标是什么？", "《丙意见》的主要目标是什么？",
                                        "《甲办法》的主要目标是什么？"])]
    assert example_questions("", tmp_path / "corpus", []) == []


def test_the_seed_corpus_examples_are_beside_it_and_never_ingested() -> None:
    seeds = Settings().corpus
    groups = example_questions("", seeds, [])
    found, _ = find_policy_files([seeds])

    assert examples_beside(seeds).is_file() and examples_beside(seeds) not in found
    assert groups[0].label == "门户访客" and sum(len(g.questions) for g in groups) == 9


def test_no_product_code_names_a_place_of_the_sample_corpus() -> None:
    places = re.compile("新昌|湖州|宁波|温州|嵊州|兰溪|江山|南太湖")
    product = [*PROJECT_DIR.glob("web/**/*.py"), *PROJECT_DIR.glob("web/static/*"), PROJECT_DIR / "app.py"]

    named = [str(path.relative_to(PROJECT_DIR)) for path in product
             if places.search(path.read_text(encoding="utf-8"))]

    assert named == []
