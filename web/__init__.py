"""The web face of the assistant: Gradio UI, HTTP API and portal embedding (served by app.py).

Names are imported on first use: importing the package loads neither Gradio nor FastAPI.
"""

from __future__ import annotations

from core.lazy import lazy_exports

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

__getattr__ = lazy_exports(__name__, _HOMES)
