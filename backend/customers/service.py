"""Finding or creating the customer behind a channel identity."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.customers.models import Channel, ChannelIdentity, Customer


async def find_identity(
    session: AsyncSession, channel: Channel | str, external_id: str
) -> ChannelIdentity | None:
    """The identity a channel gave a customer, or None."""
    return await session.scalar(
        select(ChannelIdentity).where(
            ChannelIdentity.channel == Channel(channel),
            ChannelIdentity.external_id == external_id,
        )
    )


async def resolve_customer(
    session: AsyncSession, channel: Channel | str, external_id: str, *, locale: str, name: str = ""
) -> Customer:
    """The customer behind (channel, external id), created on first contact."""
    identity = await find_identity(session, channel, external_id)
    if identity is not None:
        customer = await session.get(Customer, identity.customer_id)
        assert customer is not None
        return customer
    customer = Customer(name=name[:200], locale=locale)
    customer.identities.append(ChannelIdentity(channel=Channel(channel), external_id=external_id))
    try:
        async with session.begin_nested():
            session.add(customer)
    except IntegrityError:
        # Another process created the same identity a moment ago: use theirs.
        identity = await find_identity(session, channel, external_id)
        assert identity is not None
        existing = await session.get(Customer, identity.customer_id)
        assert existing is not None
        return existing
    return customer


async def customer_identities(session: AsyncSession, customer_id: int) -> list[ChannelIdentity]:
    """Every channel identity of a customer, oldest first."""
    return list(
        await session.scalars(
            select(ChannelIdentity)
            .where(ChannelIdentity.customer_id == customer_id)
            .order_by(ChannelIdentity.id)
        )
    )
