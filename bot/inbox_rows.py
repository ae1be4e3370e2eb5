"""What the Telegram inbox stores: the key that recognises a redelivered update, its row, and
the statements on those rows (store, mark processed, take over, expire)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Row, Table, select, update

from backend.db.dialect import upsert
from backend.db.prune import delete_in_chunks
from backend.db.session import SessionFactory
from backend.notifications.models import InboxUpdate, ProcessedEvent
from dialogs.types import RawEvent

SOURCE = "telegram"
NO_SYNC = {"synchronize_session": False}
_inbox = cast(Table, InboxUpdate.__table__)
_seen = cast(Table, ProcessedEvent.__table__)


@dataclass(order=True)
class Stored:
    """One update on its way through this process, in id order per chat.

    An update taken straight to its step has no row yet (`id` 0, first in its chat's queue):
    `raw` holds the row the step's transaction writes, `ticket` is answered once it is written.
    """

    id: int
    key: str = field(compare=False)
    chat: str = field(compare=False)
    payload: dict[str, Any] = field(compare=False)
    arrived: float = field(compare=False, default_factory=time.monotonic)
    raw: RawEvent | None = field(compare=False, default=None)
    ticket: asyncio.Future[int] | None = field(compare=False, default=None)

    @property
    def album(self) -> str | None:
        """The media_group_id of a message that is one item of an album."""
        message = self.payload.get("message") or {}
        group = message.get("media_group_id") if isinstance(message, dict) else None
        return str(group) if group else None


def _object(value: object) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one (a hostile update may put anything
    where an object belongs)."""
    return value if isinstance(value, dict) else {}


def identify(payload: dict[str, Any]) -> tuple[str, str] | None:
    """(dedupe key, chat id) of a raw update; None for one that belongs to no chat."""
    for kind, prefix in (("message", "m"), ("edited_message", "e")):
        message = payload.get(kind)
        if isinstance(message, dict):
            chat, number = _object(message.get("chat")).get("id"), message.get("message_id")
            if not isinstance(chat, int) or not isinstance(number, int):
                return None
            edit = f":{message.get('edit_date', 0)}" if prefix == "e" else ""
            return f"{prefix}:{chat}:{number}{edit}", str(chat)
    query = payload.get("callback_query")
    if isinstance(query, dict) and isinstance(query.get("id"), str) and query["id"]:
        chat = _object(_object(query.get("message")).get("chat")).get("id")
        user = _object(query.get("from")).get("id")
        chat = chat if isinstance(chat, int) else user
        return (f"c:{query['id']}", str(chat)) if isinstance(chat, int) else None
    member = payload.get("my_chat_member")
    if isinstance(member, dict):
        chat = _object(member.get("chat")).get("id")
        status = _object(member.get("new_chat_member")).get("status")
        if isinstance(chat, int):
            return f"k:{chat}:{member.get('date')}:{status}", str(chat)
    return None


def row_for(
    key: str, chat: str, payload: dict[str, Any], now: datetime, lease_until: datetime | None
) -> dict[str, Any]:
    """The inbox row of an update: leased to this process, or (no lease) processed at `now`."""
    return {
        "source": SOURCE,
        "dedupe_key": key,
        "chat": chat,
        "payload": payload,
        "received_at": now,
        "lease_until": lease_until,
        "attempts": 1,
        "done_at": None if lease_until is not None else now,
    }


async def insert_new(sessions: SessionFactory, rows: list[dict[str, Any]]) -> list[Row[Any]]:
    """Store `rows` in one transaction; (id, dedupe_key) of those not stored before."""
    async with sessions() as session, session.begin():
        statement = upsert(session, _inbox).on_conflict_do_nothing()
        returned = await session.execute(
            statement.returning(_inbox.c.id, _inbox.c.dedupe_key), rows
        )
        return list(returned.all())


async def mark_done(sessions: SessionFactory, ids: list[int], now: datetime) -> None:
    """Record these rows as processed."""
    async with sessions() as session, session.begin():
        done = update(_inbox).where(_inbox.c.id.in_(ids))
        await session.execute(done.values(done_at=now, lease_until=None), execution_options=NO_SYNC)


async def take_over(
    sessions: SessionFactory, mine: list[int], now: datetime, lease: timedelta
) -> list[Row[Any]]:
    """Renew the leases of `mine`; lease and return rows whose lease ran out unprocessed."""
    expired = (
        select(_inbox.c.id)
        .where(
            _inbox.c.source == SOURCE,
            _inbox.c.done_at.is_(None),
            _inbox.c.lease_until.is_(None) | (_inbox.c.lease_until < now),
        )
        .order_by(_inbox.c.id)
        .limit(500)
    )
    values = {"lease_until": now + lease}
    async with sessions() as session, session.begin():
        if mine:
            renew = update(_inbox).where(_inbox.c.id.in_(mine)).values(values)
            await session.execute(renew, execution_options=NO_SYNC)
        taken = (
            update(_inbox)
            .where(_inbox.c.id.in_(expired.scalar_subquery()))
            .values(**values, attempts=_inbox.c.attempts + 1)
            .returning(_inbox.c.id, _inbox.c.dedupe_key, _inbox.c.chat, _inbox.c.payload)
        )
        return list((await session.execute(taken, execution_options=NO_SYNC)).all())


async def expire(sessions: SessionFactory, cutoff: datetime) -> None:
    """Forget processed updates and event ids received before `cutoff`."""
    old = [_inbox.c.received_at < cutoff, _inbox.c.done_at.is_not(None)]
    await delete_in_chunks(sessions, _inbox, old, _inbox.c.received_at)
    await delete_in_chunks(sessions, _seen, [_seen.c.processed_at < cutoff], _seen.c.processed_at)
