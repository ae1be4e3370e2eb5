"""`/metrics`: the numbers move after a customer's dialog and a staff action; who may read them."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from backend.config import Settings
from backend.db.session import SessionFactory
from backend.web.app import create_app
from backend.web.chat import answer
from backend.web.state import app_state
from dialogs.types import Text
from tests.staff.test_console import client_for, page_csrf, sign_in
from tests.support.clock import suite_clock
from tests.support.console import make_claim, make_staff

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


class FakeClock:
    """Monotonic time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now


async def running_app(database_url: str, tmp_path: Path, **settings: str) -> FastAPI:
    config = Settings(
        database_url=database_url,
        media_dir=tmp_path / "media",
        secret_key="metrics-tests-secret-key",
        _env_file=None,
        **settings,
    )
    return create_app(config, clock=suite_clock())


@pytest.fixture
async def app(
    staff_db: SessionFactory, database_url: str, tmp_path: Path
) -> AsyncIterator[FastAPI]:
    app = await running_app(database_url, tmp_path)
    async with app.router.lifespan_context(app):
        yield app


async def scrape(client: httpx.AsyncClient, **headers: str) -> Samples:
    response = await client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_a_dialog_and_a_staff_action_move_the_numbers(
    app: FastAPI, staff_db: SessionFactory
) -> None:
    claim = await make_claim(staff_db)  # a Telegram customer's new claim
    await make_staff(staff_db, "mia")
    state = app_state(app)
    async with client_for(app) as client:
        before = await scrape(client)
        gauges_clock = FakeClock()
        state.extras["metrics"]._clock = gauges_clock  # type: ignore[attr-defined]
        assert value(before, "warranty_claims", status="new") == 1

        replies = await answer(state, "metrics-web-1", Text("hello"), "m1", "en")
        assert replies
        assert await answer(state, "metrics-web-1", Text("hello"), "m1", "en") == []

        await sign_in(client, "mia", "mia-password-1")
        queue = await client.get("/staff")
        taken = await client.post("/staff/take-next", data={"csrf": page_csrf(queue.text)})
        assert taken.headers["location"] == f"/staff/claims/{claim.id}"

        cached = await scrape(client)
        gauges_clock.now += 6  # the database figures are kept five seconds
        after = await scrape(client)

    events = "warranty_events_handled_total"
    assert value(after, events, channel="web", outcome="answered") == 1 + value(
        before, events, channel="web", outcome="answered"
    )
    assert value(after, events, channel="web", outcome="duplicate") == 1 + value(
        before, events, channel="web", outcome="duplicate"
    )
    latency = "warranty_reply_latency_seconds_count"
    assert value(after, latency, channel="web") == 2 + value(before, latency, channel="web")
    assert value(cached, "warranty_claims", status="new") == 1  # within the five seconds
    assert value(after, "warranty_claims", status="new") == 0
    assert value(after, "warranty_claims", status="accepted") == 1
    backlog = value(after, "warranty_outbox_messages", channel="telegram", status="pending")
    assert backlog > value(before, "warranty_outbox_messages", channel="telegram", status="pending")
    assert value(after, "warranty_escalations_open") == 0
    assert ("warranty_telegram_rate_limited_total", frozenset()) in after


async def test_metrics_are_for_this_host_unless_a_token_is_set(
    staff_db: SessionFactory, database_url: str, tmp_path: Path
) -> None:
    open_app = await running_app(database_url, tmp_path)
    async with open_app.router.lifespan_context(open_app):
        async with client_for(open_app) as local:  # httpx's test client is 127.0.0.1
            await scrape(local)
            proxied = await local.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
            assert proxied.status_code == 403
        remote = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=open_app, client=("203.0.113.9", 4000)),
            base_url="http://test",
        )
        async with remote:
            assert (await remote.get("/metrics")).status_code == 403

    token_app = await running_app(database_url, tmp_path, metrics_token="scrape-secret-1")
    async with token_app.router.lifespan_context(token_app), client_for(token_app) as client:
        refused = await client.get("/metrics")
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        samples = await scrape(client, Authorization="Bearer scrape-secret-1")
        assert ("warranty_escalations_open", frozenset()) in samples
