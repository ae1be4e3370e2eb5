"""Change notifications across processes: published inside the writing transaction.

A writer calls `publish(session, topic, key)` (or lets the ORM hook do it for the watched
models); the notice becomes visible to every process only when that transaction commits, and
never when it rolls back. A reader holds one `ChangeFeed` per process and iterates
`feed.subscribe()` or registers `feed.on_change(callback)`.

* PostgreSQL: `pg_notify('warranty_changes', '<topic>:<key>')`, which the server delivers on
  commit; the feed LISTENs on a connection of its own.
* SQLite: a row in `change_event` (same transaction); the feed reads rows past the last id it
  saw, at once when this process committed one and every `SQLITE_POLL` seconds for other
  processes (`PRAGMA data_version` tells it cheaply whether anybody else wrote).

A notice says only *what* changed (topic and key, never content): a reader reads the current
state itself, so a lost or doubled notice costs at most one extra read.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Index, String, Table, delete, event, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from backend.db.base import Base

log = logging.getLogger(__name__)
CHANNEL = "warranty_changes"
SQLITE_POLL = 0.25
KEEP_SQLITE_ROWS = 5000  # older change rows are deleted; readers re-read state anyway
MANY = "*"  # the key of a notice that stands for many rows of one topic


class ChangeEvent(Base):
    """One change notice on SQLite (PostgreSQL uses NOTIFY and leaves this table empty)."""

    __tablename__ = "change_event"
    __table_args__ = (Index("ix_change_event_topic", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64), default="")


_table = cast(Table, ChangeEvent.__table__)


@dataclass(frozen=True)
class Change:
    """What changed: a topic (`escalation`, `claim`, ...) and the key of the row, or `*`."""

    topic: str
    key: str = ""


_PENDING = "_change_notices"
_WATCHED: dict[type[Any], Callable[[Any], tuple[str, str]]] = {}
_LOCAL_FEEDS: list[ChangeFeed] = []


def watch(model: type[Any], notice: Callable[[Any], tuple[str, str]]) -> None:
    """Publish `notice(row)` (topic, key) whenever a row of `model` is written in a flush."""
    _WATCHED[model] = notice


async def publish(session: AsyncSession, topic: str, key: object = "") -> None:
    """Announce a change in the session's transaction; delivered when it commits."""
    await session.run_sync(lambda sync: _publish_sync(sync, {(topic, str(key))}))


def _publish_sync(session: Session, notices: set[tuple[str, str]]) -> None:
    by_topic: dict[str, set[str]] = {}
    for topic, key in notices:
        by_topic.setdefault(topic, set()).add(key)
    flat = [
        (topic, key)
        for topic, keys in by_topic.items()
        for key in (keys if len(keys) <= 20 else {MANY})
    ]
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        for topic, key in flat:
            connection.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": CHANNEL, "payload": f"{topic}:{key}"[:7000]},
            )
    else:
        connection.execute(insert(_table), [{"topic": t, "key": k[:64]} for t, k in flat])
        session.info[_PENDING] = True


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: object) -> None:
    notices: set[tuple[str, str]] = set()
    for row in (*session.new, *session.dirty, *session.deleted):
        notice = _WATCHED.get(type(row))
        if notice is not None:
            notices.add(notice(row))
    if notices:
        _publish_sync(session, notices)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_PENDING, False):
        for feed in _LOCAL_FEEDS:
            feed.poke()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


Callback = Callable[[Change], Awaitable[None] | None]


