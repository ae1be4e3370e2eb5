"""The facts a unit's earlier repairs give: days out of use, recurrences, missed deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backend.warranty.dates import months_after
from backend.warranty.types import ClaimFacts, UnitFacts


@dataclass(frozen=True)
class History:
    """What the repair history says, counters from the import included."""

    repairs_total: int
    same_defect: int
    repair_days: int
    late_due_on: date | None  # the deadline of a repair that ran past it, if any
    repaired: bool  # a repair was completed (EU art. 10(2a))

    @property
    def any(self) -> bool:
        """Tell whether there is any history to show."""
        return self.repairs_total > 0 or self.repair_days > 0


def unit_history(unit: UnitFacts, claim: ClaimFacts, today: date) -> History:
    """Return the history of `unit` as of `today` for the claim's defect."""
    periods = unit.repairs
    same = sum(1 for p in periods if claim.defect and p.defect == claim.defect)
    late = [p.due_on for p in periods if p.late(today) and p.due_on is not None]
    return History(
        repairs_total=unit.prior_repairs_total + len(periods),
        same_defect=unit.prior_repairs_same_defect + same,
        repair_days=unit.repair_days + sum(p.days(today) for p in periods),
        late_due_on=min(late) if late else None,
        repaired=unit.repairs_used_extension or any(p.ended_on is not None for p in periods),
    )


def warranty_year(start: date, day: date) -> tuple[date, date]:
    """Return [first day, first day of the next) of the warranty year that holds `day`."""
    year = 0
    while months_after(start, 12 * (year + 1)) <= day:
        year += 1
    return months_after(start, 12 * year), months_after(start, 12 * (year + 1))


def days_unusable_in_year(
    unit: UnitFacts, start: date, reported_on: date, today: date
) -> tuple[int, date, date]:
    """Return the days out of use in the warranty year of the claim, and that year's bounds."""
    year_start, year_end = warranty_year(start, max(start, reported_on))
    days = unit.days_unusable_this_warranty_year + sum(
        p.overlap(year_start, year_end, today) for p in unit.repairs
    )
    return days, year_start, year_end
