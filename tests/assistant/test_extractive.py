"""The extractive answer's sentence choice (no LLM): what it picks, skips and adds."""

from __future__ import annotations

from assistant.answer_policy import AnswerPolicy
from assistant.extractive import extractive_answer, question_parts
from assistant.verification.refusal import NEAREST_WORDS, NO_FIGURE_FOR_YEAR, NOTHING_ANSWERS, is_refusal
from core.records import ChunkRecord, DocumentRecord, Evidence

POLICY = AnswerPolicy()

FRAMING = "为加快推进示范区建设,现就推进宁波温州国家自主创新示范区建设提出如下意见。"
FUNDING = "进一步加大投入力度,采取省级引导、以市为主的投入方式,综合运用无偿资助、风险补偿等方式。"


def _evidence(*passages: str) -> list[Evidence]:
    clean = "\n".join(passages)
    document = DocumentRecord("doc", "/p/d.txt", "d.txt", "关于推进宁波温州国家自主创新示范区建设的若干意见",
                              clean, "宁波市")
    found = []
    for n, text in enumerate(passages):
        start = clean.index(text)
        chunk = ChunkRecord(f"doc:{n:05d}", "doc", n, start, start + len(text), ("三、保障",), text)
        found.append(Evidence(chunk, document, 1.0 / (n + 1)))
    return found


def test_a_framing_sentence_is_never_the_answer() -> None:
    answer = extractive_answer("示范区建设的资金投入采取什么方式?", _evidence(FRAMING, FUNDING), policy=POLICY)

    assert answer == f"{FUNDING[:-1]}[2]。"


def test_a_second_sentence_without_figures_is_added_when_it_answers_more() -> None:
    fund = "谋划设立省市联合创业投资或科技成果转化引导基金。"
    question = "示范区的资金投入采取什么方式?还设立哪些引导基金?"

    answer = extractive_answer(question, _evidence(FUNDING, fund), policy=POLICY)

    assert answer == f"{FUNDING[:-1]}[1]。{fund[:-1]}[2]。"


def test_each_part_of_a_two_part_question_gets_its_best_sentence() -> None:
    talent = "力争到2022年引进海内外高层次创新创业人才30000名以上,投向科技创新创业领域的民间资本达到1500亿元。"
    plan = "制订示范区领军人才及团队引育计划,开辟海外高层次人才高级职称评审绿色通道。"
    question = "示范区人才方面有什么专门计划?到2022年要引进多少海内外高层次创新创业人才?"

    answer = extractive_answer(question, _evidence(talent, plan), policy=POLICY)

    assert "领军人才及团队引育计划" in answer and "30000名" in answer


def test_words_of_the_title_and_headings_count_for_a_sentence() -> None:
    # Both sentences share the same words with the question; the place and year are only in
    # the second one's title.
    current = "全县现有国家高新技术企业220家、科技型中小企业702家。"
    planned = "全年国家高新技术企业增加25家以上、科技型中小企业增加80家以上。"
    clean = f"{current}\n{planned}"
    found = []
    for n, (text, title) in enumerate(((current, "十三五科技创新成就"), (planned, "新昌县2022年科技工作思路"))):
        document = DocumentRecord(f"d{n}", f"/p/{n}.txt", f"{n}.txt", title, clean, "")
        start = clean.index(text)
        chunk = ChunkRecord(f"d{n}:00000", f"d{n}", 0, start, start + len(text), ("工作重点",), text)
        found.append(Evidence(chunk, document, 1.0))

    answer = extractive_answer("新昌县2022年计划新增多少家国家高新技术企业?", found, policy=POLICY)

    assert answer.startswith(planned[:-1] + "[2]")


def test_question_parts_drop_pieces_too_short_to_ask_anything() -> None:
    assert question_parts("示范区资金投入采取什么方式?是吗?", min_chars=6) == ["示范区资金投入采取什么方式"]
    assert question_parts("示范区资金投入采取什么方式?是吗?", min_chars=2) == ["示范区资金投入采取什么方式", "是吗"]


