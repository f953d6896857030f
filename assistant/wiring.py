"""Settings -> the embedding model, index, retriever, answer policy and assistant (built only here)."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from pathlib import Path

from assistant.answer_policy import AnswerPolicy
from assistant.backends import backend_named
from assistant.chain import PolicyAssistant
from assistant.match_chat import MatchChat
from core.errors import IndexNotBuiltError, PolicyQAError
from core.records import Filters
from core.token_count import load_tiktoken_counter
from settings import Settings
from vectorstore.index import open_index
from vectorstore.langchain_retriever import PolicyRetriever
from vectorstore.models import load_embeddings
from vectorstore.retrieve import HybridSearcher


class AnswerPolicyError(PolicyQAError):
    def __init__(self, problem: str) -> None:
        names = ", ".join(f.name for f in fields(AnswerPolicy))
        super().__init__(f"POLICYQA_ANSWER_POLICY: {problem}. It is a JSON object of overrides, "
                         f'e.g. {{"figure_overlap": 0.3}}; the fields are: {names}')


def answer_policy_from(overrides: str) -> AnswerPolicy:
    """The default AnswerPolicy with the fields a JSON object (Settings.answer_policy) sets; "" keeps all."""
    if not overrides.strip():
        return AnswerPolicy()
    try:
        given = json.loads(overrides)
    except json.JSONDecodeError as error:
        raise AnswerPolicyError(f"not valid JSON ({error})") from error
    if not isinstance(given, dict):
        raise AnswerPolicyError(f"expected a JSON object, got {type(given).__name__}")
    defaults = AnswerPolicy()
    known = {f.name for f in fields(AnswerPolicy)}
    if unknown := sorted(set(given) - known):
        raise AnswerPolicyError(f"unknown field(s) {', '.join(unknown)}")
    values = {}
    for name, value in given.items():
        kind = type(getattr(defaults, name))
        # bool is an int to Python, never a threshold; an int is a fine float
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                (kind is int and not isinstance(value, int)):
            wanted = "an integer" if kind is int else "a number"
            raise AnswerPolicyError(f"{name} must be {wanted}, got {value!r}")
        values[name] = kind(value)
    return replace(defaults, **values)


def open_searcher(settings: Settings, db: Path | None = None, *, must_exist: bool = True) -> HybridSearcher:
    """Load the embedding model once and open the index it was built with."""
    directory = db or settings.db
    if must_exist and not settings.chroma_url and not (directory / "chroma").exists():
        raise IndexNotBuiltError(directory)
    embeddings = load_embeddings(settings.embedding_model, settings.models_dir)
    index = open_index(directory, embeddings, chroma_url=settings.chroma_url,
                       collection=settings.collection)
    if must_exist and index.catalog.version() == 0:
        raise IndexNotBuiltError(directory)
    return HybridSearcher(index, dense_weight=settings.dense_weight, candidates=settings.candidates,
                          today=settings.as_of)


def build_assistant(settings: Settings, db: Path | None = None, backend: str | None = None, *,
                    searcher: HybridSearcher | None = None) -> PolicyAssistant:
    """The answering assistant for a backend in BACKENDS, models loaded once; `searcher` if the
    caller has opened the index already."""
    chosen = backend or settings.llm_backend
    policy = answer_policy_from(settings.answer_policy)  # a typo fails before models load
    llm = backend_named(chosen).load(settings)
    searcher = searcher or open_searcher(settings, db)
    retriever = PolicyRetriever(searcher=searcher, k=settings.top_k)
    catalog = searcher.index.catalog
    match_chat = MatchChat(lambda today: catalog.measures(today=today), catalog.evidence_at, settings.as_of)
    return PolicyAssistant(retriever, llm, backend=chosen,
                           count_tokens=load_tiktoken_counter(settings.models_dir),
                           top_k=settings.top_k, context_tokens=settings.context_tokens,
                           timeout_s=settings.llm_timeout_s, policy=policy,
                           documents=searcher.documents, chunk_at=catalog.chunk_at,
                           targets_of=lambda doc_id: catalog.targets(Filters(document=doc_id)),
                           status_of=catalog.status_of,
                           today=settings.as_of, match_chat=match_chat)
