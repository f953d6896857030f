"""POST /api/match over a real index: the CLI's JSON, region as a hard rule, exact quotes, and a clear 400
for every bad profile."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from web.service import AppParts

MEASURE_KEYS = {"source", "title", "section", "region", "doc_status", "instrument", "benefit", "amount", "quote",
                "start", "end", "verdict", "conditions"}


def _match(url: str, body: Any) -> httpx.Response:
    return httpx.post(f"{url}/api/match", json=body, timeout=30)


def test_a_profile_gets_its_places_measures_with_exact_quotes_and_the_clis_shape(url: str, parts: AppParts) -> None:
    response = _match(url, {"id": "e-1", "profile": {"region": "兰溪市"}, "k": 50})

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == "e-1" and set(body) == {"id", "measures", "questions"}
    measures = body["measures"]
    assert measures and all(set(m) == MEASURE_KEYS for m in measures)
    assert {m["region"] for m in measures} <= {"兰溪市", "金华市", "浙江省", "全国"}
    assert any(m["region"] == "兰溪市" for m in measures)
    texts = {d.source: parts.service.clean_text(d.doc_id) for d in parts.service.documents()}
    for m in measures:
        assert texts[m["source"]][m["start"]:m["end"]] == m["quote"]
        assert all(c["status"] in ("met", "unmet", "unknown") for c in m["conditions"])
    assert all(q["question"] and q["blocks"] >= 1 for q in body["questions"])


def test_another_province_gets_none_of_these_places_measures(url: str) -> None:
    response = _match(url, {"profile": {"region": "苏州市", "size": "小型"}})

    assert response.status_code == 200, response.text
    assert {m["region"] for m in response.json()["measures"]} <= {"全国"}


@pytest.mark.parametrize(("body", "says"), [
    ({"profile": {"region": "火星市"}}, "Unknown region"),
    ({"profile": {"employees": -3}}, "employees must be between"),
    ({"profile": {"employees": "many"}}, "employees must be a whole number"),
    ({"profile": {"qualifications": "高新技术企业"}}, "qualifications must be a list"),
    ({"profile": {"needs": "x" * 100_000}}, "needs is 100000 characters"),  # 100 kB
    ({"profile": {"colour": "red"}}, "Unknown profile field"),
    ({"profile": ["苏州市"]}, '"profile" must be an object'),
    ({"region": "苏州市"}, 'the body has no "profile"'),
    ({"profile": {}, "k": 0}, "k"),
])
def test_a_bad_profile_gets_a_400_that_says_what_to_fix(url: str, body: Any, says: str) -> None:
    response = _match(url, body)

    assert response.status_code == 400, response.text
    assert says in response.json()["error"]


def test_the_measures_are_read_once_per_catalog_version(parts: AppParts) -> None:
    catalog = parts.service.index.catalog
    first = parts.service.measures()
    assert catalog._measures is not None and parts.service.measures() == first
    held = catalog._measures[1]
    parts.service.measures()
    assert catalog._measures[1] is held  # no second read while nothing changed
