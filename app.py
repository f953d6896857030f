"""python app.py [--db DIR] [--host 127.0.0.1] [--port 7860] [--backend local|openai|extractive]:
the chat UI, the HTTP API and the portal widget in one server."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from settings import Settings
from core.errors import PolicyQAError


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(prog="python app.py", description=__doc__)
    parser.add_argument("--db", type=Path, default=settings.db,
                        help="index directory (POLICYQA_DB)")
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
                        help="address to listen on (GRADIO_SERVER_NAME); 0.0.0.0 for all")
    parser.add_argument("--port", type=int,
                        default=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
                        help="port (GRADIO_SERVER_PORT)")
    parser.add_argument("--backend", choices=["local", "openai", "extractive"],
                        default=settings.llm_backend, help="answer backend (POLICYQA_LLM_BACKEND)")
    args = parser.parse_args(argv)
    try:
        from web.wiring import build_web_app

        app = build_web_app(settings, args.db, args.backend)
    except (PolicyQAError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    import uvicorn

    print(f"policy assistant on http://{args.host}:{args.port}/ "
          f"(backend {args.backend}, index {args.db})", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                timeout_graceful_shutdown=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
