"""Tests for ingest.split: characters stand in for tokens (count_tokens=len): exact budgets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.clean import clean_text
from ingest.split import Chunk, heading_label, heading_rank, split_into_chunks
from tests.ingest.counters import RecordingCounter

SEEDS = sorted((Path(__file__).resolve().parents[2] / "corpus" / "seeds").glob("*.txt"))
_SENTENCE = re.compile(r"[^。！？；!?;]*(?:[。！？；!?;]+[”’」』）)]*|$)")
_ENDS_SENTENCE = re.compile(r"[。！？；!?;][”’」』）)】]*$")


def split(clean: str, budget: int) -> list[Chunk]:
    return split_into_chunks(clean, chunk_tokens=budget, count_tokens=len)


def sentence(lead: str, length: int) -> str:
    """A sentence of exactly `length` characters: lead, filler clauses, a full stop."""
    body = lead
    while len(body) < length - 1:
        body += "，推进科技创新工作"
    return body[: length - 1].rstrip("，").ljust(length - 1, "新") + "。"


def line_around(clean: str, position: int) -> tuple[int, int]:
    start = clean.rfind("\n", 0, position) + 1
    end = clean.find("\n", position)
    return start, len(clean) if end < 0 else end


def assert_well_formed(clean: str, chunks: list[Chunk], budget: int) -> None:
    """Offsets cite the text, order holds, size keeps to budget, no sentence is cut needlessly."""
    previous_end = 0
    for chunk in chunks:
        assert clean[chunk.start:chunk.end] == chunk.text
        assert chunk.text.strip()
        assert chunk.start >= previous_end, "chunks overlap or are out of order"
        previous_end = chunk.end
        assert len(chunk.text) <= budget * 11 // 10, (len(chunk.text), chunk.text[:30])
        if len(chunk.text) > budget:  # only a heading-only lead may push a chunk past the budget
            assert heading_rank(chunk.text.split("\n", 1)[0]) >= 0, chunk.text[:30]
        assert all("\n" not in label for label in chunk.section), chunk.section
        assert len(set(chunk.section)) == len(chunk.section), chunk.section
        assert_ends_at_a_boundary(clean, chunk, budget)


def assert_ends_at_a_boundary(clean: str, chunk: Chunk, budget: int) -> None:
    if chunk.end == len(clean) or clean[chunk.end] == "\n" or _ENDS_SENTENCE.search(chunk.text):
        return
    line_start, line_end = line_around(clean, chunk.end)
    for match in _SENTENCE.finditer(clean[line_start:line_end]):
        if line_start + match.start() < chunk.end < line_start + match.end():
            # Cutting inside a sentence is only allowed when the sentence alone is over budget.
            assert len(match.group()) > budget, f"cut inside a sentence: …{chunk.text[-20:]}"
            return
    pytest.fail(f"chunk ends at no boundary: …{chunk.text[-20:]}")


def chunk_holding(chunks: list[Chunk], text: str) -> Chunk:
    holding = [chunk for chunk in chunks if text in chunk.text]
    assert len(holding) == 1, (text, holding)
    return holding[0]


# --- heading_rank and heading_label --------------------------------------------------------------


@pytest.mark.parametrize(("line", "rank"), [
    ("第一章 总则", 0),
    ("第二节 资金管理", 1),
    ("一、总体要求", 2),
    ("十二、保障措施", 2),
    ("（一）指导思想", 3),
    ("(二)发展目标", 3),
    ("第十二条 本办法自发布之日起施行。", 4),
    ("1.强化企业主体", 4),
    ("2、建设创新平台", 4),
    ("（1）培育高新技术企业", 5),
    ("专栏1:重点项目", 5),
    ("一是做强创新支撑。", 6),
    ("1.5亿元专项资金用于研发补助。", -1),
    ("二〇二三年全县研发投入持续增长。", -1),
    ("坚持创新驱动发展。", -1),
])
def test_heading_rank(line: str, rank: int) -> None:
    assert heading_rank(line) == rank


def test_heading_label_is_the_whole_short_line_without_a_trailing_stop() -> None:
    assert heading_label("（一）指导思想。") == "（一）指导思想"
    assert heading_label("一、总体要求") == "一、总体要求"


def test_heading_label_of_a_long_line_is_its_first_clause() -> None:
    line = "（一）总体要求。以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。"

    assert heading_label(line) == "（一）总体要求"


def test_heading_label_of_a_long_first_clause_is_shortened() -> None:
    label = heading_label("第一条 " + "为加强科技创新" * 10 + "。本办法适用于全县。")

    assert len(label) == 41
    assert label.startswith("第一条 为加强科技创新") and label.endswith("…")


# --- basics --------------------------------------------------------------------------------------


@pytest.mark.parametrize("clean", ["", "\n", "\n\n\n"])
def test_empty_input_gives_no_chunks(clean: str) -> None:
    assert split(clean, 100) == []


def test_short_paragraphs_share_one_chunk() -> None:
    clean = "坚持创新驱动发展。\n推动高质量发展。"

    assert split(clean, 100) == [Chunk(clean, 0, len(clean), ())]


# --- heading paths -------------------------------------------------------------------------------

NESTED = "\n".join([
    "一、总体要求",
    "（一）指导思想",
    "坚持创新驱动发展，推动高质量发展。",
    "1.强化企业主体",
    "（1）培育高新技术企业",
    "支持企业加大研发投入。",
    "（2）培育科技型中小企业",
    "扩大科技型中小企业规模。",
    "2.建设创新平台",
    "建设一批重点实验室。",
    "（二）发展目标",
    "到2025年研发投入占比达到3%。",
    "二、重点任务",
    "加快建设科创走廊。",
])


def test_heading_paths_nest_and_pop_when_a_higher_heading_arrives() -> None:
    chunks = split(NESTED, 40)

    assert_well_formed(NESTED, chunks, 40)
    sections = {body: chunk_holding(chunks, body).section for body in (
        "坚持创新驱动发展", "支持企业加大研发投入", "扩大科技型中小企业规模", "建设一批重点实验室",
        "到2025年研发投入", "加快建设科创走廊")}
    assert sections == {
        "坚持创新驱动发展": ("一、总体要求", "（一）指导思想"),
        "支持企业加大研发投入": (
            "一、总体要求", "（一）指导思想", "1.强化企业主体", "（1）培育高新技术企业"),
        "扩大科技型中小企业规模": (
            "一、总体要求", "（一）指导思想", "1.强化企业主体", "（2）培育科技型中小企业"),
        "建设一批重点实验室": ("一、总体要求", "（一）指导思想", "2.建设创新平台"),
        "到2025年研发投入": ("一、总体要求", "（二）发展目标"),
        "加快建设科创走廊": ("二、重点任务",),
    }


def test_a_heading_starts_the_chunk_of_the_body_it_introduces() -> None:
    chunks = split(NESTED, 40)

    assert chunk_holding(chunks, "加快建设科创走廊").text == "二、重点任务\n加快建设科创走廊。"
    assert chunk_holding(chunks, "支持企业加大研发投入").text == (
        "1.强化企业主体\n（1）培育高新技术企业\n支持企业加大研发投入。")  # headings wait for a body


def test_chunks_never_cross_into_the_next_top_level_section() -> None:
    clean = "\n".join([
        "一、总体要求", "坚持创新驱动发展。", "推动高质量发展。",
        "二、重点任务", "加快建设科创走廊。", "三、保障措施", "强化组织领导。",
    ])
    chunks = split(clean, 1000)  # everything would fit in one chunk

    assert [chunk.text for chunk in chunks] == [
        "一、总体要求\n坚持创新驱动发展。\n推动高质量发展。",
        "二、重点任务\n加快建设科创走廊。",
        "三、保障措施\n强化组织领导。",
    ]
    assert [chunk.section for chunk in chunks] == [
        ("一、总体要求",), ("二、重点任务",), ("三、保障措施",)]


def test_articles_nest_under_chapters_and_a_new_chapter_pops_them() -> None:
    first = ("第一条 为加强科技项目管理，提高财政资金使用效益，制定本办法。"
             "本办法适用于县级科技项目。")
    second = "第二条 县科技局负责项目的立项、实施和验收。县财政局负责资金的拨付和监督检查工作。"
    third = "第三条 对新认定的国家高新技术企业给予一次性奖励。奖励资金由县财政统筹安排。"
    clean = "\n".join(["第一章 总则", first, second, "第二章 支持措施", third])

    chunks = split(clean, 60)

    assert_well_formed(clean, chunks, 60)
    assert chunk_holding(chunks, "本办法适用于县级科技项目").section == (
        "第一章 总则", "第一条 为加强科技项目管理，提高财政资金使用效益，制定本办法")
    assert chunk_holding(chunks, "县财政局负责资金").section == (
        "第一章 总则", "第二条 县科技局负责项目的立项、实施和验收")
    assert chunk_holding(chunks, "奖励资金由县财政统筹安排").section == (
        "第二章 支持措施", "第三条 对新认定的国家高新技术企业给予一次性奖励")


# --- long paragraphs -----------------------------------------------------------------------------


def test_inline_enumeration_splits_at_items_and_names_them_in_the_section() -> None:
    items = [
        "一是培育高新技术企业，实施倍增计划，扩大企业规模。",
        "二是建设创新平台，建设实验室和研究院，提升研发能力。",
        "三是引进高端人才，实施人才计划，集聚创新团队。",
    ]
    lead = "强化企业创新主体地位，推动产业升级。"
    clean = "二、重点任务\n" + lead + "".join(items)
    assert len(clean) > 50

    chunks = split(clean, 50)

    assert_well_formed(clean, chunks, 50)
    assert [chunk.text for chunk in chunks] == ["二、重点任务\n" + lead, *items]
    assert [chunk.section for chunk in chunks] == [
        ("二、重点任务",),
        ("二、重点任务", "一是培育高新技术企业"),
        ("二、重点任务", "二是建设创新平台"),
        ("二、重点任务", "三是引进高端人才"),
    ]


def test_a_paragraph_is_cut_between_sentences_not_inside_one() -> None:
    # The first sentence is over half the paragraph but fits the budget on its own.
    tasks = "".join(sentence(f"第{n}项任务", 20) for n in "一二三")
    clean = sentence("坚持创新驱动发展", 80) + tasks

    chunks = split(clean, 100)

    assert_well_formed(clean, chunks, 100)
    assert [chunk.text for chunk in chunks] == [clean[:80], clean[80:]]


def test_a_heading_lead_does_not_push_the_first_sentence_into_a_cut() -> None:
    # Heading plus first sentence is just over the budget; the sentence alone fits.
    heading = "（一）实施产业提升赋能行动"
    body = sentence("铆定产业抓创新", 190) + sentence("围绕科技型企业培育目标", 100)
    clean = heading + "\n" + body

    chunks = split(clean, 200)

    assert_well_formed(clean, chunks, 200)
    assert [chunk.text for chunk in chunks] == [heading + "\n" + body[:190], body[190:]]
    assert all(chunk.section == (heading,) for chunk in chunks)


def test_a_long_paragraph_under_a_numbered_heading_is_not_named_twice() -> None:
    body = "".join(sentence(f"支持企业开展第{n}类研发", 45) for n in "一二三四")
    clean = "1.强化企业主体\n" + body

    chunks = split(clean, 100)

    assert_well_formed(clean, chunks, 100)
    assert len(chunks) == 2
    assert all(chunk.section == ("1.强化企业主体",) for chunk in chunks)


def test_a_run_on_sentence_over_the_budget_is_cut_at_commas() -> None:
    clean = "，".join(f"推进第{n}项科技创新工作" for n in range(1, 21)) + "。"
    assert len(clean) > 200

    chunks = split(clean, 60)

    assert_well_formed(clean, chunks, 60)
    assert "".join(chunk.text for chunk in chunks) == clean
    assert all(chunk.text.endswith(("，", "。")) for chunk in chunks)


def test_a_trailing_signature_joins_the_chunk_before_it() -> None:
    body = "".join(sentence(f"第{n}项任务", 25) for n in "一二三四五六七八九十")
    clean = "三、工作要求\n" + body + "\n县科技局2021-12-16"

    chunks = split(clean, 200)

    assert_well_formed(clean, chunks, 200)
    assert len(chunks) == 2
    assert chunks[-1].text.endswith(body[-25:] + "\n县科技局2021-12-16")
    assert chunks[-1].section == ("三、工作要求",)


# --- tables --------------------------------------------------------------------------------------

CAPTION = "表:十四五科技创新主要指标"
HEADER = "指标名称 | 2020年 | 2025年 |"
ROWS = [
    "研发投入占比(%) | 4.38 | 5 |",
    "高新技术企业数(家) | 220 | 440 |",
    "科技型中小企业数(家) | 683 | 1400 |",
    "技术交易总额(亿元) | 6.4 | 12 |",
    "每万人发明专利拥有量(件) | 20 | 30 |",
]
TABLE = "\n".join([CAPTION, HEADER, *ROWS])


def test_a_table_that_fits_stays_one_table_chunk_with_its_caption() -> None:
    before, after = "主要指标如下表所示。", "各项指标纳入年度考核。"
    clean = "\n".join([before, TABLE, after])

    chunks = split(clean, 200)

    assert_well_formed(clean, chunks, 200)
    tables = [chunk for chunk in chunks if chunk.kind == "table"]
    assert [(chunk.text, chunk.context) for chunk in tables] == [(TABLE, "")]
    assert chunk_holding(chunks, before).kind == chunk_holding(chunks, after).kind == "text"


def test_a_table_over_the_budget_splits_by_rows_and_repeats_its_header() -> None:
    clean = "\n".join(["一、主要指标", TABLE])

    chunks = split(clean, 70)

    assert_well_formed(clean, chunks, 70)
    assert len(chunks) >= 3 and all(chunk.kind == "table" for chunk in chunks)
    assert chunks[0].text.startswith(CAPTION + "\n" + HEADER)
    for chunk in chunks[1:]:
        assert HEADER in chunk.context and CAPTION in chunk.context
    rows = [row for chunk in chunks for row in chunk.text.split("\n")]
    assert rows == [CAPTION, HEADER, *ROWS]  # every row whole, none lost or repeated
    assert all(chunk.section == ("一、主要指标",) for chunk in chunks)


def test_a_table_without_caption_repeats_its_header_row() -> None:
    clean = "\n".join([HEADER, *ROWS])

    chunks = split(clean, 60)

    assert len(chunks) >= 2
    assert [chunk.context for chunk in chunks[1:]] == [HEADER] * (len(chunks) - 1)
    assert [row for chunk in chunks for row in chunk.text.split("\n")] == [HEADER, *ROWS]


def test_a_single_huge_table_row_is_split_like_prose() -> None:
    cell = "".join(sentence(f"建设第{n}个科创平台", 30) for n in "一二三四五六")
    huge_row = "科创走廊 | " + cell + " |"
    clean = "\n".join(["表:重点项目", "项目 | 内容 |", huge_row, "科创飞地 | 建设科创飞地。 |"])

    chunks = split(clean, 80)

    assert_well_formed(clean, chunks, 80)
    assert all(chunk.kind == "table" for chunk in chunks)
    pieces = [chunk for chunk in chunks if chunk.start >= clean.index(huge_row)
              and chunk.end <= clean.index(huge_row) + len(huge_row)]
    assert len(pieces) >= 2
    assert "".join(chunk.text for chunk in pieces) == huge_row
    assert all(chunk.text.endswith(("。", "|")) for chunk in pieces)
    assert all("项目 | 内容 |" in chunk.context for chunk in chunks[1:])


# --- the shared seed corpus ----------------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.name[:3])
def test_seed_chunks_cite_the_text_fit_the_budget_and_lose_nothing(path: Path) -> None:
    clean = clean_text(path.read_text(encoding="utf-8"))

    chunks = split(clean, 300)

    assert chunks
    assert_well_formed(clean, chunks, 300)
    covered = bytearray(len(clean))
    for chunk in chunks:
        covered[chunk.start:chunk.end] = b"\x01" * (chunk.end - chunk.start)
    offset = 0
    for line in clean.split("\n"):
        standalone_heading = heading_rank(line) >= 0 and len(line) <= 40
        if line.strip() and not standalone_heading:
            assert all(covered[offset:offset + len(line)]), f"lost: {line[:30]}"
        offset += len(line) + 1


def test_a_tokenizer_that_merges_across_separators_gets_whole_span_counts() -> None:
    # Counts one token per character plus one per 20 characters of a span: not a sum of clauses,
    # so the splitter must fall back to counting whole spans and still respect the budget.
    def merging(text: str) -> int:
        return len(text) + len(text) // 20

    clean = "".join(f"第{i}项，内容说明文字{i}。" for i in range(60))
    chunks = split_into_chunks(clean, chunk_tokens=60, count_tokens=merging)
    assert chunks and all(merging(c.text) <= 60 for c in chunks)
    assert "".join(c.text for c in chunks) == clean


def test_counting_a_documents_clauses_in_one_call_gives_the_same_chunks() -> None:
    counter = RecordingCounter()
    clean = clean_text(SEEDS[0].read_text(encoding="utf-8"))
    one_by_one = split_into_chunks(clean, chunk_tokens=120, count_tokens=len)

    batched = split_into_chunks(clean, chunk_tokens=120, count_tokens=counter.count, count_many=counter.count_many)

    calls, alone = counter.calls, counter.alone
    assert batched == one_by_one
    assert len(calls) == 2  # the clauses up front, then the chunks' exactness check
    assert len(calls[0]) == len(set(calls[0]))
    # Only spans that start inside a clause (a heading's label, say) are counted on their own.
    assert len(alone) < len(calls[0]) / 10, alone[:5]
