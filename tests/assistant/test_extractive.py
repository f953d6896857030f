"""The extractive answer's sentence choice (no LLM): what it picks, skips and adds."""

from __future__ import annotations

from assistant.answer_policy import AnswerPolicy
from assistant.extractive import extractive_answer, question_parts
from assistant.verification.refusal import NOTHING_ANSWERS, is_refusal
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


def test_with_indicator_coverage_a_sentence_about_another_indicator_is_not_copied() -> None:
    sentence = "到2025年，高新技术企业达到500家。"
    document = DocumentRecord("q", "/p/q.txt", "q.txt", "嘉兴市科技创新规划", sentence, "嘉兴市", ("嘉兴市",))
    chunk = ChunkRecord("q:00000", "q", 0, 0, len(sentence), ("一、目标",), sentence)
    evidence = [Evidence(chunk, document, 1.0)]
    question = "嘉兴市科技创新规划里，到2025年省级财政安排多少专项资金？"
    assert "500家" in extractive_answer(question, evidence, policy=AnswerPolicy())
    strict = extractive_answer(question, evidence, policy=AnswerPolicy(indicator_coverage=0.5))
    assert "500家" not in strict and strict.startswith("现有文件中没有找到")