def test_nothing_that_answers_is_a_refusal_pointing_at_the_nearest_passage() -> None:
    answer = extractive_answer("火星基地的补贴标准是多少钱?", _evidence(FUNDING), policy=POLICY)

    assert answer == f"{NOTHING_ANSWERS}最接近的内容见来源[1]。" and is_refusal(answer)
    assert extractive_answer("火星基地的补贴标准是多少钱?", [], policy=POLICY) == NOTHING_ANSWERS


def test_max_sentences_bounds_the_answer() -> None:
    fund = "谋划设立省市联合创业投资或科技成果转化引导基金。"
    question = "示范区的资金投入采取什么方式,设立哪些引导基金?"

    assert extractive_answer(question, _evidence(FUNDING, fund), policy=POLICY).endswith(f"{fund[:-1]}[2]。")
    assert extractive_answer(question, _evidence(FUNDING, fund), policy=AnswerPolicy(max_sentences=1)) == \
        f"{FUNDING[:-1]}[1]。"


def test_a_clause_cut_at_its_comma_still_ends_as_a_sentence() -> None:
    clause = "进一步加大投入力度,采取省级引导、以市为主的投入方式,"

    assert extractive_answer("示范区资金投入采取什么方式?", _evidence(clause), policy=POLICY) == f"{clause}[1]。"


def _two_places() -> list[Evidence]:
    found = []
    for n, (region, sentence) in enumerate([("嘉兴市", "到2025年，研发投入强度达到3.5%。"),
                                            ("丽水市", "到2025年，研发投入强度达到2.8%。")]):
        title = f"{region}科技创新规划"
        document = DocumentRecord(f"p{n}", f"/p/{n}.txt", f"{n}.txt", title, sentence, region, (region,))
        chunk = ChunkRecord(f"p{n}:00000", f"p{n}", 0, 0, len(sentence), ("一、目标",), sentence)
        found.append(Evidence(chunk, document, 1.0))
    return found


def test_a_comparison_is_computed_from_each_places_own_sentence() -> None:
    answer = extractive_answer("嘉兴和丽水的研发投入强度目标分别是多少？哪个更高？", _two_places(),
                               policy=AnswerPolicy())
    assert answer.startswith("嘉兴研发投入强度达到3.5%[1]；丽水研发投入强度达到2.8%[2]。嘉兴高于丽水。")


def _plan(sentence: str, *, title: str = "嘉兴市科技创新规划", section: str = "一、目标", lead: str = "",
          date: str = "") -> list[Evidence]:
    document = DocumentRecord("q", "/p/q.txt", "q.txt", title, lead + sentence, "嘉兴市", ("嘉兴市",),
                              date=date)
    chunk = ChunkRecord("q:00000", "q", 0, len(lead), len(lead) + len(sentence), (section,), sentence)
    return [Evidence(chunk, document, 1.0, lead)]


def test_a_sentence_about_another_indicator_is_not_copied() -> None:
    evidence = _plan("到2025年，高新技术企业达到500家。")
    question = "嘉兴市科技创新规划里，到2025年省级财政安排多少专项资金？"
    assert "500家" in extractive_answer(question, evidence, policy=AnswerPolicy(indicator_coverage=0.0))
    strict = extractive_answer(question, evidence, policy=AnswerPolicy())
    assert "500家" not in strict and strict.startswith("现有文件中没有找到")


def test_a_figure_next_to_only_how_an_indicator_is_measured_is_not_its_figure() -> None:
    """广义货币 and 国内生产总值 share 增长: that word alone binds no figure to the asked indicator."""
    evidence = _plan("今年国内生产总值增长8%左右。", title="2007年政府工作报告")
    answer = extractive_answer("2007年政府工作报告中广义货币M2的增长目标是多少？", evidence, policy=POLICY)
    assert "8%" not in answer and is_refusal(answer)


def test_the_figure_must_stand_with_the_asked_head_word() -> None:
    """A 专项资金's amount does not answer how large a 基金 set up inside it is."""
    evidence = _plan("安排创新城市创建专项资金1亿元，在专项资金中设立科技风险投资基金。")
    answer = extractive_answer("嘉兴在创新城市专项资金中设立的科技风险投资基金规模有多大？", evidence, policy=POLICY)
    assert "1亿元" not in answer and is_refusal(answer)


