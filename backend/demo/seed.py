"""Seeding a database with the demo catalog, registry, pickup slots, drop-off points, staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.importer import import_products, import_units
from backend.catalog.models import Product, Unit
from backend.loaners.demo import seed_loaners
from backend.staff.models import Role
from backend.staff.service import add_staff, find_staff
from backend.transport.models import DropoffPoint
from backend.transport.service import ensure_slots

DEMO_DIR = Path(__file__).resolve().parent
PICKUP_WINDOWS = ("09:00-13:00", "13:00-18:00")
DEMO_STAFF = (
    ("agent", Role.AGENT, "agent-demo"),
    ("manager", Role.MANAGER, "manager-demo"),
    ("admin", Role.ADMIN, "admin-demo"),
)
# Units sold a few days ago, so the demo always shows the early-defect rules.
FRESH_UNITS = (("WM700-FRESH", "WM-700", 4), ("SP9-FRESH", "SP-9", 9), ("KT1-FRESH", "KT-1", 2))
DROPOFF_POINTS = (
    ("Service centre North", "12 Lenina St", "Mon-Sat 10:00-20:00"),
    ("Service centre South", "5 Harbour Rd", "Mon-Fri 09:00-18:00"),
)


@dataclass(frozen=True)
class DemoLogins:
    """The staff accounts the demo created, with their passwords."""

    accounts: tuple[tuple[str, str, str], ...]


async def seed_demo(session: AsyncSession, today: date) -> DemoLogins:
    """Load everything the demo needs; running it twice changes nothing."""
    await import_products(session, DEMO_DIR / "products.csv")
    await import_units(session, DEMO_DIR / "units.csv", today)
    products = {p.model_code: p.id for p in await session.scalars(select(Product))}
    for serial, model, days_ago in FRESH_UNITS:
        unit = await session.scalar(select(Unit).where(Unit.serial == serial))
        if unit is None:
            unit = Unit(serial=serial, product_id=products[model], seller="Demo Shop")
            session.add(unit)
        unit.sold_on = today - timedelta(days=days_ago)
    await ensure_slots(session, today + timedelta(days=1), 21, PICKUP_WINDOWS, capacity=3)
    if not await session.scalar(select(DropoffPoint.id).limit(1)):
        session.add_all(DropoffPoint(name=n, address=a, hours=h) for n, a, h in DROPOFF_POINTS)
    await seed_loaners(session, today)
    for login, role, password in DEMO_STAFF:
        if await find_staff(session, login) is None:
            await add_staff(session, login, role, password, display_name=login.title())
    await session.commit()
    return DemoLogins(tuple((login, role.value, pw) for login, role, pw in DEMO_STAFF))
