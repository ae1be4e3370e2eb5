"""Check warranty, My claims (only one's own), rating, language."""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import select, update

from backend.claims.models import Claim, ClaimStatus
from backend.customers.models import Customer
from backend.db.session import SessionFactory
from dialogs.types import Choice
from tests.support.chat import ChatClient, register_quick_claim


async def test_warranty_check_in_warranty(chat) -> None:
    c: ChatClient = chat("w1")
    await c.command("warranty")
    await c.send("WM700-0001")
    assert "Status: Under warranty" in c.text
    assert "Nov 20, 2026 – Nov 20, 2028" in c.text
    assert "Replacement — by Dec 4, 2026 (7 days)" in c.text
    assert "Transport to the workshop and back is free" in c.text
    assert "art. 18" not in c.text  # the verdict only; the articles are behind "Why?"
    reasons = await c.why()
    assert "art. 18 p.1" in reasons and "art. 18 p.7" in reasons
    await c.choose("claim")  # straight to the defect, serial kept
    assert "cat:leak" in c.payloads()


async def test_warranty_check_expired_and_unknown(chat) -> None:
    c: ChatClient = chat("w2")
    await c.command("warranty")
    await c.send("FR300-0002")  # sold 2022-09-15, 36 months: over, within the service life
    assert "Status: Warranty ended, a claim is still possible" in c.text
    assert "paid repair quote" in c.text
    reasons = await c.why()
    assert "a substantial defect is removed free of charge" in reasons
    assert "Law 2300-1 art. 19 p.6, art. 29 p.6" in reasons
    assert "the law gives no claim" not in reasons
    await c.command("warranty")
    await c.send("NOPE-0000")
    assert "couldn't find the serial number" in c.text
    await c.send("🙂")
    assert "couldn't find" in c.text


async def test_my_claims_shows_only_own_claims(chat, seeded: SessionFactory) -> None:
    alice: ChatClient = chat("alice")
    number = await register_quick_claim(alice)
    await alice.command("status")
    assert number in " ".join(b.label for b in alice.buttons())
    await alice.click(number)
    assert f"Claim {number}" in alice.text and "Status: Received" in alice.text
    assert "Claim registered" in alice.text

    mallory: ChatClient = chat("mallory")
    await mallory.command("status")
    assert "no claims yet" in mallory.text
    async with seeded() as session:
        claim_id = await session.scalar(select(Claim.id))
    # A forged button for someone else's claim on the current screen.
    screen = mallory.buttons()[0].payload.split(".")[0]
    await mallory.send_content(Choice(f"{screen}.claim:{claim_id}"))
    assert number not in mallory.text


async def test_rating_after_the_claim_is_closed(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("rater")
    number = await register_quick_claim(c)
    async with seeded() as session:
        await session.execute(update(Claim).values(status=ClaimStatus.CLOSED))
        await session.commit()
    await c.command("status")
    await c.click(number)
    await c.choose("rate")
    await c.choose("stars:4")
    await c.send("Quick and polite, thank you")
    assert "Thank you for your rating" in c.text
    async with seeded() as session:
        claim = await session.scalar(select(Claim))
    assert claim is not None and claim.rating == 4
    assert claim.rating_comment == "Quick and polite, thank you"
    # A rating button from the closing notification can't rate twice.
    await c.send_content(Choice(f"g.rate.{claim.id}.5"))
    await c.choose("skip")
    assert "already rated" in c.text


async def test_language_switch_changes_the_replies(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("polyglot", "en")
    await c.command("language")
    await c.choose("lang:ko")
    assert re.search(r"[가-힣]", c.text), c.text
    async with seeded() as session:
        customer = await session.scalar(select(Customer))
    assert customer is not None and customer.locale == "ko"
    await c.command("language")
    await c.choose("lang:ru")
    assert re.search(r"[А-Яа-я]", c.text), c.text


async def test_customer_receives_the_acceptance_act_as_pdf(chat) -> None:
    from pathlib import Path

    from dialogs.types import SendDocument

    c: ChatClient = chat("act-reader", "ru")
    number = await register_quick_claim(c)
    await c.command("status")
    await c.choose(next(p for p in c.payloads() if p.startswith("claim:")))
    await c.choose("act")
    [document] = [r for r in c.replies if isinstance(r, SendDocument)]
    assert document.filename == f"{number}-act.pdf" and number in document.caption
    data = await asyncio.to_thread(Path(document.path).read_bytes)
    assert data.startswith(b"%PDF") and len(data) > 1000
    assert "act" in c.payloads()  # the claim is still shown, the button works again
