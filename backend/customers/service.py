"""Finding or creating the customer behind a channel identity."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
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
_DROP_CUSTOMER = delete(_customers).where(_customers.c.id == bindparam("b_id"))
_IDENTITY_INSERTS = {
    "sqlite": sqlite.insert(_identities)
    .on_conflict_do_nothing(index_elements=["channel", "external_id"])
    .returning(_identities.c.id),
    "postgresql": postgresql.insert(_identities)
    .on_conflict_do_nothing(index_elements=["channel", "external_id"])
    .returning(_identities.c.id),
}


async def customer_id_for(
    unit_of_work: AsyncSession | AsyncConnection,
    channel: Channel | str,
    external_id: str,
    *,
    locale: str,
    name: str = "",
    now: datetime,
) -> int:
    """The id of the customer behind (channel, external id), created on first contact at `now`.

    The one way to find a customer for the dialog engine, the API and the console: plain
    statements (one on a known identity, three on a first contact), no ORM objects. Two first
    contacts racing each other both insert a customer; the identity's unique key lets one
    identity in (`ON CONFLICT DO NOTHING`) and the loser removes its customer and takes the
    winner's, so no caller sees an IntegrityError for it.
    """
    connection = (
        await unit_of_work.connection() if isinstance(unit_of_work, AsyncSession) else unit_of_work
    )
    channel = Channel(channel)
    key = {"b_channel": channel, "b_external": external_id}
    found = await connection.scalar(_FIND_CUSTOMER, key)
    if found is not None:
        return int(found)
    customer_id = await connection.scalar(
        _NEW_CUSTOMER, {"name": name[:200], "locale": locale, "created_at": now}
    )
    identity = {
        "customer_id": customer_id,
        "channel": channel,
        "external_id": external_id,
        "blocked": False,
        "created_at": now,
    }
    taken = await connection.scalar(_IDENTITY_INSERTS[connection.dialect.name], identity)
    if taken is not None:
        return int(customer_id)
    await connection.execute(_DROP_CUSTOMER, {"b_id": customer_id})
    winner = await connection.scalar(_FIND_CUSTOMER, key)
    assert winner is not None
    return int(winner)


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
