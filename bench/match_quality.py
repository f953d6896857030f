"""Hand-labelled enterprise profiles (eval/match/profiles.jsonl) vs the support-measure matcher.

The corpus is eval/match/news (2023 news items stating local and national support measures, with each
item's issuing place labelled by hand) and the seed documents. Reported per profile and overall:
- recall: labelled applicable measures that the matcher lists (eligible or needs_info) among its top k;
- other-region share: listed measures whose hand-labelled issuer is neither national nor the profile's
  place or one containing it (target 0).
Labels were written by reading the items, before the matcher existed.

    .venv/bin/python -m bench.match_quality [-k 20] [--show] [--profiles eval/match/profiles_holdout.jsonl]
"""

from __future__ import annotations

import argparse
import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.matcher import INELIGIBLE, Match, match
from assistant.profile import profile_from, registered_places
from core.gazetteer import Place, place_called
from core.measures import NATIONAL, Measure, Profile
from ingest.load import load_text
from ingest.measures import extract_measures
from ingest.pipeline import prepare_document
from ingest.status import document_status

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "eval" / "match"
SEEDS = REPO / "corpus" / "seeds"


@dataclass(frozen=True)
class ProfileScore:
    identifier: str
    labelled: int
    found: int
    listed: int
    other_region: int


def catalogue(paths: Sequence[Path], today: datetime.date) -> tuple[list[Measure], dict[str, str]]:
    """Every measure of the files, and each file's clean text (to place the labelled quotes)."""
    measures, texts = [], {}
    for path in paths:
        loaded = load_text(path)
        document = prepare_document(path, loaded.text, loaded.title_hint, path.stem, chunk_tokens=400,
                                    count_tokens=len)
        if document is None:
            continue
        texts[path.name] = document.clean_text
        status = document_status(document, today=today)
        measures += extract_measures(document, doc_status=status.status)
    return measures, texts


def _issuer_places(items: list[dict[str, object]]) -> dict[str, tuple[Place, ...] | None]:
    """Hand-labelled issuer per news file: None for national, else the places its name may mean in its
    province."""
    issuers: dict[str, tuple[Place, ...] | None] = {}
    for item in items:
        name, province = str(item["issuer_place"]), str(item["province"])
        if name == NATIONAL:
            issuers[str(item["file"])] = None
            continue
        places = place_called(name) or place_called(name.rstrip("市县区省"))
        inside = tuple(p for p in places if any(p.within(q) for q in place_called(province))) if province else places
        issuers[str(item["file"])] = inside or places
    return issuers


def _overlaps(item: Match, source: str, start: int, end: int) -> bool:
    return item.measure.source == source and item.measure.start < end and start < item.measure.end


def _another_region(item: Match, profile: Profile, issuers: dict[str, tuple[Place, ...] | None]) -> bool:
    if item.measure.source not in issuers:
        return False  # a seed document: no hand label
    issuer = issuers[item.measure.source]
    if issuer is None:
        return False
    own = registered_places(profile) or tuple(place_called(profile.province))
    return not any(p.within(q) for p in own for q in issuer) if own else False


def scored_profiles(k: int, today: datetime.date,
                    profiles_file: Path = EVAL / "profiles.jsonl") -> tuple[list[ProfileScore], list[Measure]]:
    items = [json.loads(line) for line in (EVAL / "news.jsonl").read_text(encoding="utf-8").splitlines()]
    profiles = [json.loads(line) for line in profiles_file.read_text(encoding="utf-8").splitlines()]
    paths = [EVAL / "news" / str(item["file"]) for item in items] + sorted(SEEDS.glob("*.txt"))
    measures, texts = catalogue(paths, today)
    issuers = _issuer_places(items)
    scores = []
    for entry in profiles:
        profile = profile_from(entry["profile"], today=today)
        listed = [m for m in match(profile, measures, k=k).matches if m.verdict != INELIGIBLE]
        found = 0
        for label in entry["applicable"]:
            start = texts[label["file"]].find(label["quote"])
            found += any(_overlaps(m, label["file"], start, start + len(label["quote"])) for m in listed)
        other = sum(_another_region(m, profile, issuers) for m in listed)
        scores.append(ProfileScore(entry["id"], len(entry["applicable"]), found, len(listed), other))
    return scores, measures


def report_table(scores: list[ProfileScore]) -> str:
    labelled = sum(s.labelled for s in scores)
    found = sum(s.found for s in scores)
    listed = sum(s.listed for s in scores)
    other = sum(s.other_region for s in scores)
    lines = ["| profile | labelled | found | listed | other region |", "|---|---|---|---|---|"]
    lines += [f"| {s.identifier} | {s.labelled} | {s.found} | {s.listed} | {s.other_region} |" for s in scores]
    lines.append(f"| all | {labelled} | {found} (recall {found / max(labelled, 1):.3f}) | {listed} | "
                 f"{other} (share {other / max(listed, 1):.3f}) |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", type=int, default=20)
    parser.add_argument("--show", action="store_true", help="print every extracted measure")
    parser.add_argument("--profiles", type=Path, default=EVAL / "profiles.jsonl",
                        help="profiles.jsonl, or profiles_holdout.jsonl (labelled later, never tuned on)")
    args = parser.parse_args(argv)
    scores, measures = scored_profiles(args.k, datetime.date.today(), args.profiles)
    if args.show:
        for m in measures:
            print(f"{m.source} [{m.region}] {m.instrument} {m.quote[:80]}")
    print(f"measures extracted: {len(measures)}")
    print(report_table(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
