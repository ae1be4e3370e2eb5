"""Loading and saving conversation state, message history and processed event ids."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.conversations.models import Conversation, ConversationMessage
from backend.customers.models import Channel
from backend.notifications.models import ProcessedEvent


async def was_processed(session: AsyncSession, source: str, event_id: str) -> bool:
    """Whether this event id was handled before."""
    found = await session.scalar(
        select(ProcessedEvent.event_id).where(
            ProcessedEvent.source == source, ProcessedEvent.event_id == event_id
        )
    )
    return found is not None


def mark_processed(session: AsyncSession, source: str, event_id: str) -> None:
    """Record the event id; a concurrent duplicate fails the commit on the primary key."""
    session.add(ProcessedEvent(source=source, event_id=event_id))


async def load_conversation(
    session: AsyncSession, channel: str, external_id: str, *, lock: bool = False
) -> Conversation | None:
    """The stored conversation; `lock` takes its row lock where the database has one."""
    statement = select(Conversation).where(
        Conversation.channel == Channel(channel), Conversation.external_id == external_id
    )
    if lock and session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(of=Conversation)
    return await session.scalar(statement)


async def record_history(
    session: AsyncSession, conversation_id: int, entries: list[tuple[str, dict[str, Any]]]
) -> None:
    """Append (direction, payload) entries to the conversation's history in one statement."""
    if entries:
        await session.execute(
            insert(ConversationMessage),
            [
                {"conversation_id": conversation_id, "direction": d, "payload": p}
                for d, p in entries
            ],
        )


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
