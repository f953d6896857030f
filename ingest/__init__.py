"""Policy files -> clean, chunked, described documents in the index (see pipeline.py).

Names are imported on first use, so `import ingest` (and `python -m ingest --help`) loads no
parser, model or index library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.lazy import lazy_exports

if TYPE_CHECKING:
    from ingest.config import IngestConfig
    from ingest.formats import LOADERS
    from ingest.load import SkippedFile, find_policy_files, load_text
    from ingest.pipeline import IngestReport, ingest_paths

_HOMES = {
    "IngestConfig": "ingest.config",
    "IngestReport": "ingest.pipeline",
    "LOADERS": "ingest.formats",
    "SkippedFile": "ingest.load",
    "find_policy_files": "ingest.load",
    "ingest_paths": "ingest.pipeline",
    "load_text": "ingest.load",
}

__all__ = ["LOADERS", "IngestConfig", "IngestReport", "SkippedFile", "find_policy_files",
           "ingest_paths", "load_text"]

__getattr__ = lazy_exports(__name__, _HOMES)
