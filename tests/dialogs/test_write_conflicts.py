"""Which failed writes the engine runs again: races a fresh try wins, and nothing else."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from backend.claims.models import Claim
from backend.conversations.models import Conversation
from backend.db.session import SessionFactory
from dialogs.engine import Engine
from dialogs.flows import claim_summary
from tests.support.chat import ChatClient


async def _walk_to_summary(c: ChatClient) -> None:
    await c.command("claim")
    await c.send("KT1-0001")
    await c.choose("cat:leak")
    await c.send("Drips from the bottom")
    await c.choose("media:skip")
    await c.send("+79160000003")
    await c.choose("rem:repair")


async def test_a_broken_write_is_tried_once_and_the_customer_hears_sorry(
    chat, seeded: SessionFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0

    async def broken(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        raise IntegrityError("INSERT INTO claim", {}, Exception("NOT NULL constraint failed"))

    c: ChatClient = chat("broken")
    await _walk_to_summary(c)
    monkeypatch.setattr(claim_summary, "register_claim", broken)
    await c.choose("confirm")
    assert "Sorry, something went wrong" in c.text
    assert calls == 1  # a retry cannot mend it: not run again
    async with seeded() as session:
        assert await session.scalar(select(func.count()).select_from(Claim)) == 0


async def test_two_first_events_of_one_conversation_both_answered(
    dialog_engine: Engine, chat, seeded: SessionFactory
) -> None:
    twin = Engine(dialog_engine.sessions, dialog_engine.config, dialog_engine.clock)
    first: ChatClient = chat("twin")
    second = ChatClient(twin, "twin", first.media_dir)
    answers = await asyncio.gather(first.command("start"), second.command("start"))
    for replies in answers:  # the loser of the insert race read the winner's row
        assert replies and not any("Sorry" in getattr(r, "text", "") for r in replies)
    async with seeded() as session:
        count = select(func.count()).select_from(Conversation)
        assert await session.scalar(count.where(Conversation.external_id == "twin")) == 1
