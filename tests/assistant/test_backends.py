"""The backend registry: names, labels, and how each backend's model is built from Settings."""

from __future__ import annotations

import pytest

from assistant.backends import BACKENDS, EXTRACTIVE, UnknownBackendError, backend_named
from core.errors import PolicyQAError
from settings import Settings


@pytest.mark.parametrize("name", ["nope", "Local", ""])
def test_an_unknown_backend_is_refused_with_the_valid_names(name: str) -> None:
    with pytest.raises(UnknownBackendError, match="choose one of extractive, local, openai") as error:
        backend_named(name)

    assert repr(name) in str(error.value) and isinstance(error.value, PolicyQAError)


def test_the_extractive_backend_needs_no_model() -> None:
    backend = backend_named(EXTRACTIVE)

    assert backend.load(Settings()) is None and backend.model_name(Settings()) == EXTRACTIVE


def test_every_backend_has_a_label_and_the_openai_one_names_its_model() -> None:
    assert all(backend.label for backend in BACKENDS.values())
    assert BACKENDS["openai"].model_name(Settings(openai_model="qwen2.5-7b")) == "qwen2.5-7b"
