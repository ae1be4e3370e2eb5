"""The dashboard in Chromium: a manager changes the period, sees the charts and the warning.

Serves the real application under uvicorn on the known test history (SQLite) and reuses the
browser helpers of tests/browser (Chromium path, launch options, skip unless REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from backend.config import Settings
from backend.db.migrate import upgrade
from backend.db.session import make_engine, make_session_factory
from backend.staff.models import Role
from backend.staff.service import add_staff
from backend.web.app import create_app
from tests.support.browser import ARTIFACTS, BROWSER_ARGS, browser_path, in_thread, unavailable
from tests.support.clock import suite_clock
from tests.support.history import build_history, store_history

pytestmark = pytest.mark.browser
PASSWORD = "browser-stats-password"


async def _seed(url: str) -> None:
    engine = make_engine(url)
    await upgrade(engine)
    sessions = make_session_factory(engine)
    await store_history(sessions, build_history())
    async with sessions() as session:
        await add_staff(session, "boss", Role.MANAGER, PASSWORD)
        await add_staff(session, "worker", Role.AGENT, PASSWORD)
        await session.commit()
    await engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The application with the test history on a free loopback port."""
    folder = tmp_path_factory.mktemp("stats-browser")
    url = f"sqlite+aiosqlite:///{folder / 'stats.db'}"
    in_thread(_seed(url))
    settings = Settings(
        database_url=url,
        media_dir=folder / "media",
        secret_key="stats-browser-secret-key-0123",
        _env_file=None,
    )
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    config = uvicorn.Config(create_app(settings, clock=suite_clock()), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=20)
    listener.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium for this module (closed before the asyncio tests that follow)."""
    path = browser_path()
    if not (Path(path).is_file() or shutil.which(path)):
        unavailable(f"no Chromium at {path} (set BROWSER_PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=BROWSER_ARGS, headless=True)
        yield browser
        browser.close()


def signed_in_page(chromium: Any, server: str, login: str) -> Any:
    context = chromium.new_context(
        base_url=server, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto("/staff/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff$"))
    return page


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"stats-{name}.png", full_page=True)


def test_a_manager_changes_the_period_and_sees_the_warning(chromium: Any, server: str) -> None:
    page = signed_in_page(chromium, server, "boss")
    page.click("nav >> text=Statistics")
    page.wait_for_url(re.compile(r"/staff/stats$"))
    assert "90 days" in page.inner_text("#period") and "per week" in page.inner_text("#period")
    assert page.locator("svg.chart").count() == 7
    assert page.locator("#intake svg.chart rect.bar").count() == 14  # 90 days in ISO weeks
    warning = page.locator("#warnings article.warning")
    assert warning.count() == 1 and warning.get_attribute("data-model") == "CM-3"
    assert "Leaks" in warning.inner_text()
    shot(page, "90-days")

    page.click("nav.quick >> text=Last 30 days")
    page.wait_for_url(re.compile(r"days=30"))
    assert "30 days" in page.inner_text("#period") and "per day" in page.inner_text("#period")
    assert page.locator("#intake svg.chart rect.bar").count() == 30
    assert page.locator("#warnings article.warning").get_attribute("data-model") == "CM-3"

    page.fill("input[name=from]", "2026-06-01")
    page.fill("input[name=to]", "2026-06-30")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"from=2026-06-01"))
    assert "2026-06-01 – 2026-06-30" in page.inner_text("#period")
    assert page.locator("#intake svg.chart rect.bar").count() == 30
    assert page.locator("#no-warnings").is_visible()  # CM-3 was steady back then
    page.click("#intake details summary")
    assert page.locator("#intake details table tbody tr").count() == 30
    shot(page, "june")
    assert not page.errors


def test_an_agent_is_refused(chromium: Any, server: str) -> None:
    page = signed_in_page(chromium, server, "worker")
    assert page.locator("nav >> text=Statistics").count() == 0
    answer = page.goto("/staff/stats")
    assert answer is not None and answer.status == 403
    assert "Access denied" in page.inner_text("main")
    shot(page, "agent-refused")
