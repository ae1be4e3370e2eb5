"""European Union: Directive (EU) 2019/771 as amended by Directive (EU) 2024/1799.

The seller's legal liability (art. 10) and a manufacturer's commercial guarantee
(art. 17) are separate answers: a 36-month maker's warranty does not make the
seller liable for 36 months, and the guarantee binds on its own terms.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from backend.warranty.common import (
    option_in_days,
    policy_loaner,
    purchase_rules,
    unproven_status,
    warranty_start,
)
from backend.warranty.dates import months_after
from backend.warranty.history import unit_history
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


@dataclass(frozen=True)
class Guarantee:
    """The maker's commercial guarantee, when it has one."""

    end: date
    rule: Rule


def decide(
    unit: UnitFacts, claim: ClaimFacts, rules: JurisdictionRules, today: date
) -> PolicyDecision:
    """Return the decision under the directive; `today` bounds repairs still in progress."""
    start = warranty_start(unit, claim, rules)
    history = unit_history(unit, claim, today)
    repaired = history.repaired
    if history.late_due_on is not None:  # an earlier repair was not done in a reasonable time
        claim = replace(claim, repair_deadline_broken=True)
    end, end_rules = liability_end(unit, start.on, repaired, rules)
    guarantee = commercial_guarantee(unit, start.on, rules)
    status, status_rule = liability_status(claim.reported_on, start.on, end, guarantee, rules)
    if status_rule.id == "eu.under_liability":
        status_rule = unproven_status(start, status_rule, rules)
    start_known = status_rule.id != "eu.status_unproven"
    # art. 10(2a) notice needs a known end; an unproven start has none to state
    remedies = available_remedies(claim, rules, status_rule, end, repaired or not start_known)
    pays = status_rule.id.startswith("eu.under_liability") or status_rule.id == "eu.status_unproven"
    transport_id = "eu.transport_free" if pays else "eu.transport_no_claim"
    return PolicyDecision(
        jurisdiction=rules.jurisdiction,
        warranty_start=start.on,
        warranty_end=end,
        start_rule=start.rule,
        status=status,
        status_rule=status_rule,
        claim_possible_until=_until(status, end, guarantee),
        remedies=remedies,
        transport=TransportDecision(pays, rules.rule(transport_id)),
        loaner=policy_loaner(unit.product, claim, remedies, rules),
        end_rules=end_rules,
        fact_rules=purchase_rules(claim, rules),
        guarantee_end=guarantee.end if guarantee else None,
        guarantee_rule=guarantee.rule if guarantee else None,
        price=unit.paid,
    )


def _until(status: WarrantyStatus, end: date, guarantee: Guarantee | None) -> date | None:
    if status is WarrantyStatus.EXPIRED:
        return None
    return max(end, guarantee.end) if guarantee else end


def liability_end(
    unit: UnitFacts, start: date, repaired: bool, rules: JurisdictionRules
) -> tuple[date, tuple[Rule, ...]]:
    """Return the last day of the seller's liability: the minimum, +12 months after a repair."""
    warranty_months = unit.product.warranty_months + unit.extended_warranty_months
    months = rules.count("eu.minimum_liability", "months")
    end_rules: list[Rule] = []
    if warranty_months < months:
        end_rules.append(rules.rule("eu.minimum_liability", warranty_months=warranty_months))
    if repaired:
        months += rules.count("eu.repair_extension", "months")
        end_rules.append(rules.rule("eu.repair_extension"))
    return months_after(start, months), tuple(end_rules)


def commercial_guarantee(
    unit: UnitFacts, start: date, rules: JurisdictionRules
) -> Guarantee | None:
    """Return the maker's guarantee when it runs longer than the legal minimum (art. 17)."""
    months = unit.product.warranty_months + unit.extended_warranty_months
    if months <= rules.count("eu.minimum_liability", "months"):
        return None
    end = months_after(start, months)
    return Guarantee(end, rules.rule("eu.commercial_guarantee", months=months, end=end.isoformat()))


def liability_status(
    reported_on: date,
    start: date,
    end: date,
    guarantee: Guarantee | None,
    rules: JurisdictionRules,
) -> tuple[WarrantyStatus, Rule]:
    """Return the status on the claim date; its rule states the burden-of-proof period."""
    if reported_on <= end:
        proof_until = months_after(start, rules.count("eu.under_liability", "proof_months"))
        rule = rules.rule(
            "eu.under_liability", end=end.isoformat(), proof_until=proof_until.isoformat()
        )
        return WarrantyStatus.UNDER_WARRANTY, rule
    if guarantee is not None and reported_on <= guarantee.end:
        rule = rules.rule(
            "eu.under_guarantee", liability_end=end.isoformat(), end=guarantee.end.isoformat()
        )
        return WarrantyStatus.UNDER_WARRANTY, rule
    return WarrantyStatus.EXPIRED, rules.rule("eu.expired", end=end.isoformat())


def available_remedies(
    claim: ClaimFacts, rules: JurisdictionRules, status_rule: Rule, end: date, no_notice: bool
) -> tuple[RemedyOption, ...]:
    """Return repair or replacement first; reduction or refund only when they fail (art. 13)."""
    reported_on = claim.reported_on
    if status_rule.id == "eu.under_guarantee":
        return (
            option_in_days(Remedy.REPAIR, "eu.guarantee_repair", reported_on, rules, status_rule),
        )
    if status_rule.id == "eu.expired":
        return ()
    first = rules.rule("eu.repair_or_replacement")
    repair = option_in_days(Remedy.REPAIR, "eu.reasonable_period", reported_on, rules, first)
    if not no_notice:  # art. 10(2a): the consumer is told before choosing
        months = rules.count("eu.repair_extension_notice", "months")
        notice = rules.rule("eu.repair_extension_notice", end=months_after(end, months).isoformat())
        repair = RemedyOption(
            repair.remedy, repair.deadline_days, repair.due_on, repair.rule, first, (notice,)
        )
    options = [
        repair,
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
