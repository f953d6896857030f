"""Questions -> cited, checked answers: the chain, its backends, the typed answer, the CLI.

Names are imported on first use: importing the package loads no model and no LangChain.
"""

from __future__ import annotations

from core.lazy import lazy_exports

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

__getattr__ = lazy_exports(__name__, _HOMES)
