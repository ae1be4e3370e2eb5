"""Group commit: events that arrive while a transaction is running share the next one.

Opening a session, checking out a connection and committing cost more than most dialog steps.
Under load the queue fills while a batch runs, and the next batch carries all of it through one
transaction; with one customer writing, a batch holds one event and nothing waits. A caller's
answer is released only after the transaction that holds its event has committed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class BatchQueue(Generic[Item, Result]):
    """Runs submitted items in batches of at most `max_batch`, `workers` batches at a time."""

    def __init__(
        self,
        run: Callable[[list[Item]], Awaitable[list[Result]]],
        *,
        max_batch: int = 64,
        workers: int = 1,
    ) -> None:
        self._run = run
        self.max_batch = max_batch
        self.workers = workers
        self._pending: list[tuple[Item, asyncio.Future[Result]]] = []
        self._tasks: set[asyncio.Task[None]] = set()

    async def submit(self, item: Item) -> Result:
        """Queue `item` and wait for its result (or the exception its batch raised)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Result] = loop.create_future()
        self._pending.append((item, future))
        # Drainers of an event loop that is gone never finish; only this loop's count.
        active = sum(1 for task in self._tasks if task.get_loop() is loop and not task.done())
        if active < self.workers:
            task = loop.create_task(self._drain())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await future

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            taken = self._pending[: self.max_batch]
            del self._pending[: self.max_batch]
            # Items left behind by an event loop that is gone have nobody waiting for them.
            batch = [(item, future) for item, future in taken if future.get_loop() is loop]
            if not batch:
                continue
            try:
                results = await self._run([item for item, _ in batch])
            except Exception as error:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)
            # Let the callers of this batch take their answers out before the next batch runs:
            # its statements may never give the event loop a turn (SQLite inline).
            await asyncio.sleep(0)
