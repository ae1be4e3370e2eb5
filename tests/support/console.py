"""Staff accounts, claims and signed-in clients for tests of the staff console."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from backend.catalog.facts import unit_facts
from backend.catalog.service import find_unit
from backend.claims.models import Claim
from backend.claims.service import ClaimDraft, register_claim
from backend.customers.models import Channel
from backend.customers.service import customer_id_for
from backend.db.session import SessionFactory
from backend.staff.models import Role, StaffUser
from backend.staff.service import add_staff
from backend.warranty import ClaimFacts, evaluate
from tests.support.clock import NOW, TODAY


def client_for(app: FastAPI, address: str = "127.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 123))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def sign_in(client: httpx.AsyncClient, login: str, password: str) -> httpx.Response:
    form = await client.get("/staff/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token
    return await client.post(
        "/staff/login",
        data={"login": login, "password": password, "csrf": token.group(1), "next": "/staff"},
    )


def page_csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


async def make_claim(
    sessions: SessionFactory,
    user: str = "cust",
    serial: str = "KT1-0001",
    remedy: str = "repair",
    channel: Channel = Channel.TELEGRAM,
    locale: str = "en",
) -> Claim:
    """A claim as the intake dialog stores it (customer, policy decision, due date)."""
    async with sessions() as session:
        customer_id = await customer_id_for(session, channel, user, locale=locale, now=NOW)
        unit = await find_unit(session, serial)
        assert unit is not None
        decision = evaluate(unit_facts(unit), ClaimFacts(reported_on=TODAY), "RU", TODAY)
        draft = ClaimDraft(
            customer_id=customer_id,
            product_id=unit.product_id,
            unit_id=unit.id,
            serial=serial,
            purchase_date=None,
            defect_category="leak",
            description="Leaks from the bottom",
            requested_remedy=remedy,
            contact_phone="+79161234567",
            channel=channel,
            locale=locale,
        )
        new = await register_claim(session, draft, decision, NOW)
        await session.commit()
        claim = await session.get(Claim, new.id)
        assert claim is not None
        return claim


async def make_staff(sessions: SessionFactory, login: str, role: Role = Role.AGENT) -> StaffUser:
    async with sessions() as session:
        user = await add_staff(session, login, role, f"{login}-password-1")
        await session.commit()
        return user


async def bulk_claims(sessions: SessionFactory, count: int) -> None:
    """`count` new claims of one customer, inserted in one statement (for concurrency tests)."""
    from sqlalchemy import insert, select

    from backend.catalog.models import Product

    async with sessions() as session:
        customer_id = await customer_id_for(
            session, Channel.WEB, "bulk-customer", locale="en", now=NOW
        )
        product_id = await session.scalar(select(Product.id).limit(1))
        await session.flush()
        rows = [
            dict(
                number=f"WR-2026-{900000 + n}",
                customer_id=customer_id,
                product_id=product_id,
                defect_category="leak",
                description="bulk",
                requested_remedy="repair",
                status="new",
                priority=n % 3,
                jurisdiction="RU",
                warranty_status="under_warranty",
                statutory_due_on=TODAY,
                channel="web",
                locale="en",
            )
            for n in range(count)
        ]
        await session.execute(insert(Claim), rows)
        await session.commit()
