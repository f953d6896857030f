"""One PolicyAssistant per process, shared by the UI and the API: answers queue on one lock."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Collection, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from assistant.chain import Answer, Event, PolicyAssistant
from assistant.matcher import MatchResult, match
from core.errors import PolicyQAError
from core.knowledge import DocumentStatus
from core.measures import Measure, Profile
from core.records import DocumentRecord, Filters
from vectorstore.index import PolicyIndex
from web.examples import ExampleGroup
from web.feedback import FeedbackStore
from web.rate_limit import RateLimiter
from web.targets import PlacedTarget, statuses_on, targets_on
from web.uploads import Uploader


class BusyError(PolicyQAError):
    """Every answer slot stayed taken for longer than the caller is willing to wait."""

    def __init__(self, waited_s: float) -> None:
        super().__init__(f"the assistant is busy with other questions (waited {waited_s:.0f} s); "
                         "try again in a minute")
        self.waited_s = waited_s


class FifoLock:
    """A lock taken in arrival order: under load no request waits while later ones go first
    (threading.Lock lets any waiter win, so one unlucky client can wait without end)."""

    def __init__(self) -> None:
        self._turns = threading.Condition()
        self._next_ticket = 0
        self._serving = 0
        self._abandoned: set[int] = set()

    def acquire(self, timeout: float) -> bool:
        with self._turns:
            ticket = self._next_ticket
            self._next_ticket += 1
            if self._turns.wait_for(lambda: self._serving == ticket, timeout):
                return True
            self._abandoned.add(ticket)  # skipped when its turn comes
            return False

    def release(self) -> None:
        with self._turns:
            self._serving += 1
            while self._serving in self._abandoned:
                self._abandoned.remove(self._serving)
                self._serving += 1
            self._turns.notify_all()

    def waiting(self) -> int:
        """Requests queued behind the one being served."""
        with self._turns:
            return max(0, self._next_ticket - self._serving - 1 - len(self._abandoned))


@dataclass
class QAService:
    """The local LLM has one slot: requests queue for it in arrival order instead of failing."""

    assistant: PolicyAssistant
    index: PolicyIndex
    embedding_model: str
    model: str  # what /healthz and /v1/models call the answering model
    wait_s: float  # how long a request may queue for the slot before BusyError
    today: Callable[[], datetime.date] = datetime.date.today  # documents' status as of (POLICYQA_TODAY)
    _lock: FifoLock = field(default_factory=FifoLock, repr=False)

    @property
    def backend(self) -> str:
        return self.assistant.backend

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the answer slot (uploads write to the index under it)."""
        if not self._lock.acquire(timeout=self.wait_s):
            raise BusyError(self.wait_s)
        try:
            yield
        finally:
            self._lock.release()

    def stream(self, question: str, history: Sequence[tuple[str, str]] = (),
               filters: Filters | None = None) -> Generator[Event, None, None]:
        """The assistant's events; the slot is held until the stream ends or is closed."""
        with self.exclusive():
            yield from self.assistant.stream(question, history, filters)

    def ask(self, question: str, history: Sequence[tuple[str, str]] = (),
            filters: Filters | None = None) -> Answer:
        with self.exclusive():
            return self.assistant.ask(question, history, filters)

    def documents(self) -> list[DocumentRecord]:
        return self.index.catalog.documents()

    def chunk_counts(self) -> dict[str, int]:
        return self.index.catalog.chunk_counts()

    def statuses(self, today: datetime.date) -> dict[str, DocumentStatus]:
        """Each document's status as of `today`, by doc id."""
        return statuses_on(self.index.catalog, today)

    def targets(self, filters: Filters | None, year: int | None,
                today: datetime.date) -> list[PlacedTarget]:
        """Stored targets that pass the filters, with their documents' status as of `today`."""
        return targets_on(self.index.catalog, filters, year, today)

    def clean_text(self, doc_id: str) -> str | None:
        return self.index.catalog.clean_text(doc_id)

    def measures(self) -> list[Measure]:
        """Every stored support measure with its document's status today."""
        return self.index.catalog.measures(today=self.today())

    def match(self, profile: Profile, k: int, lacking: Collection[str] | None = None) -> MatchResult:
        """The k measures that best apply to the profile, and the questions that would settle the most;
        no model and no answer slot: it reads the catalog only. `lacking`: see assistant.matcher.match."""
        return match(profile, self.measures(), k=k, lacking=lacking)

    def health(self) -> dict[str, Any]:
        counts = self.chunk_counts()
        return {"status": "ok", "backend": self.backend, "model": self.model,
                "queued": self._lock.waiting(), "embedding_model": self.embedding_model,
                "index": {"documents": len(counts), "chunks": sum(counts.values()),
                          "version": self.index.catalog.version()}}


@dataclass
class AppParts:
    """What the UI and the API share, built once per process by web.wiring."""

    service: QAService
    feedback: FeedbackStore
    uploader: Uploader
    limiter: RateLimiter
    examples: list[ExampleGroup]  # the chat's example questions, in groups
