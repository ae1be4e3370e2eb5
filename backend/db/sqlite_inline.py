"""SQLite calls made directly in the event loop's thread, behind SQLAlchemy's aiosqlite dialect.

aiosqlite runs every call on a worker thread: each statement costs several thread hand-offs
(queue, self-pipe wake-up, event loop turn), which for an embedded database answering from its
page cache in microseconds is most of the cost of a dialog step. The process already holds a
single SQLite connection (one writer at a time), so database work is serialised either way;
running it inline removes the hand-offs without changing what waits for what.

The objects below speak the small part of aiosqlite's interface that SQLAlchemy's adapter uses
(coroutines that complete at once), so the dialect, its type handling and its error translation
stay SQLAlchemy's own. What exactly that part is, is pinned by the supported versions in
`pyproject.toml` and checked against SQLAlchemy's adapter by
`tests/integration/test_sqlite_inline.py`.

No statement waits for a lock in the event loop's thread: the connection's busy timeout is zero,
and a statement that finds the database locked by another process (`import-units`, a second
`serve` reading) gives the loop back and tries again a moment later, for up to `BUSY_SECONDS`.
Meanwhile web requests, websockets and webhooks go on; only work that needs this connection
waits its turn, as it would for any other transaction.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)
MMAP_BYTES = 1 << 30
CACHE_KIB = 64 * 1024
RESTART_FRAMES = 16384  # 64 MB of log with 4 KB pages: under steady writes a restart (which
# holds the writer back for a few milliseconds) comes every few seconds, not every second
BUSY_SECONDS = 10.0  # how long a statement waits for another process's lock, off the loop
_BUSY_SNAPSHOT = 517  # read an older snapshot than the writer: waiting cannot help
T = TypeVar("T")


def _locked(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_BUSY and code != _BUSY_SNAPSHOT


async def unlocked(call: Callable[[], T]) -> T:
    """`call()`, tried again with the event loop free while another connection holds the lock."""
    started = time.monotonic()
    deadline = started + BUSY_SECONDS
    pause = 0.0005
    while True:
        try:
            return call()
        except sqlite3.OperationalError as error:
            if not _locked(error) or time.monotonic() > deadline:
                raise
        await asyncio.sleep(pause)
        # A checkpoint's restart holds the lock for milliseconds: look again soon after it;
        # another process's long transaction is polled less often.
        pause = min(pause * 2, 0.004 if time.monotonic() - started < 1.0 else 0.05)


class InlineCursor:
    """An aiosqlite-shaped cursor over a `sqlite3.Cursor`."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        values = () if parameters is None else parameters
        await unlocked(lambda: self._cursor.execute(sql, values))
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        rows = list(parameters)  # an iterator could not be run again after a busy database
        await unlocked(lambda: self._cursor.executemany(sql, rows))
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def __aiter__(self) -> AsyncIterator[Any]:
        for row in self._cursor:
            yield row


class _ImmediateQueue:
    """Stands in for aiosqlite's request queue: runs the request at once."""

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:  # handed to the awaiting caller, as aiosqlite does
            future.set_exception(error)


class InlineConnection:
    """An aiosqlite-shaped connection over a `sqlite3.Connection`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _ImmediateQueue()
        self.checkpointer: WalCheckpointer | None = None

    @property
    def raw(self) -> sqlite3.Connection:
        """The driver's connection, for statements run without SQLAlchemy (`backend.db.direct`)."""
        return self._conn

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        await unlocked(self._conn.commit)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            if self.checkpointer is not None:
                self.checkpointer.stop()
            self._conn.close()


class WalCheckpointer(threading.Thread):
    """Copies the write-ahead log into the database file from a thread of its own.

    SQLite's automatic checkpoint runs inside whichever commit crosses the log's size limit, and
    its file sync would stall the event loop for milliseconds. A passive checkpoint from another
    connection waits for nobody and blocks nobody, and when writes pause the writer starts the
    log over from its beginning. Under writes that never pause the log would only grow, so once
    it holds `restart_frames` pages a restarting checkpoint holds the writer back for the few
    pages the passive one left and rewinds the log. The thread ends with the connection it serves.
    """

    def __init__(
        self,
        database: str,
        uri: bool,
        owner: InlineConnection,
        interval: float,
        restart_frames: int = RESTART_FRAMES,
    ) -> None:
        super().__init__(name="sqlite-checkpoint", daemon=True)
        self.interval = interval
        self.restart_frames = restart_frames
        self._owner = weakref.ref(owner)
        self._stopped = threading.Event()
        self._connection = sqlite3.connect(database, uri=uri, check_same_thread=False)
        self._connection.execute("PRAGMA busy_timeout=2000").fetchall()

    def run(self) -> None:
        try:
            while not self._stopped.wait(self.interval) and self._owner_open():
                try:
                    self.checkpoint()
                except sqlite3.Error as error:  # busy or gone: the next round tries again
                    log.debug("checkpoint skipped: %s", error)
        finally:
            self._connection.close()

    def checkpoint(self) -> None:
        """One passive checkpoint, and a restart of the log when it has grown long."""
        _, frames, _ = self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if frames >= self.restart_frames:
            self._connection.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()

    def _owner_open(self) -> bool:
        owner = self._owner()
        return owner is not None and owner._connection is not None

    def stop(self) -> None:
        self._stopped.set()


def _configure(connection: sqlite3.Connection, *, own_checkpoints: bool) -> None:
    for pragma in (
        "PRAGMA foreign_keys=ON",
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        "PRAGMA busy_timeout=0",  # waits for another process's lock happen off the loop
        f"PRAGMA wal_autocheckpoint={0 if own_checkpoints else 1000}",
        # Reads straight from the file's pages in memory instead of copying them in, and room
        # for the statistics indexes: a year of claims is scanned without going to the kernel.
        f"PRAGMA mmap_size={MMAP_BYTES}",
        f"PRAGMA cache_size=-{CACHE_KIB}",
    ):
        connection.execute(pragma).fetchall()


def inline_creator(url: str, checkpoint_interval: float = 1.0) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine` that opens `url`'s file inline.

    A file database gets WAL mode and a `WalCheckpointer`; an in-memory one neither.
    """
    parsed = make_url(url)
    database = parsed.database or ":memory:"
    uri = parsed.query.get("uri") in ("true", "1")
    in_memory = database == ":memory:" or "mode=memory" in database

    async def connect() -> InlineConnection:
        raw = sqlite3.connect(database, uri=uri, check_same_thread=False)
        _configure(raw, own_checkpoints=not in_memory)
        connection = InlineConnection(raw)
        if not in_memory:
            connection.checkpointer = WalCheckpointer(
                database, uri, connection, checkpoint_interval
            )
            connection.checkpointer.start()
        return connection

    return connect
