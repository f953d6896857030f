"""Questions -> cited, checked answers: the chain, its backends, the typed answer, the CLI.

Names are imported on first use: importing the package loads no model and no LangChain.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "PolicyAssistant": "assistant.chain",
    "Answer": "assistant.chain",
    "Event": "assistant.chain",
    "BACKENDS": "assistant.backends",
    "backend_named": "assistant.backends",
    "build_assistant": "assistant.wiring",
    "open_searcher": "assistant.wiring",
    "AnswerOut": "assistant.result",
    "CitationOut": "assistant.result",
    "answer_out": "assistant.result",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
