"""Loading and saving conversation state, message history, processed event ids and raw events."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.conversations.models import ConversationMessage
from backend.db.direct import DirectStatement
from backend.notifications.models import InboxUpdate, ProcessedEvent
from dialogs.state import load_conversation  # the one read of a conversation, re-exported
from dialogs.types import Incoming

__all__ = [
    "history",
    "load_conversation",
    "record_arrival",
    "record_event_ids",
    "record_history",
    "record_raw_events",
]

_processed = cast(Table, ProcessedEvent.__table__)
_messages = cast(Table, ConversationMessage.__table__)
_inbox = cast(Table, InboxUpdate.__table__)
_NEW_RAW_SQLITE = DirectStatement(sqlite.insert(_inbox).on_conflict_do_nothing())
_NEW_HISTORY = DirectStatement(insert(_messages))
_NEW_RAW_POSTGRES = postgresql.insert(_inbox).on_conflict_do_nothing().returning(_inbox.c.id)


async def record_event_ids(
    connection: AsyncConnection, seen: list[tuple[str, str]], now: datetime
) -> None:
    """Record (source, event id) pairs in the open transaction; IntegrityError on a repeat.

    They come first in the events' transaction: a duplicate is refused by the primary key before
    any work is done, and a concurrent twin waits on the key until the first one commits.
    """
    await connection.execute(
        insert(_processed),
        [
            {"source": source, "event_id": event_id, "processed_at": now}
            for source, event_id in seen
        ],
    )


async def record_raw_events(connection: AsyncConnection, rows: list[dict[str, Any]]) -> int:
    """Store events' raw rows (inbox rows) in the open transaction; how many were not there."""
    if connection.dialect.name == "sqlite":  # SQLite counts the rows an executemany wrote
        return await _NEW_RAW_SQLITE.execute(connection, rows)
    return len((await connection.execute(_NEW_RAW_POSTGRES, rows)).all())


async def record_arrival(
    connection: AsyncConnection, events: list[Incoming], now: datetime
) -> bool:
    """Write the events' raw rows and ids first; False when one of them was there before.

    A duplicate is refused by the keys before any work is done, and a concurrent twin waits on
    the key until the first one commits. An event stored with its raw row needs no event id:
    the row's key is the update's own and recognises it again."""
    raw = [e.raw.row for e in events if e.raw is not None]
    if raw and await record_raw_events(connection, raw) < len(raw):
        return False
    seen = [(e.channel, e.event_id) for e in events if e.event_id and e.raw is None]
    try:
        if seen:
            await record_event_ids(connection, seen, now)
    except IntegrityError:
        return False
    return True


async def record_history(
    connection: AsyncConnection, entries: list[tuple[int, str, dict[str, Any]]], now: datetime
) -> None:
    """Append (conversation id, direction, payload) entries to histories in one statement."""
    rows = [
        {"conversation_id": c, "direction": d, "payload": p, "created_at": now}
        for c, d, p in entries
    ]
    await _NEW_HISTORY.execute(connection, rows)


async def history(
    session: AsyncSession, conversation_id: int, limit: int = 200
) -> list[ConversationMessage]:
    """The latest messages of a conversation, oldest first."""
    rows = await session.scalars(
        select(ConversationMessage)
        .where(ConversationMessage.conversation_id == conversation_id)
        .order_by(ConversationMessage.id.desc())
        .limit(limit)
    )
    return list(reversed(list(rows)))
