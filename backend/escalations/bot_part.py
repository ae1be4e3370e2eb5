"""The bot's part of a conversation before it was handed to a person, read from its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.conversations.models import ConversationMessage
from backend.escalations.models import Escalation
from backend.i18n import N_

MAX_LINES = 60

# What a line without words stands for; the console translates these for the staff member.
NOTES: dict[str, str] = {
    "contact": N_("shared a phone number"),
    "location": N_("shared a location"),
    "media": N_("sent files"),
    "document": N_("document sent"),
    "unsupported": N_("sent something the bot cannot read"),
}


@dataclass(frozen=True)
class BotLine:
    """One line of the bot conversation: who wrote it, its text, or a note on what it was."""

    at: datetime
    by_customer: bool
    text: str
    note: str = ""


def _button_labels(payload: dict[str, Any]) -> dict[str, str]:
    rows = payload.get("buttons") or []
    return {
        str(b.get("payload")): str(b.get("label"))
        for row in rows
        if isinstance(row, list)
        for b in row
        if isinstance(b, dict)
    }


def _line(message: ConversationMessage, labels: dict[str, str]) -> BotLine | None:
    payload = message.payload or {}
    kind = str(payload.get("type", ""))
    by_customer = message.direction == "in"
    if kind in ("text", "say", "notification"):
        return BotLine(message.created_at, by_customer, str(payload.get("text", "")))
    if kind == "choice":
        choice = str(payload.get("payload", ""))
        return BotLine(message.created_at, True, labels.get(choice, choice))
    if kind == "command":
        return BotLine(message.created_at, True, "/" + str(payload.get("name", "")))
    if kind in NOTES:
        return BotLine(message.created_at, by_customer, "", NOTES[kind])
    return None


async def bot_part(session: AsyncSession, escalation: Escalation) -> list[BotLine]:
    """The last lines of the conversation up to the hand-over, oldest first."""
    rows = list(
        await session.scalars(
            select(ConversationMessage)
            .where(
                ConversationMessage.conversation_id == escalation.conversation_id,
                ConversationMessage.created_at <= escalation.created_at,
            )
            .order_by(ConversationMessage.id.desc())
            .limit(MAX_LINES)
        )
    )
    lines: list[BotLine] = []
    labels: dict[str, str] = {}
    for message in reversed(rows):
        if message.direction == "out":
            labels = _button_labels(message.payload or {}) or labels
        line = _line(message, labels)
        if line is not None:
            lines.append(line)
    return lines
