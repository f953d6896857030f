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


# Where a page may load from: only this server (Gradio's own inline scripts and styles included), so
# a link or image URL that a document smuggles into an answer fetches nothing from elsewhere
# (issue 20: no foreign image renders). Vega (the targets chart) compiles its expressions with
# Function, hence 'unsafe-eval'. The API's Swagger page loads its script from jsDelivr.
_PAGE_SOURCES = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
                 "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
                 "connect-src 'self'; media-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; "
                 "base-uri 'self'; form-action 'self'")
_DOCS_SOURCES = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
                 "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: "
                 "https://fastapi.tiangolo.com; object-src 'none'; base-uri 'self'")
SECURITY_HEADERS = ((b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"strict-origin-when-cross-origin"))


class SecurityHeaders:
    """Every response: a CSP (what the page may load, and frame-ancestors: /embed may be framed by the
    allowed origins, other pages only by us), nosniff and a referrer policy that sends no path
    cross-origin."""

    def __init__(self, app: ASGIApp, allowed_origins: list[str]) -> None:
        self.app = app
        embed_sources = "*" if "*" in allowed_origins else " ".join(["'self'", *allowed_origins])
        self.embed_policy = f"{_PAGE_SOURCES}; frame-ancestors {embed_sources}".encode()
        self.default_policy = f"{_PAGE_SOURCES}; frame-ancestors 'self'".encode()
        self.docs_policy = f"{_DOCS_SOURCES}; frame-ancestors 'self'".encode()

    def _policy(self, path: str) -> bytes:
        if path == "/embed" or path.startswith("/embed/"):
            return self.embed_policy
        return self.docs_policy if path == "/api/docs" else self.default_policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self._policy(scope["path"])

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"content-security-policy", policy),
                                      *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_policy)


def _theme() -> gr.themes.Base:
    # System CJK fonts only: the page must not fetch fonts from the internet.
    return gr.themes.Soft(primary_hue="red", secondary_hue="blue", neutral_hue="slate",
                          font=["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"],
                          font_mono=["SFMono-Regular", "Consolas", "monospace"])


def create_api(parts: AppParts, *, allowed_origins: list[str]) -> FastAPI:
    """The HTTP API alone (CORS, security headers, errors, /api, /v1, /healthz, /widget.js)."""
    app = FastAPI(title="科技政策问答助手 API", docs_url="/api/docs", redoc_url=None,
                  openapi_url="/api/openapi.json")
    app.add_middleware(CORSMiddleware, allow_origins=allowed_origins, allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type", "Authorization"],
                       expose_headers=["Retry-After"])
    app.add_middleware(SecurityHeaders, allowed_origins=allowed_origins)
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
    """The API plus the UI at /, and for iframes the compact chat at /embed and the 政策匹配 form at
    /embed/match."""
    app = create_api(parts, allowed_origins=allowed_origins)

    @app.get("/embed", include_in_schema=False)
    def embed_slash() -> RedirectResponse:
        return RedirectResponse("embed/")  # relative: keeps working behind a path prefix

    @app.get("/embed/match", include_in_schema=False)
    def embed_match_slash() -> RedirectResponse:
        return RedirectResponse("match/")

    head = f"<script>{(STATIC / 'ui.js').read_text(encoding='utf-8')}</script>"
    css = (STATIC / "ui.css").read_text(encoding="utf-8")
    embed_css = css + (STATIC / "embed.css").read_text(encoding="utf-8")
    # Longest path first: "/embed" would swallow "/embed/match", and "/" everything.
    for path, compact, view in (("/embed/match", True, "match"), ("/embed", True, "chat"), ("/", False, "chat")):
        gr.mount_gradio_app(app, build_ui(parts, compact=compact, view=view), path=path, theme=_theme(),
                            css=embed_css if compact else css, head=head, footer_links=[],
                            show_error=True, max_file_size=MAX_UPLOAD)
    return app
