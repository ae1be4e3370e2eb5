"""Shared fixtures: a migrated database on SQLite and, when available, on PostgreSQL.

Every test that asks for `session_factory` runs once per engine. PostgreSQL comes from
`TEST_DATABASE_URL`; without it those runs skip, unless `REQUIRE_POSTGRES=1` makes them fail.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db.migrate import upgrade
from backend.db.models import Base
from backend.db.session import SessionFactory, make_engine, make_session_factory
from tests.support.database import made_database, postgres_url

ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

if "faketime" in os.environ.get("LD_PRELOAD", ""):
    # Under libfaketime with real monotonic time (FAKETIME_DONT_FAKE_MONOTONIC=1, how the suite
    # is run at other dates) time.sleep fails with EINVAL; subprocess and the live-server
    # fixtures sleep while they wait. A condition wait sleeps the same.
    def _sleep(seconds: float) -> None:
        threading.Event().wait(seconds)

    time.sleep = _sleep


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[str | None]:
    """A database of this test run's own, made from TEST_DATABASE_URL and dropped afterwards.

    Several test runs may share one server (a developer's run beside CI): each gets its own
    database, so one run's cleanup never empties another's tables.
    """
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base:
        yield None
        return
    with made_database(base, f"run{os.getpid()}") as url:
        yield url


@pytest.fixture
def own_postgres_database() -> Iterator[str]:
    """A PostgreSQL database made for one test (its own processes connect to it), then dropped."""
    with made_database(postgres_url(), f"own{os.getpid()}") as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for every test instead of migrating each time."""
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def build() -> None:
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        await upgrade(engine)
        async with engine.connect() as connection:
            await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        await engine.dispose()

    asyncio.run(build())
    return path


_postgres_migrated: set[str] = set()


async def _reset_postgres(engine: AsyncEngine) -> None:
    """Migrate once per run, then empty every table before each test."""
    url = engine.url.render_as_string(hide_password=False)
    if url not in _postgres_migrated:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await upgrade(engine)
        _postgres_migrated.add(url)
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=ENGINES)
def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    private_postgres: str | None,
) -> str:
    """A database URL for this test: a fresh SQLite copy or this run's PostgreSQL database."""
    if request.param == "sqlite":
        target = tmp_path / "test.db"
        shutil.copy(sqlite_template, target)
        return f"sqlite+aiosqlite:///{target}"
    return private_postgres or postgres_url()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a migrated, empty database."""
    engine = make_engine(database_url)
    if engine.dialect.name == "postgresql":
        await _reset_postgres(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> SessionFactory:
    """Sessions on the test database."""
    return make_session_factory(engine)


@pytest.fixture
def demo_dir() -> Iterator[Path]:
    """The folder with the demo CSV files shipped in the package."""
    yield Path(__file__).resolve().parent.parent / "backend" / "demo"
