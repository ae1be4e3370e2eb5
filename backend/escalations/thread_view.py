"""Everything the console shows beside an escalation thread: customer, claims, units, staff."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.models import Product, Unit
from backend.claims.models import Claim
from backend.conversations.models import Conversation
from backend.customers.models import Customer
from backend.escalations.bot_part import BotLine, bot_part
from backend.escalations.models import Escalation, EscalationMessage
from backend.escalations.service import escalation_thread, mark_read
from backend.staff.models import StaffUser

CLAIMS_SHOWN = 5


@dataclass(frozen=True)
class ClaimLine:
    """One of the customer's claims in the side panel."""

    claim: Claim
    product: str
    unit: Unit | None


@dataclass(frozen=True)
class ThreadView:
    """An escalation with its context, read for one staff member."""

    escalation: Escalation
    customer: Customer
    conversation: Conversation
    before: list[BotLine]
    thread: list[EscalationMessage]
    claims: list[ClaimLine]
    staff: dict[int, StaffUser]


async def _claims(session: AsyncSession, customer_id: int) -> list[ClaimLine]:
    rows = (
        await session.execute(
            select(Claim, Product.name, Unit)
            .join(Product, Product.id == Claim.product_id)
            .outerjoin(Unit, Unit.id == Claim.unit_id)
            .where(Claim.customer_id == customer_id)
            .order_by(Claim.id.desc())
            .limit(CLAIMS_SHOWN)
        )
    ).all()
    return [ClaimLine(claim, product, unit) for claim, product, unit in rows]


async def thread_view(
    session: AsyncSession, escalation_id: int, reader: StaffUser
) -> ThreadView | None:
    """The thread and its context; marks it read for `reader` (commits)."""
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None:
        return None
    customer = await session.get(Customer, escalation.customer_id)
    conversation = await session.get(Conversation, escalation.conversation_id)
    assert customer is not None and conversation is not None
    thread = await escalation_thread(session, escalation_id)
    view = ThreadView(
        escalation=escalation,
        customer=customer,
        conversation=conversation,
        before=await bot_part(session, escalation),
        thread=thread,
        claims=await _claims(session, customer.id),
        staff={
            s.id: s
            for s in await session.scalars(
                select(StaffUser).where(StaffUser.is_active.is_(True)).order_by(StaffUser.login)
            )
        },
    )
    if thread:
        await mark_read(session, reader.id, escalation_id, thread[-1].id)
        await session.commit()
    return view
