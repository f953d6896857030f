"""Chinese numerals as policy texts write them: counts ('八大行动', '五年内') and worded figures ('六点七')."""

from __future__ import annotations

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100}


def chinese_number(text: str) -> int | None:
    """Small Chinese numerals and digits: '三' -> 3, '十二' -> 12, '二十' -> 20, '6' -> 6."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


def chinese_decimal(text: str) -> float:
    """'六点七' -> 6.7, '三十八' -> 38, '一百' -> 100: the numerals percentages are written in."""
    whole, _, decimals = text.partition("点")
    value, digit = 0, 0
    for char in whole:
        if char in _CN_UNITS:
            value += (digit or 1) * _CN_UNITS[char]
            digit = 0
        else:
            digit = CN_DIGITS.get(char, 0)
    value += digit
    fraction = "".join(str(CN_DIGITS.get(c, 0)) for c in decimals)
    return float(f"{value}.{fraction}") if fraction else float(value)
