"""A conversation's state as the engine works on it, and the process-local cache of it.

Each event reads the state, runs one step and writes the state back with
`UPDATE … WHERE id = ? AND version = ?`. The copy kept in memory after a commit saves the read
on the next event; whoever else changes the row (another process, the staff console handing the
customer back to the bot) bumps its version, the engine's write then matches no row, and the
event runs again from a fresh read. So the cache is never trusted past the version check.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm.exc import StaleDataError

from backend.conversations.models import Conversation
from backend.customers.models import Channel
from backend.db.base import utcnow

_table = cast(Table, Conversation.__table__)
_COLUMNS = (
    _table.c.id,
    _table.c.customer_id,
    _table.c.locale,
    _table.c.flow,
    _table.c.step,
    _table.c.data,
    _table.c.screen,
    _table.c.version,
    _table.c.with_staff,
)


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
        return replace(self, data=dict(self.data))


async def read_state(
    connection: AsyncConnection, channel: str, external_id: str
) -> ConversationState | None:
    """The stored conversation of (channel, external id), or None."""
    row = (
        await connection.execute(
            select(*_COLUMNS).where(
                _table.c.channel == Channel(channel), _table.c.external_id == external_id
            )
        )
    ).first()
    if row is None:
        return None
    return ConversationState(
        id=row.id,
        channel=channel,
        external_id=external_id,
        customer_id=row.customer_id,
        locale=row.locale,
        flow=row.flow,
        step=row.step,
        data=dict(row.data or {}),
        screen=row.screen,
        version=row.version,
        with_staff=row.with_staff,
    )


async def create_state(
    connection: AsyncConnection, channel: str, external_id: str, locale: str
) -> ConversationState:
    """Insert a new conversation; a concurrent twin fails on the unique key (the event retries)."""
    now = utcnow()
    conversation_id = (
        await connection.execute(
            insert(_table)
            .values(
                channel=Channel(channel),
                external_id=external_id,
                locale=locale,
                flow="menu",
                step="start",
                data={},
                screen=0,
                version=1,
                with_staff=False,
                created_at=now,
                updated_at=now,
            )
            .returning(_table.c.id)
        )
    ).scalar_one()
    return ConversationState(
        id=conversation_id,
        channel=channel,
        external_id=external_id,
        customer_id=None,
        locale=locale,
        version=1,
    )


async def write_state(connection: AsyncConnection, state: ConversationState) -> ConversationState:
    """Save `state` if the row still has its version; the saved state has the next version."""
    result = await connection.execute(
        update(_table)
        .where(_table.c.id == state.id, _table.c.version == state.version)
        .values(
            customer_id=state.customer_id,
            locale=state.locale,
            flow=state.flow,
            step=state.step,
            data=state.data,
            screen=state.screen,
            with_staff=state.with_staff,
            version=state.version + 1,
            updated_at=utcnow(),
        )
    )
    if result.rowcount != 1:
        raise StaleDataError(f"conversation {state.id} changed meanwhile")
    return replace(state, version=state.version + 1)


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
