"""Amounts from the price paid: the refund and the art. 23 penalty for a missed deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.warranty.dates import days_between
from backend.warranty.rules import load_rules
from backend.warranty.types import Jurisdiction, PolicyDecision, Rule

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Penalty:
    """The penalty owed for a missed deadline, with the days counted."""

    due_on: date
    days_late: int
    per_day: Decimal
    total: Decimal
    rule: Rule


def delay_penalty(decision: PolicyDecision, due_on: date, today: date) -> Penalty | None:
    """Return the penalty owed on `today` for a deadline `due_on`; None when none is owed.

    Only a jurisdiction whose rules hold a `penalty` rule (RU art. 23 p.1) owes one,
    and only when the price is known.
    """
    return penalty_owed(decision.jurisdiction, decision.price, due_on, today)


def penalty_owed(
    jurisdiction: Jurisdiction | str, price: Decimal | None, due_on: date, today: date
) -> Penalty | None:
    """Return the penalty for a statutory deadline `due_on` missed as of `today` (0 days when
    kept); None without a price or where the law sets no penalty."""
    rules = load_rules(jurisdiction)
    rule_id = f"{rules.jurisdiction.value.lower()}.penalty"
    if price is None or rule_id not in rules.specs:
        return None
    per_day = (price * rules.count(rule_id, "percent") / 100).quantize(CENT)
    days_late = max(0, days_between(due_on, today))
    rule = rules.rule(rule_id, per_day=str(per_day))
    return Penalty(due_on, days_late, per_day, (per_day * days_late).quantize(CENT), rule)
