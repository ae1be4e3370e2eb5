"""Several processes on one database: an update another process stored for a chat runs before
a newer one this process (the chat's owner) receives, even when the owner has not yet heard the
change feed's notice about it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from backend.db.session import SessionFactory
from bot.inbox import ChatClaims, Inbox, Stored

CHAT = 5301


def text_update(number: int) -> dict[str, Any]:
    sender = {"id": CHAT, "is_bot": False, "first_name": "Ann"}
    message = {"message_id": number, "date": 0, "chat": {"id": CHAT, "type": "private"}}
    return {"update_id": number, "message": {**message, "from": sender, "text": f"text {number}"}}


def process(sessions: SessionFactory, runs: list[str]) -> Inbox:
    """A process's inbox; it hears no change feed and sweeps never (nothing else wakes it)."""

    async def handle(batch: list[Stored]) -> None:
        runs.extend(item.key for item in batch)

    return Inbox(sessions, handle, lease_seconds=30.0, claims=ChatClaims(30.0))


async def _settled(runs: list[str], count: int) -> None:
    for _ in range(200):
        if len(runs) >= count:
            return
        await asyncio.sleep(0.01)


async def test_a_handed_update_runs_before_a_newer_one_of_the_owner(
    session_factory: SessionFactory,
) -> None:
    if session_factory.kw["bind"].dialect.name == "sqlite":
        pytest.skip("one process owns every chat on SQLite")
    owner_runs: list[str] = []
    other_runs: list[str] = []
    owner = process(session_factory, owner_runs)
    other = process(session_factory, other_runs)

    assert await owner.store([text_update(1)]) == 1  # the owner claims the chat
    await _settled(owner_runs, 1)
    assert await other.store([text_update(2)]) == 1  # handed over: stored, not run there
    assert await owner.store([text_update(3)]) == 1  # arrives before the notice about 2
    await _settled(owner_runs, 3)
    await owner.drain()
    await other.drain()

    assert owner_runs == ["m:5301:1", "m:5301:2", "m:5301:3"]
    assert other_runs == []
