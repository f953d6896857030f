"""Conversation history in any accepted shape -> validated (role, text) turns -> a standalone question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.answer_policy import AnswerPolicy
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


def keyword_follow_up_query(question: str, history: Sequence[tuple[str, str]]) -> str:
    """Without an LLM, a follow-up is searched together with the previous user question."""
    previous = [text for role, text in history if role == "user" and text]
    return f"{previous[-1]} {question}" if previous else question


_ROLE_NAMES = {"user": "用户", "assistant": "助手"}
_REWRITE_LABEL = re.compile(r"^(改写后的问题|问题)[:：]\s*")


def history_for_prompt(history: Sequence[tuple[str, str]], policy: AnswerPolicy) -> str:
    """The last turns, each cut short, as the condense prompt shows them."""
    return "\n".join(f"{_ROLE_NAMES[role]}:{text[:policy.history_turn_chars]}"
                     for role, text in history[max(len(history) - policy.history_turns, 0):])


def usable_rewrite(rewrite: str, question: str, history: Sequence[tuple[str, str]],
                   policy: AnswerPolicy) -> str:
    """The model's standalone question, or the keyword fallback when it rambled or answered."""
    line = rewrite.strip().splitlines()[0].strip() if rewrite.strip() else ""
    line = _REWRITE_LABEL.sub("", line).strip("“”\"' ")
    longest = policy.rewrite_growth * len(question) + policy.rewrite_slack
    if not line or len(line) > longest or len(line) < int(len(question) * policy.rewrite_min_share):
        return keyword_follow_up_query(question, history)
    return line
