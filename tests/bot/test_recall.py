"""A recall of 10,000 owners through the Telegram outbox, with a customer's dialog going on, and
the owners' answers turned into claims marked with the campaign."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select, update

from backend.catalog.models import Product
from backend.claims.models import Claim, ClaimStatus
from backend.db.session import SessionFactory
from backend.recalls.owners import Selection
from backend.recalls.service import Progress, create_campaign, progress, send_campaign
from tests.fakes.telegram_server import FakeTelegram
from tests.support.clock import NOW
from tests.support.recalls import seed_owners
from tests.support.telegram import wait_until

OWNERS = 10_000
RATE = 1000  # the fake's limit and the bot's budget: the same rules as 30/s, a shorter test
NOTICE = {
    "en": "Recall: the door lock of your WM-700 may fail. We repair it free of charge.",
    "ru": "Отзыв: замок дверцы вашей WM-700 может отказать. Мы бесплатно его отремонтируем.",
    "ko": "리콜: WM-700의 도어 잠금장치가 고장 날 수 있습니다. 무상으로 수리해 드립니다.",
}
WEB = 3  # owners reached in the web chat: their messages wait for their page to connect
CUSTOMER = 7777  # writes to the bot while the recall goes out


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(enforce_limits=True, global_per_second=RATE) as fake:
        yield fake


async def _send_recall(sessions: SessionFactory) -> int:
    async with sessions() as session:
        product_id = await session.scalar(select(Product.id).where(Product.model_code == "WM-700"))
        assert product_id is not None
        selection = Selection((product_id,), serial_from="RC000000", serial_to="RC999999")
        campaign = await create_campaign(session, "Door lock", selection, NOTICE, None, NOW)
        queued = await send_campaign(session, campaign, NOW)
        await session.commit()
    assert queued == OWNERS + WEB
    return campaign.id


async def _progress(sessions: SessionFactory, campaign_id: int) -> Progress:
    async with sessions() as session:
        return await progress(session, campaign_id)


def _recall_messages(fake: FakeTelegram) -> list[dict[str, Any]]:
    return [m for m in fake.sent if m["chat_id"] != CUSTOMER and "reply_markup" in m]


async def test_a_recall_reaches_ten_thousand_owners_within_the_limits(
    fake_telegram: FakeTelegram, seeded_db: SessionFactory, start_bot: Any
) -> None:
    fake = fake_telegram
    owners = await seed_owners(seeded_db, OWNERS, web=WEB, unreachable=2)
    campaign_id = await _send_recall(seeded_db)
    await start_bot(telegram_messages_per_second=RATE)
    await wait_until(lambda: len(_recall_messages(fake)) > 200, limit=60)
    midway = await _progress(seeded_db, campaign_id)
    fake.push_update(fake.command(CUSTOMER, "start"))
    await wait_until(lambda: bool(fake.texts_to(CUSTOMER)), limit=60)
    recall_sent_when_answered = len(_recall_messages(fake))
    await wait_until(lambda: len(_recall_messages(fake)) >= OWNERS, limit=600)
    await asyncio.sleep(0.5)  # the last outcomes are committed after Telegram's answer
    done = await _progress(seeded_db, campaign_id)

    assert 0 < midway.sent < OWNERS and midway.queued > 0  # progress seen along the way
    assert recall_sent_when_answered < OWNERS  # the dialog did not wait for the recall
    assert (done.owners, done.unreachable) == (OWNERS + WEB + 2, 2)
    assert (done.sent, done.queued, done.failed, done.blocked) == (OWNERS, WEB, 0, 0)
    assert fake.violations == 0
    chats = [m["chat_id"] for m in _recall_messages(fake)]
    assert sorted(chats) == owners.chats  # one message per owner, none twice
    by_chat = {m["chat_id"]: m for m in _recall_messages(fake)}
    assert by_chat[owners.chats[1]]["text"] == NOTICE["ru"]
    assert by_chat[owners.chats[2]]["text"] == NOTICE["ko"]


async def test_answers_become_claims_marked_with_the_campaign(
    fake_telegram: FakeTelegram, seeded_db: SessionFactory, start_bot: Any
) -> None:
    fake = fake_telegram
    owners = await seed_owners(seeded_db, 3)
    async with seeded_db() as session:
        product_id = await session.scalar(select(Product.id).where(Product.model_code == "WM-700"))
        assert product_id is not None
        selection = Selection((product_id,), serial_from="RC000000", serial_to="RC999999")
        campaign = await create_campaign(session, "Door lock", selection, NOTICE, None, NOW)
        await send_campaign(session, campaign, NOW)
        await session.commit()
    await start_bot(telegram_messages_per_second=RATE)
    transport, visit, later = owners.chats
    await wait_until(lambda: len(_recall_messages(fake)) == 3)
    notices = {m["chat_id"]: m for m in _recall_messages(fake)}
    answers = ((transport, "transport", "en"), (visit, "visit", "ru"), (later, "later", "ko"))
    for chat, answer, language in answers:
        before = len(fake.texts_to(chat))
        data = f"g.recall.{campaign.id}.{answer}"
        fake.push_update(fake.press_button(notices[chat], data, language_code=language))
        await wait_until(lambda chat=chat, before=before: len(fake.texts_to(chat)) > before)
    await wait_until(lambda: len(fake.texts_to(visit)) >= 3)

    async with seeded_db() as session:
        claims = list(await session.scalars(select(Claim).where(Claim.campaign_id == campaign.id)))
    assert len(claims) == 2
    numbers = {claim.number for claim in claims}
    assert any(number in " ".join(fake.texts_to(transport)) for number in numbers)
    assert "claim" in fake.texts_to(transport)[1] and "visit" not in fake.texts_to(transport)[1]
    assert len(fake.texts_to(later)) == 2  # the notice and the thanks, no claim
    assert fake.texts_to(transport)[-1].startswith("How should the item get to our workshop?")

    async with seeded_db() as session:  # staff repair one of them and close it
        await session.execute(
            update(Claim)
            .where(Claim.id == claims[0].id)
            .values(status=ClaimStatus.CLOSED, decision="repair")
        )
        await session.commit()
    done = await _progress(seeded_db, campaign.id)
    assert (done.sent, done.answered, done.claims, done.fixed) == (3, 3, 2, 1)