def test_a_head_word_matches_its_other_spelling() -> None:
    evidence = _plan("到2025年，研究与试验发展经费支出占国内生产总值比重达到3.2%。")
    answer = extractive_answer("嘉兴到2025年研发经费支出占GDP比重要达到多少？", evidence, policy=POLICY)
    assert "3.2%[1]" in answer


def test_a_figure_the_question_itself_names_is_no_answer() -> None:
    evidence = _plan("加快实施嘉兴市“330海外英才计划”，吸引更多创新创业团队落户。")
    answer = extractive_answer("嘉兴市“330海外英才计划”给入选者多少创业资助？", evidence, policy=POLICY)
    assert is_refusal(answer) and "330海外英才计划”，" not in answer


def test_another_years_figure_is_named_as_such_not_given_as_the_asked_years() -> None:
    evidence = _plan("到2025年，高新技术企业达到500家。")
    answer = extractive_answer("嘉兴市到2023年高新技术企业要达到多少家？", evidence, policy=POLICY)
    assert answer.startswith(NO_FIGURE_FOR_YEAR.format(years="2023年")) and is_refusal(answer)
    assert f"{NEAREST_WORDS}到2025年，高新技术企业达到500家[1]。" in answer


def test_the_year_may_stand_earlier_in_the_paragraph_even_before_the_chunk() -> None:
    lead = "力争到2023年，全市研发投入强度达到3%。"
    evidence = _plan("带动高新技术企业达到500家。", lead=lead)
    answer = extractive_answer("嘉兴市到2023年高新技术企业要达到多少家？", evidence, policy=POLICY)
    assert answer == "带动高新技术企业达到500家[1]。"
    no_lead = _plan("带动高新技术企业达到500家。")
    assert is_refusal(extractive_answer("嘉兴市到2023年高新技术企业要达到多少家？", no_lead, policy=POLICY))


def test_this_year_in_a_yearly_document_is_its_year_but_a_title_year_alone_is_not() -> None:
    report = _plan("今年中央财政科技投入1461亿元。", title="2009年政府工作报告")
    assert "1461亿元[1]" in extractive_answer("2009年中央财政科技投入多少？", report, policy=POLICY)
    review = _plan("研发投入占GDP比重4.38%，位居全省前列。", title="嘉兴市2021年工作总结和2022年工作思路")
    assert is_refusal(extractive_answer("嘉兴市2022年研发投入占GDP比重的目标是多少？", review, policy=POLICY))


def test_a_plan_period_in_the_title_names_its_end_year() -> None:
    evidence = _plan("高新技术企业达到500家。", title="嘉兴市“十四五”科技创新规划")
    answer = extractive_answer("嘉兴市到2025年高新技术企业要达到多少家？", evidence, policy=POLICY)
    assert answer == "高新技术企业达到500家[1]。"


def test_a_figure_question_about_a_second_place_needs_that_place_in_the_paragraph() -> None:
    """"嘉兴在上海设立的中心引进多少项目": 嘉兴's own project target is not the 上海 centre's."""
    evidence = _plan("到2025年，新引进人工智能项目200个以上。")
    question = "嘉兴市在上海设立的招商中心到2025年要引进多少个项目？"
    assert is_refusal(extractive_answer(question, evidence, policy=POLICY))
    named = _plan("在上海设立招商中心，到2025年引进项目200个以上。")
    assert "200个以上[1]" in extractive_answer(question, named, policy=POLICY)


def test_a_target_question_is_not_answered_from_a_review_of_past_years() -> None:
    review = "过去五年，进出口总额年均增长12.2%，从世界第三位提升到第二位。"
    clean = f"一、过去五年工作回顾\n{review}"
    document = DocumentRecord("r", "/p/r.txt", "r.txt", "2013年政府工作报告", clean, "", doc_type="报告")
    start = clean.index(review)
    chunk = ChunkRecord("r:00000", "r", 0, start, start + len(review), ("一、过去五年工作回顾",), review)
    evidence = [Evidence(chunk, document, 1.0)]

    assert "12.2%" not in extractive_answer("2013年进出口总额增长的预期目标是多少？", evidence, policy=AnswerPolicy())
    assert "12.2%" in extractive_answer("过去五年进出口总额年均增长多少？", evidence, policy=AnswerPolicy())


