"""Chat model backends behind LangChain's BaseChatModel: in-process llama.cpp or an OpenAI API."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, ChatMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr, SecretStr

from assistant.llm_weights import resolve_local_llm

LOCAL_CONTEXT_TOKENS = 4096
_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


class LlamaCppChat(BaseChatModel):
    """One in-process llama.cpp model; concurrent callers queue on a lock, greedy decoding."""

    model_path: str
    max_tokens: int = 256
    _llama: Any = PrivateAttr()
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, llama: Any, **fields: Any) -> None:
        super().__init__(**fields)
        # Kept for the process: llama.cpp reuses the KV cache of a prompt prefix shared with
        # the previous call (e.g. the system prompt), so later calls skip re-reading it.
        self._llama = llama

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-chat"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "max_tokens": self.max_tokens}

    def _completion_args(self, messages: list[BaseMessage], stop: list[str] | None,
                         kwargs: dict[str, Any]) -> dict[str, Any]:
        return {"messages": [_to_role_dict(m) for m in messages], "temperature": 0,
                "max_tokens": kwargs.get("max_tokens", self.max_tokens), "stop": stop or []}

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any,
                  ) -> ChatResult:
        with self._lock:
            response = self._llama.create_chat_completion(
                **self._completion_args(messages, stop, kwargs), stream=False)
        choice, usage = response["choices"][0], response.get("usage") or {}
        message = AIMessage(
            content=choice["message"].get("content") or "",
            response_metadata={"finish_reason": choice.get("finish_reason"),
                               "model_name": self.model_path},
            usage_metadata={"input_tokens": usage.get("prompt_tokens", 0),
                            "output_tokens": usage.get("completion_tokens", 0),
                            "total_tokens": usage.get("total_tokens", 0)},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any,
                ) -> Iterator[ChatGenerationChunk]:
        # The lock is held until the stream ends or its consumer closes the generator.
        with self._lock:
            for part in self._llama.create_chat_completion(
                    **self._completion_args(messages, stop, kwargs), stream=True):
                choice = part["choices"][0]
                text, finish = choice["delta"].get("content") or "", choice.get("finish_reason")
                if not text and not finish:
                    continue
                metadata = {"finish_reason": finish, "model_name": self.model_path}
                chunk = ChatGenerationChunk(message=AIMessageChunk(
                    content=text, response_metadata=metadata if finish else {}))
                if run_manager and text:
                    run_manager.on_llm_new_token(text, chunk=chunk)
                yield chunk


def _to_role_dict(message: BaseMessage) -> dict[str, str]:
    role = message.role if isinstance(message, ChatMessage) else _ROLES.get(message.type)
    if role is None:
        raise ValueError(f"LlamaCppChat cannot send a {message.type!r} message")
    return {"role": role, "content": str(message.text)}


def load_local_chat(*, models_dir: Path, model_path: str, max_tokens: int, threads: int) -> LlamaCppChat:
    """The packaged (or configured) GGUF model in-process, ready to call."""
    path = resolve_local_llm(models_dir, model_path)
    from llama_cpp import Llama  # loads the native library: import only when called

    llama = Llama(model_path=str(path), n_ctx=LOCAL_CONTEXT_TOKENS, n_threads=threads,
                  n_batch=512, verbose=False)
    return LlamaCppChat(llama, model_path=str(path), max_tokens=max_tokens)


def load_openai_chat(*, base_url: str, model: str, timeout_s: float, max_tokens: int) -> BaseChatModel:
    """Any OpenAI-compatible server (vLLM, Ollama, llama.cpp server, hosted APIs)."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=base_url, model=model,
        api_key=SecretStr(os.environ.get("OPENAI_API_KEY") or "not-needed"),  # local servers need none
        timeout=timeout_s, max_completion_tokens=max_tokens, temperature=0, max_retries=1,
        # ChatOpenAI sends the cap as max_completion_tokens only, which llama-cpp-python's
        # server ignores (answers then run to the context limit); repeat it as max_tokens.
        extra_body={"max_tokens": max_tokens},
    )
