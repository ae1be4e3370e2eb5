"""Canned replies per language that staff pick in an escalation's reply form."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base
from backend.escalations.service import CANNED_REPLIES
from backend.i18n import LOCALES, gettext_for
from backend.staff.audit import changes, record
from backend.staff.models import StaffUser

MAX_TITLE = 100
MAX_TEXT = 2000


class CannedReply(Base):
    """A ready answer in one language, with a short title for the picker."""

    __tablename__ = "canned_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(8), index=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    text: Mapped[str] = mapped_column(Text)


class CannedReplyInvalid(ValueError):
    """A reply without a title or text, too long, or in a language the product doesn't speak."""


def _checked(locale: str, title: str, text: str) -> tuple[str, str, str]:
    title, text = title.strip(), text.strip()
    if locale not in LOCALES or not title or not text:
        raise CannedReplyInvalid("language, title and text are required")
    if len(title) > MAX_TITLE or len(text) > MAX_TEXT:
        raise CannedReplyInvalid("title or text too long")
    return locale, title, text


async def all_replies(session: AsyncSession) -> list[CannedReply]:
    """Every stored reply, by language then title."""
    rows = await session.scalars(
        select(CannedReply).order_by(CannedReply.locale, CannedReply.title)
    )
    return list(rows)


async def replies_for(session: AsyncSession, locale: str) -> list[tuple[str, str]]:
    """(title, text) of the replies in `locale`; the built-in ones when none are stored."""
    rows = await session.scalars(
        select(CannedReply).where(CannedReply.locale == locale).order_by(CannedReply.title)
    )
    stored = [(reply.title, reply.text) for reply in rows]
    if stored:
        return stored
    texts = [gettext_for(locale, text) for text in CANNED_REPLIES.values()]
    return [(text if len(text) <= 40 else text[:39] + "…", text) for text in texts]


def _summary(reply: CannedReply) -> dict[str, str]:
    return {"locale": reply.locale, "title": reply.title, "text": reply.text}


async def add_reply(
    session: AsyncSession, actor: StaffUser, locale: str, title: str, text: str, now: datetime
) -> CannedReply:
    """Store a new reply and audit it (no commit)."""
    locale, title, text = _checked(locale, title, text)
    reply = CannedReply(locale=locale, title=title, text=text)
    session.add(reply)
    await session.flush()
    await record(session, actor, "canned.create", title, now, after=_summary(reply))
    return reply


async def update_reply(
    session: AsyncSession,
    actor: StaffUser,
    reply: CannedReply,
    fields: tuple[str, str, str],
    now: datetime,
) -> None:
    """Change a reply's language, title and text and audit the difference (no commit)."""
    before = _summary(reply)
    reply.locale, reply.title, reply.text = _checked(*fields)
    old, new = changes(before, _summary(reply))
    if new:
        await record(session, actor, "canned.update", reply.title, now, old, new)


async def delete_reply(
    session: AsyncSession, actor: StaffUser, reply: CannedReply, now: datetime
) -> None:
    """Remove a reply and audit what it said (no commit)."""
    await record(session, actor, "canned.delete", reply.title, now, before=_summary(reply))
    await session.delete(reply)
