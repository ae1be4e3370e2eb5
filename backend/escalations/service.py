"""Handing a conversation to a person and back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.conversations.models import Conversation
from backend.customers.models import Customer
from backend.escalations.models import (
    Escalation,
    EscalationMessage,
    EscalationRead,
    EscalationStatus,
)
from backend.i18n import N_, gettext_for
from backend.notifications.service import enqueue
from backend.staff.models import StaffUser


async def open_escalation(
    session: AsyncSession,
    customer_id: int,
    conversation_id: int,
    now: datetime,
    claim_id: int | None = None,
) -> Escalation:
    """The conversation's open escalation, or a new one opened at `now`."""
    current = await open_escalation_of(session, conversation_id)
    if current is not None:
        return current
    escalation = Escalation(
        customer_id=customer_id, conversation_id=conversation_id, claim_id=claim_id, created_at=now
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
    now: datetime,
    staff_id: int | None = None,
) -> EscalationMessage:
    """Append a message written at `now` to the thread (author: customer, staff or system)."""
    message = EscalationMessage(
        escalation_id=escalation.id, author=author, text=text, staff_id=staff_id, created_at=now
    )
    session.add(message)
    if author == "staff" and escalation.first_staff_reply_at is None:
        escalation.first_staff_reply_at = now
    await session.flush()
    return message


async def close_escalation(session: AsyncSession, escalation: Escalation, now: datetime) -> None:
    """Close the thread at `now`; the bot answers the customer again."""
    escalation.status = EscalationStatus.CLOSED
    escalation.closed_at = now


CANNED_REPLIES: dict[str, str] = {
    "greeting": N_("Hello! I'm a service specialist and I'll help you with your question."),
    "checking": N_("Thank you for waiting. I'm checking the details and will answer shortly."),
    "photos": N_(
        "Could you please send a photo of the defect and of the label with the serial number?"
    ),
    "transport": N_(
        "You can book a courier or choose a service point: choose “🚚 Book transport” in the menu."
    ),
    "goodbye": N_("Thank you for contacting us! If you have more questions, just write here."),
}


def signed(locale: str, staff: StaffUser, text: str) -> str:
    """The reply as the customer reads it: "Anna, service team:" and the text."""
    name = staff.display_name.strip() or staff.login
    signature = gettext_for(locale, N_("{name}, service team"), name=name)
    return f"{signature}:\n{text}"


async def staff_reply(
    session: AsyncSession, escalation: Escalation, staff: StaffUser, text: str, now: datetime
) -> EscalationMessage:
    """Add a staff message to the thread and queue it, signed, for the customer (no commit)."""
    message = await add_message(session, escalation, "staff", text, now, staff_id=staff.id)
    conversation = await session.get(Conversation, escalation.conversation_id)
    customer = await session.get(Customer, escalation.customer_id)
    assert conversation is not None and customer is not None
    if escalation.assignee_id is None:
        escalation.assignee_id = staff.id
    await enqueue(
        session,
        customer,
        now=now,
        kind="staff_reply",
        text=signed(conversation.locale, staff, text),
        channel=conversation.channel,
        # The web chat shows who wrote it above the message.
        payload={
            "escalation_id": escalation.id,
            "author": staff.display_name.strip() or staff.login,
        },
    )
    return message


def canned_text(key: str, locale: str) -> str | None:
    """A canned reply in the customer's language."""
    message = CANNED_REPLIES.get(key)
    return gettext_for(locale, message) if message else None


async def close_by_staff(session: AsyncSession, escalation: Escalation, now: datetime) -> None:
    """Close the thread and give the customer back to the bot, telling them so (no commit)."""
    await close_escalation(session, escalation, now)
    conversation = await session.get(Conversation, escalation.conversation_id)
    customer = await session.get(Customer, escalation.customer_id)
    assert conversation is not None and customer is not None
    conversation.with_staff = False
    await add_message(session, escalation, "system", "closed by staff", now)
    text = gettext_for(
        conversation.locale,
        N_(
            "Our colleague has finished the conversation. I'm here again: write to me and "
            "I'll show you the menu."
        ),
    )
    await enqueue(
        session,
        customer,
        now=now,
        kind="escalation_closed",
        text=text,
        channel=conversation.channel,
    )


async def escalation_thread(session: AsyncSession, escalation_id: int) -> list[EscalationMessage]:
    """Every message of a thread, oldest first."""
    return list(
        await session.scalars(
            select(EscalationMessage)
            .where(EscalationMessage.escalation_id == escalation_id)
            .order_by(EscalationMessage.id)
        )
    )


async def add_note(
    session: AsyncSession, escalation: Escalation, staff: StaffUser, text: str, now: datetime
) -> EscalationMessage:
    """An internal note in the thread: staff read it, nothing is sent to the customer."""
    return await add_message(session, escalation, "note", text, now, staff_id=staff.id)


def assign(escalation: Escalation, assignee: StaffUser) -> None:
    """Give the thread to `assignee` (oneself: "take"; a colleague: hand over; no commit)."""
    escalation.assignee_id = assignee.id


async def mark_read(session: AsyncSession, staff_id: int, escalation_id: int, upto: int) -> None:
    """Remember that `staff_id` has read the thread up to message id `upto` (no commit)."""
    read = await session.get(EscalationRead, (staff_id, escalation_id))
    if read is None:
        session.add(
            EscalationRead(staff_id=staff_id, escalation_id=escalation_id, last_message_id=upto)
        )
    elif read.last_message_id < upto:
        read.last_message_id = upto
