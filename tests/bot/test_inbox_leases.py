"""A process never loses a row it is working on: the sweep renews the lease of every row held
here, from being stored until it is marked processed, well before it runs out, so another
process sweeping the same database (or this one's own sweep) never takes it again."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from backend.db.session import SessionFactory
from bot import inbox_rows
from bot.inbox import ChatClaims, Inbox, Stored

LEASE = 0.3  # seconds: the work below takes several leases


def text_update(chat: int, number: int) -> dict[str, Any]:
    sender = {"id": chat, "is_bot": False, "first_name": "Ann"}
    message = {"message_id": number, "date": 0, "chat": {"id": chat, "type": "private"}}
    return {"update_id": number, "message": {**message, "from": sender, "text": "hello"}}


def process(sessions: SessionFactory, runs: list[str], work: float) -> Inbox:
    """An inbox as a process has it: handling takes `work` seconds."""

    async def handle(batch: list[Stored]) -> None:
        runs.extend(item.key for item in batch)
        await asyncio.sleep(work)

    several: dict[str, Any] = {}
    if sessions.kw["bind"].dialect.name != "sqlite":  # processes share PostgreSQL: chat owners
        several["claims"] = ChatClaims(LEASE)
    return Inbox(sessions, handle, lease_seconds=LEASE, **several)


async def test_rows_under_way_for_several_leases_are_run_once(
    session_factory: SessionFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    mark_done = inbox_rows.mark_done

    async def slow_mark_done(*args: Any) -> None:  # the rows wait a while to be marked
        await asyncio.sleep(3 * LEASE)
        await mark_done(*args)

    monkeypatch.setattr(inbox_rows, "mark_done", slow_mark_done)
    ours: list[str] = []
    theirs: list[str] = []
    here = process(session_factory, ours, work=4 * LEASE)
    other = process(session_factory, theirs, work=0)
    stop = asyncio.Event()
    sweeps = [asyncio.create_task(inbox.run(stop)) for inbox in (here, other)]
    try:
        assert await here.store([text_update(4101, 1), text_update(4102, 1)]) == 2
        await asyncio.sleep(0.1)
        assert await here.store([text_update(4101, 2)]) == 1  # queued behind the first
        await asyncio.sleep(12 * LEASE)
        await here.drain()
    finally:
        stop.set()
        await asyncio.gather(*sweeps)
    assert sorted(ours) == ["m:4101:1", "m:4101:2", "m:4102:1"]
    assert theirs == []
