"""Conversation history in any accepted shape -> validated (role, text) turns -> a standalone question."""

from __future__ import annotations

from typing import Any

from core.errors import BadInputError

MAX_QUESTION_CHARS = 1000
MAX_HISTORY_TURNS = 20


def _text_of(content: Any) -> str:
    """Plain text of a message: a str (Gradio 5, OpenAI) or content parts (Gradio 6)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict) and "type" in content:
        # Files and images a chat UI attaches carry no question text: they are skipped.
        return str(content.get("text", "")) if content["type"] == "text" else ""
    if isinstance(content, list):
        return "".join(_text_of(part) for part in content if isinstance(part, (str, dict)))
    raise BadInputError("history message content must be text or a list of {type: text, text} parts")


def parse_history(history: Any) -> list[tuple[str, str]]:
    """[(role, text)] from [{"role": "user"|"assistant", "content": ...}] (system turns ignored)."""
    if history is None:
        return []
    if not isinstance(history, list):
        raise BadInputError('history must be a list of {"role": "user"|"assistant", "content": "..."}')
    turns = []
    for number, message in enumerate(history, 1):
        if not isinstance(message, dict) or "role" not in message or "content" not in message:
            raise BadInputError(f'history item {number} must be {{"role": ..., "content": ...}}')
        role = message["role"]
        if role == "system":
            continue
        if role not in ("user", "assistant"):
            raise BadInputError(f"history item {number} has role {role!r}; use 'user' or 'assistant'")
        turns.append((role, _text_of(message["content"]).strip()))
    if sum(role == "user" for role, _ in turns) > MAX_HISTORY_TURNS:
        raise BadInputError(f"history has more than {MAX_HISTORY_TURNS} user turns; start a new conversation")
    return turns


def check_question(question: Any) -> str:
    if not isinstance(question, str) or not question.strip():
        raise BadInputError("the question is empty: type a question about the policies")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadInputError(f"the question has {len(question)} characters; keep it under "
                            f"{MAX_QUESTION_CHARS} (ask about one thing at a time)")
    return question.strip()
