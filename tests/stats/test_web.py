"""The statistics over HTTP: roles on every route, the page, CSV and PDF exports, the JSON API."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from backend.config import Settings
from backend.db.session import SessionFactory
from backend.integrations.models import ApiScope
from backend.integrations.service import create_key
from backend.staff.models import Role
from backend.staff.service import add_staff
from backend.stats.export import BUILDERS
from backend.stats.filters import parse_filter
from backend.web.app import create_app
from backend.web.console import stats
from tests.stats.expected import expected
from tests.support.clock import TODAY, suite_clock
from tests.support.history import History

PASSWORD = "stats-password-1"


@pytest.fixture
async def app(history: History, database_url: str, tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = Settings(
        database_url=database_url,
        media_dir=tmp_path / "media",
        secret_key="stats-tests-secret-key-0",
        _env_file=None,
    )
    application = create_app(settings, clock=suite_clock())
    async with application.router.lifespan_context(application):
        yield application


@asynccontextmanager
async def signed_in(
    app: FastAPI, sessions: SessionFactory, role: str
) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        if role != "anonymous":
            async with sessions() as session:
                await add_staff(session, f"stats-{role}", Role(role), PASSWORD)
                await session.commit()
            form = await client.get("/staff/login")
            token = re.search(r'name="csrf" value="([^"]+)"', form.text)
            assert token
            login = {"login": f"stats-{role}", "password": PASSWORD, "csrf": token.group(1)}
            answer = await client.post("/staff/login", data={**login, "next": "/staff"})
            assert answer.status_code == 303
        yield client


def stats_routes() -> list[str]:
    paths = [
        "/staff/stats",
        "/staff/stats?days=30&channel=web",
        *(f"/staff/stats/export/{name}.csv" for name in BUILDERS),
        "/staff/stats/proposal/CM-3.csv",
        "/staff/stats/proposal/CM-3.pdf",
    ]
    declared = {route.path for route in stats.router.routes}  # type: ignore[attr-defined]
    assert declared == {
        "/stats",
        "/stats/export/{table}.csv",
        "/stats/proposal/{model_code}.{kind}",
    }
    return paths


async def test_every_stats_route_needs_a_manager(
    app: FastAPI, session_factory: SessionFactory
) -> None:
    for role in ("anonymous", "agent", "manager", "admin"):
        async with signed_in(app, session_factory, role) as client:
            for path in stats_routes():
                answer = await client.get(path)
                if role == "anonymous":
                    assert answer.status_code == 303, path
                    assert answer.headers["location"].startswith("/staff/login?next=/staff/stats")
                elif role == "agent":
                    assert answer.status_code == 403, path
                    assert "Access denied" in answer.text
                else:
                    assert answer.status_code == 200, (role, path)
            queue = await client.get("/staff")
            if role != "anonymous":
                assert ('href="/staff/stats"' in queue.text) == (role in ("manager", "admin"))


async def test_the_page_shows_the_numbers_and_the_warning(
    app: FastAPI, session_factory: SessionFactory, history: History
) -> None:
    want = expected(history, parse_filter(TODAY))
    async with signed_in(app, session_factory, "manager") as client:
        page = await client.get("/staff/stats")
        other = await client.get("/staff/stats", params={"product": history.product_ids["KT-1"]})
        russian = await client.get("/staff/stats", params={"lang": "ru"})
        korean = await client.get("/staff/stats", params={"lang": "ko"})
    html = page.text
    assert f'<span class="value" id="kpi-total">{want["total"]}</span>' in html
    assert 'data-model="CM-3"' in html and html.count('class="warning"') == 1
    assert "/staff/stats/proposal/CM-3.pdf?" in html
    assert html.count("<svg") == 7 and html.count("<details") == 8
    for claim_id in want["overdue_ids"]:
        assert f'href="/staff/claims/{claim_id}"' in html
    assert 'data-model="CM-3"' not in other.text and 'id="no-warnings"' in other.text
    assert "Статистика" in russian.text and russian.headers["content-language"] == "ru"
    assert "통계" in korean.text


async def test_csv_exports_have_a_bom_and_the_headers(
    app: FastAPI, session_factory: SessionFactory, history: History
) -> None:
    want = expected(history, parse_filter(TODAY, days="30"))
    async with signed_in(app, session_factory, "manager") as client:
        answer = await client.get("/staff/stats/export/channels.csv", params={"days": "30"})
        intake = await client.get("/staff/stats/export/intake.csv", params={"days": "30"})
        missing = await client.get("/staff/stats/export/nothing.csv")
        proposal = await client.get("/staff/stats/proposal/CM-3.csv")
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"].startswith('attachment; filename="channels-')
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == ["Channel", "Claims", "Share"]
    assert sum(int(row[1]) for row in rows[1:]) == want["total"]
    days = list(csv.reader(io.StringIO(intake.content.decode("utf-8-sig"))))
    assert days[0] == ["Day", "Claims"] and [int(r[1]) for r in days[1:]] == want["intake"]
    assert missing.status_code == 404
    assert proposal.content.startswith(b"\xef\xbb\xbf") and b"CM-3" in proposal.content


async def test_the_proposal_pdf(app: FastAPI, session_factory: SessionFactory) -> None:
    async with signed_in(app, session_factory, "admin") as client:
        english = await client.get("/staff/stats/proposal/CM-3.pdf")
        korean = await client.get("/staff/stats/proposal/CM-3.pdf", params={"lang": "ko"})
        unknown = await client.get("/staff/stats/proposal/NOPE-1.pdf")
    for answer in (english, korean):
        assert answer.headers["content-type"] == "application/pdf"
        assert answer.content.startswith(b"%PDF")
    assert b"CM-3" in english.content  # the document title in the PDF metadata
    assert unknown.status_code == 404


async def test_the_api_needs_a_manager_key_and_gives_the_same_numbers(
    app: FastAPI, session_factory: SessionFactory, history: History
) -> None:
    async with session_factory() as session:
        _, manager = await create_key(session, "bi", ApiScope.MANAGER)
        _, integration = await create_key(session, "site", ApiScope.INTEGRATION)
        await session.commit()
    want = expected(history, parse_filter(TODAY, days="365"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        refused = [
            await client.get("/api/v1/stats"),
            await client.get("/api/v1/stats", headers={"X-API-Key": integration}),
            await client.get("/api/v1/stats", headers={"X-API-Key": manager + "x"}),
        ]
        answer = await client.get(
            "/api/v1/stats", params={"days": "365"}, headers={"X-API-Key": manager}
        )
    for refusal in refused:
        assert refusal.status_code == 401 and refusal.json()["code"] == "unauthorized"
    body = answer.json()
    assert body["period"] == {"from": "2025-11-28", "to": "2026-11-27", "bucket": "week"}
    assert body["total"] == want["total"]
    assert [p["claims"] for p in body["intake"]] == want["intake"]
    assert {k: v for k, v in body["by_channel"].items() if v} == dict(want["by_channel"])
    count, median, p90 = want["first_action"]
    assert body["first_action"]["count"] == count
    assert body["first_action"]["median_hours"] == pytest.approx(median / 3600, abs=1e-3)
    assert body["first_action"]["p90_hours"] == pytest.approx(p90 / 3600, abs=1e-3)
    assert body["resolution"]["on_time"] == want["on_time"]
    assert body["overdue"]["total"] == want["overdue_total"]
    assert body["warnings"] == ["CM-3"]
    assert body["models"][0]["model_code"] == "CM-3" and body["models"][0]["warning"] is True
