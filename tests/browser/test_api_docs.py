"""The API reference pages render from the package alone: no request leaves the host."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"data", "blob", "about"}


def _open_recording(new_page: Any, path: str) -> tuple[Any, list[str]]:
    requests: list[str] = []  # of every page and worker of the context

    def record(page: Any) -> None:
        page.context.on("request", lambda request: requests.append(request.url))

    return new_page(path, setup=record), requests


def _outside(requests: list[str]) -> list[str]:
    """Requests to anything but the server on 127.0.0.1 (inline data and blobs are local)."""
    return [
        url
        for url in requests
        if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname != "127.0.0.1"
    ]


def test_swagger_ui_lists_the_operations_with_no_outside_request(new_page: Any, shot: Any) -> None:
    page, requests = _open_recording(new_page, "/docs")
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for()
    paths = operations.all_text_contents()
    assert any("/api/v1/claims" in path for path in paths), paths
    icon = page.locator("link[rel~=icon]").get_attribute("href")
    assert icon == "/static/vendor/swagger-ui/favicon-32x32.png"
    shot(page, "swagger-ui")
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("/openapi.json") for url in requests)
    assert page.request.get(icon).headers["content-type"] == "image/png"
    assert _outside(requests) == []
    assert not page.errors


def test_redoc_lists_the_operations_with_no_outside_request(new_page: Any, shot: Any) -> None:
    page, requests = _open_recording(new_page, "/redoc")
    page.locator("[data-section-id^='operation/']").first.wait_for()
    assert page.locator("[data-section-id^='operation/']").count() > 3
    assert "/api/v1/claims" in (page.locator(".api-content").text_content() or "")
    shot(page, "redoc")
    page.wait_for_load_state("networkidle")
    assert any("/static/vendor/redoc/redoc.standalone.js" in url for url in requests)
    assert _outside(requests) == []
    assert not page.errors
