"""The real application under uvicorn and a headless Chromium driven by Playwright.

The server runs in a background thread on a free loopback port, on a temporary SQLite database
with the demo data. Without a browser the tests skip, unless `REQUIRE_BROWSER=1` makes them fail.
`BROWSER_PATH` points at the Chromium binary (default: Debian's /usr/bin/chromium).
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from backend.config import Settings
from backend.db.migrate import upgrade
from backend.db.session import make_engine, make_session_factory
from backend.demo.seed import seed_demo
from backend.web.app import create_app
from tests.support.browser import (
    ARTIFACTS,
    BROWSER_ARGS,
    LiveServer,
    browser_path,
    in_thread,
    unavailable,
)
from tests.support.clock import TODAY, suite_clock


async def _seed(url: str) -> None:
    engine = make_engine(url)
    await upgrade(engine)
    async with make_session_factory(engine)() as session:
        await seed_demo(session, TODAY)
    await engine.dispose()


@pytest.fixture(scope="package")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The web chat on a free loopback port, served from a background thread."""
    folder = tmp_path_factory.mktemp("webchat")
    database = folder / "chat.db"
    url = f"sqlite+aiosqlite:///{database}"
    in_thread(_seed(url))
    site_listener = socket.socket()
    site_listener.bind(("127.0.0.1", 0))
    other_site = f"http://127.0.0.1:{site_listener.getsockname()[1]}"
    settings = Settings(
        database_url=url,
        media_dir=folder / "media",
        secret_key="browser-tests-secret-key-0123456789",
        company_name="Acme Appliances",
        widget_allowed_origins=other_site,
        _env_file=None,
    )
    app = create_app(settings, clock=suite_clock())
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, name="webchat-server", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the web chat server did not start")
        time.sleep(0.02)
    site = embedding_site(site_listener, f"http://127.0.0.1:{port}")
    yield LiveServer(f"http://127.0.0.1:{port}", database, other_site)
    site.shutdown()
    site.server_close()
    server.should_exit = True
    thread.join(timeout=20)
    listener.close()


def embedding_site(listener: socket.socket, chat_url: str) -> ThreadingHTTPServer:
    """A company's own site on another origin, with the widget's one script tag."""
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Acme shop</title><script src="{chat_url}/widget.js" defer></script></head>'
        "<body><h1>Acme shop</h1><p>Washing machines, kettles, phones.</p></body></html>"
    ).encode()

    class Site(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    listener.listen(16)
    site = ThreadingHTTPServer(listener.getsockname(), Site, bind_and_activate=False)
    site.socket.close()
    site.socket = listener
    threading.Thread(target=site.serve_forever, name="embedding-site", daemon=True).start()
    return site


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One headless Chromium for this package's tests.

    Package scope, not session: the sync API keeps an event loop running in the main thread
    until it is closed, which would break the asyncio tests that run after these.
    """
    path = browser_path()
    if not (Path(path).is_file() or shutil.which(path)):
        unavailable(f"no Chromium at {path} (set BROWSER_PATH)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=path, args=BROWSER_ARGS, headless=True
            )
        except Error as error:
            unavailable(f"Chromium at {path} does not start: {error.message.splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(
    browser: Any, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Any]]:
    """Open pages in fresh browser contexts (a new visitor each); closed after the test."""
    contexts: list[Any] = []

    def make(
        path: str = "/", setup: Callable[[Any], None] | None = None, **context_options: Any
    ) -> Any:
        context_options.setdefault("locale", "en-US")
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on(
            "console",
            lambda message: (
                blocked.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        if setup is not None:
            setup(page)
        page.goto(path)
        return page

    blocked: list[str] = []
    yield make
    for context in contexts:
        context.close()
    # Every page of every test runs under the strict policy: nothing it needs may be refused.
    assert blocked == []


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Callable[[Any, str], None]:
    """Save a screenshot of a step under tests/artifacts/ (named after the test)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    counter = iter(range(1, 100))

    def take(page: Any, step: str) -> None:
        page.screenshot(path=ARTIFACTS / f"{name}-{next(counter):02d}-{step}.png")

    return take
