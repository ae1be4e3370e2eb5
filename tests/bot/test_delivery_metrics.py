"""The Telegram outbox sender counts what became of each message, and every 429 it met."""

from __future__ import annotations

from prometheus_client import REGISTRY

from backend.customers.models import Channel, ChannelIdentity, Customer
from backend.db.session import SessionFactory
from backend.notifications.models import OutboxMessage
from bot.outbox_sender import TelegramOutboxSender
from tests.fakes.telegram_server import FakeTelegram, aiogram_bot


def counted() -> dict[str, float]:
    def sample(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    deliveries = "warranty_outbox_deliveries_total"
    return {
        "sent": sample(deliveries, channel="telegram", outcome="sent"),
        "blocked": sample(deliveries, channel="telegram", outcome="blocked"),
        "retry": sample(deliveries, channel="telegram", outcome="retry"),
        "429": sample("warranty_telegram_rate_limited_total"),
    }


async def test_sent_blocked_and_rate_limited_messages_are_counted(
    session_factory: SessionFactory,
) -> None:
    async with session_factory() as session:
        for chat in (601, 602):
            customer = Customer(name=f"Customer {chat}")
            customer.identities.append(
                ChannelIdentity(channel=Channel.TELEGRAM, external_id=str(chat))
            )
            session.add(customer)
            await session.flush()
            for number in range(2):
                session.add(
                    OutboxMessage(
                        customer_id=customer.id,
                        channel=Channel.TELEGRAM,
                        recipient=str(chat),
                        kind="status",
                        text=f"Update {number}",
                    )
                )
        await session.commit()
    before = counted()
    async with FakeTelegram() as fake:
        fake.block_chat(601)
        fake.inject("sendMessage", 429, times=1, retry_after=1)
        bot = aiogram_bot(fake)
        try:
            assert await TelegramOutboxSender(session_factory, bot).drain(timeout=20) == 2
        finally:
            await bot.session.close()
    after = counted()

    assert {key: after[key] - before[key] for key in after} == {
        "sent": 2,
        "blocked": 1,  # the first message to the chat that blocked the bot stops the rest
        "retry": 1,
        "429": 1,
    }
