"""Register a defect as a whole conversation, in English, Russian and Korean."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from backend.catalog.models import Unit
from backend.claims.models import Claim, ClaimStatus
from backend.claims.storage import verify
from backend.customers.models import Customer
from backend.db.session import SessionFactory
from backend.notifications.models import OutboxMessage
from tests.support.chat import ChatClient
from tests.support.clock import days

SCRIPTS = {
    "en": re.compile(r"[A-Za-z]"),
    "ru": re.compile(r"[А-Яа-я]"),
    "ko": re.compile(r"[가-힣]"),
}


async def _claims(session_factory: SessionFactory) -> list[Claim]:
    async with session_factory() as session:
        return list(
            await session.scalars(
                select(Claim).options(selectinload(Claim.attachments), selectinload(Claim.events))
            )
        )


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_known_serial_claim_end_to_end(
    chat, seeded: SessionFactory, tmp_path: Path, locale: str
) -> None:
    c: ChatClient = chat("alice", locale)
    await c.command("start")
    assert SCRIPTS[locale].search(c.text)
    await c.choose("claim")
    await c.send("wm700-0001")  # lower case and sold 7 days ago: early-defect rules apply
    assert "cat:leak" in c.payloads()
    await c.choose("cat:leak")
    await c.send("Water on the floor after every wash")
    await c.photos(2)
    await c.choose("media:done")
    await c.contact("8 916 123-45-67")
    assert {"rem:repair", "rem:replace", "rem:refund", "rem:price_reduction"} <= set(c.payloads())
    await c.choose("rem:replace")
    assert "+7 916 123-45-67" in c.text  # the number as people write it
    await c.choose("confirm")
    number = re.search(r"WR-2026-\d{6}", c.text)
    assert number, c.text
    assert SCRIPTS[locale].search(c.text)

    [claim] = await _claims(seeded)
    assert claim.number == number.group(0)
    assert claim.serial == "WM700-0001" and claim.unit_id is not None
    assert (claim.defect_category, claim.requested_remedy) == ("leak", "replace")
    assert claim.description == "Water on the floor after every wash"
    assert claim.contact_phone == "+79161234567"
    assert claim.status is ClaimStatus.NEW and claim.locale == locale
    assert claim.statutory_due_on == days(7)  # replacement (art. 21 p.1)
    assert claim.due_rule == "ru.replace" and claim.warranty_status == "under_warranty"
    assert [e.action for e in claim.events] == ["created"]
    assert len(claim.attachments) == 2
    for attachment in claim.attachments:
        assert attachment.content_type == "image/png"
        assert verify(tmp_path / "media" / attachment.path, attachment.sha256)
    async with seeded() as session:
        outbox = list(await session.scalars(select(OutboxMessage)))
        customer = await session.scalar(select(Customer))
    assert [m.kind for m in outbox] == ["claim_created"] and number.group(0) in outbox[0].text
    assert customer is not None and customer.phone == "+79161234567"
    assert c.replies[0].outbox_id == outbox[0].id  # type: ignore[union-attr]


async def test_unknown_serial_goes_by_model_date_and_receipt(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("bob")
    await c.command("claim")
    await c.send("x")
    assert "doesn't look like a serial" in c.text
    await c.send("ZZ-404-UNKNOWN")
    assert "couldn't find" in c.text
    await c.send("some text instead of a model")
    assert "choose one of the options" in c.text
    kettle = next(b for b in c.buttons() if "Boil 1 kettle" in b.label)
    await c.choose(kettle.payload)
    await c.send("31.02.2026")
    assert "couldn't read this date" in c.text
    await c.send("01.01.2027")
    assert "in the future" in c.text
    await c.send("01.01.1990")
    assert "years ago" in c.text
    await c.send("2026-11-01")
    await c.send("here is my receipt")
    assert "not what I asked" in c.text
    await c.photos(1, seed=7)
    assert "receipt is saved" in c.text
    await c.choose("cat:no_power")
    await c.send("Dead")
    assert "at least 5 characters" in c.text
    await c.send("Dead, no lights at all")
    await c.choose("media:skip")
    await c.send("+7 916 555 44 33")
    await c.choose("rem:repair")
    await c.choose("confirm")
    [claim] = await _claims(seeded)
    assert claim.unit_id is None and claim.serial == "ZZ-404-UNKNOWN"
    assert claim.purchase_date == date(2026, 11, 1)
    assert [a.kind for a in claim.attachments] == ["receipt"]
    assert claim.statutory_due_on == days(45)  # repair (art. 20 p.1)


async def test_no_receipt_is_no_bar_and_the_claim_says_how_the_purchase_is_proven(
    chat, seeded: SessionFactory
) -> None:
    c: ChatClient = chat("nina", "ru")
    await c.command("claim")
    await c.send("ZZ-405-UNKNOWN")
    kettle = next(b for b in c.buttons() if "Boil 1 kettle" in b.label)
    await c.choose(kettle.payload)
    await c.send("01.11.2026")
    await c.choose("receipt:none")
    assert "proof:bank_statement" in c.payloads()
    await c.choose("proof:bank_statement")
    assert "Отсутствие кассового или товарного чека не является основанием для отказа" in c.text
    assert "(абз. 2 п. 5 ст. 18 Закона РФ «О защите прав потребителей»)" in c.text
    await c.choose("cat:no_power")
    await c.send("Не включается совсем")
    await c.choose("media:skip")
    await c.send("+7 916 555 44 34")
    await c.choose("rem:repair")
    await c.choose("confirm")
    [claim] = await _claims(seeded)
    assert claim.purchase_proof == "bank_statement" and claim.attachments == []
    assert claim.warranty_status == "under_warranty"


async def test_expired_warranty_offers_a_paid_repair_quote(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("carol")
    await c.command("claim")
    await c.send("WM700-0003")  # sold 2023-06-01, 24 months: over
    assert "Warranty ended, a claim is still possible (the warranty ended on Jun 1, 2025)" in c.text
    reasons = await c.why()
    assert "substantial defect is removed free of charge" in reasons  # art. 19 p.6
    assert "(Law 2300-1 art. 19 p.6, art. 29 p.6)" in reasons
    await c.choose("cat:noise")
    await c.send("Very loud when spinning")
    await c.choose("media:skip")
    await c.send("+79161112233")
    assert c.payloads()[:2] == ["rem:repair", "rem:paid_repair"]
    await c.choose("rem:paid_repair")
    assert "A paid repair costs RUB\xa05,518.80" in c.text  # 12% of the list price 45,990
    await c.choose("quote:accept")
    assert "Accepted quote: RUB\xa05,518.80" in c.text
    await c.choose("confirm")
    [claim] = await _claims(seeded)
    assert claim.requested_remedy == "paid_repair"
    assert claim.paid_repair_quote == Decimal("5518.80")
    assert claim.warranty_status == "post_warranty_claim"


async def test_summary_edit_returns_to_the_summary(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("dave")
    await c.command("claim")
    await c.send("KT1-0001")
    await c.choose("cat:no_power")
    await c.send("Does not boil")
    await c.choose("media:skip")
    await c.send("+79160000001")
    await c.choose("rem:repair")
    await c.choose("edit")
    await c.choose("field:description")
    await c.send("Does not heat at all, the light is off")
    assert "Please check your claim" in c.text
    assert "the light is off" in c.text
    await c.choose("confirm")
    [claim] = await _claims(seeded)
    assert claim.description == "Does not heat at all, the light is off"


async def test_double_confirm_creates_one_claim(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("erin")
    await c.command("claim")
    await c.send("KT1-0001")
    await c.choose("cat:leak")
    await c.send("Leaks from the bottom")
    await c.choose("media:skip")
    await c.send("+79160000002")
    await c.choose("rem:repair")
    confirm = c.find_button("Confirm")
    from dialogs.types import Choice

    await c.send_content(Choice(confirm.payload))
    await c.send_content(Choice(confirm.payload))
    assert "no longer active" in c.text
    assert len(await _claims(seeded)) == 1


async def test_the_claim_is_registered_on_the_warranty_answer_the_customer_was_given(
    chat, seeded: SessionFactory
) -> None:
    c: ChatClient = chat("carol")
    await c.command("start")
    await c.choose("claim")
    await c.send("WM700-0001")  # sold 7 days ago: under warranty, replacement offered
    await c.choose("cat:leak")
    await c.send("Water on the floor after every wash")
    await c.choose("media:skip")
    await c.contact("8 916 123-45-67")
    assert "rem:replace" in c.payloads()
    await c.choose("rem:replace")
    async with seeded() as session:  # a catalog import moves the sale back five years meanwhile
        await session.execute(
            update(Unit).where(Unit.serial == "WM700-0001").values(sold_on=date(2021, 11, 1))
        )
        await session.commit()
    await c.choose("confirm")
    assert re.search(r"WR-2026-\d{6}", c.text), c.text

    [claim] = await _claims(seeded)
    assert claim.warranty_status == "under_warranty"  # what the summary's choices rested on
    assert (claim.requested_remedy, claim.due_rule) == ("replace", "ru.replace")
    assert claim.statutory_due_on == days(7)
