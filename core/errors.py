"""Errors a user can act on: str(error) says what to do."""

from __future__ import annotations

from pathlib import Path


class PolicyQAError(Exception):
    """Base class: the CLIs and the UI show str(error) as it is."""


class ModelMissingError(PolicyQAError):
    def __init__(self, what: str, path: Path, problem: str = "is missing") -> None:
        super().__init__(
            f"The {what} at {path} {problem}. Fetch and verify the models with: "
            "python -m assistant setup"
        )


class IndexNotBuiltError(PolicyQAError):
    def __init__(self, directory: Path) -> None:
        super().__init__(
            f"No policy index found in {directory}. Build it with: python -m ingest corpus/seeds"
        )


class ChromaUnavailableError(PolicyQAError):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"Cannot reach the Chroma server at {url} ({reason}). Start it (chroma run --path DIR) "
            "or unset POLICYQA_CHROMA_URL to use the embedded store."
        )


class IndexInUseError(PolicyQAError):
    def __init__(self, directory: Path, owner: str) -> None:
        super().__init__(
            f"The index in {directory} is open in another process ({owner or 'unknown'}); an embedded "
            "Chroma store must have one process at a time. Stop that process first (a running app "
            "takes new documents by its admin upload), or run a Chroma server (chroma run --path DIR) "
            "and set POLICYQA_CHROMA_URL so that several processes can share the index."
        )


class BadInputError(PolicyQAError):
    """The question or history cannot be used; the message says how to fix it."""
