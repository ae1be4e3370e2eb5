"""Which process handles a chat's updates when several share one database (PostgreSQL).

One row of `inbox_chat` per chat names its owner and how long the claim lasts. A process claims a
chat with one upsert in the transaction that stores the chat's update, when it does not hold the
chat already: the upsert wins when nobody holds it, the claim ran out, or the claim is its own.
A process that loses stores the update unleased and publishes `inbox:<chat>` on the change feed
(`backend.db.notify`); the owner reads the chat's unleased rows and runs them in id order. The
owner renews every claim it holds in its sweep, gives up a chat idle for a while (when no row of
it is waiting), and a claim that runs out (its process died or stalled) is taken by whoever next
stores an update of that chat or sweeps: it takes the chat's unfinished rows with it, leased or
not, so they run before anything newer.

An owner storing a chat's update first looks for rows of the chat nobody works on: a row handed
over whose notice is still on its way is read and run before the newer update.

`ChatClaims` is this process's memory of what it holds: while the memory says so, an update of
the chat is stored and run here with no statement about the chat at all.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, and_, delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.dialect import upsert
from backend.db.notify import publish
from backend.db.session import SessionFactory
from backend.notifications.models import InboxChat, InboxUpdate
from bot.inbox_rows import NO_SYNC, SOURCE, insert_new

TOPIC = "inbox"  # the change notice that wakes a chat's owner: `inbox:<chat>`
TAKEN = 500  # rows taken by one sweep at most
_chats = cast(Table, InboxChat.__table__)
_inbox = cast(Table, InboxUpdate.__table__)
_RETURNED = (_inbox.c.id, _inbox.c.dedupe_key, _inbox.c.chat, _inbox.c.payload)


class ChatClaims:
    """The chats this process holds, each until a moment its claim surely still lasts."""

    def __init__(self, lease_seconds: float, name: str | None = None) -> None:
        self.name = name or f"{socket.gethostname()[:32]}:{os.getpid()}:{secrets.token_hex(4)}"
        self.trusted = lease_seconds * 2 / 3  # how long a claim is believed after it was written
        self._until: dict[str, float] = {}
        self._known: dict[str, float] = {}  # when each claim was known written
        self._idle_since: dict[str, float] = {}  # since when nothing of it ran here
        self.claiming: set[str] = set()  # claims being written now
        self.woken: set[str] = set()  # notices that came for a chat while its claim was written

    def holds(self, chat: str) -> bool:
        """Whether this process surely owns `chat` now."""
        return self._until.get(chat, 0.0) > time.monotonic()

    def held(self) -> list[str]:
        """Every chat this process owns."""
        return list(self._until)

    def won(self, chats: Iterable[str], written: float) -> None:
        """Claims written at monotonic time `written`."""
        for chat in chats:
            self._until[chat] = written + self.trusted
            self._known[chat] = self._idle_since[chat] = time.monotonic()

    def renewed(self, chats: set[str], written: float) -> set[str]:
        """The claims the database holds for us after a renewal that started at `written`;
        returns the chats lost (a claim won while the renewal ran is not judged by it)."""
        lost = {c for c in self._until if c not in chats and self._known[c] < written}
        for chat in lost:
            self.forget(chat)
        for chat in chats:
            self._until[chat] = written + self.trusted
            self._known.setdefault(chat, written)
            self._idle_since.setdefault(chat, written)
        return lost

    def forget(self, chat: str) -> None:
        """`chat` is not (or no longer) ours."""
        self._until.pop(chat, None)
        self._known.pop(chat, None)
        self._idle_since.pop(chat, None)

    def idle(self, chat: str) -> None:
        """Nothing of `chat` is under way here from now on (given up after a while)."""
        if chat in self._until:
            self._idle_since[chat] = time.monotonic()

    def release(self, busy: set[str], keep: float) -> list[str]:
        """Chats idle for `keep` seconds: forgotten here, for the sweep to give up."""
        since = time.monotonic() - keep
        idle = [c for c, t in self._idle_since.items() if t < since and c not in busy]
        for chat in idle:
            self.forget(chat)
        return idle


def _pending(*where: Any) -> Any:
    """The unfinished rows of the inbox (matching `where`)."""
    return and_(_inbox.c.source == SOURCE, _inbox.c.done_at.is_(None), *where)


def _free(now: datetime) -> Any:
    """A row nobody works on: never leased (handed over) or its lease ran out."""
    return or_(_inbox.c.lease_until.is_(None), _inbox.c.lease_until < now)


async def claim(
    session: AsyncSession, me: str, chats: Iterable[str], now: datetime, until: datetime
) -> set[str]:
    """Claim `chats` for `me` where nobody else holds them; the chats now ours."""
    values = [{"source": SOURCE, "chat": c, "owner": me, "lease_until": until} for c in chats]
    if not values:
        return set()
    insert = upsert(session, _chats)
    statement = insert.on_conflict_do_update(
        index_elements=[_chats.c.source, _chats.c.chat],
        set_={"owner": insert.excluded.owner, "lease_until": insert.excluded.lease_until},
        where=(_chats.c.owner == me) | (_chats.c.lease_until < now),
    ).returning(_chats.c.chat)
    return set((await session.execute(statement, values)).scalars())


async def _take(session: AsyncSession, where: Any, until: datetime) -> list[Row[Any]]:
    """Lease the first unfinished rows matching `where` to this process; (id, key, chat,
    payload) of each."""
    ids = select(_inbox.c.id).where(_pending(where)).order_by(_inbox.c.id).limit(TAKEN)
    taken = (
        update(_inbox)
        .where(_inbox.c.id.in_(ids.scalar_subquery()))
        .values(lease_until=until, attempts=_inbox.c.attempts + 1)
        .returning(*_RETURNED)
    )
    return list((await session.execute(taken, execution_options=NO_SYNC)).all())


async def claim_chats(
    sessions: SessionFactory, chats: set[str], me: str, now: datetime, until: datetime
) -> tuple[set[str], list[Row[Any]]]:
    """Claim `chats` for `me` where nobody else holds them. Returns the chats won and their
    unfinished rows (an owner that died left them), leased to `me` now."""
    async with sessions() as session, session.begin():
        won = await claim(session, me, chats, now, until)
        earlier = await _take(session, _inbox.c.chat.in_(won), until) if won else []
    return won, earlier


async def insert_handing(
    sessions: SessionFactory, rows: list[dict[str, Any]], handed: set[str]
) -> list[Row[Any]]:
    """Store `rows` in one transaction, waking the owners of the `handed` chats (their rows
    are unleased); (id, dedupe_key) of the rows not stored before."""
    if not handed:
        return await insert_new(sessions, rows) if rows else []
    async with sessions() as session, session.begin():
        statement = upsert(session, _inbox).on_conflict_do_nothing()
        returning = statement.returning(_inbox.c.id, _inbox.c.dedupe_key)
        new = list((await session.execute(returning, rows)).all())
        for chat in sorted(handed):
            await publish(session, TOPIC, chat)
    return new


async def with_free_rows(sessions: SessionFactory, chats: set[str], now: datetime) -> set[str]:
    """Those of `chats` with unfinished rows nobody works on (handed over, or orphaned)."""
    query = select(_inbox.c.chat).where(_pending(_inbox.c.chat.in_(sorted(chats)), _free(now)))
    async with sessions() as session:
        return set((await session.scalars(query.distinct())).all())


async def take_handed(
    sessions: SessionFactory, chats: list[str], now: datetime, until: datetime
) -> list[Row[Any]]:
    """Lease the rows other processes handed to us (their chats are ours) and return them."""
    async with sessions() as session, session.begin():
        return await _take(session, _inbox.c.chat.in_(chats) & _free(now), until)


async def sweep(
    sessions: SessionFactory,
    me: str,
    idle: list[str],
    held: list[int],
    now: datetime,
    until: datetime,
) -> tuple[set[str], list[Row[Any]]]:
    """One transaction: give up `idle` chats with nothing waiting, renew our other claims and
    the leases of the rows we hold, claim chats whose owner is gone, and take the rows of our
    chats nobody works on. Returns the chats ours now and the rows taken."""
    async with sessions() as session, session.begin():
        mine = and_(_chats.c.source == SOURCE, _chats.c.owner == me)
        if idle:
            waiting = exists().where(_pending(_inbox.c.chat == _chats.c.chat))
            gone = delete(_chats).where(mine, _chats.c.chat.in_(idle), ~waiting)
            await session.execute(gone, execution_options=NO_SYNC)
        renew = update(_chats).where(mine).values(lease_until=until).returning(_chats.c.chat)
        owned = set((await session.execute(renew, execution_options=NO_SYNC)).scalars())
        if held:
            rows = update(_inbox).where(_inbox.c.id.in_(held)).values(lease_until=until)
            await session.execute(rows, execution_options=NO_SYNC)
        fresh = await claim(session, me, await _orphaned(session, now), now, until)
        ours = select(_chats.c.chat).where(mine).scalar_subquery()
        where = (_inbox.c.chat.in_(ours) & _free(now)) | _inbox.c.chat.in_(fresh)
        return owned | fresh, await _take(session, where, until)


async def _orphaned(session: AsyncSession, now: datetime) -> list[str]:
    """Chats with rows nobody works on whose owner is gone (or that never had one)."""
    claimed = exists().where(
        _chats.c.source == _inbox.c.source,
        _chats.c.chat == _inbox.c.chat,
        _chats.c.lease_until >= now,
    )
    chats = select(_inbox.c.chat).where(_pending(_free(now), ~claimed)).distinct().limit(100)
    return list((await session.execute(chats)).scalars())


async def release_all(sessions: SessionFactory, me: str) -> None:
    """Give up every chat `me` holds (a process shutting down)."""
    async with sessions() as session, session.begin():
        mine = delete(_chats).where(_chats.c.source == SOURCE, _chats.c.owner == me)
        await session.execute(mine, execution_options=NO_SYNC)


async def expire(sessions: SessionFactory, cutoff: datetime) -> None:
    """Forget claims that ran out before `cutoff` (their chats went quiet, their owner died)."""
    async with sessions() as session, session.begin():
        old = delete(_chats).where(_chats.c.lease_until < cutoff)
        await session.execute(old, execution_options=NO_SYNC)
