"""One customer event through the engine and back to Telegram, with the bookkeeping around it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import User
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import Settings
from backend.conversations.models import Conversation
from backend.customers.models import Channel, ChannelIdentity
from backend.db.session import SessionFactory
from backend.i18n import pick_locale
from backend.notifications.service import mark_delivered
from bot.render import ChatBlocked, send_replies
from dialogs.engine import Engine
from dialogs.types import Content, Incoming

log = logging.getLogger(__name__)


@dataclass
class BotServices:
    """What the handlers need, passed to them by the dispatcher."""

    engine: Engine
    sessions: SessionFactory
    settings: Settings


async def converse(
    bot: Bot,
    services: BotServices,
    user: User,
    chat_id: int,
    content: Content,
    event_id: str | None,
) -> None:
    """Handle one event of a private chat and send the replies."""
    incoming = Incoming(
        Channel.TELEGRAM.value,
        str(user.id),
        content,
        event_id=event_id,
        locale_hint=user.language_code,
        display_name=user.full_name,
    )
    replies = await services.engine.handle(incoming)
    if not replies:
        return
    locale = await prepare_delivery(services, user)
    try:
        sent = await send_replies(bot, chat_id, replies, locale)
    except ChatBlocked:
        await mark_blocked(services.sessions, str(user.id))
        return
    confirmed = [(say.outbox_id, message.message_id) for say, message in sent if say.outbox_id]
    if confirmed:
        async with services.sessions() as session:
            for outbox_id, message_id in confirmed:
                await mark_delivered(
                    session, outbox_id, str(message_id), now=services.engine.clock.now()
                )
            await session.commit()


async def prepare_delivery(services: BotServices, user: User) -> str:
    """The conversation's language now (it may have just changed); a customer who writes to us
    has unblocked the bot, so the block mark goes."""
    async with services.sessions() as session:
        locale = await session.scalar(
            select(Conversation.locale).where(
                Conversation.channel == Channel.TELEGRAM,
                Conversation.external_id == str(user.id),
            )
        )
        await _set_blocked(session, str(user.id), blocked=False)
        await session.commit()
    return locale or pick_locale(user.language_code, services.settings.default_locale)


async def _set_blocked(session: AsyncSession, external_id: str, *, blocked: bool) -> None:
    await session.execute(
        update(ChannelIdentity)
        .where(
            ChannelIdentity.channel == Channel.TELEGRAM,
            ChannelIdentity.external_id == external_id,
            ChannelIdentity.blocked.is_(not blocked),
        )
        .values(blocked=blocked)
    )


async def mark_blocked(sessions: SessionFactory, external_id: str) -> None:
    """Remember that this Telegram user blocked the bot."""
    async with sessions() as session:
        await _set_blocked(session, external_id, blocked=True)
        await session.commit()
    log.info("a Telegram customer blocked the bot")


def pressed_label(markup_rows: list[list[object]] | None, payload: str) -> str | None:
    """The label of the inline button with `payload` in a message's keyboard."""
    for row in markup_rows or []:
        for button in row:
            if getattr(button, "callback_data", None) == payload:
                return str(getattr(button, "text", ""))
    return None
