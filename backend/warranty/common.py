"""Building blocks shared by the per-jurisdiction policies.

Each data file names its rules `<code>.<name>`; the helpers here rely on the
names every jurisdiction shares: `start_handover`, `start_manufacture`,
`start_unproven`, `loaner_policy` and `loaner_not_required`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.warranty.dates import days_after, days_between, months_after
from backend.warranty.rules import JurisdictionRules
from backend.warranty.types import (
    ClaimFacts,
    LoanerDecision,
    ProductFacts,
    Remedy,
    RemedyOption,
    Rule,
    UnitFacts,
)


@dataclass(frozen=True)
class Start:
    """Where the warranty period starts and which rule set it."""

    on: date
    rule: Rule


def local_id(rules: JurisdictionRules, name: str) -> str:
    """Return the id of the jurisdiction's rule called `name`, e.g. "ru.start_handover"."""
    return f"{rules.jurisdiction.value.lower()}.{name}"


def warranty_start(unit: UnitFacts, claim: ClaimFacts, rules: JurisdictionRules) -> Start:
    """Return the start: handover, else manufacture date (+ offset), else the claim date.

    With neither date known the claim date stands in, under a rule that says the
    start is unproven; the status is still computed, so staff see what a receipt
    would have to show.
    """
    if unit.sold_on is not None:
        rule = rules.rule(local_id(rules, "start_handover"), start=unit.sold_on.isoformat())
        return Start(unit.sold_on, rule)
    if unit.manufactured_on is not None:
        rule_id = local_id(rules, "start_manufacture")
        on = months_after(unit.manufactured_on, rules.count(rule_id, "months"))
        return Start(on, rules.rule(rule_id, start=on.isoformat()))
    months = unit.product.warranty_months + unit.extended_warranty_months
    rule = rules.rule(local_id(rules, "start_unproven"), months=months)
    return Start(claim.reported_on, rule)


def unproven_status(start: Start, rule: Rule, rules: JurisdictionRules) -> Rule:
    """Return the status rule, or one saying the status hangs on the unproven start."""
    if start.rule.id == local_id(rules, "start_unproven"):
        return rules.rule(local_id(rules, "status_unproven"))
    return rule


PROVEN_BY_RECORD = frozenset({"receipt", "sales_registry"})


def purchase_rules(claim: ClaimFacts, rules: JurisdictionRules) -> tuple[Rule, ...]:
    """Return the no-receipt rule when the purchase is proven otherwise."""
    if claim.purchase_proof and claim.purchase_proof not in PROVEN_BY_RECORD:
        return (rules.rule(local_id(rules, "no_receipt")),)
    return ()


def within_days(start: date | None, day: date, days: int) -> bool:
    """Tell whether `day` is at most `days` days after a known `start` (day `days` counts)."""
    return start is not None and days_between(start, day) <= days


def option_in_days(
    remedy: Remedy, rule_id: str, reported_on: date, rules: JurisdictionRules, basis: Rule
) -> RemedyOption:
    """Return an option due a number of days (rule number `days`) after the claim."""
    days = rules.count(rule_id, "days")
    due_on = days_after(reported_on, days)
    rule = rules.rule(rule_id, due_on=due_on.isoformat())
    return RemedyOption(remedy, days, due_on, rule, basis)


def option_in_months(
    remedy: Remedy, rule_id: str, reported_on: date, rules: JurisdictionRules, basis: Rule
) -> RemedyOption:
    """Return an option due calendar months (rule number `months`) after the claim."""
    due_on = months_after(reported_on, rules.count(rule_id, "months"))
    rule = rules.rule(rule_id, due_on=due_on.isoformat())
    return RemedyOption(remedy, days_between(reported_on, due_on), due_on, rule, basis)


def heavy_or_bulky(product: ProductFacts, rules: JurisdictionRules, rule_id: str) -> bool:
    """Tell whether the product is bulky or weighs more than the rule's `kg`."""
    weight = Decimal(str(product.weight_kg))
    return product.bulky or weight > rules.quantity(rule_id, "kg")


def policy_loaner(
    product: ProductFacts,
    claim: ClaimFacts,
    remedies: tuple[RemedyOption, ...],
    rules: JurisdictionRules,
) -> LoanerDecision:
    """Return the loaner decision where no law requires one and a policy flag decides."""
    repair_open = any(option.remedy is Remedy.REPAIR for option in remedies)
    if rules.loaner_policy and repair_open and not product.loaner_excluded:
        rule_id = local_id(rules, "loaner_policy")
        due_by = days_after(claim.reported_on, rules.count(rule_id, "days"))
        return LoanerDecision(True, due_by, rules.rule(rule_id, due_by=due_by.isoformat()))
    return LoanerDecision(False, None, rules.rule(local_id(rules, "loaner_not_required")))
