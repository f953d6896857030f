"""web.server: CORS and frame-ancestors follow the allowed origins; /widget.js opens /embed."""

from __future__ import annotations

import httpx
import pytest

from tests.app_server import PORTAL, serve
from web.server import create_app, parse_origins
from web.service import AppParts


def test_cors_and_frame_ancestors_follow_allowed_origins(url: str) -> None:
    preflight = httpx.options(f"{url}/api/ask", headers={
        "Origin": PORTAL, "Access-Control-Request-Method": "POST"})
    stranger = httpx.options(f"{url}/api/ask", headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    embed = httpx.get(f"{url}/embed/")
    home = httpx.get(f"{url}/")

    assert preflight.headers["access-control-allow-origin"] == PORTAL
    assert "access-control-allow-credentials" not in preflight.headers  # no cookies or auth cross-origin
    assert "access-control-allow-origin" not in stranger.headers
    assert embed.status_code == 200
    assert embed.headers["content-security-policy"].endswith(f"; frame-ancestors 'self' {PORTAL}")
    assert home.headers["content-security-policy"].endswith("; frame-ancestors 'self'")
    assert httpx.get(f"{url}/embed").headers["location"] == "embed/"


@pytest.mark.parametrize("path", ["/", "/embed/", "/api/ask", "/healthz", "/v1/models", "/widget.js",
                                  "/api/targets", "/api/docs", "/no-such-page"])
def test_every_response_sends_the_security_headers(url: str, path: str) -> None:
    response = httpx.post(f"{url}{path}", json={"question": "补贴多少?"}, timeout=60) if path == "/api/ask" \
        else httpx.get(f"{url}{path}", timeout=60)

    policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'" and "frame-ancestors" in policy
    if path != "/api/docs":  # its Swagger script comes from jsDelivr
        assert policy["default-src"] == policy["connect-src"] == "'self'"
        assert policy["img-src"] == "'self' data: blob:"  # an image URL from a document loads nothing


def test_any_origin_when_the_setting_is_a_star_still_without_credentials(parts: AppParts) -> None:
    with serve(create_app(parts, allowed_origins=parse_origins("*"))) as url:
        preflight = httpx.options(f"{url}/api/ask", headers={
            "Origin": "http://anyone.example", "Access-Control-Request-Method": "POST"})
        answer = httpx.post(f"{url}/api/ask", json={"question": "补贴多少?"},
                            headers={"Origin": "http://anyone.example"}, timeout=60)
        embed = httpx.get(f"{url}/embed/")

    assert preflight.headers["access-control-allow-origin"] == "*"
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in preflight.headers
    assert "access-control-allow-credentials" not in answer.headers
    assert embed.headers["content-security-policy"].endswith("; frame-ancestors *")


def test_widget_script_opens_the_embed_page(url: str) -> None:
    response = httpx.get(f"{url}/widget.js")

    assert response.headers["content-type"].startswith("application/javascript")
    assert 'new URL(matchView ? "embed/match/" : "embed/", script.src)' in response.text
    assert 'getAttribute("data-view") === "match"' in response.text


def test_the_match_form_page_may_be_framed_like_the_chat(url: str) -> None:
    page = httpx.get(f"{url}/embed/match", follow_redirects=True)

    assert page.status_code == 200 and "match-region" in page.text
    assert "frame-ancestors 'self' http" in page.headers["content-security-policy"]


def test_allowed_origins_are_a_comma_separated_list() -> None:
    assert parse_origins(" https://a.gov.cn/, https://b.gov.cn ,") == ["https://a.gov.cn", "https://b.gov.cn"]
    assert parse_origins("") == []
