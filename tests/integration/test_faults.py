"""Faults an operator meets: a second server on one SQLite file, a broken media folder, a
database that stops answering, and files left behind by dialogs never finished."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from backend.claims.cleanup import clean_media
from backend.claims.models import Attachment
from backend.claims.storage import store_bytes
from backend.config import Settings
from backend.db.session import SessionFactory, make_engine, make_session_factory
from backend.web.app import create_app
from backend.web.state import app_state
from tests.servers import free_port
from tests.support.chat import png_bytes
from tests.support.clock import suite_clock

ROOT = Path(__file__).resolve().parents[2]


def _environment(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'one.db'}",
        "MEDIA_DIR": str(tmp_path / "media"),
        "SECRET_KEY": "fault-tests-secret-key-01",
    }


def test_a_second_server_on_one_sqlite_file_exits_2(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "backend", "serve", "--port"]
    first = subprocess.Popen(
        [*command, str(port)],
        cwd=tmp_path,
        env=_environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the first server never started")
        second = subprocess.run(
            [*command, str(free_port())],
            cwd=tmp_path,
            env=_environment(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 2
        assert f"already served by process {first.pid}" in second.stderr
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
    finally:
        first.terminate()
        first.wait(timeout=30)


@pytest.fixture
async def app(
    session_factory: SessionFactory, database_url: str, tmp_path: Path
) -> AsyncIterator[FastAPI]:
    settings = Settings(
        database_url=database_url, media_dir=tmp_path / "media", secret_key="fault-secret-key-0000"
    )
    application = create_app(settings, clock=suite_clock())
    async with application.router.lifespan_context(application):
        yield application


def client_for(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def _blackhole() -> tuple[asyncio.Server, int, list[asyncio.StreamWriter]]:
    """A TCP server that accepts connections and never says a word (and what it holds)."""
    held: list[asyncio.StreamWriter] = []

    async def swallow(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(swallow, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1], held


async def test_readyz_answers_503_quickly_when_the_database_blackholes(app: FastAPI) -> None:
    async with client_for(app) as client:
        healthy = await client.get("/readyz")
        assert healthy.status_code == 200 and healthy.json()["media"] == "ok"
        server, port, held = await _blackhole()
        runtime = app_state(app).runtime
        engine = make_engine(f"postgresql+asyncpg://nobody@127.0.0.1:{port}/void")
        runtime.sessions, working = make_session_factory(engine), runtime.sessions
        try:
            started = time.monotonic()
            stuck = await client.get("/readyz")
            elapsed = time.monotonic() - started
        finally:
            runtime.sessions = working
            await engine.dispose()
            for writer in held:
                writer.close()
            server.close()
            await server.wait_closed()
            # The abandoned connection attempt is collected here, while its loop still runs.
            await asyncio.sleep(0)
            gc.collect()
        assert stuck.status_code == 503 and stuck.json()["database"] == "unreachable"
        assert elapsed < 2.0


async def test_readyz_checks_the_media_folder(app: FastAPI, tmp_path: Path) -> None:
    media = tmp_path / "media"
    async with client_for(app) as client:
        media.rename(tmp_path / "media-gone")
        media.write_text("a file where the folder should be")
        answer = await client.get("/readyz")
    assert answer.status_code == 503 and answer.json() == {
        "status": "unavailable",
        "database": "ok",
        "media": "unwritable",
    }


async def test_a_failed_save_asks_the_customer_to_try_again(
    app: FastAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    incoming = tmp_path / "media" / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    incoming.rmdir()
    incoming.write_text("the disk is in a bad state")
    async with client_for(app) as client:
        page = await client.get("/", params={"lang": "ru"})
        token = re.search(r'data-csrf="([^"]+)"', page.text)
        assert token
        headers = {"x-csrf-token": token.group(1)}
        start = {"type": "command", "name": "start"}
        await client.post("/chat/events", params={"lang": "ru"}, json=start, headers=headers)
        with caplog.at_level(logging.ERROR):
            answer = await client.post(
                "/chat/upload",
                files=[("files", ("p.png", png_bytes(1), "image/png"))],
                headers=headers,
            )
    assert answer.status_code == 200
    assert "Не удалось сохранить файл" in answer.text
    assert any("could not store an upload" in r.getMessage() for r in caplog.records)


async def test_clean_up_removes_orphans_and_abandoned_drafts(
    session_factory: SessionFactory, tmp_path: Path
) -> None:
    media, now = tmp_path / "media", datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    files = {
        name: await store_bytes(png_bytes(n), media, 1 << 20, now=now)
        for n, name in enumerate("abcd")
    }
    async with session_factory() as session:
        for name, created in (("a", now), ("b", now - timedelta(days=31))):
            session.add(
                Attachment(
                    kind="photo",
                    sha256=files[name].sha256,
                    content_type="image/png",
                    size=files[name].size,
                    path=files[name].path,
                    created_at=created,
                )
            )
        await session.commit()
    old = (now - timedelta(days=2)).timestamp()
    for name in "abc":
        os.utime(media / files[name].path, (old, old))
    document = media / "documents" / "WR-2026-000001-act-1.pdf"
    document.parent.mkdir()
    document.write_bytes(b"%PDF-1.4")
    os.utime(document, (old, old))
    report = media / "reports" / "ru" / "complaint-report-2026-W47.csv"
    report.parent.mkdir(parents=True)
    report.write_text("model,claims\n")
    os.utime(report, (old, old))
    async with session_factory() as session:
        cleaned = await clean_media(session, media, now)
        left = await session.scalar(select(func.count()).select_from(Attachment))
    assert (cleaned.drafts, cleaned.files, left) == (1, 2, 1)
    assert (media / files["a"].path).exists()  # still a draft of a live dialog
    assert not (media / files["b"].path).exists()  # its dialog was abandoned a month ago
    assert not (media / files["c"].path).exists()  # nothing ever referred to it
    assert (media / files["d"].path).exists()  # too fresh: its row may be on the way
    assert document.exists()
    assert report.exists()  # a manager's report may wait in the outbox for its chat
