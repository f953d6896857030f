"""The answer backends by name: how each is built from Settings, named and labelled.

A new LLM client is one module with a loader and one line in BACKENDS; the CLIs' choices, the UI's
labels and /v1/models read this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI's match and documents commands need no LangChain: it takes a second to import
    from langchain_core.language_models import BaseChatModel

from core.errors import PolicyQAError
from settings import Settings


@dataclass(frozen=True)
class Backend:
    label: str  # shown under each answer in the UI: who wrote it
    load: Callable[[Settings], BaseChatModel | None]  # None: answers are built from the sources
    model_name: Callable[[Settings], str]  # what /healthz and /v1/models call the model


def _local(settings: Settings) -> BaseChatModel:
    from assistant.llm import load_local_chat  # loads llama.cpp: import only when chosen

    return load_local_chat(models_dir=settings.models_dir, model_path=settings.llm_model_path,
                           max_tokens=settings.max_answer_tokens, threads=settings.llm_threads)


def _local_name(settings: Settings) -> str:
    from assistant.llm_weights import resolve_local_llm

    return resolve_local_llm(settings.models_dir, settings.llm_model_path).name


def _openai(settings: Settings) -> BaseChatModel:
    from assistant.llm import load_openai_chat

    return load_openai_chat(base_url=settings.openai_base_url, model=settings.openai_model,
                            timeout_s=settings.llm_timeout_s, max_tokens=settings.max_answer_tokens)


EXTRACTIVE = "extractive"  # the fallback when a model fails: sentences copied from the sources
OPENAI = "openai"  # a model behind an OpenAI-compatible server: it may be down, slow or answer garbage

BACKENDS: dict[str, Backend] = {
    "local": Backend("本地模型生成", _local, _local_name),
    OPENAI: Backend("大模型生成", _openai, lambda settings: settings.openai_model),
    EXTRACTIVE: Backend("摘自原文(未经模型改写)", lambda settings: None, lambda settings: EXTRACTIVE),
}


class UnknownBackendError(PolicyQAError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown answer backend {name!r}: choose one of {', '.join(sorted(BACKENDS))} "
                         "(--backend or POLICYQA_LLM_BACKEND)")


def backend_named(name: str) -> Backend:
    if name not in BACKENDS:
        raise UnknownBackendError(name)
    return BACKENDS[name]

