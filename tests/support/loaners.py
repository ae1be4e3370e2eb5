"""Claims with a loaner requested, the console's loaner forms, and PDF text, for loaner tests."""

from __future__ import annotations

import io
import re

import httpx
from pypdf import PdfReader
from sqlalchemy import select

from backend.claims.models import Claim
from backend.customers.models import Channel
from backend.db.session import SessionFactory
from backend.loaners.models import Loan
from backend.transport.models import BookingKind
from backend.transport.service import BookingRequest, book
from tests.support.clock import NOW, days
from tests.support.console import make_claim, page_csrf


async def claim_with_loaner_request(
    sessions: SessionFactory,
    user: str = "loaner-customer",
    channel: Channel = Channel.TELEGRAM,
    locale: str = "en",
) -> Claim:
    """A washing-machine claim whose customer booked a drop-off and asked for a loaner."""
    claim = await make_claim(sessions, user, "WM700-0001", channel=channel, locale=locale)
    async with sessions() as session:
        request = BookingRequest(
            claim_id=claim.id,
            kind=BookingKind.DROPOFF,
            dropoff_point_id=1,
            loaner_requested=True,
            loaner_due_by=days(3),
            loaner_rule="ru.loaner",
        )
        await book(session, request, claim.customer_id, NOW)
        await session.commit()
    return claim


async def claim_loan(sessions: SessionFactory, claim_id: int) -> Loan:
    """The claim's (latest) loan as stored."""
    async with sessions() as session:
        loan = await session.scalar(
            select(Loan).where(Loan.claim_id == claim_id).order_by(Loan.id.desc())
        )
    assert loan is not None
    return loan


def issue_form(page: str, serial: str) -> dict[str, str]:
    """The issue form of a claim page, filled with the unit `serial` as the page lists it."""
    option = re.search(r'<option value="(\d+:\d+)">' + re.escape(serial) + " ", page)
    assert option, f"{serial} is not offered"
    fields = dict(
        re.findall(r'name="(loan_id|loan_version|due_back_on)"[^>]*value="([^"]*)"', page)
    )
    return {"csrf": page_csrf(page), "unit": option.group(1), **fields}


def loan_form(page: str, **extra: str) -> dict[str, str]:
    """The hidden fields of a loan's forms (sign, return) on the claim page, plus `extra`."""
    fields = dict(re.findall(r'name="(loan_id|loan_version)" value="([^"]*)"', page))
    return {"csrf": page_csrf(page), **fields, **extra}


async def issue(client: httpx.AsyncClient, claim_id: int, form: dict[str, str]) -> str:
    """Post the issue form; the claim page it leads to."""
    answer = await client.post(f"/staff/claims/{claim_id}/loaner/issue", data=form)
    assert answer.status_code == 303, answer.text
    return (await client.get(answer.headers["location"])).text


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF, as a reader would copy it.

    pypdf reads the two-byte codes of the Hangul fallback font as a NUL plus the character
    (the font's ToUnicode map itself is right: code 0001 -> U+B300), so NULs are dropped.
    """
    assert data.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(page.extract_text() for page in pages).replace("\x00", "")
