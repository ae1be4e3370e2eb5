"""The dialog engine: one event in, the replies out; state saved in the same transaction.

Events of one conversation never interleave: an in-process lock per conversation and an
optimistic version check on the conversation row (a stale save retries the whole event from a
fresh read). The committed state stays cached in the process (see `dialogs.state`), and events
of different conversations that arrive together share one transaction (`backend.db.batching`):
their states, history and event ids are written with one statement each. When anything in a
shared transaction fails, it is rolled back and each of its events runs again on its own, so one
customer's trouble never reaches another's conversation. An event id seen before gets no second
answer: its id is the first row the event's transaction writes (after its raw row, when the
channel hands one in to be stored with the step, `Incoming.raw`). Only writes that lost a race
run again (a stale version, `WriteConflict`); any other failure ends in the apology.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref
from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from backend.clock import SYSTEM_CLOCK, Clock
from backend.customers.service import customer_id_for
from backend.db.batching import BatchQueue
from backend.db.session import SessionFactory
from backend.errors import WriteConflict
from backend.i18n import LOCALES, N_, gettext_for, pick_locale, translator
from backend.warranty.explain import local_date
from backend.warranty.rules.loader import load_rules
from dialogs import flows as _flows  # noqa: F401 - registers every flow
from dialogs.config import DialogConfig
from dialogs.context import Context
from dialogs.facts_cache import FactsCache
from dialogs.flow import stored_step
from dialogs.history import describe_incoming, describe_replies
from dialogs.outbox_replies import QueuedRow, write_replies
from dialogs.router import route
from dialogs.state import (
    ConversationState,
    StateCache,
    create_state,
    load_conversation,
    write_states,
)
from dialogs.store import record_arrival, record_history
from dialogs.types import Incoming, Media, Reply, Say
from dialogs.validation import InvalidInput, normalize_phone

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


class _Duplicate(Exception):
    """The event id was processed before."""


class _SharedDuplicate(Exception):
    """An event of a shared transaction was processed before: each runs again alone."""


class EngineObserver(Protocol):
    """Told about every handled event (metrics, logs); must not block or raise."""

    def event_handled(self, event: Incoming, outcome: str, seconds: float) -> None:
        """`event` got its replies `seconds` after it arrived: answered, duplicate, failed
        (the apology) or contended (the conversation kept changing underneath, apology too)."""


class Handoff(Protocol):
    """A sender in this process that takes the outbox rows a step wrote straight from it."""

    def lease_for(self) -> timedelta | None:
        """How long rows written now are leased to it; None while it takes none."""

    def take(self, rows: list[QueuedRow]) -> None:
        """The committed rows, in order; it delivers them without claiming them first."""


Answer = tuple[str, list[Reply]]  # the outcome and the replies of one event


class Engine:
    """Turns events into replies; never sends anything itself."""

    def __init__(
        self,
        sessions: SessionFactory,
        config: DialogConfig,
        clock: Clock = SYSTEM_CLOCK,
        *,
        max_batch: int = 64,
        observer: EngineObserver | None = None,
    ) -> None:
        self.sessions = sessions
        self.config = config
        self.clock = clock
        self.observer = observer
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._outbox_channels: set[str] = set()
        self._on_queued: list[Callable[[], None]] = []
        self._handoff: Handoff | None = None
        self._states = StateCache()
        self._facts = FactsCache()
        bind = sessions.kw.get("bind")
        # SQLite has one writer: one transaction at a time. A server database runs several.
        sqlite = bind is None or bind.dialect.name == "sqlite"
        self._queue: BatchQueue[Incoming, Answer] = BatchQueue(
            self._run_batch, max_batch=max_batch, workers=1 if sqlite else 4
        )

    async def warm_up(self) -> None:
        """Load what the first customers would otherwise wait for: catalogs, locale data,
        the jurisdiction's rules, phone metadata and the engine's compiled statements."""
        today = self.clock.today()
        for locale in LOCALES:
            translator(locale)
            local_date(today, locale)
        load_rules(self.config.jurisdiction)
        with contextlib.suppress(InvalidInput):
            normalize_phone("+10000000000", self.config.phone_region)
        async with self.sessions() as session:
            connection = await session.connection()
            await load_conversation(connection, "web", "")
            await self._facts.unit(session, 0)
            await self._facts.product(session, 0, None)
            await self._facts.find_serial(session, "")
            await session.rollback()

    def deliver_through_outbox(
        self,
        channels: Collection[str],
        wake: Callable[[], None],
        handoff: Handoff | None = None,
    ) -> None:
        """Write the replies of `channels` to the outbox in the step's transaction; `wake` is
        called after each commit that queued some (the adapter sends nothing itself). With a
        `handoff`, the rows go to it after the commit instead while it takes them."""
        self._outbox_channels.update(channels)
        self._on_queued.append(wake)
        if handoff is not None:
            self._handoff = handoff

    def _lock(self, key: tuple[str, str]) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def handle(self, event: Incoming) -> list[Reply]:
        """Handle one event and return the replies for it (empty for a duplicate)."""
        arrived = time.perf_counter()
        async with self._lock(_key(event)):
            await self._prepare(event)
            outcome, replies = await self._queue.submit(event)
        if self.observer is not None:
            self.observer.event_handled(event, outcome, time.perf_counter() - arrived)
        return replies

    async def _prepare(self, event: Incoming) -> None:
        """Let the current step prepare a file answer outside the shared transaction (known
        only for a cached conversation; otherwise the step does that work itself)."""
        state = self._states.get(_key(event)) if isinstance(event.content, Media) else None
        if state is None or state.with_staff:  # not known here, or a person reads the files
            return
        step = stored_step(state.flow, state.step)
        if step is not None and step.prepare is not None:
            await step.prepare(self.config, event.content)

    async def _run_batch(self, events: list[Incoming]) -> list[Answer]:
        if len(events) > 1:
            try:
                return [("answered", replies) for replies in await self._attempt(events)]
            except Exception:
                log.info(
                    "a shared transaction of %d events failed; running each alone", len(events)
                )
                for event in events:
                    self._states.forget(_key(event))
        return [await self._run_alone(event) for event in events]

    async def _run_alone(self, event: Incoming) -> Answer:
        for attempt in range(MAX_ATTEMPTS):
            try:
                (replies,) = await self._attempt([event])
                return "answered", replies
            except _Duplicate:
                return "duplicate", []
            except (StaleDataError, WriteConflict):  # lost a race: a fresh read wins it
                self._states.forget(_key(event))
                log.info("conversation changed meanwhile, retrying (attempt %d)", attempt + 1)
                if attempt:  # the first retry reads fresh state at once; later ones back off
                    await asyncio.sleep(0.005 * attempt)
            except Exception:
                self._states.forget(_key(event))
                log.exception("dialog step failed for a %s event", event.channel)
                return "failed", await self._apology(event)
        return "contended", await self._apology(event)

    async def _apology(self, event: Incoming) -> list[Reply]:
        """Sorry, in the event's language; queued on its own where replies go by the outbox."""
        locale = pick_locale(event.locale_hint, self.config.default_locale)
        replies: list[Reply] = [
            Say(gettext_for(locale, N_("Sorry, something went wrong. Please try again.")))
        ]
        if event.channel in self._outbox_channels:
            state = ConversationState(0, event.channel, event.user_id, None, locale)
            try:
                async with self.sessions() as session, session.begin():
                    connection = await session.connection()
                    await write_replies(connection, [(state, replies)], self.clock.now())
            except Exception:  # the database is away: nothing more can be done for this event
                log.exception("could not queue the apology")
            for wake in self._on_queued:
                wake()
        return replies

    async def _attempt(self, events: list[Incoming]) -> list[list[Reply]]:
        """Run `events` in one transaction; any failure rolls all of them back."""
        async with self.sessions() as session:
            connection = await session.connection()
            now = self.clock.now()  # one time for the whole transaction
            if not await record_arrival(connection, events, now):
                await session.rollback()
                if len(events) == 1:
                    raise _Duplicate
                raise _SharedDuplicate
            states: list[ConversationState] = []
            answers: list[list[Reply]] = []
            history: list[tuple[int, str, dict[str, Any]]] = []
            for event in events:
                state, replies = await self._step(session, connection, event, now)
                states.append(state)
                answers.append(replies)
                history.append((state.id, "in", describe_incoming(event.content)))
                history.extend((state.id, d, p) for d, p in describe_replies(replies))
            queued = [
                (state, replies)
                for event, state, replies in zip(events, states, answers, strict=True)
                if event.channel in self._outbox_channels
            ]
            lease = self._handoff.lease_for() if self._handoff is not None else None
            leased = now + lease if lease is not None else None
            written = await write_replies(connection, queued, now, leased) if queued else []
            saved = await write_states(connection, states, now)
            await record_history(connection, history, now)
            await session.commit()
        if written and leased is not None and self._handoff is not None:
            self._handoff.take(written)
        elif written:
            for wake in self._on_queued:
                wake()
        for event, state in zip(events, saved, strict=True):
            self._states.put(_key(event), state)
            if event.raw is not None:
                event.raw.stored = True
        return answers

    async def _step(
        self, session: AsyncSession, connection: AsyncConnection, event: Incoming, now: datetime
    ) -> tuple[ConversationState, list[Reply]]:
        cached = self._states.get(_key(event))
        state = cached.copy() if cached else await self._read_or_create(connection, event, now)
        if state.customer_id is None:
            state.customer_id = await customer_id_for(
                connection,
                event.channel,
                event.user_id,
                locale=state.locale,
                name=event.display_name,
                now=now,
            )
        queued = event.channel in self._outbox_channels
        ctx = Context(session, state, self.config, now, event, self._facts, queued=queued)
        # Objects a step creates are flushed once at the commit, not before every query.
        with session.no_autoflush:
            replies = await route(ctx, event.content)
        ctx.save()
        return state, replies

    async def _read_or_create(
        self, connection: AsyncConnection, event: Incoming, now: datetime
    ) -> ConversationState:
        state = await load_conversation(connection, event.channel, event.user_id)
        if state is None:
            locale = pick_locale(event.locale_hint, self.config.default_locale)
            state = await create_state(connection, event.channel, event.user_id, locale, now)
        return state


def _key(event: Incoming) -> tuple[str, str]:
    return (event.channel, event.user_id)
