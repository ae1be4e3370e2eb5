"""The queue opens on claims that need action, overdue first; search finds a claim by number,
phone, serial and name; filters can be saved per staff account."""

from __future__ import annotations

import re

from sqlalchemy import update

from backend.claims.models import Claim, ClaimStatus
from backend.customers.models import Customer
from tests.staff.conftest import client_for, make_claim, make_staff, page_csrf, sign_in
from tests.support.clock import days


def numbers(page: str) -> list[str]:
    return re.findall(r">(WR-\d{4}-\d{6})</a>", page)


async def test_the_queue_opens_on_actionable_claims_overdue_first(console) -> None:
    app, sessions = console
    closed = await make_claim(sessions, user="c1")
    later = await make_claim(sessions, user="c2")
    overdue = await make_claim(sessions, user="c3")
    async with sessions() as session:
        await session.execute(
            update(Claim).where(Claim.id == closed.id).values(status=ClaimStatus.CLOSED)
        )
        await session.execute(
            update(Claim).where(Claim.id == overdue.id).values(statutory_due_on=days(-2))
        )
        await session.commit()
    await make_staff(sessions, "queue-agent")
    async with client_for(app) as client:
        await sign_in(client, "queue-agent", "queue-agent-password-1")
        first = numbers((await client.get("/staff")).text)
        assert closed.number not in first
        assert first.index(overdue.number) < first.index(later.number)
        assert closed.number in numbers((await client.get("/staff?view=all")).text)


async def test_search_by_number_phone_serial_and_name(console) -> None:
    app, sessions = console
    wanted = await make_claim(sessions, user="searched", serial="KT1-0002")
    other = await make_claim(sessions, user="other")
    async with sessions() as session:
        await session.execute(
            update(Claim).where(Claim.id == wanted.id).values(contact_phone="+79035550101")
        )
        await session.execute(
            update(Customer).where(Customer.id == wanted.customer_id).values(name="Irina Volkova")
        )
        await session.commit()
    await make_staff(sessions, "searcher")
    async with client_for(app) as client:
        await sign_in(client, "searcher", "searcher-password-1")
        short_number = wanted.number.lower().replace("-0000", "-")
        for term in (
            wanted.number,
            short_number,
            "8 903 555-01-01",
            "kt1-0002",
            "Irina",
            "irina v",
        ):
            found = numbers((await client.get("/staff", params={"q": term})).text)
            assert found == [wanted.number], term
        assert other.number not in numbers((await client.get("/staff?q=Irina")).text)
        nothing = await client.get("/staff", params={"q": "no such claim"})
        assert nothing.status_code == 200 and "No claims match." in nothing.text


async def test_a_saved_filter_belongs_to_its_staff_account(console) -> None:
    app, sessions = console
    await make_staff(sessions, "saver")
    await make_staff(sessions, "colleague")
    async with client_for(app) as client:
        await sign_in(client, "saver", "saver-password-1")
        page = await client.get("/staff?status=new&overdue=1")
        saved = await client.post(
            "/staff/filters",
            data={
                "csrf": page_csrf(page.text),
                "name": "My overdue",
                "query": "status=new&overdue=1&evil=1",
            },
        )
        assert saved.status_code == 303
        queue = (await client.get("/staff")).text
        assert '<a href="/staff?status=new&amp;overdue=1"' in queue and "My overdue" in queue
    async with client_for(app) as client:
        await sign_in(client, "colleague", "colleague-password-1")
        assert "My overdue" not in (await client.get("/staff")).text
