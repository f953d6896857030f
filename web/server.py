"""The FastAPI app: API routes, /widget.js, and the Gradio UI mounted at / and /embed."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.api import api_router, install_error_handlers
from web.openai_api import openai_router
from web.service import AppParts
from web.ui import build_ui

STATIC = Path(__file__).parent / "static"
MAX_UPLOAD = "50mb"  # Gradio accepts uploads before the token is checked: keep them bounded


def parse_origins(setting: str) -> list[str]:
    """'https://a.gov.cn, https://b.gov.cn' -> the list; '*' allows any origin."""
    return [origin.strip().rstrip("/") for origin in setting.split(",") if origin.strip()]


class FramePolicy:
    """CSP frame-ancestors: /embed may be framed by the allowed origins, other pages only by us."""

    def __init__(self, app: ASGIApp, allowed_origins: list[str]) -> None:
        self.app = app
        embed_sources = "*" if "*" in allowed_origins else " ".join(["'self'", *allowed_origins])
        self.embed_policy = f"frame-ancestors {embed_sources}".encode()
        self.default_policy = b"frame-ancestors 'self'"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        embed = scope["path"] == "/embed" or scope["path"].startswith("/embed/")
        policy = self.embed_policy if embed else self.default_policy

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      (b"content-security-policy", policy)]
            await send(message)

        await self.app(scope, receive, send_with_policy)


def _theme() -> gr.themes.Base:
    # System CJK fonts only: the page must not fetch fonts from the internet.
    return gr.themes.Soft(primary_hue="red", secondary_hue="blue", neutral_hue="slate",
                          font=["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"],
                          font_mono=["SFMono-Regular", "Consolas", "monospace"])


def create_api(parts: AppParts, *, allowed_origins: list[str]) -> FastAPI:
    """The HTTP API alone (CORS, frame policy, errors, /api, /v1, /healthz, /widget.js)."""
    app = FastAPI(title="科技政策问答助手 API", docs_url="/api/docs", redoc_url=None,
                  openapi_url="/api/openapi.json")
    app.add_middleware(CORSMiddleware, allow_origins=allowed_origins, allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type", "Authorization"],
                       expose_headers=["Retry-After"])
    app.add_middleware(FramePolicy, allowed_origins=allowed_origins)
    install_error_handlers(app)
    app.include_router(api_router(parts.service, parts.limiter))
    app.include_router(openai_router(parts.service, parts.limiter))
    widget = (STATIC / "widget.js").read_text(encoding="utf-8")

    @app.get("/widget.js", include_in_schema=False)
    def widget_js() -> Response:
        return Response(widget, media_type="application/javascript",
                        headers={"Cache-Control": "public, max-age=600"})

    return app


def create_app(parts: AppParts, *, allowed_origins: list[str]) -> FastAPI:
    """The API plus the chat UI at / and the compact chat for iframes at /embed."""
    app = create_api(parts, allowed_origins=allowed_origins)

    @app.get("/embed", include_in_schema=False)
    def embed_slash() -> RedirectResponse:
        return RedirectResponse("embed/")  # relative: keeps working behind a path prefix

    head = f"<script>{(STATIC / 'ui.js').read_text(encoding='utf-8')}</script>"
    css = (STATIC / "ui.css").read_text(encoding="utf-8")
    embed_css = css + (STATIC / "embed.css").read_text(encoding="utf-8")
    for path, compact in (("/embed", True), ("/", False)):  # /embed first: "/" would swallow it
        gr.mount_gradio_app(app, build_ui(parts, compact=compact), path=path, theme=_theme(),
                            css=embed_css if compact else css, head=head, footer_links=[],
                            show_error=True, max_file_size=MAX_UPLOAD)
    return app
