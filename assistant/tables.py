"""Table rows as statements: '比重(%) | 29.0 | 35 |' under '指标名称 | 2020年 | 2025年 |' reads
'比重：2020年29.0%，2025年35%', so answers keep each value's column and unit."""

from __future__ import annotations

import re

from core.records import ChunkRecord
from core.text import is_table_row, table_cells

_UNIT_IN_LABEL = re.compile(r"[（(]([^（）()]{1,8})[）)]\s*$")
_NUMBER = re.compile(r"[-+]?\d[\d,，]*(\.\d+)?")


def header_of(chunk: ChunkRecord, row_start: int) -> str:
    """The header of the table row starting at `row_start`: the one a split table carries in its
    context, else the topmost `|` line of the run of rows the row belongs to."""
    carried = next((line for line in chunk.context.split("\n") if is_table_row(line)), "")
    if carried:
        return carried
    header = ""
    for line in reversed(chunk.text[:row_start].split("\n")[:-1]):
        if not is_table_row(line):
            break
        header = line
    return header


def row_statement(row: str, header: str) -> str | None:
    """The row as '名称：列1值1单位，列2值2单位'; None when it does not fit the header."""
    values, names = table_cells(row), table_cells(header)
    if len(values) < 2 or not names or len(values) > len(names):
        return None
    names = names[len(names) - len(values):]  # merged (rowspan) cells are missing on the left
    valued = [i for i, name in enumerate(names) if re.search(r"\d", name)]
    first = valued[0] if valued and valued[0] > 0 else 1
    label = values[first - 1]
    unit_match = _UNIT_IN_LABEL.search(label)
    unit = unit_match.group(1) if unit_match else ""
    label = label[:unit_match.start()] if unit_match else label
    parts = []
    for name, value in zip(names[first:], values[first:], strict=True):
        if not value:
            continue
        column_unit = _UNIT_IN_LABEL.search(name)
        if column_unit:  # '补贴(万元)': the column's own unit
            name = name[:column_unit.start()].strip()
        suffix = (column_unit.group(1) if column_unit else unit) if _NUMBER.fullmatch(value) else ""
        joint = "" if re.search(r"\d", name) else "为"  # '2025年35%', '属性为预期性'
        parts.append(f"{name}{joint}{value}{suffix}")
    label = re.sub(r"\s+", "", label)
    return f"{label}：{'，'.join(parts)}" if parts else None


def readable(chunk: ChunkRecord) -> tuple[str, str]:
    """(context, text) of a passage as a reader needs them: table rows become statements ending
    in 。, the header rows they absorbed are dropped; other lines (a one-cell box's title among
    them) stay as they are."""
    if not any(is_table_row(line) for line in chunk.text.split("\n")):
        return chunk.context, chunk.text
    lines: list[str] = []
    absorbed: set[str] = set()
    offset = 0
    for line in chunk.text.split("\n"):
        header = header_of(chunk, offset) if is_table_row(line) else ""
        statement = row_statement(line, header) if header else None
        if statement:
            absorbed.add(header)
        lines.append(f"{statement}。" if statement else line)
        offset += len(line) + 1
    context = "\n".join(line for line in chunk.context.split("\n") if line not in absorbed)
    return context, "\n".join(line for line in lines if line not in absorbed)
