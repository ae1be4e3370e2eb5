"""Which outbox rows of a channel a sender may start on now: due, first in their chat, reachable.

A round reads at most `batch_size` rows and at most `per_chat_batch` of any one chat, so one
busy chat cannot fill a round; rows behind a message of their chat that is in flight or backing
off are left where they are (a join on `held_chats`, linear on SQLite too). A transport that
reaches only some recipients from this process (a web socket) limits the round to those.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select, true

from backend.clock import Clock as WallClock
from backend.db.session import SessionFactory
from backend.delivery.rows import BULK_KINDS, held_chats, pending
from backend.delivery.store import pending_chats
from backend.delivery.transport import Transport
from backend.notifications.models import OutboxMessage


class DueRows:
    """The due-row queries of one sender."""

    def __init__(
        self,
        sessions: SessionFactory,
        transport: Transport,
        wall: WallClock,
        batch_size: int,
        per_chat_batch: int,
    ) -> None:
        self._sessions, self._transport, self._wall = sessions, transport, wall
        self._channel = transport.channel
        self.batch_size, self.per_chat_batch = batch_size, per_chat_batch

    def _reachable(self) -> list[ColumnElement[bool]] | None:
        """The recipient condition of the transport; None when it reaches nobody now."""
        recipients = self._transport.reachable()
        if recipients is None:
            return []
        if not recipients:
            return None
        return [OutboxMessage.recipient.in_(list(recipients))]

    async def load(self, *, bulk: bool = True) -> list[tuple[int, str]]:
        """Due rows (id, chat) in id order, at most `per_chat_batch` of a chat; bulk rows after
        every other (and none unless `bulk`)."""
        reachable = self._reachable()
        if reachable is None:
            return []
        now = self._wall.now()
        chat, order = OutboxMessage.recipient, OutboxMessage.id
        rank = func.row_number().over(partition_by=chat, order_by=order)
        held = held_chats(self._channel, now)
        is_bulk = OutboxMessage.kind.in_(BULK_KINDS)
        ranked = (
            select(OutboxMessage.id, chat, rank.label("rank"), is_bulk.label("bulk"))
            .outerjoin(held, held.c.chat == OutboxMessage.recipient)
            .where(*pending(self._channel), OutboxMessage.next_attempt_at <= now, *reachable)
            .where(or_(held.c.first_id.is_(None), OutboxMessage.id < held.c.first_id))
            .where(true() if bulk else ~is_bulk)
            .subquery()
        )
        query = (
            select(ranked.c.id, ranked.c.recipient)
            .where(ranked.c.rank <= self.per_chat_batch)
            .order_by(ranked.c.bulk, ranked.c.id)
            .limit(self.batch_size)
        )
        async with self._sessions() as session:
            return [(row.id, row.recipient) for row in await session.execute(query)]

    async def seconds_until_due(self) -> float | None:
        """Seconds until the next reachable pending row is due (0 if one is); None if none."""
        reachable = self._reachable()
        if reachable is None:
            return None
        first_due = func.min(OutboxMessage.next_attempt_at)
        query = select(first_due).where(*pending(self._channel), *reachable)
        async with self._sessions() as session:
            first = await session.scalar(query)
        return None if first is None else max(0.0, (first - self._wall.now()).total_seconds())

    async def pending_of(self, chats: set[str]) -> set[str]:
        """Those of `chats` that still have rows of the channel pending."""
        return await pending_chats(self._sessions, self._channel, chats)
