"""python -m assistant: bad input gets one clear line and exit code 1, never a traceback; a bug is
not hidden behind such a line; the JSON lines keep their contract."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

import assistant.__main__ as cli
from assistant.__main__ import main
from assistant.backends import BACKENDS
from core.errors import PolicyQAError
from core.knowledge import TARGET_FIELDS
from settings import Settings

ANSWER_KEYS = ["id", "answer", "refused", "backend", "citations", "query", "timings"]
CITATION_KEYS = ["n", "source", "title", "section", "quote", "start", "end", "doc_status"]


@pytest.mark.parametrize("question", ["", "   ", "问" * 10_000])
def test_bad_questions_are_refused_clearly(question: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", question, "--backend", "extractive"]) in (1, 2)

    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err
    assert "question" in err


def test_history_in_a_wrong_shape_is_refused_clearly(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    history = tmp_path / "history.json"
    history.write_text(json.dumps({"user": "hi"}), encoding="utf-8")

    assert main(["ask", "补贴多少?", "--history", str(history), "--backend", "extractive"]) == 1
    err = capsys.readouterr().err
    assert "history must be a list" in err


def test_history_file_that_is_not_json_is_refused_clearly(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    history = tmp_path / "history.json"
    history.write_text("[{role: user", encoding="utf-8")

    assert main(["ask", "补贴多少?", "--history", str(history)]) == 1
    assert "is not JSON" in capsys.readouterr().err


def test_a_history_file_that_is_missing_is_refused_clearly(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "补贴多少?", "--history", str(tmp_path / "none.json")]) == 1
    assert "cannot read the history file" in capsys.readouterr().err


def test_a_dataset_that_is_missing_is_refused_clearly(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval-retrieval", str(tmp_path / "none.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot read") and "none.jsonl" in err


def test_a_bug_is_not_turned_into_an_error_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(settings: Settings, args: object) -> int:
        raise OSError("a bug, not the user's doing")

    monkeypatch.setattr(cli, "_eval_retrieval", broken)

    with pytest.raises(OSError, match="a bug"):
        main(["eval-retrieval", "data.jsonl"])


def test_an_error_the_user_can_act_on_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(settings: Settings, args: object) -> int:
        raise PolicyQAError("build the index first")

    monkeypatch.setattr(cli, "_eval_retrieval", refuse)

    assert main(["eval-retrieval", "data.jsonl"]) == 1
    assert capsys.readouterr().err == "error: build the index first\n"


def test_backend_choices_are_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ask", "问", "--backend", "nonesuch"])

    err = capsys.readouterr().err
    assert all(f"'{name}'" in err for name in BACKENDS)


def test_missing_index_names_the_command_that_builds_it(tmp_path: Path, models_dir: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["retrieve", "补贴", "--db", str(tmp_path / "nothing")]) == 1
    assert "python -m ingest" in capsys.readouterr().err


def test_retrieve_batch_and_ask_batch_write_the_json_line_contract(
        tmp_path: Path, models_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.__main__ import main as ingest_main
    from tests.conftest import POLICIES

    db = tmp_path / "db"
    assert ingest_main([str(POLICIES), "--db", str(db), "--quiet"]) == 0
    questions = tmp_path / "in.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "a", "question": "领军人才安家补贴多少?", "history": []},
        {"id": "b", "question": "那顶尖人才呢?",
         "history": [{"role": "user", "content": "领军人才安家补贴多少?"}]},
        {"id": "c", "question": "", "history": []}]), encoding="utf-8")
    capsys.readouterr()

    assert main(["retrieve", "--batch", str(questions), "--db", str(db), "-k", "2"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c"] and "empty" in lines[2]["error"]
    first = lines[0]["results"][0]
    assert set(first) >= {"rank", "source", "title", "section", "text", "score", "chunk_id"}
    assert first["rank"] == 1 and "100万元" in first["text"]

    assert main(["ask", "--batch", str(questions), "--db", str(db), "--backend", "extractive"]) == 0
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [a["id"] for a in answers] == ["a", "b", "c"]
    assert list(answers[0]) == ANSWER_KEYS and list(answers[0]["citations"][0]) == CITATION_KEYS
    assert list(answers[0]["timings"]) == ["retrieve_s", "first_token_s", "total_s"]
    assert "100万元" in answers[0]["answer"] and answers[0]["citations"][0]["quote"]
    assert answers[1]["query"] == "顶尖人才安家补贴多少?" and answers[1]["answer"].startswith("给予安家补贴300万元")
    assert "empty" in answers[2]["error"]

    assert main(["ask", "领军人才安家补贴多少?", "--json", "--db", str(db), "--backend", "extractive"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith('{\n "id": null,\n "answer": ')  # indented, keys in contract order
    assert list(json.loads(printed)) == ANSWER_KEYS


def test_targets_are_listed_from_the_catalog_as_a_table_or_json_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ingest.knowledge import refresh_knowledge
    from tests.ingest.real_documents import prepared
    from vectorstore.catalog import Catalog
    from vectorstore.index import CATALOG_FILE

    seed = Path(__file__).resolve().parents[2] / "corpus" / "seeds" / "004_cc29a2bd209d7fff.txt"
    catalog = Catalog(tmp_path / CATALOG_FILE)
    document = prepared(seed)
    catalog.commit_document(document, [[] for _ in document.chunks])
    refresh_knowledge(catalog, today=datetime.date(2026, 12, 3))
    capsys.readouterr()

    assert main(["targets", "--db", str(tmp_path), "--year", "2027", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {row["target_year"] for row in rows} == {2027}
    assert list(rows[0]) == list(TARGET_FIELDS) and rows[0]["doc_status"] == "draft"
    assert all(document.clean_text[row["start"]:row["end"]] == row["quote"] for row in rows)

    assert main(["targets", "--db", str(tmp_path), "--region", "no-such-region"]) == 0
    assert capsys.readouterr().out.strip().endswith("0 targets")
    assert main(["targets", "--db", str(tmp_path / "missing")]) == 1
    assert "python -m ingest" in capsys.readouterr().err


def test_documents_are_listed_with_their_status_as_of_the_set_day(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.knowledge import refresh_knowledge
    from tests.ingest.real_documents import prepared
    from vectorstore.catalog import Catalog
    from vectorstore.index import CATALOG_FILE

    seeds = Path(__file__).resolve().parents[2] / "corpus" / "seeds"
    catalog = Catalog(tmp_path / CATALOG_FILE)
    for name in ("000_e2e9d89b10e5a6e1.txt", "004_cc29a2bd209d7fff.txt"):
        document = prepared(seeds / name)
        catalog.commit_document(document, [[] for _ in document.chunks])
    refresh_knowledge(catalog, today=datetime.date(2026, 12, 3))
    monkeypatch.setenv("POLICYQA_TODAY", "2026-12-03")
    capsys.readouterr()

    assert main(["documents", "--db", str(tmp_path), "--json"]) == 0
    rows = {row["source"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert set(rows) == {"000_e2e9d89b10e5a6e1.txt", "004_cc29a2bd209d7fff.txt"}
    draft = rows["004_cc29a2bd209d7fff.txt"]
    assert (draft["status"], draft["status_basis"]) == ("draft", "stated") and "征求意见稿" in draft["status_quote"]
    assert {"title", "region", "doc_type", "issuer", "doc_number", "date", "valid_from", "valid_until"} <= set(draft)
    assert main(["documents", "--db", str(tmp_path)]) == 0
    assert "draft" in capsys.readouterr().out


def test_ask_and_retrieve_search_only_documents_of_the_asked_status_and_cite_it(
        tmp_path: Path, models_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.__main__ import main as ingest_main

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "draft.txt").write_text(
        "兰溪市高新技术企业奖励办法（征求意见稿）\n\n一、奖励标准\n对新认定的高新技术企业给予一次性奖励30万元。\n",
        encoding="utf-8")
    (docs / "current.txt").write_text(
        "兰溪市高新技术企业奖励办法\n\n一、奖励标准\n对新认定的高新技术企业给予一次性奖励20万元。\n"
        "二、附则\n本办法自2024年1月1日起施行。\n", encoding="utf-8")
    db = tmp_path / "db"
    assert ingest_main([str(docs), "--db", str(db), "--quiet"]) == 0
    monkeypatch.setenv("POLICYQA_TODAY", "2026-12-03")
    question = "新认定的高新技术企业奖励多少？"
    capsys.readouterr()

    def ask(status: str) -> dict[str, object]:
        assert main(["ask", question, "--json", "--db", str(db), "--backend", "extractive",
                     "--status", status]) == 0
        return dict(json.loads(capsys.readouterr().out))

    current, draft, none = ask("in_force"), ask("draft"), ask("repealed")
    assert "20万元" in str(current["answer"]) and "30万元" not in str(current["answer"])
    assert {c["doc_status"] for c in current["citations"]} == {"in_force"}  # type: ignore[union-attr]
    assert "30万元" in str(draft["answer"]) and "征求意见稿" in str(draft["answer"])
    assert {c["doc_status"] for c in draft["citations"]} == {"draft"}  # type: ignore[union-attr]
    assert none["refused"] and none["citations"] == []  # a filter matching nothing finds nothing

    assert main(["retrieve", question, "--json", "--db", str(db), "--status", "draft"]) == 0
    assert {r["source"] for r in json.loads(capsys.readouterr().out)["results"]} == {"draft.txt"}
    assert main(["ask", question, "--db", str(db), "--status", "valid"]) == 1
    assert "unknown status valid" in capsys.readouterr().err
