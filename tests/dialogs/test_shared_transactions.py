"""Events of many customers share transactions; each customer still sees only their own dialog."""

from __future__ import annotations

import asyncio
import os
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backend.claims.models import Claim
from backend.conversations.models import Conversation, ConversationMessage
from backend.db.session import SessionFactory
from backend.escalations.service import close_by_staff, open_escalation_of
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from dialogs.flow import FLOWS
from dialogs.types import Command
from tests.support.chat import ChatClient, register_quick_claim
from tests.support.clock import NOW, TODAY, suite_clock


async def test_many_customers_at_once_each_get_their_own_claim(
    dialog_engine: Engine, seeded: SessionFactory, tmp_path: Path
) -> None:
    customers = [ChatClient(dialog_engine, f"m{n}", tmp_path / "media") for n in range(30)]
    told = await asyncio.gather(
        *(
            register_quick_claim(c, description=f"Leak number {n} under the tank")
            for n, c in enumerate(customers)
        )
    )
    async with seeded() as session:
        claims = list(await session.scalars(select(Claim)))
        history = await session.scalar(select(func.count()).select_from(ConversationMessage))
    assert len(claims) == 30 and {c.number for c in claims} == set(told)
    assert {c.description for c in claims} == {f"Leak number {n} under the tank" for n in range(30)}
    # every event and every reply is in the history: 8 events and at least 8 replies each
    assert history is not None and history >= 30 * 16


async def test_a_failing_step_gets_an_apology_and_the_others_sharing_its_transaction_go_on(
    dialog_engine: Engine, seeded: SessionFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = FLOWS["claim"].steps
    original = steps["description"]

    async def broken_for_one(ctx, content):  # type: ignore[no-untyped-def]
        if ctx.event.user_id == "unlucky":
            raise RuntimeError("a bug in one step")
        return await original.handle(ctx, content)

    broken = replace(original, handle=broken_for_one)
    monkeypatch.setitem(steps, "description", broken)  # type: ignore[arg-type]
    customers = [ChatClient(dialog_engine, f"f{n}", tmp_path / "media") for n in range(12)]
    unlucky = ChatClient(dialog_engine, "unlucky", tmp_path / "media")
    for c in [*customers, unlucky]:
        await c.command("claim")
        await c.send("KT1-0001")
        await c.choose("cat:leak")
    await asyncio.gather(*(c.send("Water under the kettle") for c in [*customers, unlucky]))
    assert "went wrong" in unlucky.text
    assert all("photos" in c.text for c in customers)
    # the unlucky customer's conversation did not move; they can go on once the bug is gone
    monkeypatch.undo()
    await unlucky.send("Water under the kettle")
    assert "photos" in unlucky.text


async def test_a_change_made_elsewhere_is_seen_by_the_next_event(
    dialog_engine: Engine, seeded: SessionFactory, tmp_path: Path
) -> None:
    c = ChatClient(dialog_engine, "handed", tmp_path / "media")
    await c.command("human")
    await c.send("Is anyone there?")
    # A staff member closes the thread in the console (another session, another process).
    async with seeded() as session:
        conversation = await session.scalar(
            select(Conversation).where(Conversation.external_id == "handed")
        )
        assert conversation is not None and conversation.with_staff
        escalation = await open_escalation_of(session, conversation.id)
        assert escalation is not None
        await close_by_staff(session, escalation, NOW)
        await session.commit()
    # The engine's own copy of the conversation is stale now; the bot answers again.
    await c.command("claim")
    assert "serial number" in c.text


async def test_two_processes_take_turns_in_one_dialog(
    seeded: SessionFactory, tmp_path: Path
) -> None:
    config = DialogConfig(media_dir=tmp_path / "media")
    first, second = (Engine(seeded, config, clock=suite_clock()) for _ in range(2))
    a = ChatClient(first, "turns", tmp_path / "media")
    b = ChatClient(second, "turns", tmp_path / "media")
    await a.command("claim")
    await b.send("KT1-0001")
    await b.choose("cat:leak")
    a.replies = b.replies
    await a.send("Leaks when it boils")
    b.replies = a.replies
    await b.choose("media:skip")
    await a.send("+79160000002")
    b.replies = a.replies
    await b.choose("rem:repair")
    a.replies = b.replies
    await a.choose("confirm")
    assert "is registered" in a.text
    async with seeded() as session:
        claim = await session.scalar(select(Claim))
    assert claim is not None and claim.description == "Leaks when it boils"


@pytest.mark.skipif(
    "FAKETIME" in os.environ,
    reason="libfaketime holds the checkpointer thread's timed waits; the dates are not involved",
)
async def test_the_write_ahead_log_is_copied_into_the_database_file_in_the_background(
    tmp_path: Path,
) -> None:
    from backend.db.migrate import upgrade
    from backend.db.session import make_engine, make_session_factory
    from backend.demo.seed import seed_demo

    path = tmp_path / "checkpointed.db"
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await upgrade(engine)
        async with make_session_factory(engine)() as session:
            await seed_demo(session, TODAY)
        log = path.with_name(path.name + "-wal")
        assert log.stat().st_size > 100_000  # the seeding went to the log first
        # No commit crosses a checkpoint limit (automatic checkpoints are off) and nothing else
        # opens the file: only the background checkpointer can move the pages over.
        for _ in range(60):
            if path.stat().st_size > 100_000:
                break
            await asyncio.sleep(0.1)
        assert path.stat().st_size > 100_000
    finally:
        await engine.dispose()


async def test_a_redelivered_event_among_others_is_answered_once_and_the_others_go_on(
    dialog_engine: Engine, tmp_path: Path
) -> None:
    repeated = ChatClient(dialog_engine, "again", tmp_path / "media")
    await repeated.send_content(Command("claim"), event_id="update-7")
    others = [ChatClient(dialog_engine, f"o{n}", tmp_path / "media") for n in range(8)]
    answers = await asyncio.gather(
        repeated.send_content(Command("claim"), event_id="update-7"),
        *(c.send_content(Command("claim"), event_id=f"other-{n}") for n, c in enumerate(others)),
    )
    assert answers[0] == []
    assert all("serial number" in c.text for c in others)
