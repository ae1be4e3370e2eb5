"""Bad input, stale buttons, duplicates, navigation, a restart in the middle of a flow."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from backend.claims.models import Claim
from backend.db.session import SessionFactory
from dialogs.config import DialogConfig
from dialogs.engine import Engine
from dialogs.types import Choice, Command, Incoming, Text, Unsupported, UnsupportedKind
from tests.support.chat import ChatClient
from tests.support.clock import suite_clock

CLAIM_STEPS = [
    ("serial", lambda c: c.send("KT1-0001")),
    ("category", lambda c: c.choose("cat:leak")),
    ("description", lambda c: c.send("Drips from the bottom")),
    ("media", lambda c: c.choose("media:skip")),
    ("phone", lambda c: c.send("+79160000003")),
    ("remedy", lambda c: c.choose("rem:repair")),
]


async def test_unsupported_content_is_explained_and_the_step_repeats(chat) -> None:
    c: ChatClient = chat("u")
    await c.command("claim")
    await c.sticker()
    assert "sticker" in c.text and "serial number" in c.text
    await c.send_content(Unsupported(UnsupportedKind.VOICE))
    assert "voice" in c.text
    await c.send_content(Unsupported(UnsupportedKind.FILE_TOO_LARGE))
    assert "too large" in c.text and "20 MB" in c.text
    await c.send("KT1-0001")
    await c.choose("cat:leak")
    await c.send("x" * 2001)
    assert "too long" in c.text
    await c.send("Drips from the bottom")
    await c.choose("media:skip")
    await c.send("12")
    assert "doesn't look like a phone number" in c.text
    await c.send("+82 10-1234-5678")
    assert "rem:repair" in c.payloads()


async def test_stale_button_says_so_and_shows_the_current_step(chat) -> None:
    c: ChatClient = chat("u")
    await c.command("start")
    old_menu = c.find_button("Register a defect")
    await c.choose("claim")
    await c.send("KT1-0001")
    await c.send_content(Choice(old_menu.payload))
    assert "no longer active" in c.text
    assert "cat:leak" in c.payloads()


@pytest.mark.parametrize("depth", range(1, len(CLAIM_STEPS)))
async def test_back_returns_to_the_previous_step(chat, depth: int) -> None:
    c: ChatClient = chat(f"nav{depth}")
    await c.command("claim")
    for _, action in CLAIM_STEPS[:depth]:
        await action(c)
    await c.choose("nav:back")
    previous = CLAIM_STEPS[depth - 1][0]
    expected = {
        "serial": "serial number",
        "category": "What is wrong",
        "description": "describe",
        "media": "photos",
        "phone": "phone number",
        "remedy": "What would you like",
    }
    assert expected[previous] in c.text, (previous, c.text)
    await c.choose("nav:cancel")
    assert "The claim was not registered" in c.text and "claim" in c.payloads()


async def test_duplicate_event_is_answered_once(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("dup")
    first = await c.send_content(Text("/start"), event_id="update-1")
    again = await c.send_content(Text("/start"), event_id="update-1")
    assert first and again == []


async def test_restart_in_the_middle_of_a_flow_resumes_it(
    seeded: SessionFactory, tmp_path: Path
) -> None:
    config = DialogConfig(media_dir=tmp_path / "media")
    before = ChatClient(Engine(seeded, config, clock=suite_clock()), "r", tmp_path / "media")
    await before.command("claim")
    await before.send("KT1-0001")
    await before.choose("cat:leak")
    after = ChatClient(Engine(seeded, config, clock=suite_clock()), "r", tmp_path / "media")
    await after.send("Drips from the bottom after a restart")
    assert "photos" in after.text
    await after.choose("media:skip")
    await after.send("+79160000004")
    await after.choose("rem:repair")
    await after.choose("confirm")
    async with seeded() as session:
        claim = await session.scalar(select(Claim))
    assert claim is not None and claim.description == "Drips from the bottom after a restart"


async def test_concurrent_events_of_one_conversation_do_not_interleave(
    seeded: SessionFactory, tmp_path: Path
) -> None:
    import asyncio

    config = DialogConfig(media_dir=tmp_path / "media")
    engines = [Engine(seeded, config, clock=suite_clock()) for _ in range(2)]
    await engines[0].handle(Incoming("web", "same", Command("claim")))
    await engines[0].handle(Incoming("web", "same", Text("KT1-0001")))
    # Two processes receive two clicks of the same button at the same moment.
    replies = await engines[0].handle(Incoming("web", "same", Text("hello")))
    button = next(
        b
        for r in replies
        for row in getattr(r, "buttons", ())
        for b in row
        if b.payload.endswith("cat:leak")
    )
    results = await asyncio.gather(
        *(
            engine.handle(Incoming("web", "same", Choice(button.payload), event_id=f"click-{n}"))
            for n, engine in enumerate(engines)
        )
    )
    texts = [" ".join(getattr(r, "text", "") for r in result) for result in results]
    assert sorted("no longer active" in t for t in texts) == [False, True]
    assert all("describe" in t for t in texts)  # the loser is shown the step that is current now
    async with seeded() as session:
        assert await session.scalar(select(func.count()).select_from(Claim)) == 0
