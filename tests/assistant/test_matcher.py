"""The matcher: region is a hard rule, a missing field is unknown, expired documents go last; bad profiles
are refused with a message that says what to fix."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from assistant.__main__ import main
from assistant.matcher import (
    ELIGIBLE,
    INELIGIBLE,
    NEEDS_INFO,
    UNKNOWN,
    UNREAD,
    condition_rows,
    match,
    match_lines,
    result_json,
)
from assistant.profile import profile_from, registered_places
from core.errors import BadInputError
from core.measures import Measure
from ingest.measures import extract_measures
from tests.ingest.test_targets import bare

TODAY = datetime.date(2026, 12, 3)
TEXT = ("常山县出台新政，对新认定的高新技术企业给予一次性奖励30万元。\n"
        "杭州市出台新政，对新认定的高新技术企业给予一次性奖励50万元。\n"
        "财政部近日发布公告，对小微企业减半征收房产税。")


def _measures(text: str = TEXT, status: str = "in_force") -> list[Measure]:
    return extract_measures(bare(text), doc_status=status)


def test_another_places_measure_never_matches_and_a_containing_one_does() -> None:
    result = match(profile_from({"region": "常山县", "qualifications": ["高新技术企业"], "size": "小型"}, today=TODAY),
                   _measures(), k=10)

    regions = [m.measure.region for m in result.matches]
    assert "杭州市" not in regions and set(regions) == {"常山县", "全国"}
    assert {m.verdict for m in result.matches} == {ELIGIBLE}


def test_a_missing_field_is_unknown_and_asked_about() -> None:
    result = match(profile_from({"region": "常山县"}, today=TODAY), _measures(), k=10)

    assert {m.verdict for m in result.matches} == {NEEDS_INFO}
    assert all(j.status == UNKNOWN for m in result.matches for j in m.judged)
    assert {q.field for q in result.questions} == {"qualifications", "size"}
    assert any(q.question == "贵公司是否为高新技术企业？" for q in result.questions)


def test_a_profile_without_a_region_learns_nothing_of_another_province() -> None:
    result = match(profile_from({"province": "江苏省"}, today=TODAY), _measures(), k=10)

    assert [m.measure.region for m in result.matches] == ["全国"]


def test_an_unmet_condition_makes_the_measure_ineligible_and_lists_it_after() -> None:
    result = match(profile_from({"region": "常山县", "qualifications": [], "size": "小型"}, today=TODAY),
                   _measures(), k=10)

    assert [m.verdict for m in result.matches] == [ELIGIBLE, INELIGIBLE]


def test_an_expired_documents_measure_is_listed_last_with_its_status() -> None:
    expired = _measures("常山县出台新政，对小微企业给予房租补贴每月1000元。", status="expired")
    result = match(profile_from({"region": "常山县", "size": "小型", "qualifications": ["高新技术企业"]}, today=TODAY),
                   expired + _measures(), k=10)

    assert result.matches[-1].measure.doc_status == "expired"
    shown = result_json(result)["measures"]
    assert shown[-1]["doc_status"] == "expired" and shown[0]["conditions"][0]["field"] == "region"


@pytest.mark.parametrize(("profile", "says"), [
    ({"region": "火星市"}, "Unknown region"),
    ({"employees": -3}, "employees must be between"),
    ({"employees": "many"}, "whole number"),
    ({"rd_ratio": 5}, "a fraction"),
    ({"qualifications": "高新技术企业"}, "list of words"),
    ({"size": "超大型"}, "size must be one of"),
    ({"needs": "x" * 100_000}, "needs is 100000 characters"),
    ({"colour": "red"}, "Unknown profile field"),
    (["常山县"], "JSON object"),
])
def test_a_bad_profile_is_refused_with_what_to_fix(profile: object, says: str) -> None:
    with pytest.raises(BadInputError, match=says):
        profile_from(profile, today=TODAY)


def test_the_cli_matches_a_profile_and_a_batch_and_reports_bad_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ingest.knowledge import refresh_knowledge
    from tests.ingest.real_documents import prepared
    from vectorstore.catalog import Catalog
    from vectorstore.index import CATALOG_FILE

    (tmp_path / "notice.txt").write_text("常山县人才新政\n" + TEXT + "\n", encoding="utf-8")
    catalog = Catalog(tmp_path / CATALOG_FILE)
    document = prepared(tmp_path / "notice.txt")
    catalog.commit_document(document, [[] for _ in document.chunks])
    refresh_knowledge(catalog, today=TODAY)
    (tmp_path / "p.json").write_text(json.dumps({"region": "常山县"}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "in.jsonl").write_text(
        '{"id": "a", "profile": {"region": "常山县", "size": "小型"}}\n{"id": "b", "profile": {"employees": -1}}\n',
        encoding="utf-8")
    capsys.readouterr()

    assert main(["match", "--profile", str(tmp_path / "p.json"), "--db", str(tmp_path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert list(result) == ["id", "measures", "questions"] and result["measures"]
    assert {m["region"] for m in result["measures"]} <= {"常山县", "全国"}
    assert all(document.clean_text[m["start"]:m["end"]] == m["quote"] for m in result["measures"])
    assert main(["match", "--profile", str(tmp_path / "p.json"), "--db", str(tmp_path)]) == 0
    assert "需补充信息" in capsys.readouterr().out
    assert main(["match", "--batch", str(tmp_path / "in.jsonl"), "--db", str(tmp_path)]) == 1
    first, second = map(json.loads, capsys.readouterr().out.splitlines())
    assert first["id"] == "a" and first["measures"] and second == {"id": "b", "error": second["error"]}
    assert "employees" in second["error"]
    assert main(["match", "--profile", str(tmp_path / "missing.json"), "--db", str(tmp_path)]) == 1
    assert "Cannot read the profile file" in capsys.readouterr().err


def test_a_size_band_meets_a_condition_that_allows_all_of_it_and_titles_are_named_as_documents_do() -> None:
    text = "常山县出台新政，对小微企业给予房租补贴每月1000元。\n常山县出台新政，对微型企业给予一次性补助1万元。"
    small_and_micro, micro = (profile_from({"region": "常山县", "size": "小微"}, today=TODAY),
                              profile_from({"region": "常山县", "size": "微型"}, today=TODAY))
    verdicts = {m.measure.benefit: m.verdict for m in match(small_and_micro, _measures(text), k=5).matches}

    assert verdicts == {"给予房租补贴每月1000元": ELIGIBLE, "给予一次性补助1万元": NEEDS_INFO}
    assert {m.verdict for m in match(micro, _measures(text), k=5).matches} == {ELIGIBLE}
    assert profile_from({"qualifications": ["高企", "科小"]}, today=TODAY).qualifications == (
        "高新技术企业", "科技型中小企业")


def test_a_measure_with_no_condition_read_needs_info_and_says_so() -> None:
    (item,) = match(profile_from({"region": "常山县"}, today=TODAY),
                    _measures("常山县出台新政，给予一次性奖励30万元。"), k=5).matches

    assert item.verdict == NEEDS_INFO and not item.judged
    assert [(r.field, r.status, r.text) for r in condition_rows(item)] == [
        ("region", "met", "发布地区：常山县"), ("other", "unknown", UNREAD)]
    assert "?申请条件未能自动读出" in "\n".join(match_lines(match(profile_from({"region": "常山县"}, today=TODAY),
                                                               [item.measure], k=5)))


def test_what_the_profile_says_of_itself_ranks_the_measures_it_fits_first() -> None:
    text = ("财政部发布公告，对购置新能源汽车的企业免征车辆购置税。\n"
            "财政部发布公告，将企业研发费用税前加计扣除比例提高至100%。")
    spends_on_rd = profile_from({"region": "常山县", "rd_ratio": 0.04}, today=TODAY)
    silent = profile_from({"region": "常山县"}, today=TODAY)

    assert "研发费用" in match(spends_on_rd, _measures(text), k=5).matches[0].measure.quote
    assert "新能源汽车" in match(silent, _measures(text), k=5).matches[0].measure.quote  # by position alone


def test_a_two_character_county_is_a_region_a_form_may_name() -> None:
    for region in ("淇县", "鹤壁市淇县"):
        (place,) = registered_places(profile_from({"region": region}, today=TODAY))
        assert place.name == "淇县"
