"""The scale bench's instruments: peak RSS, embeddings that record what they encode, raw encode time."""

from __future__ import annotations

import os
import threading
import time

from vectorstore.models import SentenceEmbeddings


class PeakRss(threading.Thread):
    """Samples this process's resident memory every 20 ms while `active`; `peak` since `reset`."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.peak = 0
        self.active = False

    def now(self) -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * self.page

    def reset(self) -> int:
        self.peak = self.now()
        return self.peak

    def run(self) -> None:
        while True:
            if self.active:
                self.peak = max(self.peak, self.now())
            time.sleep(0.02)


class RecordingEmbeddings(SentenceEmbeddings):
    """The same model; while `recording`, keeps every text it embeds and the seconds it took, so
    the ceiling can re-encode what ingestion has just embedded."""

    def __init__(self, embeddings: SentenceEmbeddings) -> None:
        super().__init__(embeddings.model, embeddings.name, embeddings.batch_size)
        self.recording = False
        self.texts: list[str] = []
        self.seconds = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not self.recording:
            return super().embed_documents(texts)
        started = time.perf_counter()
        vectors = super().embed_documents(texts)
        self.seconds += time.perf_counter() - started
        self.texts += texts
        return vectors


def encode_seconds(embeddings: SentenceEmbeddings, texts: list[str],
                    order: tuple[int, ...]) -> dict[int, float]:
    """Seconds to encode the texts in one call (the model sorts them by length) at each batch
    size: the raw model with nothing else to do."""
    seconds = {}
    for batch_size in order:
        raw = SentenceEmbeddings(embeddings.model, embeddings.name, batch_size)
        started = time.perf_counter()
        raw.embed_documents(texts)
        seconds[batch_size] = time.perf_counter() - started
    return seconds
