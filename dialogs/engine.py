"""The dialog engine: one event in, the replies out; state saved in the same transaction.

Events of one conversation never interleave: an in-process lock per conversation and an
optimistic version check on the conversation row (a stale save retries the whole event from a
fresh read). The committed state stays cached in the process (see `dialogs.state`), so an event
costs one versioned UPDATE and one history INSERT besides what its step does. An event id seen
before gets no second answer: its id is the first row the event's transaction writes.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm.exc import StaleDataError

from backend.customers.service import resolve_customer
from backend.db.session import SessionFactory
from backend.i18n import N_, gettext_for, pick_locale
from dialogs import flows as _flows  # noqa: F401 - registers every flow
from dialogs.config import DialogConfig
from dialogs.context import Context
from dialogs.history import describe_incoming, describe_replies
from dialogs.router import route
from dialogs.state import ConversationState, StateCache, create_state, read_state, write_state
from dialogs.store import record_event_id, record_history
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
        self._states = StateCache()

    def _lock(self, event: Incoming) -> asyncio.Lock:
        key = (event.channel, event.user_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def handle(self, event: Incoming) -> list[Reply]:
        """Handle one event and return the replies for it (empty for a duplicate)."""
        key = (event.channel, event.user_id)
        async with self._lock(event):
            for attempt in range(MAX_ATTEMPTS):
                try:
                    return await self._handle_once(event, key)
                except _Duplicate:
                    return []
                except (StaleDataError, IntegrityError):
                    self._states.forget(key)
                    log.info("conversation changed meanwhile, retrying (attempt %d)", attempt + 1)
                    await asyncio.sleep(0.005 * (attempt + 1))
                except Exception:
                    self._states.forget(key)
                    log.exception("dialog step failed for a %s event", event.channel)
                    return [self._apology(event)]
            return [self._apology(event)]

    def _apology(self, event: Incoming) -> Say:
        locale = pick_locale(event.locale_hint, self.config.default_locale)
        return Say(gettext_for(locale, N_("Sorry, something went wrong. Please try again.")))

    async def _handle_once(self, event: Incoming, key: tuple[str, str]) -> list[Reply]:
        async with self.sessions() as session:
            connection = await session.connection()
            if event.event_id:
                try:
                    await record_event_id(connection, event.channel, event.event_id)
                except IntegrityError:
                    await session.rollback()
                    raise _Duplicate from None
            cached = self._states.get(key)
            state = cached.copy() if cached else await self._read_or_create(connection, event)
            if state.customer_id is None:
                customer = await resolve_customer(
                    session,
                    event.channel,
                    event.user_id,
                    locale=state.locale,
                    name=event.display_name,
                )
                await session.flush()
                state.customer_id = customer.id
            ctx = Context(session, state, self.config, self.clock(), event)
            # Objects a step creates are flushed once at the commit, not before every query.
            with session.no_autoflush:
                replies = await route(ctx, event.content)
            ctx.save()
            saved = await write_state(connection, state)
            await record_history(
                session,
                state.id,
                [("in", describe_incoming(event.content)), *describe_replies(replies)],
            )
            await session.commit()
        self._states.put(key, saved)
        return replies

    async def _read_or_create(
        self, connection: AsyncConnection, event: Incoming
    ) -> ConversationState:
        state = await read_state(connection, event.channel, event.user_id)
        if state is None:
            locale = pick_locale(event.locale_hint, self.config.default_locale)
            state = await create_state(connection, event.channel, event.user_id, locale)
        return state
