"""Place names as questions use them."""

from __future__ import annotations


def region_stem(region: str) -> str:
    """'新昌县' -> '新昌', '浙江省' -> '浙江': how questions name places."""
    return region[:-1] if len(region) >= 3 and region[-1] in "省市县区" else region
