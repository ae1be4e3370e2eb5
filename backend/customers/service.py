"""Finding or creating the customer behind a channel identity."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.customers.models import Channel, ChannelIdentity, Customer

_customers = cast(Table, Customer.__table__)
_identities = cast(Table, ChannelIdentity.__table__)
_FIND_CUSTOMER = select(_identities.c.customer_id).where(
    _identities.c.channel == bindparam("b_channel", type_=_identities.c.channel.type),
    _identities.c.external_id == bindparam("b_external"),
)
_NEW_CUSTOMER = insert(_customers).returning(_customers.c.id)
_GET_PHONE = select(_customers.c.phone).where(_customers.c.id == bindparam("b_id"))
_SET_PHONE = update(_customers).where(_customers.c.id == bindparam("b_id"))


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
    session: AsyncSession,
    channel: Channel | str,
    external_id: str,
    *,
    locale: str,
    now: datetime,
    name: str = "",
) -> Customer:
    """The customer behind (channel, external id), created on first contact at `now`."""
    identity = await find_identity(session, channel, external_id)
    if identity is not None:
        customer = await session.get(Customer, identity.customer_id)
        assert customer is not None
        return customer
    customer = Customer(name=name[:200], locale=locale, created_at=now)
    customer.identities.append(
        ChannelIdentity(channel=Channel(channel), external_id=external_id, created_at=now)
    )
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


async def customer_id_for(
    connection: AsyncConnection,
    channel: Channel | str,
    external_id: str,
    *,
    locale: str,
    name: str = "",
    now: datetime,
) -> int:
    """The id of the customer behind (channel, external id), created on first contact at `now`.

    Three plain statements at most, for the dialog engine's hot path; a concurrent first contact
    fails the insert on the identity's unique key, and the caller's retry finds the winner's row.
    """
    channel = Channel(channel)
    found = await connection.scalar(
        _FIND_CUSTOMER, {"b_channel": channel, "b_external": external_id}
    )
    if found is not None:
        return int(found)
    customer_id = await connection.scalar(
        _NEW_CUSTOMER, {"name": name[:200], "locale": locale, "created_at": now}
    )
    await connection.execute(
        insert(_identities),
        {
            "customer_id": customer_id,
            "channel": channel,
            "external_id": external_id,
            "blocked": False,
            "created_at": now,
        },
    )
    return int(customer_id)


async def known_phone(session: AsyncSession, customer_id: int) -> str | None:
    """The phone number the customer gave last time, if any."""
    connection = await session.connection()
    phone = await connection.scalar(_GET_PHONE, {"b_id": customer_id})
    return str(phone) if phone else None


async def remember_phone(session: AsyncSession, customer_id: int, phone: str) -> None:
    """Keep `phone` as the customer's number for their next claim."""
    connection = await session.connection()
    await connection.execute(_SET_PHONE, {"b_id": customer_id, "phone": phone})


async def customer_identities(session: AsyncSession, customer_id: int) -> list[ChannelIdentity]:
    """Every channel identity of a customer, oldest first."""
    return list(
        await session.scalars(
            select(ChannelIdentity)
            .where(ChannelIdentity.customer_id == customer_id)
            .order_by(ChannelIdentity.id)
        )
    )
