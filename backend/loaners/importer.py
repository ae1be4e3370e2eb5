"""Loaner units from a CSV file: `serial,model,category[,location][,notes]` (UTF-8, BOM
optional, comma or semicolon). A new serial is added as available; a known one gets the file's
model, category, location and notes, its state untouched. Audited as one line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.catalog.csv_rows import read_rows
from backend.loaners.errors import LoanerUnitInvalid
from backend.loaners.models import LoanerUnit
from backend.loaners.pool import UnitFields, add_unit, clean_fields
from backend.staff.audit import record
from backend.staff.models import StaffUser

COLUMNS = ("serial", "model", "category")


@dataclass
class PoolImport:
    """What an import did: units added, units updated, lines refused."""

    added: int = 0
    updated: int = 0
    refused: list[int] = field(default_factory=list)  # line numbers


async def _apply(
    session: AsyncSession, actor: StaffUser, fields: UnitFields, now: datetime
) -> bool:
    """Add or update one unit; True when it was new."""
    fields = clean_fields(fields)
    unit = await session.scalar(select(LoanerUnit).where(LoanerUnit.serial == fields.serial))
    if unit is None:
        await add_unit(session, actor, fields, now)
        return True
    unit.model, unit.category = fields.model, fields.category
    unit.location, unit.notes, unit.updated_at = fields.location, fields.notes, now
    await session.flush()
    return False


async def import_pool(
    session: AsyncSession, actor: StaffUser, path: Path, now: datetime
) -> PoolImport:
    """Import the file's units (no commit); a bad header raises RowError from the reader."""
    outcome = PoolImport()
    for line, cells in read_rows(path, COLUMNS):
        fields = UnitFields(
            cells["serial"],
            cells["model"],
            cells["category"],
            cells.get("location", ""),
            cells.get("notes", ""),
        )
        try:
            async with session.begin_nested():
                added = await _apply(session, actor, fields, now)
        except LoanerUnitInvalid:
            outcome.refused.append(line)
            continue
        outcome.added += added
        outcome.updated += not added
    summary = {
        "created": outcome.added,
        "updated": outcome.updated,
        "rejected": len(outcome.refused),
    }
    await record(session, actor, "loaner.import", path.name, now, after=summary)
    return outcome
