"""The public API on a seeded database, with keys made the way an admin makes them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from backend.config import Settings
from backend.db.session import SessionFactory
from backend.demo.seed import seed_demo
from backend.web.app import create_app
from tests.support.clock import TODAY, suite_clock


@pytest.fixture
async def api(
    session_factory: SessionFactory, database_url: str, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, SessionFactory]]:
    async with session_factory() as session:
        await seed_demo(session, TODAY)
    settings = Settings(
        database_url=database_url,
        media_dir=tmp_path / "media",
        secret_key="api-tests-secret-key-00",
    )
    app: FastAPI = create_app(settings, clock=suite_clock())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client, session_factory