class ChangeFeed:
    """This process's view of the change notices of every process on the database."""

    def __init__(self, engine: AsyncEngine, poll: float = SQLITE_POLL) -> None:
        self.engine = engine
        self.poll = poll
        self._queues: set[asyncio.Queue[Change]] = set()
        self._callbacks: list[Callback] = []
        self._poke = asyncio.Event()
        self.ready = asyncio.Event()

    def poke(self) -> None:
        """Read new SQLite rows now (this process just committed one)."""
        self._poke.set()

    def on_change(self, callback: Callback) -> None:
        """Call `callback(change)` for every notice (sync or async; errors are logged)."""
        self._callbacks.append(callback)

    @contextlib.asynccontextmanager
    async def subscribe(self, size: int = 256) -> AsyncIterator[asyncio.Queue[Change]]:
        """A queue of notices for one reader; when it overflows, one `Change("*", "*")`."""
        queue: asyncio.Queue[Change] = asyncio.Queue(size)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)

    async def _dispatch(self, change: Change) -> None:
        for queue in list(self._queues):
            try:
                queue.put_nowait(change)
            except asyncio.QueueFull:  # a slow reader re-reads everything once
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
                queue.put_nowait(Change(MANY, MANY))
        for callback in self._callbacks:
            try:
                result = callback(change)
                if result is not None:
                    await result
            except Exception:
                log.exception("a change callback failed")

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver notices until `stop` is set (one task per process)."""
        _LOCAL_FEEDS.append(self)
        try:
            if self.engine.dialect.name == "postgresql":
                await self._listen_postgres(stop)
            else:
                await self._poll_sqlite(stop)
        finally:
            _LOCAL_FEEDS.remove(self)

    async def _listen_postgres(self, stop: asyncio.Event) -> None:
        import asyncpg  # type: ignore[import-untyped]  # PostgreSQL deployments only

        url = make_url(self.engine.url).set(drivername="postgresql")
        while not stop.is_set():
            try:
                connection = await asyncpg.connect(url.render_as_string(hide_password=False))
            except (OSError, asyncpg.PostgresError):
                log.warning("change feed: cannot connect; retrying")
                await _sleep_or_stop(stop, 1.0)
                continue
            received: asyncio.Queue[str] = asyncio.Queue()
            await connection.add_listener(CHANNEL, _enqueue_payload(received))
            self.ready.set()
            await self._dispatch(Change(MANY, MANY))  # whatever happened while not listening
            try:
                while not stop.is_set() and not connection.is_closed():
                    with contextlib.suppress(TimeoutError):
                        payload = await asyncio.wait_for(received.get(), 1.0)
                        topic, _, key = payload.partition(":")
                        await self._dispatch(Change(topic, key))
            finally:
                with contextlib.suppress(Exception):
                    await connection.close()

    async def _poll_sqlite(self, stop: asyncio.Event) -> None:
        table = _table
        async with self.engine.connect() as connection:
            last = int(
                await connection.scalar(select(table.c.id).order_by(table.c.id.desc()).limit(1))
                or 0
            )
            await connection.rollback()
        self.ready.set()
        version = None
        while not stop.is_set():
            try:
                async with self.engine.connect() as connection:
                    current = await connection.scalar(text("PRAGMA data_version"))
                    if current != version or self._poke.is_set():
                        version = current
                        self._poke.clear()
                        rows = (
                            await connection.execute(
                                select(table.c.id, table.c.topic, table.c.key)
                                .where(table.c.id > last)
                                .order_by(table.c.id)
                            )
                        ).all()
                        await connection.rollback()
                        for row in rows:
                            last = row.id
                            await self._dispatch(Change(row.topic, row.key))
                        if rows and last % 500 < len(rows):
                            await self._prune(last)
            except Exception:
                log.exception("change feed: reading failed; retrying")
            await _sleep_or_stop(stop, self.poll, self._poke)

    async def _prune(self, last: int) -> None:
        table = _table
        async with self.engine.begin() as connection:
            await connection.execute(delete(table).where(table.c.id <= last - KEEP_SQLITE_ROWS))


def _enqueue_payload(queue: asyncio.Queue[str]) -> Callable[..., None]:
    """An asyncpg listener (connection, pid, channel, payload) that queues the payload."""
    return lambda *args: queue.put_nowait(str(args[-1]))


async def _sleep_or_stop(
    stop: asyncio.Event, seconds: float, poke: asyncio.Event | None = None
) -> None:
    waits = [asyncio.ensure_future(stop.wait())]
    if poke is not None:
        waits.append(asyncio.ensure_future(poke.wait()))
    await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    for task in waits:
        task.cancel()
