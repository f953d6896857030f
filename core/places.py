"""Place names as questions use them."""

from __future__ import annotations


def region_stem(region: str) -> str:
    """'义乌市' -> '义乌', '江苏省' -> '江苏': how questions name places."""
    return region[:-1] if len(region) >= 3 and region[-1] in "省市县区" else region
