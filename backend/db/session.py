"""Engine and session factory; SQLite gets the pragmas it needs for concurrent use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from backend.db.sqlite_inline import inline_creator

SessionFactory = async_sessionmaker[AsyncSession]


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the async engine for `url` (sqlite+aiosqlite or postgresql+asyncpg)."""
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
