"""A late item of an album joins the answer that took the album: more files for the claim with a
short note, or nothing at all where the step kept one file (a receipt); never the next step's
answer."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from backend.claims.models import Claim
from backend.db.session import SessionFactory
from dialogs.types import Choice
from tests.support.chat import ChatClient


async def test_late_album_items_join_the_receipt_step_silently_and_the_photos_with_a_note(
    chat, seeded: SessionFactory
) -> None:
    c: ChatClient = chat("late-album")
    await c.command("claim")
    await c.send("ZZ-404-UNKNOWN")
    kettle = next(b for b in c.buttons() if "Boil 1 kettle" in b.label)
    await c.choose(kettle.payload)
    await c.send("2026-11-01")
    await c.photos(2, seed=7, album="receipt-album")
    assert "receipt is saved" in c.text
    no_power = next(b.payload for b in c.buttons() if b.payload.endswith("cat:no_power"))
    assert await c.photos(1, seed=9, album="receipt-album") == []  # not the category answer
    await c.send_content(Choice(no_power))  # the category's buttons still stand
    await c.send("Dead, no lights at all")
    await c.photos(2, seed=1, album="defect-album")
    assert c.text.startswith("Got it: 2 files.")
    await c.photos(1, seed=3, album="defect-album")
    assert c.text == "📎 Added to the same answer: 3 files in all." and c.buttons() == []
    await c.photos(1, seed=4)  # a photo of its own is the step's answer as ever
    assert c.text.startswith("Got it: 4 files.")
    await c.choose("media:done")
    await c.photos(1, seed=5, album="defect-album")  # at the phone step: still the same answer
    assert c.text == "📎 Added to the same answer: 5 files in all."
    await c.send("+7 916 555 44 33")
    await c.choose("rem:repair")
    await c.choose("confirm")
    async with seeded() as session:
        claim = await session.scalar(select(Claim).options(selectinload(Claim.attachments)))
    assert claim is not None
    kinds = sorted(a.kind for a in claim.attachments)
    assert kinds == ["photo"] * 5 + ["receipt"]
