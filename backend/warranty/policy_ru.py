"""Russia: Law No. 2300-1 "On Protection of Consumer Rights"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from backend.warranty.common import (
    heavy_or_bulky,
    option_in_days,
    option_in_months,
    warranty_start,
    within_days,
)
from backend.warranty.dates import days_after, months_after
from backend.warranty.rules import JurisdictionRules
from backend.warranty.texts import AFTER_WARRANTY_SUFFIX, RULE_TEXTS
from backend.warranty.types import (
    ClaimFacts,
    LoanerDecision,
    PolicyDecision,
    ProductFacts,
    Remedy,
    RemedyOption,
    Rule,
    TransportDecision,
    UnitFacts,
    WarrantyStatus,
)

_ALL_REMEDIES = (Remedy.REPAIR, Remedy.REPLACE, Remedy.PRICE_REDUCTION, Remedy.REFUND)
_DEADLINE_RULES = {
    Remedy.REPAIR: "ru.repair",
    Remedy.REFUND: "ru.refund",
    Remedy.PRICE_REDUCTION: "ru.price_reduction",
}


def decide(
    unit: UnitFacts, claim: ClaimFacts, rules: JurisdictionRules, today: date
) -> PolicyDecision:
    """Return the decision under Russian law (`today` plays no part: dates run from the claim)."""
    start = warranty_start(unit, claim, rules)
    end, end_rules = warranty_end(unit, start.on, rules)
    status, status_rule, until = warranty_status(claim.reported_on, start.on, end, rules)
    remedies = available_remedies(unit, claim, rules, status, status_rule)
    return PolicyDecision(
        jurisdiction=rules.jurisdiction,
        warranty_start=start.on,
        warranty_end=end,
        start_rule=start.rule,
        status=status,
        status_rule=status_rule,
        claim_possible_until=until,
        remedies=remedies,
        transport=transport(unit.product, status, rules),
        loaner=loaner(unit.product, claim, remedies, rules),
        end_rules=end_rules,
    )


def warranty_end(
    unit: UnitFacts, start: date, rules: JurisdictionRules
) -> tuple[date, tuple[Rule, ...]]:
    """Return the last day of the warranty and the rules that moved it (art. 19 p.1, 20 p.3)."""
    months = unit.product.warranty_months + unit.extended_warranty_months
    no_warranty_set = unit.product.warranty_months == 0
    if no_warranty_set:
        months = max(months, rules.count("ru.no_warranty_set", "limit_months"))
    end = months_after(start, months)
    end_rules: list[Rule] = []
    if no_warranty_set:
        end_rules.append(rules.rule("ru.no_warranty_set", end=end.isoformat()))
    if unit.repair_days > 0:
        end = days_after(end, unit.repair_days)
        extension = rules.rule(
            "ru.repair_days_extension", days=unit.repair_days, end=end.isoformat()
        )
        end_rules.append(extension)
    return end, tuple(end_rules)


def warranty_status(
    reported_on: date, start: date, end: date, rules: JurisdictionRules
) -> tuple[WarrantyStatus, Rule, date | None]:
    """Return the status on the claim date, its rule and the last day a claim is possible."""
    if reported_on <= end:
        return (
            WarrantyStatus.UNDER_WARRANTY,
            rules.rule("ru.under_warranty", end=end.isoformat()),
            end,
        )
    post_id = "ru.post_warranty_claim"
    limit = months_after(start, rules.count(post_id, "limit_months"))
    if end < limit and reported_on <= limit:
        rule = rules.rule(post_id, end=end.isoformat(), until=limit.isoformat())
        return WarrantyStatus.POST_WARRANTY_CLAIM, rule, limit
    return WarrantyStatus.EXPIRED, rules.rule("ru.expired", end=end.isoformat()), None


def available_remedies(
    unit: UnitFacts,
    claim: ClaimFacts,
    rules: JurisdictionRules,
    status: WarrantyStatus,
    status_rule: Rule,
) -> tuple[RemedyOption, ...]:
    """Return the remedies open now with their deadlines (art. 18 p.1, 20-22)."""
    if status is WarrantyStatus.EXPIRED:
        return ()
    options = [_option(r, basis, claim, rules) for r, basis in _entitlements(unit, claim, rules)]
    if status is WarrantyStatus.POST_WARRANTY_CLAIM:
        options = [_after_warranty(option, status_rule) for option in options]
    return tuple(options)


def _entitlements(
    unit: UnitFacts, claim: ClaimFacts, rules: JurisdictionRules
) -> list[tuple[Remedy, Rule]]:
    if not unit.product.technically_complex:
        basis = rules.rule("ru.any_defect")
        return [(remedy, basis) for remedy in _ALL_REMEDIES]
    early_days = rules.count("ru.complex_early", "days")
    if within_days(unit.sold_on, claim.reported_on, early_days):
        basis = rules.rule("ru.complex_early")
        return [(remedy, basis) for remedy in _ALL_REMEDIES]
    basis = rules.rule("ru.complex_late", days=early_days)
    unusable_days = rules.count("ru.complex_late", "unusable_days")
    exception = (
        claim.substantial_defect
        or claim.repair_deadline_broken
        or unit.days_unusable_this_warranty_year > unusable_days
    )
    remedies = _ALL_REMEDIES if exception else (Remedy.REPAIR, Remedy.PRICE_REDUCTION)
    return [(remedy, basis) for remedy in remedies]


def _option(
    remedy: Remedy, basis: Rule, claim: ClaimFacts, rules: JurisdictionRules
) -> RemedyOption:
    if remedy is not Remedy.REPLACE:
        return option_in_days(remedy, _DEADLINE_RULES[remedy], claim.reported_on, rules, basis)
    if not claim.replacement_in_stock:
        return option_in_months(remedy, "ru.replace_out_of_stock", claim.reported_on, rules, basis)
    rule_id = "ru.replace_check" if claim.needs_quality_check else "ru.replace"
    return option_in_days(remedy, rule_id, claim.reported_on, rules, basis)


def _after_warranty(option: RemedyOption, post_rule: Rule) -> RemedyOption:
    """Restate a deadline rule with the art. 19 p.5 proof condition, under its own id."""
    rule_id = option.rule.id + AFTER_WARRANTY_SUFFIX
    rule = Rule(
        rule_id,
        f"{option.rule.article}; {post_rule.article}",
        RULE_TEXTS[rule_id],
        {**post_rule.params, **option.rule.params},
    )
    return replace(option, rule=rule)


def transport(
    product: ProductFacts, status: WarrantyStatus, rules: JurisdictionRules
) -> TransportDecision:
    """Return who carries the item: the seller for bulky or heavy goods (art. 18 p.7)."""
    if status is WarrantyStatus.EXPIRED:
        return TransportDecision(False, rules.rule("ru.transport_no_claim"))
    return TransportDecision(
        heavy_or_bulky(product, rules, "ru.transport"), rules.rule("ru.transport")
    )


def loaner(
    product: ProductFacts,
    claim: ClaimFacts,
    remedies: tuple[RemedyOption, ...],
    rules: JurisdictionRules,
) -> LoanerDecision:
    """Return whether a loaner is due on request while a repair is open (art. 20 p.2)."""
    if not any(option.remedy is Remedy.REPAIR for option in remedies):
        return LoanerDecision(False, None, rules.rule("ru.loaner_no_repair"))
    if product.loaner_excluded:
        return LoanerDecision(False, None, rules.rule("ru.loaner_excluded"))
    due_by = days_after(claim.reported_on, rules.count("ru.loaner", "days"))
    return LoanerDecision(True, due_by, rules.rule("ru.loaner", due_by=due_by.isoformat()))
