"""The gazetteer knows every division by its full name and stem, and tells words from places."""

from __future__ import annotations

import pytest

from core.gazetteer import all_places, place_called, places_named


def names(text: str) -> list[str]:
    return [name for name, _ in places_named(text)]


def test_every_level_is_known_even_without_a_document_about_it() -> None:
    assert len(all_places()) > 3000
    assert names("杭州国家自主创新示范区到2022年的目标") == ["杭州"]
    assert names("那绍兴市越城区呢？") == ["绍兴市", "越城区"]
    assert names("江苏省苏州工业园区") == ["江苏省", "苏州"]
    assert names("内蒙古的补贴") == ["内蒙古"]


@pytest.mark.parametrize("text", ["和平发展", "惠民政策有哪些", "中华人民共和国", "沿海城市", "合作共赢"])
def test_words_that_are_also_place_names_are_not_places(text: str) -> None:
    assert names(text) == []


def test_levels_and_containment() -> None:
    (county,) = place_called("新昌县")
    (city,) = place_called("绍兴")
    (province,) = place_called("浙江")
    assert (county.level, city.level, province.level) == ("county", "city", "province")
    assert county.within(city) and county.within(province) and not city.within(county)
    assert county.stem == "新昌" and province.stem == "浙江"
    assert place_called("") == ()
