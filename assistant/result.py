"""An Answer -> the JSON object of the `ask --json` contract (shared by the CLI and the HTTP API)."""

from __future__ import annotations

from typing import Any

from assistant.chain import Answer


def answer_json(item_id: Any, answer: Answer) -> dict[str, Any]:
    return {"id": item_id, "answer": answer.answer, "refused": answer.refused, "backend": answer.backend,
            "citations": [{"n": c.n, "source": c.source, "title": c.title, "section": c.section,
                           "quote": c.quote, "start": c.start, "end": c.end} for c in answer.citations],
            "query": answer.query,
            "timings": {key: answer.timings.get(key) for key in ("retrieve_s", "first_token_s", "total_s")}}
