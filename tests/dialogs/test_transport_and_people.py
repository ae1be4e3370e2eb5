"""Book transport (with the last-slot race) and talk to a person."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy import select, update

from backend.db.session import SessionFactory
from backend.escalations.models import Escalation, EscalationMessage, EscalationStatus
from backend.transport.models import PickupSlot, TransportBooking
from dialogs.types import Choice
from tests.dialogs.test_warranty_and_claims import register_quick_claim
from tests.support.chat import ChatClient
from tests.support.clock import days


async def test_pickup_with_loaner_for_a_heavy_item(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("heavy")
    number = await register_quick_claim(c, "WM700-0001")
    await c.choose("transport")
    assert "Transport is free for you" in c.text
    await c.choose("pickup")
    await c.send("Moscow, Tverskaya 1, flat 5")
    first_day = c.payloads()[0]
    assert first_day == "day:2026-11-28"
    await c.choose(first_day)
    await c.choose(next(p for p in c.payloads() if p.startswith("slot:")))
    assert "loaner unit free of charge" in c.text and "Nov 30, 2026" in c.text
    await c.choose("loaner:yes")
    assert number in c.text and "Loaner unit: requested" in c.text
    await c.choose("book")
    assert "Booked! Your reference is TB-" in c.text
    async with seeded() as session:
        booking = await session.scalar(select(TransportBooking))
        slot = await session.get(PickupSlot, booking.slot_id if booking else 0)
    assert booking is not None and slot is not None
    assert booking.company_pays and booking.loaner_requested
    assert booking.loaner_due_by == days(3)
    assert booking.address == "Moscow, Tverskaya 1, flat 5" and slot.booked == 1
    await c.command("transport")
    assert "no open claims waiting for transport" in c.text


TYPED_DAY_AND_TIME = {
    "en": ("on tuesday please", "in the afternoon"),
    "ru": ("во вторник", "после обеда"),
    "ko": ("화요일에 와 주세요", "오후 2시쯤"),
}


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
async def test_a_pickup_day_and_time_typed_in_words(
    chat, seeded: SessionFactory, locale: str
) -> None:
    c: ChatClient = chat("typed-day", locale)
    await register_quick_claim(c, "WM700-0001")
    await c.choose("transport")
    await c.choose("pickup")
    await c.send("Moscow, Tverskaya 1, flat 5")
    day, time = TYPED_DAY_AND_TIME[locale]
    await c.send(day)  # the suite's today is a Friday: the Tuesday offered is Dec 1
    afternoon = [p for p in c.payloads() if p.startswith("slot:")]
    assert len(afternoon) == 2, c.text  # the windows of that day are asked next
    await c.send(time)
    await c.choose("loaner:no")
    await c.choose("book")
    async with seeded() as session:
        booking = await session.scalar(select(TransportBooking))
        slot = await session.get(PickupSlot, booking.slot_id if booking else 0)
    assert slot is not None and slot.day == date(2026, 12, 1) and slot.window == "13:00-18:00"


async def test_a_day_not_offered_is_asked_again(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("typed-sunday")
    await register_quick_claim(c, "WM700-0001")
    await c.choose("transport")
    await c.choose("pickup")
    await c.send("Moscow, Tverskaya 1, flat 5")
    offered = c.payloads()
    await c.send("on the 40th")
    assert "Please choose one of the options below." in c.text and c.payloads() == offered


async def test_dropoff_for_a_light_item_without_loaner_question(chat, seeded) -> None:
    c: ChatClient = chat("light")
    await register_quick_claim(c, "HD5-0001")  # hair dryer: loaner-excluded goods
    await c.command("transport")
    await c.choose(c.payloads()[0])
    await c.choose("dropoff")
    await c.choose(c.payloads()[0])
    assert "Drop-off: Service centre North" in c.text
    await c.choose("book")
    async with seeded() as session:
        booking = await session.scalar(select(TransportBooking))
    assert booking is not None and booking.dropoff_point_id and not booking.loaner_requested


async def test_last_slot_goes_to_one_customer_the_other_gets_the_next(
    chat, seeded: SessionFactory
) -> None:
    async with seeded() as session:
        await session.execute(update(PickupSlot).values(booked=PickupSlot.capacity))
        await session.execute(
            update(PickupSlot)
            .where(PickupSlot.day == days(1), PickupSlot.window == "09:00-13:00")
            .values(booked=2)
        )
        await session.execute(
            update(PickupSlot)
            .where(PickupSlot.day == days(3), PickupSlot.window == "13:00-18:00")
            .values(booked=0)
        )
        await session.commit()
    clients: list[ChatClient] = [chat("racer-a"), chat("racer-b")]
    for client in clients:
        await register_quick_claim(client, "KT1-0001")
        await client.choose("transport")
        await client.choose("pickup")
        await client.send("Seoul, Gangnam-daero 10")
        await client.choose("day:2026-11-28")
        await client.choose(client.payloads()[0])
        await client.choose("loaner:no")
    confirms = [c.find_button("Book") for c in clients]
    await asyncio.gather(
        *(c.send_content(Choice(b.payload)) for c, b in zip(clients, confirms, strict=True))
    )
    texts = [c.text for c in clients]
    assert sum("Booked!" in t for t in texts) == 1
    loser = clients[[("just taken" in t) for t in texts].index(True)]
    assert loser.payloads()[0] == "day:2026-11-30"
    await loser.choose("day:2026-11-30")
    await loser.choose(loser.payloads()[0])
    await loser.choose("loaner:no")
    await loser.choose("book")
    assert "Booked!" in loser.text
    async with seeded() as session:
        slots = list(
            await session.scalars(select(PickupSlot).where(PickupSlot.booked > PickupSlot.capacity))
        )
        bookings = list(await session.scalars(select(TransportBooking)))
    assert slots == [] and len(bookings) == 2


async def test_talk_to_a_person_and_back(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("needs-human")
    await c.command("human")
    assert "A person will answer right here" in c.text
    back = c.find_button("Back to the bot")
    assert await c.send("My washing machine smells of burning") == []
    await c.photos(1)
    assert c.replies == []
    assert await c.send_content(Choice("999.cat:leak")) == []
    async with seeded() as session:
        escalation = await session.scalar(select(Escalation))
        thread = list(await session.scalars(select(EscalationMessage.text)))
    assert escalation is not None and escalation.status is EscalationStatus.OPEN
    assert "My washing machine smells of burning" in thread
    await c.send_content(Choice(back.payload))
    assert "back with the bot" in c.text and "claim" in c.payloads()
    async with seeded() as session:
        escalation = await session.scalar(select(Escalation))
    assert escalation is not None and escalation.status is EscalationStatus.CLOSED
    await c.send("hello")  # a greeting at the menu is greeted, and the menu shown again
    assert "Hello!" in c.text and "claim" in c.payloads()
