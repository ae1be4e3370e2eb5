"""On hand-over the customer hears their place in line and the usual wait from real figures."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from backend.db.session import SessionFactory
from backend.escalations.models import Escalation
from backend.i18n import gettext_for
from tests.dialogs.conftest import ChatClient


async def answer_first_ones(seeded: SessionFactory, minutes: list[int]) -> None:
    """Record a first staff reply `minutes[i]` after the i-th escalation was opened."""
    async with seeded() as session:
        escalations = list(await session.scalars(select(Escalation).order_by(Escalation.id)))
        for escalation, wait in zip(escalations, minutes, strict=False):
            escalation.first_staff_reply_at = escalation.created_at + timedelta(minutes=wait)
        await session.commit()


async def test_the_customer_hears_the_place_in_line_and_the_median_wait(
    chat, seeded: SessionFactory
) -> None:
    for n in range(3):
        await chat(f"answered-{n}").command("human")
    await answer_first_ones(seeded, [4, 6, 30])
    await chat("waiting-before").command("human")
    late: ChatClient = chat("latecomer")
    await late.command("human")
    assert "A person will answer right here" in late.text
    assert "You are number 2 in line." in late.text
    assert "A colleague usually answers within 6 minutes." in late.text


async def test_first_in_line_without_figures_hears_only_the_hand_over(chat) -> None:
    first: ChatClient = chat("first")
    await first.command("human")
    assert "A person will answer right here" in first.text
    assert "in line" not in first.text and "usually answers" not in first.text


async def test_the_wait_is_told_in_russian_and_korean(chat, seeded: SessionFactory) -> None:
    for n in range(3):
        await chat(f"answered-{n}").command("human")
    await answer_first_ones(seeded, [2, 2, 2])
    await chat("ahead").command("human")
    russian: ChatClient = chat("ru-customer", "ru")
    await russian.command("human")
    assert gettext_for("ru", "You are number {place} in line.", place=2) in russian.text
    assert "отвечает в течение 2 минут." in russian.text
    korean: ChatClient = chat("ko-customer", "ko")
    await korean.command("human")
    assert gettext_for("ko", "You are number {place} in line.", place=3) in korean.text
    assert "2분" in korean.text
