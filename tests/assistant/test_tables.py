"""Table rows read as statements with their column names and units."""

from __future__ import annotations

from assistant.tables import header_of, readable, row_statement
from core.records import ChunkRecord

HEADER = "指标 类别 | 指标名称 | 2020年 | 2025年 |"
TABLE = "表:主要指标\n" + HEADER + "\n科技 投入 | R&D比重(%) | 4.38 | 5 |\n人才资源总量(万人) | 9.9 | 14 | |"


def _table_chunks() -> tuple[ChunkRecord, ChunkRecord]:
    """The whole table, and its last row split off with the title and header as context."""
    whole = ChunkRecord("d:0", "d", 0, 0, len(TABLE), (), TABLE, "", "table")
    split = ChunkRecord("d:1", "d", 1, 0, 20, (), "人才资源总量(万人) | 9.9 | 14 |",
                        "表:主要指标\n" + HEADER, "table")
    return whole, split


def test_a_shifted_row_aligns_to_the_right_and_takes_its_unit_from_the_label() -> None:
    row = "科技服务业营业收入占规上服务业营业收入比重(%) | 29.0 | 35 | |"

    assert row_statement(row, HEADER) == "科技服务业营业收入占规上服务业营业收入比重：2020年29.0%，2025年35%"


def test_a_full_row_skips_its_category_and_keeps_words_without_a_unit() -> None:
    assert row_statement("技术 创新 | 高新技术企业数(家) | 220 | 力争倍增 |", HEADER) == \
        "高新技术企业数：2020年220家，2025年力争倍增"


def test_columns_without_years_are_named() -> None:
    assert row_statement("研发投入强度(%) | 3 | 约束性 |", "指标 | 目标值 | 属性 |") == \
        "研发投入强度：目标值为3%，属性为约束性"


def test_rows_that_do_not_fit_their_header_are_left_alone() -> None:
    assert row_statement("a | b | c | d | e |", HEADER) is None
    assert row_statement("只有一格 |", HEADER) is None


def test_the_header_is_the_top_of_the_table_or_the_one_a_split_table_carries() -> None:
    whole, split = _table_chunks()

    assert header_of(whole, TABLE.index("人才资源")) == HEADER
    assert header_of(split, 0) == HEADER
    assert header_of(whole, TABLE.index(HEADER)) == ""  # the header row has none above it


def test_a_column_unit_applies_to_its_numbers() -> None:
    assert row_statement("顶尖人才 | 300 | 提供 |", "人才类别 | 补贴(万元) | 公寓 |") == \
        "顶尖人才：补贴为300万元，公寓为提供"


def test_a_table_passage_reads_as_statements() -> None:
    whole, split = _table_chunks()

    assert readable(whole) == ("", "表:主要指标\nR&D比重：2020年4.38%，2025年5%。\n"
                                   "人才资源总量：2020年9.9万人，2025年14万人。")
    assert readable(split) == ("表:主要指标", "人才资源总量：2020年9.9万人，2025年14万人。")
    plain = ChunkRecord("d:2", "d", 2, 0, 5, (), "到2025年达到5%。", "一、目标", "text")
    assert readable(plain) == ("一、目标", "到2025年达到5%。")


BOX = "专栏2 人才行动 |\n1.加强人才引进。到2025年,新引进100名左右领军人才。 |"


def test_a_one_cell_box_is_a_table_whose_title_heads_its_rows() -> None:
    chunk = ChunkRecord("d:3", "d", 3, 0, len(BOX), (), BOX, "", "table")

    assert header_of(chunk, BOX.index("1.加强")) == "专栏2 人才行动 |"


def test_a_one_cell_box_keeps_its_title_for_the_reader() -> None:
    chunk = ChunkRecord("d:3", "d", 3, 0, len(BOX), (), BOX, "", "table")
    split = ChunkRecord("d:4", "d", 4, 0, 10, (), BOX.split("\n")[1], "专栏2 人才行动 |", "table")

    assert readable(chunk) == ("", BOX)  # no row becomes a statement: no header is absorbed
    assert readable(split) == ("专栏2 人才行动 |", BOX.split("\n")[1])
