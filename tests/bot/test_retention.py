"""Old delivered messages, processed updates and event ids are deleted; the rest stays."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.delivery.store import prune_ended, prune_sent
from backend.notifications.models import InboxUpdate, OutboxMessage, OutboxStatus, ProcessedEvent
from bot.inbox import Inbox
from tests.support.clock import NOW, suite_clock


async def _nothing(_: object) -> None:
    return None


async def test_delivered_messages_older_than_a_week_are_deleted_in_chunks(
    session_factory: SessionFactory,
) -> None:
    async with session_factory() as session:
        for n in range(1205):  # more than two chunks of old rows
            sent = NOW - timedelta(days=8 if n < 1200 else 1)
            session.add(_message(n, OutboxStatus.SENT, sent))
        session.add(_message(9000, OutboxStatus.PENDING, None))
        session.add(_message(9001, OutboxStatus.FAILED, None))
        await session.commit()
    assert await prune_sent(session_factory, timedelta(days=7), NOW) == 1200
    async with session_factory() as session:
        left = (await session.execute(select(OutboxMessage.text, OutboxMessage.status))).all()
    assert len(left) == 7
    assert {status for _, status in left} == {
        OutboxStatus.SENT,
        OutboxStatus.PENDING,
        OutboxStatus.FAILED,
    }
    assert "message 1200" in {text for text, _ in left}


async def test_failed_and_blocked_messages_are_kept_a_month_then_deleted(
    session_factory: SessionFactory,
) -> None:
    async with session_factory() as session:
        for n, (status, age) in enumerate(
            [
                (OutboxStatus.FAILED, 31),
                (OutboxStatus.BLOCKED, 40),
                (OutboxStatus.FAILED, 29),
                (OutboxStatus.BLOCKED, 2),
                (OutboxStatus.PENDING, 60),  # a message still to deliver is never pruned
            ]
        ):
            row = _message(n, status, None)
            row.created_at = NOW - timedelta(days=age)
            session.add(row)
        await session.commit()
    assert await prune_ended(session_factory, timedelta(days=30), NOW) == 2
    async with session_factory() as session:
        left = set((await session.scalars(select(OutboxMessage.text))).all())
    assert left == {"message 2", "message 3", "message 4"}


async def test_processed_updates_and_event_ids_expire_after_two_days(
    session_factory: SessionFactory,
) -> None:
    async with session_factory() as session:
        for n, (age, done) in enumerate(((3, True), (3, False), (1, True))):
            received = NOW - timedelta(days=age)
            session.add(
                InboxUpdate(
                    source="telegram",
                    dedupe_key=f"m:1:{n}",
                    chat="1",
                    payload={},
                    received_at=received,
                    done_at=received if done else None,
                    attempts=1,
                )
            )
            session.add(
                ProcessedEvent(source="telegram", event_id=f"m:1:{n}", processed_at=received)
            )
        await session.commit()
    await Inbox(session_factory, _nothing, suite_clock(NOW)).expire()
    async with session_factory() as session:
        kept = set(await session.scalars(select(InboxUpdate.dedupe_key)))
        events = set(await session.scalars(select(ProcessedEvent.event_id)))
    # An old update never processed stays for the sweep; recent ones stay to catch redeliveries.
    assert kept == {"m:1:1", "m:1:2"}
    assert events == {"m:1:2"}


def _message(n: int, status: OutboxStatus, sent_at: datetime | None) -> OutboxMessage:
    return OutboxMessage(
        channel=Channel.TELEGRAM,
        recipient=str(n % 7),
        kind="reply",
        text=f"message {n}",
        payload={},
        status=status,
        sent_at=sent_at,
        created_at=sent_at or NOW,
        next_attempt_at=NOW,
    )
