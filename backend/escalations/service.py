"""Handing a conversation to a person and back."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.base import utcnow
from backend.escalations.models import Escalation, EscalationMessage, EscalationStatus


async def open_escalation(
    session: AsyncSession, customer_id: int, conversation_id: int, claim_id: int | None = None
) -> Escalation:
    """The conversation's open escalation, or a new one."""
    current = await open_escalation_of(session, conversation_id)
    if current is not None:
        return current
    escalation = Escalation(
        customer_id=customer_id, conversation_id=conversation_id, claim_id=claim_id
    )
    session.add(escalation)
    await session.flush()
    return escalation


async def open_escalation_of(session: AsyncSession, conversation_id: int) -> Escalation | None:
    """The open escalation of a conversation, if any."""
    return await session.scalar(
        select(Escalation).where(
            Escalation.conversation_id == conversation_id,
            Escalation.status == EscalationStatus.OPEN,
        )
    )


async def add_message(
    session: AsyncSession,
    escalation: Escalation,
    author: str,
    text: str,
    staff_id: int | None = None,
) -> EscalationMessage:
    """Append a message to the thread (author: customer, staff or system)."""
    message = EscalationMessage(
        escalation_id=escalation.id, author=author, text=text, staff_id=staff_id
    )
    session.add(message)
    if author == "staff" and escalation.first_staff_reply_at is None:
        escalation.first_staff_reply_at = utcnow()
    await session.flush()
    return message


async def close_escalation(session: AsyncSession, escalation: Escalation) -> None:
    """Close the thread; the bot answers the customer again."""
    escalation.status = EscalationStatus.CLOSED
    escalation.closed_at = utcnow()
