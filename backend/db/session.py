"""Engine and session factory; SQLite gets the pragmas it needs for concurrent use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from backend.db.sqlite_inline import CACHE_KIB, MMAP_BYTES, inline_creator

SessionFactory = async_sessionmaker[AsyncSession]


def _json_text(value: Any) -> str:
    """JSON columns' text: orjson writes it several times faster than the standard library,
    which every dialog step's state, replies and raw update pay for."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the async engine for `url` (sqlite+aiosqlite or postgresql+asyncpg)."""
    kwargs.setdefault("json_serializer", _json_text)
    kwargs.setdefault("json_deserializer", orjson.loads)
    if url.startswith("sqlite"):
        # SQLite has one writer at a time: a single shared connection queues transactions in
        # the process instead of letting them spin on the database lock.
        kwargs.setdefault("pool_size", 1)
        kwargs.setdefault("max_overflow", 0)
        kwargs.setdefault("pool_timeout", 120)
        # Pragmas (WAL, foreign keys, busy timeout) are set where the connection is opened.
        kwargs.setdefault("async_creator", inline_creator(url))
        return create_async_engine(url, **kwargs)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def _read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in (
        "PRAGMA query_only=ON",
        "PRAGMA busy_timeout=10000",
        f"PRAGMA mmap_size={MMAP_BYTES}",
        f"PRAGMA cache_size=-{CACHE_KIB}",
    ):
        cursor.execute(pragma)
    cursor.close()


def make_report_engine(url: str) -> AsyncEngine | None:
    """A read-only engine for long reports on SQLite, or None where the main one serves.

    The main SQLite engine runs its statements in the event loop's thread; a year of statistics
    would hold the loop for a quarter of a second. Reports go through aiosqlite's worker thread
    on connections of their own instead: in WAL mode they read a committed snapshot while the
    dialogs keep writing. PostgreSQL needs no second engine.
    """
    if not url.startswith("sqlite"):
        return None
    engine = create_async_engine(url, pool_size=2, max_overflow=0, pool_timeout=120)
    event.listen(engine.sync_engine, "connect", _read_only_pragmas)
    return engine


def make_session_factory(engine: AsyncEngine) -> SessionFactory:
    """A session factory whose objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def unit_of_work(factory: SessionFactory) -> AsyncIterator[AsyncSession]:
    """Open a session for one event or request; roll back whatever was not committed."""
    async with factory() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
