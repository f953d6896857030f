"""JSON from a user -> a checked enterprise profile, and the places it is registered in."""

from __future__ import annotations

import datetime
from typing import Any

from core.errors import BadInputError
from core.gazetteer import Place, place_called, place_mentions, place_with_code, places_with_full_name
from core.measures import PROFILE_FIELDS, SIZE_BANDS, SIZES, Profile, canonical_qualification

# Bounds a profile must keep: a form posts short values; a 100 kB "needs" is not a profile.
MAX_NEEDS_CHARS = 500
MAX_TEXT_CHARS = 60
MAX_LIST_ITEMS = 20
MAX_EMPLOYEES = 5_000_000
EARLIEST_FOUNDED = 1800


def profile_from(data: Any, *, today: datetime.date) -> Profile:
    """The profile, or BadInputError saying which field is wrong and what it should be."""
    if not isinstance(data, dict):
        raise BadInputError("The profile must be a JSON object such as {\"region\": \"苏州市\", \"size\": \"小型\"}.")
    unknown = sorted(set(data) - set(PROFILE_FIELDS))
    if unknown:
        raise BadInputError(f"Unknown profile field(s): {', '.join(unknown)}. Use: {', '.join(PROFILE_FIELDS)}.")
    profile = Profile(
        region=_text(data, "region"), province=_text(data, "province"), industry=_text(data, "industry"),
        size=_text(data, "size"), employees=_integer(data, "employees", 0, MAX_EMPLOYEES),
        founded_year=_integer(data, "founded_year", EARLIEST_FOUNDED, today.year),
        revenue_wan=_number(data, "revenue_wan", 0.0, 1e9), rd_ratio=_number(data, "rd_ratio", 0.0, 1.0),
        qualifications=_titles(_words(data, "qualifications")), talent=_words(data, "talent"),
        needs=_text(data, "needs", MAX_NEEDS_CHARS))
    if profile.size and profile.size not in (*SIZES, *SIZE_BANDS):
        raise BadInputError(f"size must be one of {'/'.join((*SIZES, *SIZE_BANDS))}, not {profile.size!r}.")
    if profile.region and not registered_places(profile):
        raise BadInputError(f"Unknown region {profile.region!r}: give the city or county of registration "
                            "with its level word, e.g. 苏州市, 昆山市 or 南京市鼓楼区.")
    if profile.province and not _province(profile.province):
        raise BadInputError(f"Unknown province {profile.province!r}: give one such as 浙江省 or 广西壮族自治区.")
    return profile


def _text(data: dict[str, Any], name: str, limit: int = MAX_TEXT_CHARS) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadInputError(f"{name} must be text, not {type(value).__name__}.")
    if len(value) > limit:
        raise BadInputError(f"{name} is {len(value)} characters; keep it under {limit}.")
    return value.strip()


def _integer(data: dict[str, Any], name: str, low: int, high: int) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInputError(f"{name} must be a whole number, not {value!r}.")
    if not low <= value <= high:
        raise BadInputError(f"{name} must be between {low} and {high}, not {value}.")
    return value


def _number(data: dict[str, Any], name: str, low: float, high: float) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise BadInputError(f"{name} must be a number, not {value!r}.")
    if not low <= value <= high:
        hint = " (a fraction: 5% is 0.05)" if name == "rd_ratio" else ""
        raise BadInputError(f"{name} must be between {low:g} and {high:g}{hint}, not {value}.")
    return float(value)


def _words(data: dict[str, Any], name: str) -> tuple[str, ...] | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadInputError(f"{name} must be a list of words such as [\"高新技术企业\"].")
    if len(value) > MAX_LIST_ITEMS or any(len(v) > MAX_TEXT_CHARS for v in value):
        raise BadInputError(f"{name}: at most {MAX_LIST_ITEMS} words of at most {MAX_TEXT_CHARS} characters.")
    return tuple(v.strip() for v in value if v.strip())


def _titles(words: tuple[str, ...] | None) -> tuple[str, ...] | None:
    return None if words is None else tuple(dict.fromkeys(canonical_qualification(w) for w in words))


def _province(name: str) -> Place | None:
    return next((p for p in place_called(name) if p.level == "province"), None)


def registered_places(profile: Profile) -> tuple[Place, ...]:
    """The places the profile's region may mean ("鼓楼区" is in several cities; "南京市鼓楼区" in one),
    kept inside its province when given; () when no region is given or it names no place."""
    found = place_mentions(profile.region) if profile.region else []
    mentions = [places for _, places in found]
    rest = profile.region[found[-1][0].end():] if found else profile.region
    if rest.strip() and (exact := places_with_full_name(rest.strip())):
        mentions.append(exact)  # "淇县", "鹤壁市淇县": a two-character county that running text skips
    if not mentions:
        return ()
    places = mentions[-1]
    if len(mentions) > 1:  # "南京市鼓楼区": inside the place named before it
        places = tuple(p for p in places if any(p.within(q) for q in mentions[-2])) or places
    province = _province(profile.province) if profile.province else None
    if province is not None:
        places = tuple(p for p in places if p.within(province))
    return places


def profile_places(profile: Profile) -> tuple[tuple[Place, ...], Place | None]:
    """(the places the region may mean, the province: given or the one they all lie in)."""
    places = registered_places(profile)
    province = _province(profile.province) if profile.province else None
    if province is None and places:
        provinces = {p.code[:2] for p in places}
        if len(provinces) == 1:
            province = place_with_code(places[0].code[:2] + "0" * 10)
    return places, province
