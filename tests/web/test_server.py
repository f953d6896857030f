"""web.server: CORS and frame-ancestors follow the allowed origins; /widget.js opens /embed."""

from __future__ import annotations

import httpx

from tests.app_server import PORTAL
from web.server import parse_origins


def test_cors_and_frame_ancestors_follow_allowed_origins(url: str) -> None:
    preflight = httpx.options(f"{url}/api/ask", headers={
        "Origin": PORTAL, "Access-Control-Request-Method": "POST"})
    stranger = httpx.options(f"{url}/api/ask", headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    embed = httpx.get(f"{url}/embed/")
    home = httpx.get(f"{url}/")

    assert preflight.headers["access-control-allow-origin"] == PORTAL
    assert "access-control-allow-origin" not in stranger.headers
    assert embed.status_code == 200
    assert embed.headers["content-security-policy"] == f"frame-ancestors 'self' {PORTAL}"
    assert home.headers["content-security-policy"] == "frame-ancestors 'self'"
    assert httpx.get(f"{url}/embed").headers["location"] == "embed/"


def test_widget_script_opens_the_embed_page(url: str) -> None:
    response = httpx.get(f"{url}/widget.js")

    assert response.headers["content-type"].startswith("application/javascript")
    assert 'new URL("embed/", script.src)' in response.text


def test_allowed_origins_are_a_comma_separated_list() -> None:
    assert parse_origins(" https://a.gov.cn/, https://b.gov.cn ,") == ["https://a.gov.cn", "https://b.gov.cn"]
    assert parse_origins("") == []
