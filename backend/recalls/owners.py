"""Who owns the recalled units and which channel reaches each of them.

A unit's owner is a customer who filed a claim about it (`claim.unit_id`, `claim.customer_id`):
the sales registry names no buyers. An owner is reached in Telegram when they have a Telegram
identity they have not blocked, else in the web chat; an owner with neither is unreachable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Unit
from backend.claims.models import Claim
from backend.customers.models import Channel, ChannelIdentity, Customer

PREFERRED = (Channel.TELEGRAM, Channel.WEB)  # the channels a notice goes to, best first
UNREACHABLE = "none"


@dataclass(frozen=True)
class Selection:
    """The recalled units: models and a serial range and/or a sale-date range."""

    product_ids: tuple[int, ...]
    serial_from: str | None = None
    serial_to: str | None = None
    sold_from: date | None = None
    sold_to: date | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        """The `Unit` conditions of this selection."""
        found: list[ColumnElement[bool]] = [Unit.product_id.in_(list(self.product_ids))]
        if self.serial_from:
            found.append(Unit.serial >= self.serial_from)
        if self.serial_to:
            found.append(Unit.serial <= self.serial_to)
        if self.sold_from:
            found.append(Unit.sold_on >= self.sold_from)
        if self.sold_to:
            found.append(Unit.sold_on <= self.sold_to)
        return found


@dataclass(frozen=True)
class Owner:
    """One owner of recalled units, with the chat that reaches them (None: none does)."""

    customer_id: int
    unit_id: int
    locale: str
    channel: str | None
    recipient: str | None


async def recalled_units(session: AsyncSession, selection: Selection) -> int:
    """How many sold units the selection covers."""
    statement = select(func.count()).select_from(Unit).where(*selection.conditions())
    return int(await session.scalar(statement) or 0)


async def find_owners(session: AsyncSession, selection: Selection) -> list[Owner]:
    """Every owner of the selected units once (with their first such unit), and their chat."""
    owned = (
        select(Claim.customer_id.label("customer_id"), func.min(Claim.unit_id).label("unit_id"))
        .join(Unit, Unit.id == Claim.unit_id)
        .where(*selection.conditions())
        .group_by(Claim.customer_id)
        .subquery()
    )
    rows = await session.execute(
        select(
            owned.c.customer_id,
            owned.c.unit_id,
            Customer.locale,
            ChannelIdentity.channel,
            ChannelIdentity.external_id,
            ChannelIdentity.blocked,
        )
        .join(Customer, Customer.id == owned.c.customer_id)
        .outerjoin(ChannelIdentity, ChannelIdentity.customer_id == owned.c.customer_id)
        .order_by(owned.c.customer_id)
    )
    best: dict[int, Owner] = {}
    for customer_id, unit_id, locale, channel, external_id, blocked in rows:
        current = best.get(customer_id)
        reachable = channel in PREFERRED and not blocked
        if current is None:
            current = Owner(customer_id, unit_id, locale, None, None)
        if reachable and _rank(channel) < _rank(current.channel):
            current = Owner(customer_id, unit_id, locale, str(channel), external_id)
        best[customer_id] = current
    return list(best.values())


def _rank(channel: str | None) -> int:
    return PREFERRED.index(Channel(channel)) if channel in PREFERRED else len(PREFERRED)


def reach(owners: list[Owner]) -> dict[str, int]:
    """Owners per channel that reaches them: telegram, web, none."""
    counts = {str(channel): 0 for channel in PREFERRED} | {UNREACHABLE: 0}
    for owner in owners:
        counts[owner.channel or UNREACHABLE] += 1
    return counts
