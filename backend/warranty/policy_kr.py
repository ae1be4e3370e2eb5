"""South Korea: Consumer Dispute Resolution Standards (FTC notice)."""

from __future__ import annotations

from datetime import date

from backend.warranty.common import (
    heavy_or_bulky,
    option_in_days,
    policy_loaner,
    purchase_rules,
    unproven_status,
    warranty_start,
    within_days,
)
from backend.warranty.dates import months_after
from backend.warranty.history import History, unit_history
from backend.warranty.rules import JurisdictionRules
from backend.warranty.types import (
    ClaimFacts,
    PolicyDecision,
    ProductFacts,
    Remedy,
    RemedyOption,
    Rule,
    TransportDecision,
    UnitFacts,
    WarrantyStatus,
)

_SERVICE_LEVELS = {
    Remedy.REPAIR: "kr.repair_service_level",
    Remedy.REPLACE: "kr.exchange_service_level",
    Remedy.REFUND: "kr.refund_service_level",
}


def decide(
    unit: UnitFacts, claim: ClaimFacts, rules: JurisdictionRules, today: date
) -> PolicyDecision:
    """Return the decision under the standards; `today` decides whether a repair is overdue."""
    start = warranty_start(unit, claim, rules)
    history = unit_history(unit, claim, today)
    end, end_rules = warranty_end(unit, start.on, rules)
    if claim.reported_on <= end:
        status = WarrantyStatus.UNDER_WARRANTY
        status_rule = unproven_status(
            start, rules.rule("kr.under_warranty", end=end.isoformat()), rules
        )
    else:
        status = WarrantyStatus.EXPIRED
        status_rule = rules.rule("kr.expired", end=end.isoformat())
    remedies = available_remedies(unit, claim, rules, status, history, today)
    return PolicyDecision(
        jurisdiction=rules.jurisdiction,
        warranty_start=start.on,
        warranty_end=end,
        start_rule=start.rule,
        status=status,
        status_rule=status_rule,
        claim_possible_until=None if status is WarrantyStatus.EXPIRED else end,
        remedies=remedies,
        transport=transport(unit.product, status, rules),
        loaner=policy_loaner(unit.product, claim, remedies, rules),
        end_rules=end_rules,
        fact_rules=purchase_rules(claim, rules) + _history_rules(history, rules),
        price=unit.paid,
    )


def warranty_end(
    unit: UnitFacts, start: date, rules: JurisdictionRules
) -> tuple[date, tuple[Rule, ...]]:
    """Return the last day of the warranty; 1 year when the item states no period."""
    months = unit.product.warranty_months + unit.extended_warranty_months
    if unit.product.warranty_months > 0:
        return months_after(start, months), ()
    months += rules.count("kr.no_period_stated", "months")
    end = months_after(start, months)
    return end, (rules.rule("kr.no_period_stated", end=end.isoformat()),)


def _history_rules(history: History, rules: JurisdictionRules) -> tuple[Rule, ...]:
    if history.repairs_total == 0:
        return ()
    rule = rules.rule(
        "kr.repair_history",
        total=history.repairs_total,
        same=history.same_defect,
        occurrence=history.same_defect + 1,
    )
    return (rule,)


def available_remedies(
    unit: UnitFacts,
    claim: ClaimFacts,
    rules: JurisdictionRules,
    status: WarrantyStatus,
    history: History,
    today: date,
) -> tuple[RemedyOption, ...]:
    """Return the remedies open now, exchange before refund; none once expired."""
    if status is WarrantyStatus.EXPIRED:
        return ()
    options = []
    for remedy, basis in _entitlements(unit, claim, rules, history, today):
        option = option_in_days(remedy, _SERVICE_LEVELS[remedy], claim.reported_on, rules, basis)
        if remedy is Remedy.REFUND:  # the standards put exchange first
            option = RemedyOption(
                option.remedy,
                option.deadline_days,
                option.due_on,
                option.rule,
                option.basis,
                (rules.rule("kr.exchange_first"),),
            )
        options.append(option)
    return tuple(options)


def _entitlements(
    unit: UnitFacts, claim: ClaimFacts, rules: JurisdictionRules, history: History, today: date
) -> list[tuple[Remedy, Rule]]:
    irreparable = _irreparable(claim, rules, history, today)
    if irreparable is not None:
        return [(Remedy.REPLACE, irreparable), (Remedy.REFUND, irreparable)]
    if within_days(unit.sold_on, claim.reported_on, rules.count("kr.early_refund", "days")):
        basis = rules.rule("kr.early_refund")
        return [(Remedy.REPLACE, basis), (Remedy.REFUND, basis)]
    months = rules.count("kr.early_exchange", "months")
    if unit.sold_on is not None and claim.reported_on <= months_after(unit.sold_on, months):
        basis = rules.rule("kr.early_exchange")
        return [(Remedy.REPLACE, basis), (Remedy.REPAIR, basis)]
    return [(Remedy.REPAIR, rules.rule("kr.free_repair"))]


def _irreparable(
    claim: ClaimFacts, rules: JurisdictionRules, history: History, today: date
) -> Rule | None:
    """Return the rule that makes the defect count as irreparable, if any applies."""
    recurring = "kr.recurring_defect"
    if history.same_defect >= rules.count(
        recurring, "same_defect_repairs"
    ) or history.repairs_total >= rules.count(recurring, "total_repairs"):
        return rules.rule(recurring)
    requested_on = claim.repair_requested_on
    if requested_on is not None:
        overdue_after = months_after(requested_on, rules.count("kr.repair_overdue", "months"))
        if today > overdue_after:
            return rules.rule("kr.repair_overdue", requested_on=requested_on.isoformat())
    return None


def transport(
    product: ProductFacts, status: WarrantyStatus, rules: JurisdictionRules
) -> TransportDecision:
    """Return who carries the item: the company for bulky or heavy goods (company policy)."""
    if status is WarrantyStatus.EXPIRED:
        return TransportDecision(False, rules.rule("kr.transport_no_claim"))
    pays = heavy_or_bulky(product, rules, "kr.transport_policy")
    return TransportDecision(pays, rules.rule("kr.transport_policy"))
