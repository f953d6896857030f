"""The hybrid searcher as a LangChain retriever: a query (and filters) -> Documents that carry Evidence."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from core.records import ChunkRecord, DocumentRecord, Evidence, Filters, doc_id_of
from vectorstore.retrieve import HybridSearcher


def evidence_to_document(evidence: Evidence) -> Document:
    """A Document with citation metadata; `metadata["evidence"]` keeps the Evidence itself."""
    chunk, document = evidence.chunk, evidence.document
    return Document(page_content=chunk.text, id=chunk.chunk_id, metadata={
        "chunk_id": chunk.chunk_id, "doc_id": chunk.doc_id, "source": document.source,
        "title": document.title, "section": evidence.section_path, "context": chunk.context,
        "start": chunk.start, "end": chunk.end, "region": document.region, "date": document.date,
        "doc_type": document.doc_type, "score": evidence.score, "evidence": evidence})


def evidence_from_document(document: Document) -> Evidence:
    """The Evidence a Document stands for: the one it carries, else one built from its metadata
    (so that any LangChain retriever's Documents can be cited)."""
    meta: dict[str, Any] = document.metadata
    if isinstance(carried := meta.get("evidence"), Evidence):
        return carried
    chunk_id = str(meta.get("chunk_id") or document.id or meta.get("source", ""))
    doc_id = str(meta.get("doc_id") or doc_id_of(chunk_id))
    section = tuple(part for part in str(meta.get("section", "")).split(" > ") if part)
    start = int(meta.get("start", 0))
    chunk = ChunkRecord(chunk_id=chunk_id, doc_id=doc_id, ord=0, start=start,
                        end=int(meta.get("end", start + len(document.page_content))), section=section,
                        text=document.page_content, context=str(meta.get("context", "")))
    source = str(meta.get("source", ""))
    record = DocumentRecord(doc_id=doc_id, path=source, source=source, title=str(meta.get("title", source)),
                            clean_text=document.page_content, region=str(meta.get("region", "")),
                            date=str(meta.get("date", "")), doc_type=str(meta.get("doc_type", "")))
    return Evidence(chunk, record, float(meta.get("score", 0.0)))


class PolicyRetriever(BaseRetriever):
    """LangChain face of the searcher: `invoke(query, filters=Filters(...))` -> the k best passages.

    Filters come with each call, so one retriever serves concurrent questions unchanged."""

    searcher: HybridSearcher
    k: int

    model_config = {"arbitrary_types_allowed": True}

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                filters: Filters | None = None) -> list[Document]:
        return [evidence_to_document(e) for e in self.searcher.search(query, self.k, filters)]
