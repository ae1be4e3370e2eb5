"""The loaner pool as staff keep it: units listed with filters, added, moved between states.

Every change is written to the audit log. A unit becomes `issued` only through a claim's
issue and leaves that state only through its return (backend/loaners/service.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.loaners.errors import (
    LoanerSerialTaken,
    LoanerStateLocked,
    LoanerUnavailable,
    LoanerUnitInvalid,
)
from backend.loaners.models import Loan, LoanerState, LoanerUnit, LoanStatus
from backend.staff.audit import changes, record
from backend.staff.models import StaffUser

HAND_STATES = (LoanerState.AVAILABLE, LoanerState.IN_SERVICE, LoanerState.RETIRED)


@dataclass(frozen=True)
class PoolFilter:
    """What the pool page filters by; empty fields don't filter."""

    state: str = ""
    category: str = ""
    query: str = ""  # a serial or model fragment


@dataclass(frozen=True)
class UnitFields:
    """What staff type for a unit."""

    serial: str
    model: str
    category: str
    location: str = ""
    notes: str = ""


def _conditions(query: PoolFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.state in {s.value for s in LoanerState}:
        conditions.append(LoanerUnit.state == LoanerState(query.state))
    if query.category:
        conditions.append(LoanerUnit.category == query.category)
    if query.query:
        pattern = f"%{query.query.lower()}%"
        conditions.append(
            func.lower(LoanerUnit.serial).like(pattern) | func.lower(LoanerUnit.model).like(pattern)
        )
    return conditions


async def pool_units(
    session: AsyncSession, query: PoolFilter, limit: int = 500
) -> list[LoanerUnit]:
    """The units the filter matches, by category and serial."""
    statement = select(LoanerUnit).where(*_conditions(query))
    order = (LoanerUnit.category, LoanerUnit.serial)
    return list(await session.scalars(statement.order_by(*order).limit(limit)))


async def pool_categories(session: AsyncSession) -> list[str]:
    """Every category the pool has units of."""
    rows = await session.scalars(select(LoanerUnit.category).distinct().order_by("category"))
    return list(rows)


async def open_loans_by_unit(session: AsyncSession, unit_ids: list[int]) -> dict[int, Loan]:
    """The issued loan of each unit that is out."""
    if not unit_ids:
        return {}
    rows = await session.scalars(
        select(Loan).where(Loan.unit_id.in_(unit_ids), Loan.status == LoanStatus.ISSUED)
    )
    return {loan.unit_id: loan for loan in rows if loan.unit_id is not None}


async def matching_units(session: AsyncSession, category: str) -> list[LoanerUnit]:
    """Available units, those of `category` (the same basic properties) first."""
    same = case((LoanerUnit.category == category, 0), else_=1)
    statement = (
        select(LoanerUnit)
        .where(LoanerUnit.state == LoanerState.AVAILABLE)
        .order_by(same, LoanerUnit.category, LoanerUnit.serial)
        .limit(200)
    )
    return list(await session.scalars(statement))


def clean_fields(fields: UnitFields) -> UnitFields:
    """The fields trimmed, the category in lower case; refused when one is missing or too long."""
    cleaned = UnitFields(
        serial=fields.serial.strip(),
        model=" ".join(fields.model.split()),
        category=fields.category.strip().lower(),
        location=" ".join(fields.location.split()),
        notes=fields.notes.strip(),
    )
    required = (cleaned.serial, cleaned.model, cleaned.category)
    if not all(required) or max(len(cleaned.serial), len(cleaned.category)) > 64:
        raise LoanerUnitInvalid()
    if len(cleaned.model) > 200 or len(cleaned.location) > 200 or len(cleaned.notes) > 500:
        raise LoanerUnitInvalid()
    return cleaned


def _summary(unit: LoanerUnit) -> dict[str, str]:
    return {"state": unit.state.value, "location": unit.location, "notes": unit.notes}


async def add_unit(
    session: AsyncSession, actor: StaffUser, fields: UnitFields, now: datetime
) -> LoanerUnit:
    """A new available unit, audited (no commit); its serial must be new to the pool."""
    fields = clean_fields(fields)
    if await session.scalar(select(LoanerUnit.id).where(LoanerUnit.serial == fields.serial)):
        raise LoanerSerialTaken()
    unit = LoanerUnit(
        **fields.__dict__, state=LoanerState.AVAILABLE, created_at=now, updated_at=now
    )
    session.add(unit)
    await session.flush()
    after = {"model": unit.model, "category": unit.category, **_summary(unit)}
    await record(session, actor, "loaner.create", unit.serial, now, after=after)
    return unit


async def update_unit(
    session: AsyncSession,
    actor: StaffUser,
    unit: LoanerUnit,
    version: int,
    change: tuple[LoanerState, str, str],
    now: datetime,
) -> None:
    """A unit's new state (never into or out of `issued` by hand), location and notes, as
    changed on a page that showed `version` of it."""
    if unit.version != version:
        raise LoanerUnavailable(f"unit {unit.id} v{unit.version}")
    state, *fields = change
    if LoanerState.ISSUED in (state, unit.state) and state is not unit.state:
        raise LoanerStateLocked()
    location, notes = (" ".join(fields[0].split()), fields[1].strip())
    if len(location) > 200 or len(notes) > 500:
        raise LoanerUnitInvalid()
    before = _summary(unit)
    unit.state, unit.location, unit.notes, unit.updated_at = state, location, notes, now
    old, new = changes(before, _summary(unit))
    if new:
        await record(session, actor, "loaner.update", unit.serial, now, before=old, after=new)
    await session.flush()
