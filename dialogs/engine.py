"""The dialog engine: one event in, the replies out; state saved in the same transaction.

Events of one conversation never interleave: an in-process lock per conversation, a row lock on
PostgreSQL and an optimistic version check everywhere (a stale save retries the whole event).
An event id seen before gets no second answer.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from backend.conversations.models import Conversation
from backend.customers.service import resolve_customer
from backend.db.session import SessionFactory
from backend.i18n import N_, gettext_for, pick_locale
from dialogs import flows as _flows  # noqa: F401 - registers every flow
from dialogs.config import DialogConfig
from dialogs.context import Context
from dialogs.history import describe_incoming, describe_replies
from dialogs.router import route
from dialogs.store import load_conversation, mark_processed, record_history, was_processed
from dialogs.types import Incoming, Reply, Say

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


class _Duplicate(Exception):
    """The event id was processed by someone else meanwhile."""


class Engine:
    """Turns events into replies; never sends anything itself."""

    def __init__(
        self,
        sessions: SessionFactory,
        config: DialogConfig,
        clock: Callable[[], date] = date.today,
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.clock = clock
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    def _lock(self, event: Incoming) -> asyncio.Lock:
        key = (event.channel, event.user_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def handle(self, event: Incoming) -> list[Reply]:
        """Handle one event and return the replies for it (empty for a duplicate)."""
        async with self._lock(event):
            for attempt in range(MAX_ATTEMPTS):
                try:
                    return await self._handle_once(event)
                except _Duplicate:
                    return []
                except (StaleDataError, IntegrityError):
                    log.info("conversation changed meanwhile, retrying (attempt %d)", attempt + 1)
                    await asyncio.sleep(0.005 * (attempt + 1))
                except Exception:
                    log.exception("dialog step failed for a %s event", event.channel)
                    return [self._apology(event)]
            return [self._apology(event)]

    def _apology(self, event: Incoming) -> Say:
        locale = pick_locale(event.locale_hint, self.config.default_locale)
        return Say(gettext_for(locale, N_("Sorry, something went wrong. Please try again.")))

    async def _handle_once(self, event: Incoming) -> list[Reply]:
        async with self.sessions() as session:
            if event.event_id and await was_processed(session, event.channel, event.event_id):
                raise _Duplicate
            conversation = await load_conversation(session, event.channel, event.user_id, lock=True)
            if conversation is None:
                conversation = await self._new_conversation(session, event)
            customer = conversation.customer
            if customer is None:
                customer = await resolve_customer(
                    session,
                    event.channel,
                    event.user_id,
                    locale=conversation.locale,
                    name=event.display_name,
                )
                conversation.customer = customer
            ctx = Context(session, conversation, customer, self.config, self.clock(), event)
            # The conversation row changes as the step runs; flushing it once at the end (not
            # before every query) keeps each event to one versioned UPDATE.
            with session.no_autoflush:
                replies = await route(ctx, event.content)
            ctx.save()
            await record_history(
                session,
                conversation.id,
                [("in", describe_incoming(event.content)), *describe_replies(replies)],
            )
            if event.event_id:
                mark_processed(session, event.channel, event.event_id)
            try:
                await session.commit()
            except IntegrityError:
                await session.rollback()
                if event.event_id and await was_processed(session, event.channel, event.event_id):
                    raise _Duplicate from None
                raise
            return replies

    async def _new_conversation(self, session: AsyncSession, event: Incoming) -> Conversation:
        conversation = Conversation(
            channel=event.channel,
            external_id=event.user_id,
            locale=pick_locale(event.locale_hint, self.config.default_locale),
            data={},
        )
        session.add(conversation)
        await session.flush()
        return conversation
