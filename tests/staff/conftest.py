"""Claims made through the real dialog engine, and staff accounts, for console tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from backend.config import Settings
from backend.db.session import SessionFactory
from backend.demo.seed import seed_demo
from backend.web.app import create_app
from tests.support.clock import TODAY, suite_clock


@pytest.fixture
async def staff_db(session_factory: SessionFactory) -> SessionFactory:
    async with session_factory() as session:
        await seed_demo(session, TODAY)
    return session_factory


@pytest.fixture
async def console(
    staff_db: SessionFactory, database_url: str, tmp_path: Path
) -> AsyncIterator[tuple[FastAPI, SessionFactory]]:
    settings = Settings(
        database_url=database_url,
        media_dir=tmp_path / "media",
        secret_key="console-tests-secret-key",
    )
    app = create_app(settings, clock=suite_clock())
    async with app.router.lifespan_context(app):
        yield app, staff_db
