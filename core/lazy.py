"""A package's exported names -> a module __getattr__ that imports each from its home on first use.

Packages name what they export without importing it: `import web` loads neither Gradio nor FastAPI.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """The package's __getattr__: `homes` maps each exported name to the module that defines it."""

    def __getattr__(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(homes[name]), name)

    return __getattr__
