"""The web face of the assistant: Gradio UI, HTTP API and portal embedding (served by app.py).

Names are imported on first use: importing the package loads neither Gradio nor FastAPI.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "build_web_app": "web.wiring",
    "create_app": "web.server",
    "create_api": "web.server",
    "AppParts": "web.service",
    "QAService": "web.service",
    "AskRequest": "web.schemas",
    "ChatRequest": "web.schemas",
    "ExampleGroup": "web.examples",
    "example_questions": "web.examples",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'web' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
