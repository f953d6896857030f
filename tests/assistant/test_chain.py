"""The answering chain's wiring with scripted models (unit), and the real local model (end to end)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.retrievers import BaseRetriever

from assistant import chain as chain_module
from assistant.answer_policy import AnswerPolicy
from assistant.chain import PolicyAssistant
from core.records import ChunkRecord, DocumentRecord, Evidence, Filters, doc_id_of
from vectorstore.langchain_retriever import PolicyRetriever, evidence_to_document
from vectorstore.retrieve import HybridSearcher

SUBSIDY = "企业购买检验检测服务的,按实际支出的50%给予补助,每家企业每年最高20万元。"
DEADLINE = "企业于每年6月30日前通过兰溪市科技局网站提交申请。"


def _evidence(text: str, n: int, section: str = "二、支持标准") -> Evidence:
    clean = "兰溪市科技创新券实施办法\n" + SUBSIDY + "\n" + DEADLINE
    start = clean.index(text)
    document = DocumentRecord("doc1", "/p/lanxi.txt", "lanxi.txt", "兰溪市科技创新券实施办法", clean, "兰溪市")
    chunk = ChunkRecord(f"doc1:{n:05d}", "doc1", n, start, start + len(text), (section,), text)
    return Evidence(chunk, document, 1.0 / (n + 1))


class RecordingRetriever(BaseRetriever):
    """Stands in for the hybrid retriever: records each query and its filters, returns fixed evidence."""

    evidence: list[Evidence]
    queries: list[str] = []
    filters: list[Filters | None] = []

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                filters: Filters | None = None) -> list[Document]:
        self.queries.append(query)
        self.filters.append(filters)
        return [evidence_to_document(e) for e in self.evidence]


def _retriever(evidence: list[Evidence]) -> RecordingRetriever:
    return RecordingRetriever(evidence=evidence, queries=[], filters=[])


def _assistant(retriever: BaseRetriever, llm: Any, **changes: Any) -> PolicyAssistant:
    options: dict[str, Any] = {"backend": "local" if llm else "extractive", "count_tokens": len, "top_k": 5,
                               "context_tokens": 1400, "timeout_s": 120.0, "policy": AnswerPolicy(),
                               "documents": lambda: []}
    return PolicyAssistant(retriever, llm, **(options | changes))


def test_a_follow_up_is_resolved_by_rule_and_the_model_only_answers() -> None:
    retriever = _retriever([_evidence(DEADLINE, 1)])
    llm = FakeListChatModel(responses=["每年6月30日前提交申请[1]。"])  # one call: no rewrite by the model
    history = [("user", "兰溪市科技创新券每年什么时候截止申请?"), ("assistant", "6月30日。")]

    answer = _assistant(retriever, llm).ask("那温州市呢?", history)

    assert retriever.queries == ["温州市科技创新券每年什么时候截止申请?"]
    assert answer.query == retriever.queries[0]


def test_a_follow_up_about_a_place_no_document_covers_is_answered_as_not_covered() -> None:
    retriever = _retriever([_evidence(DEADLINE, 1)])
    llm = FakeListChatModel(responses=["每年6月30日前提交申请[1]。"])
    history = [("user", "兰溪市科技创新券每年什么时候截止申请?"), ("assistant", "6月30日。")]
    documents = [_evidence(DEADLINE, 1).document]

    answer = _assistant(retriever, llm, documents=lambda: documents).ask("那温州市呢?", history)

    assert answer.refused and answer.citations == []
    assert answer.answer.startswith("现有文件中没有找到关于温州市的内容。现有文件涉及兰溪市")


def test_fabricated_figure_never_reaches_the_user() -> None:
    retriever = _retriever([_evidence(SUBSIDY, 0), _evidence(DEADLINE, 1)])
    llm = FakeListChatModel(responses=["每家企业每年最高补助20万元[1]。另有配套资金9亿元[1]。"])
    assistant = _assistant(retriever, llm)

    events = list(assistant.stream("创新券的补助上限怎么规定?"))

    streamed = "".join(e.text for e in events if e.kind == "text")
    final = events[-1].answer
    assert final is not None
    assert "9亿" not in streamed and "9亿" not in final.answer
    assert final.removed_sentences == ["另有配套资金9亿元。"]
    assert "20万元" in final.answer and [c.n for c in final.citations] == [1]


def test_evidence_arrives_before_the_first_answer_text() -> None:
    retriever = _retriever([_evidence(SUBSIDY, 0)])
    llm = FakeListChatModel(responses=["最高20万元[1]。"])

    kinds = [e.kind for e in _assistant(retriever, llm).stream("最高补助多少?")]

    assert kinds[0] == "evidence" and kinds[-1] == "final" and "text" in kinds
    assert kinds.index("evidence") < kinds.index("text")


def test_markers_pointing_nowhere_are_removed_and_missing_ones_added() -> None:
    retriever = _retriever([_evidence(SUBSIDY, 0), _evidence(DEADLINE, 1)])
    llm = FakeListChatModel(responses=["按实际支出的50%给予补助[7]。每年6月30日前通过科技局网站提交申请。"])

    answer = _assistant(retriever, llm).ask("补助怎样计算，怎样申请?")

    assert "[7]" not in answer.answer
    assert answer.answer == "按实际支出的50%给予补助[1]。每年6月30日前通过科技局网站提交申请[2]。"
    for citation in answer.citations:
        clean = retriever.evidence[0].document.clean_text
        assert clean[citation.start:citation.end] == citation.quote


def test_nothing_found_is_a_plain_refusal_without_calling_the_model() -> None:
    llm = FakeListChatModel(responses=["这句话不应出现。"])

    answer = _assistant(_retriever([]), llm).ask("火星基地补贴多少?")

    assert answer.refused and "没有找到" in answer.answer and answer.citations == []


def test_a_refusal_that_then_answers_from_the_sources_is_not_a_refusal() -> None:
    retriever = _retriever([_evidence(SUBSIDY, 0)])
    llm = FakeListChatModel(responses=["现有文件中没有找到具体规定。每家企业每年最高20万元[1]。"])

    answer = _assistant(retriever, llm).ask("每家企业每年的补助有什么上限?")

    assert not answer.refused and answer.answer == "每家企业每年最高20万元[1]。"


def test_refusal_stays_when_the_sources_lack_the_asked_figure() -> None:
    retriever = _retriever([_evidence(DEADLINE, 1)])
    llm = FakeListChatModel(responses=["现有文件中没有找到补贴金额。资料只提到每年6月30日前申请[1]。"])

    answer = _assistant(retriever, llm).ask("创新券补贴金额是多少钱?")

    assert answer.refused


class BrokenModel(FakeListChatModel):
    def _call(self, *args: Any, **kwargs: Any) -> str:
        raise ConnectionError("LLM server went away")

    def _stream(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        raise ConnectionError("LLM server went away")


def test_a_failing_model_falls_back_to_the_extractive_answer() -> None:
    retriever = _retriever([_evidence(SUBSIDY, 0)])

    answer = _assistant(retriever, BrokenModel(responses=["x"])).ask("每家企业每年的补助有什么上限?")

    assert answer.backend == "extractive" and "went away" in answer.fallback_reason
    assert "20万元" in answer.answer and answer.citations


def test_a_model_that_runs_out_of_time_falls_back_to_the_extractive_answer() -> None:
    retriever = _retriever([_evidence(SUBSIDY, 0)])
    llm = FakeListChatModel(responses=["每家企业每年最高20万元[1]。"])

    answer = _assistant(retriever, llm, timeout_s=0.0).ask("每家企业每年的补助有什么上限?")

    assert answer.backend == "extractive"
    assert answer.fallback_reason.startswith("TimeoutError: no full answer")
    assert "20万元" in answer.answer


def test_an_error_in_the_answer_check_propagates_with_a_traceback_in_the_log(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken_check(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("a bug in verification")

    monkeypatch.setattr(chain_module, "settle", broken_check)
    assistant = _assistant(_retriever([_evidence(SUBSIDY, 0)]), FakeListChatModel(responses=["最高20万元[1]。"]))

    with caplog.at_level(logging.ERROR, logger="assistant.chain"), pytest.raises(KeyError, match="a bug"):
        assistant.ask("每家企业每年的补助有什么上限?")

    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)


def test_an_error_in_the_streamed_check_is_no_model_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_feed(self: Any, token: str) -> str:
        raise ValueError("a bug in the release check")

    monkeypatch.setattr(chain_module.Release, "feed", broken_feed)
    assistant = _assistant(_retriever([_evidence(SUBSIDY, 0)]), FakeListChatModel(responses=["最高20万元[1]。"]))

    with pytest.raises(ValueError, match="release check"):
        assistant.ask("每家企业每年的补助有什么上限?")


class FailingRetriever(BaseRetriever):
    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                ) -> list[Document]:
        raise RuntimeError("index went away")


def test_a_retrieval_error_propagates_instead_of_an_extractive_answer() -> None:
    assistant = _assistant(FailingRetriever(), FakeListChatModel(responses=["最高20万元[1]。"]))

    with pytest.raises(RuntimeError, match="index went away"):
        assistant.ask("每家企业每年的补助有什么上限?")


def test_filters_go_to_the_retriever_with_each_question() -> None:
    retriever = _retriever([_evidence(DEADLINE, 1)])
    assistant = _assistant(retriever, None)
    wanted = Filters(region="兰溪市")

    assistant.ask("什么时候提交申请?", filters=wanted)
    assistant.ask("什么时候提交申请?")

    assert retriever.filters == [wanted, None]


def test_top_k_bounds_the_passages_the_answer_uses() -> None:
    def copy(evidence: Evidence, i: int) -> Evidence:  # same passage and score, its own chunk id
        return dataclasses.replace(evidence, chunk=dataclasses.replace(evidence.chunk, chunk_id=f"doc1:c{i}"))

    many = [copy(_evidence(SUBSIDY, 0), i) for i in range(4)] + [copy(_evidence(DEADLINE, 1), i) for i in range(4, 8)]

    assert len(_assistant(_retriever(many), None, top_k=3).ask("什么时候提交申请?").evidence) == 3
    assert len(_assistant(_retriever(many), None, top_k=6).ask("什么时候提交申请?").evidence) == 6


class PlainRetriever(BaseRetriever):
    """Any LangChain retriever: Documents with citation metadata only, no Evidence attached."""

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                ) -> list[Document]:
        return [Document(page_content=DEADLINE, id="doc9:00003", metadata={
            "source": "plain.txt", "title": "申请指南", "section": "三、申请", "start": 40,
            "end": 40 + len(DEADLINE), "score": 0.8})]


def test_any_langchain_retriever_can_be_swapped_in() -> None:
    answer = _assistant(PlainRetriever(), None).ask("通过什么网站提交申请?", filters=Filters(region="某市"))

    assert "科技局网站提交申请[1]" in answer.answer
    assert (answer.citations[0].source, answer.citations[0].chunk_id) == ("plain.txt", "doc9:00003")
    assert answer.citations[0].start == 40 and answer.citations[0].quote == DEADLINE


def test_a_stream_abandoned_mid_answer_closes_the_model_stream() -> None:
    closed: list[bool] = []

    class ClosingModel(FakeListChatModel):
        def _stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from super()._stream(*args, **kwargs)
            finally:
                closed.append(True)

    llm = ClosingModel(responses=["每家企业每年最高20万元，按实际支出的50%给予补助[1]。"])
    events = _assistant(_retriever([_evidence(SUBSIDY, 0)]), llm).stream("补助有什么上限?")
    next(event for event in events if event.kind == "text")

    events.close()

    assert closed == [True]


# --- the real local model over the real sample corpus -------------------------------------------

@pytest.fixture(scope="module")
def seeds_searcher(tmp_path_factory: pytest.TempPathFactory, embeddings: Any) -> HybridSearcher:
    from ingest.config import IngestConfig
    from ingest.pipeline import ingest_paths
    from tests.conftest import SEEDS
    from vectorstore.index import open_index

    index = open_index(tmp_path_factory.mktemp("seeds-db"), embeddings)
    config = IngestConfig(chunk_tokens=300, embedding_model="m3e-small")
    ingest_paths([SEEDS], index, config=config, count_tokens=embeddings.count_tokens,
                 count_many=embeddings.count_tokens_many, progress=False)
    return HybridSearcher(index, dense_weight=0.4, candidates=40)


@pytest.fixture(scope="module")
def local_assistant(seeds_searcher: HybridSearcher, count_tiktoken: Callable[[str], int],
                    models_dir: Path) -> PolicyAssistant:
    from assistant.llm import load_local_chat

    llm = load_local_chat(models_dir=models_dir, model_path="", max_tokens=200, threads=2)
    return PolicyAssistant(PolicyRetriever(searcher=seeds_searcher, k=6), llm, backend="local",
                           documents=seeds_searcher.documents,
                           count_tokens=count_tiktoken, top_k=6, context_tokens=900, timeout_s=120.0,
                           policy=AnswerPolicy())


def _quotes_are_exact(answer: Any, searcher: HybridSearcher) -> bool:
    catalog = searcher.index.catalog
    return all((catalog.clean_text(doc_id_of(c.chunk_id)) or "")[c.start:c.end] == c.quote
               for c in answer.citations)


def test_a_figure_question_gets_the_sources_bound_figure_with_the_local_model_too(
        local_assistant: PolicyAssistant, seeds_searcher: HybridSearcher) -> None:
    answer = local_assistant.ask("湖州到2027年高新区R&D投入强度要达到多少?")

    assert answer.backend == "extractive" and not answer.refused and not answer.fallback_reason
    assert "8%" in answer.answer and answer.citations
    assert any(c.source.startswith("004_") for c in answer.citations)
    assert _quotes_are_exact(answer, seeds_searcher)


def test_local_model_follow_up_uses_the_conversation(local_assistant: PolicyAssistant,
        seeds_searcher: HybridSearcher) -> None:
    history = [("user", "嵊州十大创新行动里,知识产权方面有什么目标?"),
               ("assistant", "嵊州开展规上工业企业“专利清零”三年行动计划。")]

    answer = local_assistant.ask("那发明专利授权量到2015年要达到多少件?", history)

    assert "嵊州" in answer.query or "知识产权" in answer.query or "专利" in answer.query
    assert any(c.source.startswith("001_") for c in answer.citations)
    assert _quotes_are_exact(answer, seeds_searcher)


def test_local_model_does_not_invent_an_amount_the_documents_lack(local_assistant: PolicyAssistant) -> None:
    answer = local_assistant.ask("新昌县引进的“天姥英才”人才,购房补贴标准是多少钱?")

    assert answer.refused
    assert "万元" not in answer.answer


def test_a_target_is_not_passed_off_as_an_achieved_figure() -> None:
    target = "力争到2022年,研发投入占地区生产总值的比重达到5%。"
    retriever = _retriever([_evidence(SUBSIDY, 0)])
    retriever.evidence[0] = Evidence(
        ChunkRecord("doc2:00000", "doc2", 0, 0, len(target), ("一、目标",), target),
        DocumentRecord("doc2", "/p/t.txt", "t.txt", "示范区意见", target), 1.0)
    llm = FakeListChatModel(responses=["2022年研发投入比重实际达到了5%[1]。"])

    answer = _assistant(retriever, llm).ask("2022年研发投入占地区生产总值的比重实际达到了多少?")

    assert "5%" not in answer.answer and answer.refused


def test_a_sentence_citing_a_passage_that_says_nothing_of_the_kind_is_dropped() -> None:
    retriever = _retriever([_evidence(SUBSIDY, 0), _evidence(DEADLINE, 1)])
    llm = FakeListChatModel(responses=["每年6月30日前提交申请[2]。对新引进的博士给予生活补贴[1]。"])

    answer = _assistant(retriever, llm).ask("什么时候申请?")

    assert answer.answer == "每年6月30日前提交申请[2]。"
    assert answer.removed_sentences == ["对新引进的博士给予生活补贴。"]


def test_a_refusal_keeps_its_pointer_to_the_nearest_source() -> None:
    retriever = _retriever([_evidence(DEADLINE, 1)])

    answer = _assistant(retriever, None).ask("创新券补贴金额是多少钱?")

    assert answer.refused and answer.answer.endswith("最接近的内容见来源[1]。")
    assert answer.citations and answer.citations[0].quote


def test_a_bare_yes_gets_the_sources_own_words() -> None:
    retriever = _retriever([_evidence(SUBSIDY, 0), _evidence(DEADLINE, 1)])
    llm = FakeListChatModel(responses=["有[1]。"])

    answer = _assistant(retriever, llm).ask("购买检验检测服务有补助吗?")

    assert answer.answer.startswith("有[1]。相关原文：")
    assert "按实际支出的50%给予补助" in answer.answer and not answer.refused
    assert answer.backend == "local" and answer.citations[0].quote in SUBSIDY


def test_a_full_answer_gets_no_quotes_and_a_said_figure_is_not_repeated() -> None:
    retriever = _retriever([_evidence(SUBSIDY, 0), _evidence(DEADLINE, 1)])
    full = "购买检验检测服务按实际支出的50%给予补助,每家企业每年最高20万元[1]。"
    cut = "每年6月30日前提交申请[2]。另有配套资金9亿元[1]。"  # loses a sentence to the figure check
    answers = [_assistant(retriever, FakeListChatModel(responses=[r])).ask(q) for r, q in
               ((full, "检验检测服务怎么补助?"), (cut, "什么时候提交申请?"))]

    assert answers[0].answer == full
    assert answers[1].answer == "每年6月30日前提交申请[2]。"
    assert answers[1].removed_sentences == ["另有配套资金9亿元。"]


def test_a_copied_sign_off_line_is_no_answer() -> None:
    retriever = _retriever([_evidence(SUBSIDY, 0), _evidence(DEADLINE, 1)])
    llm = FakeListChatModel(responses=["兰溪市科技局2024-03-08[1]。"])

    answer = _assistant(retriever, llm).ask("检验检测服务怎样补助?")

    assert "2024-03-08" not in answer.answer and "按实际支出的50%给予补助" in answer.answer
    assert answer.backend == "extractive" and "nothing in the model's answer" in answer.fallback_reason


def test_an_answer_that_repeats_the_question_gets_the_sources_own_words() -> None:
    retriever = _retriever([_evidence(SUBSIDY, 0), _evidence(DEADLINE, 1)])
    question = "我们企业购买检验检测服务,政府有没有补助政策?"
    llm = FakeListChatModel(responses=["我们企业购买检验检测服务,政府有补助政策[1]。"])

    answer = _assistant(retriever, llm).ask(question)

    assert "相关原文：" in answer.answer and "按实际支出的50%给予补助" in answer.answer


TALENT = "深入实施“鲲鹏行动”等各类引才计划,优化提升“南太湖精英计划”“南太湖特支计划”等高层次人才引育工程。"


def _talent_evidence() -> Evidence:
    clean = "湖州市人才新政\n" + TALENT
    document = DocumentRecord("doc2", "/p/hz.txt", "hz.txt", "湖州市人才新政", clean, "湖州市")
    start = clean.index(TALENT)
    chunk = ChunkRecord("doc2:00000", "doc2", 0, start, start + len(TALENT), ("二、人才",), TALENT)
    return Evidence(chunk, document, 1.0)


def test_a_list_answer_that_leaves_out_named_programmes_gets_the_sources_own_words() -> None:
    retriever = _retriever([_talent_evidence()])
    llm = FakeListChatModel(responses=["湖州主要靠“鲲鹏行动”等各类引才计划[1]。"])

    answer = _assistant(retriever, llm).ask("湖州引进高层次人才主要靠什么计划和工程?")

    assert answer.answer.startswith("湖州主要靠“鲲鹏行动”等各类引才计划[1]。相关原文：")
    assert "南太湖精英计划" in answer.answer and "南太湖特支计划" in answer.answer


def test_a_list_answer_naming_every_programme_is_left_as_it_is() -> None:
    full = "湖州靠“鲲鹏行动”等引才计划和“南太湖精英计划”“南太湖特支计划”等引育工程[1]。"
    llm = FakeListChatModel(responses=[full])

    answer = _assistant(_retriever([_talent_evidence()]), llm).ask(
        "湖州引进高层次人才主要靠什么计划和工程?")

    assert answer.answer == full


def test_sentence_picking_reads_passages_beyond_the_models_budget() -> None:
    evidence = [_evidence(SUBSIDY, 0), _evidence(DEADLINE, 1)]
    tight = len(SUBSIDY) + 40
    with_model = _assistant(_retriever(evidence), FakeListChatModel(responses=["每年6月30日前[2]。"]),
                            context_tokens=tight)
    without = _assistant(_retriever(evidence), None, context_tokens=tight)

    assert len(with_model.ask("什么时候提交申请?").evidence) == 1
    answer = without.ask("通过什么网站提交申请?")
    assert len(answer.evidence) == 2 and "科技局网站提交申请[2]" in answer.answer


def test_a_rank_the_model_rewords_takes_the_sources_word() -> None:
    ranking = "到2027年,国家创新型城市排名进入全国前20位。"
    clean = "湖州市科创枢纽意见\n" + ranking
    document = DocumentRecord("doc3", "/p/hz.txt", "hz.txt", "湖州市科创枢纽意见", clean, "湖州市")
    start = clean.index(ranking)
    chunk = ChunkRecord("doc3:00000", "doc3", 0, start, start + len(ranking), ("一、目标",), ranking)
    llm = FakeListChatModel(responses=["到2027年国家创新型城市排名要进入全国第20位[1]。"])

    answer = _assistant(_retriever([Evidence(chunk, document, 1.0)]), llm).ask("湖州创新型城市排名要进入第几位?")

    assert answer.answer == "到2027年国家创新型城市排名要进入全国前20位[1]。"


def test_a_comparison_is_computed_and_the_model_is_not_asked() -> None:
    from tests.assistant.test_extractive import _two_places

    retriever = _retriever(_two_places())
    llm = FakeListChatModel(responses=["两地目标一样[1][2]。"])  # a small model's wrong verdict

    answer = _assistant(retriever, llm).ask("嘉兴和丽水的研发投入强度目标分别是多少？哪个更高？")

    assert answer.answer.startswith("嘉兴研发投入强度达到3.5%[1]；丽水研发投入强度达到2.8%[2]。嘉兴高于丽水。")
    assert "一样" not in answer.answer


def test_a_list_question_gets_the_sources_enumeration_and_the_model_is_not_asked() -> None:
    llm = FakeListChatModel(responses=["湖州主要靠“鲲鹏行动”“千人计划”和“万人计划”[1]。"] * 2)  # i counts calls

    answer = _assistant(_retriever([_talent_evidence()]), llm).ask("湖州引进高层次人才主要靠哪些计划和工程?")

    assert "南太湖精英计划" in answer.answer and "南太湖特支计划" in answer.answer
    assert "千人计划" not in answer.answer and "万人计划" not in answer.answer
    assert answer.backend == "extractive" and llm.i == 0


def test_a_figure_question_is_answered_from_the_sources_without_asking_the_model() -> None:
    retriever = _retriever([_evidence(SUBSIDY, 0), _evidence(DEADLINE, 1)])
    llm = FakeListChatModel(responses=["每家企业每年最高30万元[1]。"] * 2)  # misread; i counts calls

    answer = _assistant(retriever, llm).ask("每家企业每年最高补助多少万元?")

    assert "20万元[1]" in answer.answer and "30万元" not in answer.answer
    assert answer.backend == "extractive" and not answer.fallback_reason and llm.i == 0


def test_the_model_token_budget_cuts_only_what_the_model_reads() -> None:
    """A figure question is answered from the sources, which read every retrieved passage; the
    budget (here room for about one passage) bounds only what a model reads."""
    retriever = _retriever([_evidence(DEADLINE, 1), _evidence(SUBSIDY, 0)])
    llm = FakeListChatModel(responses=["每年6月30日前提交申请[1]。"])
    tight = _assistant(retriever, llm, context_tokens=40)

    figure = tight.ask("每家企业每年最高补助多少万元?")
    assert len(figure.evidence) == 2 and "20万元" in figure.answer

    worded = tight.ask("什么时候提交申请?")
    assert len(worded.evidence) == 1


def test_a_comparison_nothing_can_be_computed_for_is_still_answered_from_the_sources() -> None:
    evidence = []
    for n, (region, sentence) in enumerate([("嘉兴市", "到2025年，研发投入强度达到3.5%。"),
                                            ("丽水市", "丽水要持续加大研发投入，建设一批创新平台。")]):  # no figure
        document = DocumentRecord(f"p{n}", f"/p/{n}.txt", f"{n}.txt", f"{region}科技创新规划", sentence, region,
                                  (region,))
        evidence.append(Evidence(ChunkRecord(f"p{n}:00000", f"p{n}", 0, 0, len(sentence), ("一、目标",), sentence),
                                 document, 1.0))
    llm = FakeListChatModel(responses=["两地都定了3.5%的目标[1][2]。"] * 2)  # a wrong reading; i counts calls

    answer = _assistant(_retriever(evidence), llm).ask("在研发投入方面，嘉兴和丽水分别定了什么要求？")

    assert answer.backend == "extractive" and llm.i == 0 and "两地" not in answer.answer


def test_a_question_for_a_target_is_answered_from_the_sources_and_the_model_is_not_asked() -> None:
    llm = FakeListChatModel(responses=["补助目标为30万元[1]。"] * 2)  # i counts calls

    answer = _assistant(_retriever([_evidence(SUBSIDY, 0)]), llm).ask("检验检测服务补助提出了什么目标？")

    assert answer.backend == "extractive" and llm.i == 0 and "30万元" not in answer.answer
