"""The SQLite connection run in the event loop's thread: what it borrows from aiosqlite's
interface, and that another process's lock never freezes the loop."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import sys
from pathlib import Path

import aiosqlite
import httpx
from sqlalchemy import text
from sqlalchemy.connectors import asyncio as adapted_asyncio
from sqlalchemy.dialects.sqlite import aiosqlite as adapted_aiosqlite

from backend.config import Settings
from backend.db.session import make_engine, make_session_factory
from backend.db.sqlite_inline import InlineConnection, InlineCursor
from backend.web.app import create_app
from tests.support.clock import suite_clock

# Holds the write lock of the database file named on the command line until told to let go.
HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("INSERT INTO processed_event (source, event_id, processed_at)"
                   " VALUES ('import', 'held', '2026-01-01 00:00:00')")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("COMMIT")
"""


def _used(pattern: str) -> set[str]:
    """Attribute names SQLAlchemy's aiosqlite adapter reads off what `pattern` names."""
    found: set[str] = set()
    for module in (adapted_asyncio, adapted_aiosqlite):
        source = Path(str(module.__file__)).read_text()
        found.update(re.findall(pattern + r"\.(\w+)", source))
    return found


async def test_the_inline_connection_has_what_the_adapter_uses_of_aiosqlite() -> None:
    real = await aiosqlite.connect(":memory:")
    try:
        real_cursor = await real.cursor()
        inline = InlineConnection(sqlite3.connect(":memory:"))
        cursor = inline.cursor()
        # Every name the adapter takes from aiosqlite's connection and cursor, private or not,
        # the inline ones answer to (the adapter's own fallbacks for other drivers aside).
        for name in _used(r"self\._connection"):
            if hasattr(real, name):
                assert hasattr(inline, name), f"connection.{name}"
        for name in _used(r"self\._cursor"):
            if hasattr(real_cursor, name):
                assert hasattr(cursor, name), f"cursor.{name}"
        assert isinstance(cursor, InlineCursor)
        await real_cursor.close()
        await inline.close()
    finally:
        await real.close()


async def test_isolation_levels_functions_and_closing_go_through_the_adapter(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'contract.db'}")
    try:
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("CREATE TABLE note (body TEXT)"))
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO note VALUES ('kept')"))
            # The SQLite dialect registers REGEXP through create_function on connect.
            found = await connection.scalar(
                text("SELECT count(*) FROM note WHERE body REGEXP 'ep'")
            )
            assert found == 1
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            raw.invalidate()  # the adapter terminates the connection (stop)
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT body FROM note")) == "kept"
    finally:
        await engine.dispose()


async def test_the_site_answers_while_another_process_holds_the_write_lock(
    tmp_path: Path,
) -> None:
    database = tmp_path / "locked.db"
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{database}",
        media_dir=tmp_path / "media",
        secret_key="lock-wait-secret-key-00",
    )
    app = create_app(settings, clock=suite_clock())
    async with app.router.lifespan_context(app):
        holder = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            HOLD_LOCK,
            str(database),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert holder.stdin is not None and holder.stdout is not None
        try:
            assert await holder.stdout.readline() == b"locked\n"
            engine = make_engine(settings.database_url)
            sessions = make_session_factory(engine)

            async def write() -> None:
                async with sessions() as session, session.begin():
                    await session.execute(
                        text(
                            "INSERT INTO processed_event (source, event_id, processed_at)"
                            " VALUES ('web', 'waited', '2026-01-01 00:00:00')"
                        )
                    )

            writing = asyncio.create_task(write())
            await asyncio.sleep(0.2)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                health = await client.get("/healthz")
            # The page answered while the write still waited for the other process's lock.
            assert health.status_code == 200
            assert not writing.done()
            holder.stdin.write(b"go\n")
            await holder.stdin.drain()
            await writing  # then the write went through
            async with sessions() as session:
                rows = await session.execute(text("SELECT event_id FROM processed_event"))
                assert {row.event_id for row in rows} == {"held", "waited"}
            await engine.dispose()
        finally:
            holder.stdin.close()
            await holder.wait()
