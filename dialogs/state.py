"""A conversation's state as the engine works on it, and the process-local cache of it.

Each event reads the state, runs one step and writes the state back with
`UPDATE … WHERE id = ? AND version = ?`. The copy kept in memory after a commit saves the read
on the next event; whoever else changes the row (another process, the staff console handing the
customer back to the bot) bumps its version, the engine's write then matches no row, and the
event runs again from a fresh read. So the cache is never trusted past the version check.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from backend.conversations.models import Conversation
from backend.customers.models import Channel
from backend.db.direct import DirectStatement
from backend.errors import WriteConflict

_table = cast(Table, Conversation.__table__)
_CREATE = insert(_table).returning(_table.c.id)


@dataclass
class ConversationState:
    """Where one customer is in a dialog; a plain copy of their conversation row."""

    id: int
    channel: str
    external_id: str
    customer_id: int | None
    locale: str
    flow: str = "menu"
    step: str = "start"
    data: dict[str, Any] = field(default_factory=dict)
    screen: int = 0
    version: int = 0
    with_staff: bool = False

    def copy(self) -> ConversationState:
        """A copy a step may change freely (the cached one stays as committed)."""
        return ConversationState(
            self.id,
            self.channel,
            self.external_id,
            self.customer_id,
            self.locale,
            self.flow,
            self.step,
            dict(self.data),
            self.screen,
            self.version,
            self.with_staff,
        )


# The statements follow the state's fields: a column the engine works with is one more field.
_KEYS = ("channel", "external_id")
_FIELDS = tuple(f.name for f in fields(ConversationState) if f.name not in _KEYS)
_READ = select(*(_table.c[name] for name in _FIELDS)).where(
    _table.c.channel == bindparam("b_channel", type_=_table.c.channel.type),
    _table.c.external_id == bindparam("b_external"),
)
_SAVED = tuple(name for name in _FIELDS if name != "id")
_SAVE = DirectStatement(
    update(_table)
    .where(_table.c.id == bindparam("b_id"), _table.c.version == bindparam("b_version"))
    .values({name: bindparam(name, type_=_table.c[name].type) for name in (*_SAVED, "updated_at")})
)


async def load_conversation(
    db: AsyncConnection | AsyncSession, channel: str, external_id: str
) -> ConversationState | None:
    """The stored conversation of (channel, external id), or None (the engine's read, and any
    reader's: the web chat's history, the hub's delivery)."""
    connection = await db.connection() if isinstance(db, AsyncSession) else db
    keys = {"b_channel": Channel(channel), "b_external": external_id}
    row = (await connection.execute(_READ, keys)).first()
    if row is None:
        return None
    state = ConversationState(channel=channel, external_id=external_id, **row._mapping)
    state.data = dict(state.data or {})
    return state


async def create_state(
    connection: AsyncConnection, channel: str, external_id: str, locale: str, now: datetime
) -> ConversationState:
    """Insert a new conversation; WriteConflict when a concurrent first event inserted it (the
    event runs again and reads that one)."""
    state = ConversationState(0, channel, external_id, None, locale, version=1)
    values = {name: getattr(state, name) for name in _SAVED}
    values.update(channel=Channel(channel), external_id=external_id)
    try:
        inserted = await connection.execute(
            _CREATE, {**values, "created_at": now, "updated_at": now}
        )
    except IntegrityError as error:
        raise WriteConflict("the conversation was created meanwhile") from error
    state.id = inserted.scalar_one()
    return state


async def write_states(
    connection: AsyncConnection, states: list[ConversationState], now: datetime
) -> list[ConversationState]:
    """Save each state if its row still has its version; StaleDataError when one has not.

    The states (the engine's working copies) are given the next version and returned. Where the
    driver reports the rows an executemany matched, all states go in one statement; otherwise
    each is written and checked on its own.
    """
    rows = [
        {
            **{name: getattr(s, name) for name in _SAVED},
            "b_id": s.id,
            "b_version": s.version,
            "version": s.version + 1,
            "updated_at": now,
        }
        for s in states
    ]
    if len(rows) == 1 or connection.dialect.supports_sane_multi_rowcount:
        if await _SAVE.execute(connection, rows) != len(rows):
            raise StaleDataError("a conversation changed meanwhile")
    else:
        for row in rows:
            if await _SAVE.execute(connection, [row]) != 1:
                raise StaleDataError(f"conversation {row['b_id']} changed meanwhile")
    for state in states:
        state.version += 1
    return states


class StateCache:
    """The most recently used conversations' committed states, bounded in number."""

    def __init__(self, capacity: int = 20_000) -> None:
        self.capacity = capacity
        self._states: OrderedDict[tuple[str, str], ConversationState] = OrderedDict()

    def get(self, key: tuple[str, str]) -> ConversationState | None:
        state = self._states.get(key)
        if state is not None:
            self._states.move_to_end(key)
        return state

    def put(self, key: tuple[str, str], state: ConversationState) -> None:
        self._states[key] = state
        self._states.move_to_end(key)
        while len(self._states) > self.capacity:
            self._states.popitem(last=False)

    def forget(self, key: tuple[str, str]) -> None:
        self._states.pop(key, None)

    def __len__(self) -> int:
        return len(self._states)
