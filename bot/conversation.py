"""One customer event into the engine, and the chat-level bookkeeping around it.

Nothing here sends a reply: the engine writes the replies to the outbox in the step's own
transaction and wakes the sender.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiogram.types import User

from backend.config import Settings
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.notifications.service import enqueue_plain, set_blocked
from dialogs.engine import Engine
from dialogs.types import Content, Incoming, RawEvent, Reply

log = logging.getLogger(__name__)


@dataclass
class BotServices:
    """What the handlers need, passed to them by the dispatcher."""

    engine: Engine
    sessions: SessionFactory
    settings: Settings
    wake_sender: Callable[[], None]
    # Rows this process just committed for a chat, handed to its sender in id order (they go
    # after the chat's earlier messages and before its later replies).
    queue_rows: Callable[[str, list[int]], None] | None = None


async def converse(
    services: BotServices, user: User, content: Content, event_id: str | None
) -> list[Reply]:
    """Handle one event of a private chat; its replies go out through the outbox (they are
    returned for what the adapter shows itself, a `Toast`)."""
    return await converse_as(
        services, user.id, user.language_code, user.full_name, content, event_id
    )


async def converse_as(
    services: BotServices,
    user_id: int,
    language: str | None,
    full_name: str,
    content: Content,
    event_id: str | None,
    raw: RawEvent | None = None,
) -> list[Reply]:
    """`converse` for a user known by their fields (an update read without aiogram's models);
    `raw`: the update's inbox row, written by the step's transaction."""
    incoming = Incoming(
        Channel.TELEGRAM.value,
        str(user_id),
        content,
        event_id=event_id,
        locale_hint=language,
        display_name=full_name,
        toasts=True,
        raw=raw,
    )
    return await services.engine.handle(incoming)


async def mark_blocked(services: BotServices, chat_id: int, *, blocked: bool) -> None:
    """The customer blocked (or unblocked) the bot: stop (or release) their messages."""
    async with services.sessions() as session, session.begin():
        now = services.engine.clock.now()
        changed = await set_blocked(session, Channel.TELEGRAM, str(chat_id), blocked, now=now)
    log.info("a Telegram customer %s the bot", "blocked" if blocked else "unblocked")
    if changed and not blocked:
        services.wake_sender()


async def tell_chat(services: BotServices, chat_id: int, text: str, kind: str) -> None:
    """Queue one message for a chat that is no customer's (a group)."""
    async with services.sessions() as session, session.begin():
        now = services.engine.clock.now()
        row = await enqueue_plain(
            session, Channel.TELEGRAM, str(chat_id), now=now, kind=kind, text=text
        )
    if services.queue_rows is not None:
        services.queue_rows(str(chat_id), [row])
    else:
        services.wake_sender()


def pressed_label(markup_rows: list[list[object]] | None, payload: str) -> str | None:
    """The label of the inline button with `payload` in a message's keyboard."""
    for row in markup_rows or []:
        for button in row:
            if getattr(button, "callback_data", None) == payload:
                return str(getattr(button, "text", ""))
    return None
