"""bench.match_quality: the hand-labelled profiles quote their items, and the matcher keeps its measured
recall of the clearly applicable measures and lists (almost) nothing issued for another region."""

from __future__ import annotations

import datetime
import json

from bench.match_quality import EVAL, scored_profiles

TODAY = datetime.date(2026, 12, 4)


def test_every_labelled_measure_quotes_its_news_item() -> None:
    profiles = [json.loads(line) for line in (EVAL / "profiles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(profiles) >= 15
    for entry in profiles:
        for label in entry["applicable"]:
            assert label["quote"] in (EVAL / "news" / label["file"]).read_text(encoding="utf-8"), label


def test_the_matcher_keeps_its_recall_and_lists_no_other_regions_measures() -> None:
    scores, _ = scored_profiles(20, TODAY)
    labelled, found = sum(s.labelled for s in scores), sum(s.found for s in scores)
    listed, other = sum(s.listed for s in scores), sum(s.other_region for s in scores)

    assert found / labelled >= 0.80, (found, labelled)  # measured 0.859 (61/71) on 2026-12-04
    assert other / listed <= 0.01, (other, listed)  # measured 0/320; the target is 0
