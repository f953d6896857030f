"""python app.py [--db DIR] [--host 127.0.0.1] [--port 7860] [--backend NAME]:
the chat UI, the HTTP API and the portal widget in one server."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from assistant.backends import BACKENDS
from core.errors import PolicyQAError
from settings import Settings, settings_for_cli


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python app.py", description=__doc__)
    parser.add_argument("--db", type=Path, default=settings.db,
                        help="index directory (POLICYQA_DB)")
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
                        help="address to listen on (GRADIO_SERVER_NAME); 0.0.0.0 for all")
    parser.add_argument("--port", type=int,
                        default=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
                        help="port (GRADIO_SERVER_PORT)")
    parser.add_argument("--backend", choices=sorted(BACKENDS), default=settings.llm_backend,
                        help="answer backend (POLICYQA_LLM_BACKEND)")
    return parser


def main(argv: list[str] | None = None) -> int:
    settings = settings_for_cli()
    args = _parser(settings).parse_args(argv)
    try:
        from web.wiring import build_web_app

        app = build_web_app(replace(settings, db=args.db, llm_backend=args.backend))
    except PolicyQAError as error:  # anything else is a bug: its traceback is the report
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
