"""Place names as questions use them."""

from core.places import region_stem


def test_region_stem_drops_the_level_suffix_of_long_names_only() -> None:
    assert region_stem("新昌县") == "新昌"
    assert region_stem("浙江省") == "浙江"
    assert region_stem("和县") == "和县"  # a two-character name keeps its suffix
