"""Owners of recalled units written in bulk: a customer, a sold unit and an earlier claim each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import insert, select

from backend.catalog.models import Product, Unit
from backend.claims.models import Claim
from backend.customers.models import ChannelIdentity, Customer
from backend.db.session import SessionFactory
from tests.support.clock import TODAY

LOCALES = ("en", "ru", "ko")
CHUNK = 2000


@dataclass(frozen=True)
class Owners:
    """What was written: Telegram chat ids by owner, the serials, and the other owners."""

    chats: list[int]
    serials: list[str]
    web: int
    unreachable: int


async def seed_owners(
    sessions: SessionFactory,
    telegram: int,
    *,
    web: int = 0,
    unreachable: int = 0,
    model_code: str = "WM-700",
    first_chat: int = 600_000,
    prefix: str = "RC",
) -> Owners:
    """`telegram` owners reachable in Telegram, `web` in the web chat, `unreachable` in none."""
    total = telegram + web + unreachable
    at = datetime.combine(TODAY - timedelta(days=60), time(10), UTC)
    async with sessions() as session:
        product_id = await session.scalar(
            select(Product.id).where(Product.model_code == model_code)
        )
        first_customer = (
            await session.scalar(select(Customer.id).order_by(Customer.id.desc()).limit(1))
        ) or 0
        first_unit = (await session.scalar(select(Unit.id).order_by(Unit.id.desc()).limit(1))) or 0
        serials = [f"{prefix}{n:06d}" for n in range(total)]
        for start in range(0, total, CHUNK):
            part = range(start, min(total, start + CHUNK))
            customers = [
                {
                    "id": first_customer + 1 + n,
                    "name": f"Owner {n}",
                    "locale": LOCALES[n % 3],
                    "created_at": at,
                }
                for n in part
            ]
            units = [
                {
                    "id": first_unit + 1 + n,
                    "serial": serials[n],
                    "product_id": product_id,
                    "sold_on": TODAY - timedelta(days=100),
                    "seller": "",
                    "extended_warranty_months": 0,
                    "repair_days": 0,
                    "created_at": at,
                    "updated_at": at,
                }
                for n in part
            ]
            identities = [
                _identity(first_customer + 1 + n, n, telegram, web, first_chat, at)
                for n in part
                if n < telegram + web
            ]
            claims = [
                _claim(
                    prefix,
                    n,
                    first_customer + 1 + n,
                    first_unit + 1 + n,
                    product_id,
                    serials[n],
                    at,
                )
                for n in part
            ]
            await session.execute(insert(Customer), customers)
            await session.execute(insert(Unit), units)
            if identities:
                await session.execute(insert(ChannelIdentity), identities)
            await session.execute(insert(Claim), claims)
        await session.commit()
    return Owners([first_chat + n for n in range(telegram)], serials, web, unreachable)


def _identity(
    customer_id: int, n: int, telegram: int, web: int, first_chat: int, at: datetime
) -> dict[str, object]:
    channel, external = (
        ("telegram", str(first_chat + n)) if n < telegram else ("web", f"web-owner-{n}")
    )
    return {
        "customer_id": customer_id,
        "channel": channel,
        "external_id": external,
        "blocked": False,
        "created_at": at,
    }


def _claim(
    prefix: str,
    n: int,
    customer_id: int,
    unit_id: int,
    product_id: int | None,
    serial: str,
    at: datetime,
) -> dict[str, object]:
    return {
        "number": f"{prefix}-2026-{n:06d}",
        "customer_id": customer_id,
        "unit_id": unit_id,
        "product_id": product_id,
        "serial": serial,
        "defect_category": "noise",
        "description": "earlier repair",
        "requested_remedy": "repair",
        "contact_phone": "",
        "status": "closed",
        "decision": "repair",
        "priority": 0,
        "jurisdiction": "RU",
        "warranty_status": "under_warranty",
        "statutory_due_on": at.date() + timedelta(days=45),
        "due_rule": "",
        "channel": "telegram",
        "locale": LOCALES[n % 3],
        "created_at": at,
        "updated_at": at,
        "purchase_proof": "",
        "version": 1,
    }
