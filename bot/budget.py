"""A global send rate shared by every process on one database: departure slots in a row.

Each departure takes the next slot with one statement, `next_slot = max(next_slot, now) +
spacing`, and waits for the slot it got. The row is the only shared state, so any number of
`serve` processes on one PostgreSQL database together stay within `per_second`, and a process
that dies holds nothing. Wall-clock seconds are used: the processes share a machine or NTP.

A bulk departure (a recall notice) is taken only while the row's next slot is not ahead of the
clock, one bulk taker of the process at a time: bulk sends fill the budget only when it is free,
so dialog replies of every process go before them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from sqlalchemy import case, select, update

from backend.db.dialect import upsert
from backend.db.session import SessionFactory
from backend.notifications.models import SendBudget


class SharedBudget:
    """Hands out departures at most `per_second` apart, over all processes on the database."""

    def __init__(
        self,
        sessions: SessionFactory,
        per_second: float = 30.0,
        *,
        name: str = "telegram",
        margin: float = 0.08,  # wider than one process needs: each process wakes late by its
        # own event-loop delay, so departures of two processes can drift into one second
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._sessions = sessions
        self.name = name
        self.spacing = (1.0 + margin) / per_second
        self._clock = clock
        self._sleep = sleep
        self._bulk_turn = asyncio.Lock()

    async def take(self, *, bulk: bool = False) -> float:
        """Wait for the next shared departure slot; the seconds waited. `bulk`: only once no
        departure of any process is queued ahead."""
        if not bulk:
            return await self._take()
        waited = 0.0
        async with self._bulk_turn:
            while (ahead := await self._ahead()) > 0:
                await self._sleep(ahead)
                waited += ahead
            return waited + await self._take()

    async def _ahead(self) -> float:
        """Seconds until the budget's next free slot (0 when it is free now)."""
        query = select(SendBudget.next_slot).where(SendBudget.name == self.name)
        async with self._sessions() as session:
            next_slot = await session.scalar(query)
        return 0.0 if next_slot is None else max(0.0, next_slot - self._clock())

    async def _take(self) -> float:
        now = self._clock()
        column = SendBudget.next_slot
        taken = (
            update(SendBudget)
            .where(SendBudget.name == self.name)
            .values(next_slot=case((column > now, column), else_=now) + self.spacing)
            .returning(column)
        )
        async with self._sessions() as session, session.begin():
            after = await session.scalar(taken)
            if after is None:  # the first departure ever: create the row
                first = upsert(session, SendBudget.__table__).values(
                    name=self.name, next_slot=now + self.spacing
                )
                await session.execute(first.on_conflict_do_nothing())
                after = now + self.spacing
        wait = max(0.0, after - self.spacing - self._clock())
        if wait > 0:
            await self._sleep(wait)
        return wait
