"""Change notices across processes: delivered after the writing transaction commits, never
after a rollback, and from another OS process too (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db.notify import Change, ChangeFeed, publish
from backend.db.session import make_engine, make_session_factory

WRITER = """
import asyncio, sys
from backend.db.notify import publish
from backend.db.session import make_engine, make_session_factory

async def main() -> None:
    engine = make_engine(sys.argv[1])
    async with make_session_factory(engine)() as session:
        await publish(session, "claim", "from-another-process")
        await session.commit()
    await engine.dispose()

asyncio.run(main())
"""


@contextlib.asynccontextmanager
async def listening(url: str) -> AsyncIterator[asyncio.Queue[Change]]:
    """A feed on an engine of its own, as another serving process would hold it."""
    engine = make_engine(url)
    feed = ChangeFeed(engine)
    stop = asyncio.Event()
    task = asyncio.create_task(feed.run(stop))
    await asyncio.wait_for(feed.ready.wait(), 20)
    async with feed.subscribe() as queue:
        yield queue
    stop.set()
    await task
    await engine.dispose()


async def next_real_change(queue: asyncio.Queue[Change]) -> Change:
    """The next notice that names a row (skipping the feed's "re-read everything" start)."""
    while True:
        change = await asyncio.wait_for(queue.get(), 20)
        if change.topic != "*":
            return change


async def test_a_notice_arrives_after_commit_and_never_after_rollback(
    engine: AsyncEngine, database_url: str
) -> None:
    sessions = make_session_factory(engine)
    async with listening(database_url) as queue:
        async with sessions() as session:
            await publish(session, "escalation", "rolled-back")
            await session.rollback()
        async with sessions() as session:
            await publish(session, "escalation", 7)
            assert queue.empty() or (await queue.get()).topic == "*"
            await session.commit()
        assert await next_real_change(queue) == Change("escalation", "7")


async def test_a_write_by_another_process_reaches_the_feed(
    engine: AsyncEngine, database_url: str
) -> None:
    async with listening(database_url) as queue:
        writer = await asyncio.create_subprocess_exec(sys.executable, "-c", WRITER, database_url)
        assert await writer.wait() == 0
        assert await next_real_change(queue) == Change("claim", "from-another-process")
