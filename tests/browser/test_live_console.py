"""The live console in a real browser: an agent and a customer in two browser contexts.

The customer's messages appear in the agent's open thread and a new escalation appears in the
inbox without a reload (a marker set on the page survives); the reply reaches the customer with
the agent's name. The second test runs the customer on another `serve` process than the agent,
both on one PostgreSQL database, so the notice crosses processes through LISTEN/NOTIFY.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.browser.chat_page import ChatPage
from tests.browser.test_staff_console import sign_in
from tests.conftest import _made_database, postgres_url
from tests.integration.test_cli import run
from tests.servers import free_port

pytestmark = pytest.mark.browser
T = TypeVar("T")
STAYED = "() => window.__stayed === 'yes'"


def type_to_staff(customer: Any, text: str) -> None:
    """Write in the chat while a person has it: no bot answer to wait for."""
    box = customer.locator("#message-input")
    box.fill(text)
    box.press("Enter")


def wait_live(page: Any) -> None:
    """The console page has its live socket open; mark the page to notice any reload."""
    page.locator("html[data-live=on]").wait_for(state="attached")
    page.evaluate("() => { window.__stayed = 'yes'; }")


def hand_over(customer_page: Any) -> None:
    chat = ChatPage(customer_page)
    chat.wait_for_greeting()
    chat.say("/human")
    assert "A person will answer right here" in chat.all_text()


def agent_and_customer_talk(staff: Any, customer: Any, tag: str) -> None:
    """The whole scenario; `tag` keeps this run's texts apart from other tests' threads."""
    sign_in(staff, "agent", "agent-demo")
    staff.goto("/staff/escalations")
    wait_live(staff)

    hand_over(customer)
    type_to_staff(customer, f"My kettle {tag} sparks at the base")
    row = staff.locator("#inbox tr", has_text=f"My kettle {tag} sparks")
    row.wait_for()
    assert staff.evaluate(STAYED), "the inbox was reloaded instead of updated"
    assert "1 new" in row.inner_text()

    row.locator("a").first.click()
    staff.wait_for_url("**/staff/escalations/*")
    wait_live(staff)
    type_to_staff(customer, f"It also smells of burning {tag}")
    staff.locator("#thread li.customer", has_text=f"smells of burning {tag}").wait_for()
    assert staff.evaluate(STAYED), "the thread was reloaded instead of updated"

    staff.fill("#reply-text", f"Please unplug it, we will call you ({tag}).")
    staff.click("form.reply button[type=submit]")
    customer.locator("#messages", has_text=f"we will call you ({tag})").wait_for()
    messages = customer.locator("#messages").inner_text()
    assert f"Agent, service team:\nPlease unplug it, we will call you ({tag})." in messages


def test_the_agent_sees_the_customer_live_and_the_customer_sees_the_agent_name(
    new_page: Any,
) -> None:
    customer = new_page("/")
    staff = new_page("/staff/login")
    agent_and_customer_talk(staff, customer, "sqlite")


@contextmanager
def serve_processes(env: dict[str, str], cwd: Path, count: int) -> Iterator[list[str]]:
    """`count` `warranty-intake serve` processes on free ports; yields their base URLs."""
    environment = {k: v for k, v in os.environ.items() if k != "FORWARDED_ALLOW_IPS"} | env
    processes, bases = [], []
    try:
        for _ in range(count):
            port = free_port()
            command = [sys.executable, "-m", "backend", "serve", "--port", str(port)]
            processes.append(subprocess.Popen(command, cwd=cwd, env=environment))
            bases.append(f"http://127.0.0.1:{port}")
        for base, process in zip(bases, processes, strict=True):
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, f"serve exited with {process.returncode}"
                assert time.monotonic() < deadline, f"{base} did not become ready"
                try:
                    with urllib.request.urlopen(f"{base}/readyz", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    time.sleep(0.2)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def in_thread(work: Callable[[], T]) -> T:
    """Run `work` where no event loop runs (Playwright's sync API keeps one in this thread)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A PostgreSQL database of this test's own, for the processes it starts."""
    made = _made_database(postgres_url(), f"live{os.getpid()}")
    yield in_thread(made.__enter__)
    in_thread(lambda: made.__exit__(None, None, None))


@pytest.mark.postgres
def test_the_customer_on_another_process_reaches_the_agent_live(
    browser: Any, postgres_database: str, tmp_path: Path
) -> None:
    env = {
        "DATABASE_URL": postgres_database,
        "MEDIA_DIR": str(tmp_path / "media"),
        "SECRET_KEY": "live-console-two-processes-secret",
    }
    assert run(tmp_path, "db", "upgrade", **env).returncode == 0
    assert run(tmp_path, "demo", "--no-serve", **env).returncode == 0
    with serve_processes(env, tmp_path, 2) as (first, second):
        contexts = [browser.new_context(base_url=base, locale="en-US") for base in (first, second)]
        try:
            for context in contexts:
                context.set_default_timeout(15_000)
            staff, customer = contexts[0].new_page(), contexts[1].new_page()
            staff.goto("/staff/login")
            customer.goto("/")
            agent_and_customer_talk(staff, customer, "postgres")
        finally:
            for context in contexts:
                context.close()
