"""Which passages an answer may cite when the question names a place."""

from __future__ import annotations

from assistant.answer_policy import AnswerPolicy
from assistant.extractive import extractive_answer
from assistant.verification.check import check_answer
from assistant.verification.places import local_places, passages_for_named_places
from core.records import ChunkRecord, DocumentRecord, Evidence

POLICY = AnswerPolicy()

HUZHOU = "到2027年,新引进领军型创新创业团队和人才项目600个以上。"
WENZHOU = "制订示范区领军人才及团队引育计划,加快高层次科技人才在示范区集聚。"
PROVINCE = "全省新引进领军型创新创业团队和人才项目300个以上。"


def _passage(n: int, text: str, title: str, regions: tuple[str, ...]) -> Evidence:
    document = DocumentRecord(f"doc{n}", f"/p/{n}.txt", f"{n}.txt", title, text, regions[0], regions)
    return Evidence(ChunkRecord(f"doc{n}:00000", f"doc{n}", 0, 0, len(text), ("二、任务",), text),
                    document, 1.0)


def _citable(question: str, evidence: list[Evidence]) -> set[int]:
    return passages_for_named_places(question, evidence, min_chars=POLICY.min_place_chars)


EVIDENCE = [_passage(1, WENZHOU, "关于推进宁波温州国家自主创新示范区建设的意见", ("温州市", "宁波市")),
            _passage(2, HUZHOU, "关于长三角科创枢纽城市的建设意见", ("湖州市", "浙江省")),
            _passage(3, PROVINCE, "浙江省人才发展规划", ("浙江省",))]


def test_a_named_place_leaves_out_documents_about_other_places_only() -> None:
    assert _citable("宁波温州示范区人才方面有什么计划?", EVIDENCE) == {1, 3}
    assert _citable("湖州要引进多少人才项目?", EVIDENCE) == {2, 3}
    assert _citable("温州和湖州的人才计划有什么不同?", EVIDENCE) == {1, 2, 3}


def test_a_question_naming_no_indexed_place_may_cite_everything() -> None:
    assert _citable("高层次人才有哪些引进计划?", EVIDENCE) == {1, 2, 3}
    assert _citable("杭州要引进多少人才?", EVIDENCE) == {1, 2, 3}


def test_a_sentence_backed_only_by_another_places_document_is_dropped() -> None:
    draft = "示范区制订领军人才及团队引育计划[1]。人才方面还有领军型创新创业团队和人才项目600个以上[2]。"

    checked = check_answer(draft, EVIDENCE, "宁波温州示范区人才方面有什么专门计划?", POLICY)

    assert "引育计划[1]" in checked.text and "600" not in checked.text
    assert checked.removed_sentences == ["人才方面还有领军型创新创业团队和人才项目600个以上。"]
    assert [c.n for c in checked.citations] == [1]


def test_the_same_sentence_stands_when_the_question_is_about_that_place() -> None:
    draft = "新引进领军型创新创业团队和人才项目600个以上[2]。"

    checked = check_answer(draft, EVIDENCE, "湖州要引进多少人才项目?", POLICY)

    assert "600个以上[2]" in checked.text and not checked.removed_sentences


def test_extractive_answers_skip_passages_about_another_place() -> None:
    answer = extractive_answer("温州要引进多少领军型创新创业团队和人才项目?", EVIDENCE, policy=POLICY)

    assert "600" not in answer and "300个" in answer and answer.endswith("[3]。")


def test_a_provincial_document_is_about_no_local_place() -> None:
    assert local_places(EVIDENCE[2], min_chars=2) == set()
    assert local_places(EVIDENCE[0], min_chars=2) == {"温州", "宁波"}
    assert local_places(EVIDENCE[0], min_chars=3) == set()  # stems too short to be names