def test_in_a_document_about_two_places_a_sentence_about_the_other_one_does_not_answer() -> None:
    ningbo = "支持宁波围绕智能经济领域，培育高端装备、新材料等千亿级产业集群。"
    wenzhou = "支持温州着力培育以眼视光为核心的生命健康产业集群。"
    clean = f"宁波温州示范区建设意见\n{ningbo}\n{wenzhou}"
    document = DocumentRecord("nw", "/p/nw.txt", "nw.txt", "宁波温州示范区建设意见", clean, "宁波市",
                              regions=("宁波市", "温州市"))
    evidence = []
    for n, text in enumerate((ningbo, wenzhou)):
        start = clean.index(text)
        chunk = ChunkRecord(f"nw:{n:05d}", "nw", n, start, start + len(text), ("三、产业",), text)
        evidence.append(Evidence(chunk, document, 1.0 / (n + 1)))

    answer = extractive_answer("温州要培育哪些千亿级产业集群？", evidence, policy=AnswerPolicy())

    assert "眼视光" in answer and "宁波" not in answer


def _report(*paragraphs: tuple[str, str]) -> list[Evidence]:
    """One yearly report's passages: (section heading, text) each."""
    clean = "\n".join(text for _, text in paragraphs)
    document = DocumentRecord("r", "/p/r.txt", "r.txt", "2013年政府工作报告", clean, "", doc_type="报告")
    found = []
    for n, (section, text) in enumerate(paragraphs):
        start = clean.index(text)
        chunk = ChunkRecord(f"r:{n:05d}", "r", n, start, start + len(text), (section,), text)
        found.append(Evidence(chunk, document, 1.0 / (n + 1)))
    return found


def test_a_later_part_gets_its_own_sentence_when_the_chosen_one_only_repeats_its_figure() -> None:
    deficit = "今年拟安排财政赤字1.2万亿元，比去年预算增加4000亿元。"
    rate = "今年增加赤字后，赤字率在2%左右，总体上处于安全水平。"
    evidence = _report(("二、主要预期目标", deficit + rate))

    answer = extractive_answer("2013年政府工作报告拟安排的财政赤字是多少？赤字率大约多少？", evidence, policy=POLICY)

    assert "1.2万亿元" in answer and "2%左右" in answer


def test_a_sentence_answering_both_parts_comes_before_another_topics_figure() -> None:
    teachers = "对义务教育阶段教师实行绩效工资制度，提高1200万中小学教师待遇，中央财政为此将投入120亿元。"
    grants = "国家助学制度进一步完善，中央财政投入223亿元，资助学生超过2000万人。"
    evidence = _report(("三、主要任务", teachers), ("三、主要任务", grants))
    question = "2013年政府工作报告在加强教师队伍建设上，要提高多少中小学教师的待遇？中央财政投入多少？"

    answer = extractive_answer(question, evidence, policy=POLICY)

    assert answer.startswith(f"{teachers[:-1]}[1]。")


def test_a_sentence_counting_another_group_does_not_answer() -> None:
    zones = "力争到2022年，两个国家高新区研发投入占地区生产总值的比重达到5%。"
    cities = "带动两市研发投入占地区生产总值的比重达到3%以上。"
    evidence = _evidence(zones + cities)

    assert "3%以上" in extractive_answer("两个市到2022年研发投入占地区生产总值的比重要达到多少？", evidence,
                                        policy=POLICY)
    assert "5%" not in extractive_answer("两个市到2022年研发投入占地区生产总值的比重要达到多少？", evidence,
                                        policy=POLICY)
    assert "5%" in extractive_answer("两个国家高新区到2022年研发投入占地区生产总值的比重要达到多少？", evidence,
                                     policy=POLICY)
