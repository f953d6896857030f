"""Tests for ingest.clean: inline documents, plus the seed whose action list was scraped twice."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from ingest.clean import clean_text, normalise_line

SEEDS = Path(__file__).resolve().parents[2] / "corpus" / "seeds"
ORDINALS = "一二三四五六七八九十"

BODY = [
    "为加快建设创新型县，推动经济高质量发展，结合本县实际，提出如下意见。",
    "一、总体要求",
    "坚持创新驱动发展，到2025年全社会研发投入占地区生产总值比重达到4.5%。",
]


# --- normalise_line ------------------------------------------------------------------------------


def test_odd_spaces_become_one_space_and_ends_are_trimmed() -> None:
    line = "\u3000\u3000第一条\xa0为加强\t科技\u2003创新  "

    assert normalise_line(line) == "第一条 为加强 科技 创新"


def test_zero_width_and_control_characters_are_removed() -> None:
    line = "\ufeff研发\u200b投入\u200c占比\u200d达到\u20604%\x07"

    assert normalise_line(line) == "研发投入占比达到4%"


def test_ordinary_text_is_unchanged() -> None:
    line = "研发投入占比达到4.38%，位居全省首位。"

    assert normalise_line(line) == line


def test_clean_text_normalises_every_line_and_drops_blank_ones() -> None:
    raw = "\u3000\u3000一、总体要求\r\n\r\n\xa0\u3000\n坚持\u200b创新驱动。\r"

    assert clean_text(raw) == "一、总体要求\n坚持创新驱动。"


# --- portal chrome -------------------------------------------------------------------------------


def test_breadcrumb_and_everything_above_it_is_removed() -> None:
    raw = "\n".join(["网站首页", "政务公开", "新闻动态", "您当前位置:首页 - 新闻动态", *BODY])

    assert clean_text(raw) == "\n".join(BODY)


def test_share_print_close_bar_is_removed() -> None:
    raw = "\n".join([*BODY, "分享到: | 【打印本页】【关闭本页】 |"])

    assert clean_text(raw) == "\n".join(BODY)


def test_visit_count_and_publish_time_lines_are_removed() -> None:
    raw = "\n".join(["发布时间:2023-06-19 16:29", "访问次数:", "访问次数: 1024", *BODY])

    assert clean_text(raw) == "\n".join(BODY)


def test_contact_lines_are_removed() -> None:
    raw = "\n".join([
        *BODY,
        "电话:0571-87005245   宁波:0574-89078468",
        "传真:0571-87005246",
        "地址:杭州市滨江区丹枫路399号",
        "邮箱:office@example.com",
    ])

    assert clean_text(raw) == "\n".join(BODY)


def test_a_lone_bar_line_is_removed() -> None:
    raw = "\n".join([BODY[0], "|", " | ", BODY[1], BODY[2]])

    assert clean_text(raw) == "\n".join(BODY)


def test_source_in_the_middle_of_a_sentence_is_kept() -> None:
    body = [
        "资金来源:财政预算和社会资本共同投入,建立多元投入机制。",
        "本规划的数据来源于县统计局,来源可靠。",
        "拓宽人才来源渠道,引进高层次人才。",
    ]

    assert clean_text("\n".join(body)) == "\n".join(body)


def test_a_source_label_line_is_removed_but_the_body_stays() -> None:
    raw = "\n".join(["来源:县科技局", "信息来源:县科技局", *BODY])

    assert clean_text(raw) == "\n".join(BODY)


# --- repeated blocks -----------------------------------------------------------------------------


def test_a_repeated_block_of_paragraphs_is_kept_once() -> None:
    actions = [
        "一是培育高新技术企业,实施倍增计划,扩大企业规模。",
        "二是建设创新平台,建设实验室和研究院,提升研发能力。",
        "三是引进高端人才,实施人才计划,集聚创新团队。",
    ]
    raw = "\n".join(["实施三大行动", *actions, *actions, "各部门要抓好落实。"])

    assert clean_text(raw).split("\n") == ["实施三大行动", *actions, "各部门要抓好落实。"]


def test_short_lines_may_repeat() -> None:
    """Headings like 一、总体要求 recur in different parts of a document and must all survive."""
    raw = "\n".join(
        ["上篇", "一、总体要求", "坚持创新驱动发展。", "下篇", "一、总体要求", "坚持开放合作。"])

    assert clean_text(raw).split("\n").count("一、总体要求") == 2


def test_seed_with_a_doubled_action_list_keeps_each_action_once() -> None:
    raw = (SEEDS / "001_e2c49a8bb5a5bd3b.txt").read_text(encoding="utf-8")
    paragraphs = [normalise_line(line) for line in raw.splitlines()]
    actions = {p for p in paragraphs if re.match(f"^[{ORDINALS}]是", p)}
    assert len(actions) == 10  # the raw page really does hold ten distinct actions, each twice

    lines = clean_text(raw).split("\n")

    for action in actions:
        assert lines.count(action) == 1, action[:12]
    starts = [line[:2] for line in lines if re.match(f"^[{ORDINALS}]是", line)]
    assert starts == [f"{n}是" for n in ORDINALS]
    assert lines[0] == "嵊州市实施十大行动争创省创新型试点城市"  # the breadcrumb and above are gone


# --- wrapped lines -------------------------------------------------------------------------------

PARAGRAPHS = [
    "为全面落实国家和省市关于实施创新驱动发展战略的决策部署,充分发挥科技创新对县域高质量发展的"
    "支撑引领作用,着力构建创新创业生态系统,特制定本规划。",
    "一、发展环境",
    "十三五期间,新昌坚持资源不足科技补、区位不足服务补、动能不足改革补,坚定不移地实施创新强县战略,"
    "国家创新型县建设稳步推进,科技创新综合实力显著增强,"
    "走出了一条科技强、产业好、生态优的高质量发展之路。",
    "二、总体思路",
    "坚持以科技创新和数字化改革为抓手,加快构筑具有新昌特色的创新体系,推动产业链创新链深度融合,"
    "全面提升企业技术创新能力和核心竞争力,为共同富裕示范区建设提供有力支撑。",
    "三、保障措施",
    "强化组织领导,完善工作机制,加大财政科技投入,"
    "营造鼓励创新、宽容失败的良好氛围,确保各项任务落到实处。",
]


def test_lines_of_a_fixed_width_export_are_joined_back_into_paragraphs() -> None:
    wrapped = [part for paragraph in PARAGRAPHS for part in textwrap.wrap(paragraph, 24)]
    assert len(wrapped) > 2 * len(PARAGRAPHS)  # the fixture really is wrapped

    assert clean_text("\n".join(wrapped)).split("\n") == PARAGRAPHS


def test_one_paragraph_per_line_text_is_left_alone() -> None:
    assert clean_text("\n".join(PARAGRAPHS)).split("\n") == PARAGRAPHS


def test_short_sentences_one_per_line_are_not_joined() -> None:
    lines = [f"第{n}条 本县企业申报{n}类科技项目的,按照有关规定给予支持。" for n in ORDINALS]

    assert clean_text("\n".join(lines)).split("\n") == lines


def test_seed_with_one_paragraph_per_line_keeps_its_lines() -> None:
    raw = (SEEDS / "003_5b1d037aeb131eb6.txt").read_text(encoding="utf-8")
    lines = [normalise_line(line) for line in raw.splitlines()]
    expected = [line for line in lines if line and line != "|"]

    assert clean_text(raw).split("\n") == expected


def test_body_line_mentioning_a_location_is_not_taken_for_a_breadcrumb() -> None:
    raw = "关于项目选址的通知\n一、项目选址\n项目所在位置\n应符合国土空间规划。"

    assert clean_text(raw) == raw
