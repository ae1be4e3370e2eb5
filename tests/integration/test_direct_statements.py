"""Statements run straight on SQLite's driver write what SQLAlchemy writes, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.customers.models import Channel
from backend.db.direct import DirectStatement
from backend.notifications.models import InboxUpdate, OutboxMessage, OutboxStatus

_outbox = cast(Table, OutboxMessage.__table__)
_inbox = cast(Table, InboxUpdate.__table__)
WHEN = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


def _message(n: int, **changes: Any) -> dict[str, Any]:
    row = {
        "customer_id": None,
        "claim_id": None,
        "channel": Channel.TELEGRAM,
        "recipient": f"chat-{n}",
        "kind": "reply",
        "text": f"Привет, message {n} 👋",
        "payload": {"buttons": [[{"label": "Да", "payload": "yes"}]], "n": n},
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": WHEN + timedelta(seconds=n),
        "external_message_id": None,
        "created_at": WHEN,
    }
    row.update(changes)
    return row


NEW_MESSAGE = DirectStatement(
    insert(_outbox).returning(_outbox.c.id, sort_by_parameter_order=True),
    sqlite_form=insert(_outbox),
)
DELIVERED = DirectStatement(
    update(_outbox)
    .where(_outbox.c.id == bindparam("b_id"), _outbox.c.status == OutboxStatus.PENDING)
    .values(status=OutboxStatus.SENT, sent_at=bindparam("b_at", type_=_outbox.c.sent_at.type))
)


async def test_rows_written_directly_read_back_as_written(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        ids = await NEW_MESSAGE.insert_ids(connection, [_message(n) for n in range(5)])
        assert len(ids) == 5 and ids == sorted(ids)
        # Only pending rows are marked: the constant of the statement is bound as SQLAlchemy
        # binds it, and the rows touched are counted over all parameter sets (where the
        # driver counts them: asyncpg does for one set only).
        marked = [{"b_id": i, "b_at": WHEN + timedelta(hours=1)} for i in ids[:3]]
        touched = await DELIVERED.execute(connection, marked)
        assert touched == (3 if engine.dialect.supports_sane_multi_rowcount else -1)
        assert await DELIVERED.execute(connection, marked[:1]) == 0
        assert await DELIVERED.execute(connection, []) == 0

    async with engine.connect() as connection:
        rows = (await connection.execute(select(_outbox).order_by(_outbox.c.id))).all()
    assert [r.id for r in rows] == ids
    for n, row in enumerate(rows):
        assert row.recipient == f"chat-{n}" and row.text == f"Привет, message {n} 👋"
        assert row.channel is Channel.TELEGRAM
        assert row.payload == {"buttons": [[{"label": "Да", "payload": "yes"}]], "n": n}
        assert row.next_attempt_at == WHEN + timedelta(seconds=n)
        assert row.next_attempt_at.tzinfo is not None
        sent = n < 3
        assert row.status is (OutboxStatus.SENT if sent else OutboxStatus.PENDING)
        assert row.sent_at == (WHEN + timedelta(hours=1) if sent else None)


async def test_a_direct_write_is_part_of_the_transaction(engine: AsyncEngine) -> None:
    with pytest.raises(RuntimeError):
        async with engine.begin() as connection:
            await NEW_MESSAGE.insert_ids(connection, [_message(1)])
            raise RuntimeError("the step failed")
    async with engine.connect() as connection:
        assert (await connection.execute(select(_outbox.c.id))).all() == []


async def test_driver_errors_are_sqlalchemy_errors(engine: AsyncEngine) -> None:
    raw = {
        "source": "telegram",
        "dedupe_key": "m:1:1",
        "chat": "1",
        "payload": {"update_id": 1},
        "received_at": WHEN,
        "attempts": 0,
    }
    strict = DirectStatement(insert(_inbox))
    async with engine.connect() as connection:
        assert await strict.execute(connection, [raw]) == 1
        with pytest.raises(IntegrityError):
            await strict.execute(connection, [raw])
        await connection.rollback()
    if engine.dialect.name == "sqlite":  # the form the engine uses there: a repeat is skipped
        skipping = DirectStatement(sqlite.insert(_inbox).on_conflict_do_nothing())
        async with engine.begin() as connection:
            second = {**raw, "dedupe_key": "m:1:2"}
            assert await skipping.execute(connection, [raw, second, raw]) == 2


async def test_a_column_with_a_python_default_must_be_given(engine: AsyncEngine) -> None:
    row = _message(1)
    del row["payload"]  # the model's default would be left out of a direct write
    async with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            with pytest.raises(ValueError, match="payload"):
                await NEW_MESSAGE.insert_ids(connection, [row])
        else:  # SQLAlchemy's own path fills it in
            assert len(await NEW_MESSAGE.insert_ids(connection, [row])) == 1
