"""Written claims (претензии): the answer deadline each demand has, as data plus pure functions.

RU: the deadline of the demand the claim makes (art. 20 repair, art. 21 replacement, art. 22
refund, price reduction and damages). EU and KR law set no period to answer a written claim:
the company's (or the member state's) number from the rules file, marked company policy.
The clock is the caller's: `received_on` and `today` come in as arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from backend.warranty.dates import days_after, days_between, months_after
from backend.warranty.rules import load_rules
from backend.warranty.types import Jurisdiction, Rule


class Demand(StrEnum):
    """What a written claim asks for."""

    REPAIR = "repair"
    REPLACE = "replace"
    REFUND = "refund"
    PRICE_REDUCTION = "price_reduction"
    PENALTY = "penalty"  # damages or the penalty for a missed deadline


_RU_DEADLINES = {
    Demand.REPAIR: "ru.repair",
    Demand.REFUND: "ru.refund",
    Demand.PRICE_REDUCTION: "ru.price_reduction",
    Demand.PENALTY: "ru.written_damages",
}


@dataclass(frozen=True)
class AnswerDeadline:
    """When a written claim must be answered, and the rule that says so."""

    received_on: date
    due_on: date
    rule: Rule

    @property
    def company_policy(self) -> bool:
        """Tell whether the number is the company's own rather than the law's."""
        return self.rule.company_policy


def deadline_rule_id(
    demand: Demand, jurisdiction: Jurisdiction, *, needs_check: bool = False, in_stock: bool = True
) -> str:
    """Return the id of the rule that sets the answer deadline of `demand`."""
    if jurisdiction is not Jurisdiction.RU:
        return f"{jurisdiction.value.lower()}.written_answer"
    if demand is not Demand.REPLACE:
        return _RU_DEADLINES[demand]
    if not in_stock:
        return "ru.replace_out_of_stock"
    return "ru.replace_check" if needs_check else "ru.replace"


def answer_deadline(
    demand: Demand | str,
    jurisdiction: Jurisdiction | str,
    received_on: date,
    *,
    needs_check: bool = False,
    in_stock: bool = True,
) -> AnswerDeadline:
    """Return the answer deadline of a written claim received on `received_on`."""
    rules = load_rules(jurisdiction)
    rule_id = deadline_rule_id(
        Demand(demand), rules.jurisdiction, needs_check=needs_check, in_stock=in_stock
    )
    numbers = rules.spec(rule_id).numbers
    if "months" in numbers:
        due_on = months_after(received_on, rules.count(rule_id, "months"))
    else:
        due_on = days_after(received_on, rules.count(rule_id, "days"))
    return AnswerDeadline(received_on, due_on, rules.rule(rule_id, due_on=due_on.isoformat()))


def days_overdue(due_on: date, today: date, answered_on: date | None = None) -> int:
    """Return the days past `due_on` (0 when in time): up to the answer, or to `today`."""
    return max(0, days_between(due_on, answered_on or today))
