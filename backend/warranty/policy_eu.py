"""European Union: Directive (EU) 2019/771 as amended by Directive (EU) 2024/1799."""

from __future__ import annotations

from datetime import date

from backend.warranty.common import option_in_days, policy_loaner, warranty_start
from backend.warranty.dates import months_after
from backend.warranty.rules import JurisdictionRules
from backend.warranty.types import (
    ClaimFacts,
    PolicyDecision,
    Remedy,
    RemedyOption,
    Rule,
    TransportDecision,
    UnitFacts,
    WarrantyStatus,
)


def decide(
    unit: UnitFacts, claim: ClaimFacts, rules: JurisdictionRules, today: date
) -> PolicyDecision:
    """Return the decision under the directive (`today` plays no part: dates run from the claim)."""
    start = warranty_start(unit, claim, rules)
    end, end_rules = liability_end(unit, start.on, rules)
    status, status_rule = liability_status(claim.reported_on, start.on, end, rules)
    remedies = available_remedies(claim, rules, status)
    if status is WarrantyStatus.EXPIRED:
        transport = TransportDecision(False, rules.rule("eu.transport_no_claim"))
    else:
        transport = TransportDecision(True, rules.rule("eu.transport_free"))
    return PolicyDecision(
        jurisdiction=rules.jurisdiction,
        warranty_start=start.on,
        warranty_end=end,
        start_rule=start.rule,
        status=status,
        status_rule=status_rule,
        claim_possible_until=None if status is WarrantyStatus.EXPIRED else end,
        remedies=remedies,
        transport=transport,
        loaner=policy_loaner(unit.product, claim, remedies, rules),
        end_rules=end_rules,
    )


def liability_end(
    unit: UnitFacts, start: date, rules: JurisdictionRules
) -> tuple[date, tuple[Rule, ...]]:
    """Return the last day of liability: at least the minimum, +12 months after a repair."""
    warranty_months = unit.product.warranty_months + unit.extended_warranty_months
    minimum = rules.count("eu.minimum_liability", "months")
    months = max(warranty_months, minimum)
    end_rules: list[Rule] = []
    if warranty_months < minimum:
        end_rules.append(rules.rule("eu.minimum_liability", warranty_months=warranty_months))
    if unit.repairs_used_extension:
        months += rules.count("eu.repair_extension", "months")
        end_rules.append(rules.rule("eu.repair_extension"))
    return months_after(start, months), tuple(end_rules)


def liability_status(
    reported_on: date, start: date, end: date, rules: JurisdictionRules
) -> tuple[WarrantyStatus, Rule]:
    """Return the status on the claim date; its rule states the burden-of-proof period."""
    if reported_on > end:
        return WarrantyStatus.EXPIRED, rules.rule("eu.expired", end=end.isoformat())
    proof_until = months_after(start, rules.count("eu.under_liability", "proof_months"))
    rule = rules.rule(
        "eu.under_liability", end=end.isoformat(), proof_until=proof_until.isoformat()
    )
    return WarrantyStatus.UNDER_WARRANTY, rule


def available_remedies(
    claim: ClaimFacts, rules: JurisdictionRules, status: WarrantyStatus
) -> tuple[RemedyOption, ...]:
    """Return repair or replacement first; reduction or refund only when they fail (art. 13)."""
    if status is WarrantyStatus.EXPIRED:
        return ()
    reported_on = claim.reported_on
    first = rules.rule("eu.repair_or_replacement")
    options = [
        option_in_days(Remedy.REPAIR, "eu.reasonable_period", reported_on, rules, first),
        option_in_days(Remedy.REPLACE, "eu.reasonable_period", reported_on, rules, first),
    ]
    if claim.repair_deadline_broken or claim.substantial_defect:
        second = rules.rule("eu.reduction_or_termination")
        options += [
            option_in_days(
                Remedy.PRICE_REDUCTION, "eu.price_reduction_period", reported_on, rules, second
            ),
            option_in_days(Remedy.REFUND, "eu.refund_period", reported_on, rules, second),
        ]
    return tuple(options)
