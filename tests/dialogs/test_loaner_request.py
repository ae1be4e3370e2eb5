"""A loaner asked for while booking transport becomes a request with its rule and deadline."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.db.session import SessionFactory
from backend.loaners.models import Loan, LoanStatus
from tests.support.chat import ChatClient, claim_up_to_the_remedy
from tests.support.clock import days


@pytest.mark.parametrize(
    ("remedy", "rule"), [("rem:repair", "ru.loaner"), ("rem:replace", "ru.loaner_replacement")]
)
async def test_the_request_carries_the_article_of_the_remedy_awaited(
    chat, seeded: SessionFactory, remedy: str, rule: str
) -> None:
    c: ChatClient = chat(f"loaner-{remedy}")
    await claim_up_to_the_remedy(c, "WM700-0001", "It leaks")
    await c.choose(remedy)
    await c.choose("confirm")
    await c.choose("transport")
    await c.choose("dropoff")
    await c.choose(c.payloads()[0])
    assert "We must provide it by Nov 30, 2026" in c.text
    await c.choose("loaner:yes")
    await c.choose("book")
    async with seeded() as session:
        loan = await session.scalar(select(Loan))
    assert loan is not None and loan.status is LoanStatus.REQUESTED
    assert loan.rule_id == rule and loan.due_by == days(3) and loan.unit_id is None


async def test_no_request_without_the_loaner(chat, seeded: SessionFactory) -> None:
    c: ChatClient = chat("no-loaner")
    await claim_up_to_the_remedy(c, "WM700-0001", "It leaks")
    await c.choose("rem:repair")
    await c.choose("confirm")
    await c.choose("transport")
    await c.choose("dropoff")
    await c.choose(c.payloads()[0])
    await c.choose("loaner:no")
    await c.choose("book")
    async with seeded() as session:
        assert await session.scalar(select(Loan)) is None
