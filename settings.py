"""One frozen Settings object, read once at the entry points (CLIs and app.py)."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from core.errors import PolicyQAError

PROJECT_DIR = Path(__file__).resolve().parent


def _default_models_dir() -> Path:
    # Outside the checkout so that fresh clones on one machine share verified weights.
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "policyqa" / "models"


class SettingError(PolicyQAError):
    """A POLICYQA_* variable that cannot be read; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Every knob of the product; each default works on a fresh machine."""

    db: Path = PROJECT_DIR / "var" / "db"
    corpus: Path = PROJECT_DIR / "corpus" / "seeds"
    models_dir: Path = _default_models_dir()
    # "m3e-small" is the packaged model; any other value is a SentenceTransformer name or path
    # (e.g. BAAI/bge-small-zh-v1.5 where the hub is reachable).
    embedding_model: str = "m3e-small"
    chroma_url: str = ""  # empty: embedded PersistentClient in `db`; else e.g. http://127.0.0.1:8000
    collection: str = "policies"
    chunk_tokens: int = 300
    # Per-file budget of an ingest (CLI and uploads): a file over any limit is skipped whole, with the
    # reason, and the rest of the run goes on.
    # Checked before reading: 25 MB of text is ~8M Chinese characters, ~30,000 chunks, hours of embedding
    # on 2 cores; pypdf and python-docx hold a whole file in memory several times. Leaves room for picture PDFs.
    max_file_mb: float = 25.0
    # Counted before any page is read (0.3 s for 2,000 pages). Five-year plans run to a few hundred pages;
    # past 1,000 a PDF is a yearbook or a compilation, better ingested as its parts.
    max_pdf_pages: int = 1000
    # Declared uncompressed size of a .docx (a zip), checked before inflating: python-docx reads every part
    # into memory, and a 3 MB zip bomb took 3 GB and 26 s.
    max_unzipped_mb: float = 200.0
    # Reading, parsing, cleaning and splitting one file, checked between those stages (embedding is batched
    # across files and bounded by the size). 1,000 dense PDF pages (1.6M characters) load in 12 s on 2 busy cores.
    max_file_seconds: float = 120.0
    top_k: int = 5  # passages an answer may cite
    # Share of the dense score in hybrid fusion (BM25 gets the rest): best of 0.2-0.7 on CMRC.
    dense_weight: float = 0.4
    candidates: int = 40  # chunks each retriever proposes before fusion; fusion re-ranks their union
    # A name in assistant.backends.BACKENDS: extractive | local | openai. Extractive by default: on the
    # blind dev set the local 1.5B model scored below the answers built from the sources (README).
    llm_backend: str = "extractive"
    llm_model_path: str = ""  # empty: the packaged GGUF in models_dir
    openai_base_url: str = "http://127.0.0.1:8080/v1"
    openai_model: str = "local"
    llm_timeout_s: float = 120.0
    context_tokens: int = 900  # tiktoken tokens of evidence; prefill dominates first-token time
    max_answer_tokens: int = 256
    # JSON overrides of the answer check's thresholds (assistant AnswerPolicy), e.g. '{"figure_overlap": 0.3}'
    answer_policy: str = ""
    llm_threads: int = 2
    # Web app (python app.py)
    admin_token: str = ""  # empty: document uploads are disabled
    allowed_origins: str = ""  # comma-separated origins that may call the API and frame /embed
    rate_limit_per_minute: int = 30  # answer requests per client IP per minute; 0 turns it off
    queue_wait_s: float = 600.0  # how long a request may queue for the answer slot before a 503
    # Example questions the chat offers: a UTF-8 file, one question a line ([group] headings and
    # # comments allowed). Empty: `<corpus>.examples.txt` beside the corpus folder if there is one,
    # else questions made from the indexed titles.
    examples: str = ""
    # The day documents' status is computed for (yyyy-mm-dd), for tests and audits ("as of"); empty:
    # the real date. A notice valid until 2020-12-31 is expired as of any later day.
    today: str = ""

    def as_of(self) -> datetime.date:
        """`today` as a date (the real date when empty)."""
        if not self.today:
            return datetime.date.today()
        try:
            return datetime.date.fromisoformat(self.today)
        except ValueError as error:
            raise SettingError(f"POLICYQA_TODAY={self.today!r} is not a date like 2026-12-03: {error}") from error

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        """Override any field with POLICYQA_<FIELD>, e.g. POLICYQA_DB=/srv/index, POLICYQA_TOP_K=8."""
        overrides = {}
        for field in fields(cls):
            key = f"POLICYQA_{field.name.upper()}"
            if key in env:
                kind = type(getattr(cls, field.name))
                try:
                    overrides[field.name] = kind(env[key])
                except ValueError as error:
                    raise SettingError(f"{key}={env[key]!r} is not a valid {kind.__name__}: {error}") from error
        return cls(**overrides)


def settings_for_cli() -> Settings:
    """Settings.from_env() at a command's start: a bad variable ends it with `error: …`, exit 1."""
    try:
        return Settings.from_env()
    except SettingError as error:
        raise SystemExit(f"error: {error}") from None
