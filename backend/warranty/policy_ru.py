"""Russia: Law No. 2300-1 "On Protection of Consumer Rights"."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from backend.warranty.common import (
    Start,
    heavy_or_bulky,
    option_in_days,
    option_in_months,
    purchase_rules,
    unproven_status,
    warranty_start,
    within_days,
)
from backend.warranty.dates import days_after, months_after
from backend.warranty.history import History, days_unusable_in_year, unit_history
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
_SUBSTANTIAL = "ru.after_warranty_substantial"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Standing:
    """The status on the claim date, its rule, and until when a claim is possible."""

    status: WarrantyStatus
    rule: Rule
    until: date | None


def decide(
    unit: UnitFacts, claim: ClaimFacts, rules: JurisdictionRules, today: date
) -> PolicyDecision:
    """Return the decision under Russian law; `today` bounds repairs still in progress."""
    start = warranty_start(unit, claim, rules)
    history = unit_history(unit, claim, today)
    end, end_rules = warranty_end(unit, start.on, history.repair_days, rules)
    standing = warranty_status(unit, claim.reported_on, start.on, end, rules)
    if standing.status is WarrantyStatus.UNDER_WARRANTY:
        standing = replace(standing, rule=unproven_status(start, standing.rule, rules))
    unusable = days_unusable_in_year(unit, start.on, claim.reported_on, today)
    remedies = available_remedies(unit, claim, rules, standing, history, unusable[0])
    return PolicyDecision(
        jurisdiction=rules.jurisdiction,
        warranty_start=start.on,
        warranty_end=end,
        start_rule=start.rule,
        status=standing.status,
        status_rule=standing.rule,
        claim_possible_until=standing.until,
        remedies=remedies,
        transport=transport(unit.product, standing.status, rules),
        loaner=loaner(unit.product, claim, remedies, rules, claim.requested_remedy),
        end_rules=end_rules,
        fact_rules=_facts(claim, start, history, unusable, rules, unit),
        price=unit.paid,
    )


def _facts(
    claim: ClaimFacts,
    start: Start,
    history: History,
    unusable: tuple[int, date, date],
    rules: JurisdictionRules,
    unit: UnitFacts,
) -> tuple[Rule, ...]:
    """Return the rules that state the history used and the proof of purchase."""
    facts = list(purchase_rules(claim, rules))
    if history.any:
        days, year_start, year_end = unusable
        facts.append(
            rules.rule(
                "ru.repair_history",
                count=history.repairs_total,
                days=history.repair_days,
                year_days=days,
                year_start=year_start.isoformat(),
                year_end=days_after(year_end, -1).isoformat(),
            )
        )
    if history.late_due_on is not None:
        facts.append(
            rules.rule("ru.repair_deadline_missed", due_on=history.late_due_on.isoformat())
        )
    price = unit.paid
    if price is not None:
        percent = rules.count("ru.penalty", "percent")
        per_day = (price * percent / 100).quantize(CENT)
        facts.append(rules.rule("ru.penalty", per_day=str(per_day)))
    return tuple(facts)


def warranty_end(
    unit: UnitFacts, start: date, repair_days: int, rules: JurisdictionRules
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
    if repair_days > 0:
        end = days_after(end, repair_days)
        extension = rules.rule("ru.repair_days_extension", days=repair_days, end=end.isoformat())
        end_rules.append(extension)
    return end, tuple(end_rules)


def service_life_end(unit: UnitFacts, start: date, rules: JurisdictionRules) -> date:
    """Return the end of the service life, or of 10 years when none is set (art. 19 p.6)."""
    months = unit.product.service_life_months or rules.count(_SUBSTANTIAL, "limit_months")
    return months_after(start, months)


def warranty_status(
    unit: UnitFacts, reported_on: date, start: date, end: date, rules: JurisdictionRules
) -> Standing:
    """Return the status on the claim date (art. 19 p.1, p.5, p.6)."""
    if reported_on <= end:
        return Standing(
            WarrantyStatus.UNDER_WARRANTY,
            rules.rule("ru.under_warranty", end=end.isoformat()),
            end,
        )
    post_id = "ru.post_warranty_claim"
    limit = months_after(start, rules.count(post_id, "limit_months"))
    if end < limit and reported_on <= limit:
        rule = rules.rule(post_id, end=end.isoformat(), until=limit.isoformat())
        return Standing(WarrantyStatus.POST_WARRANTY_CLAIM, rule, limit)
    life_end = service_life_end(unit, start, rules)
    if reported_on <= life_end:
        rule = rules.rule(_SUBSTANTIAL, end=end.isoformat(), until=life_end.isoformat())
        return Standing(WarrantyStatus.POST_WARRANTY_CLAIM, rule, life_end)
    expired = rules.rule("ru.expired", end=end.isoformat(), until=life_end.isoformat())
    return Standing(WarrantyStatus.EXPIRED, expired, None)


def available_remedies(
    unit: UnitFacts,
    claim: ClaimFacts,
    rules: JurisdictionRules,
    standing: Standing,
    history: History,
    unusable_days: int,
) -> tuple[RemedyOption, ...]:
    """Return the remedies open now with their deadlines (art. 18 p.1, 19 p.6, 20-22)."""
    if standing.status is WarrantyStatus.EXPIRED:
        return ()
    if standing.rule.id == _SUBSTANTIAL:
        repair = option_in_days(
            Remedy.REPAIR, "ru.repair_substantial", claim.reported_on, rules, standing.rule
        )
        return (repair,)
    entitled = _entitlements(unit, claim, rules, history, unusable_days)
    options = [_option(r, basis, claim, rules) for r, basis in entitled]
    if standing.status is WarrantyStatus.POST_WARRANTY_CLAIM:
        options = [_after_warranty(option, standing.rule) for option in options]
    return tuple(options)


def _entitlements(
    unit: UnitFacts,
    claim: ClaimFacts,
    rules: JurisdictionRules,
    history: History,
    unusable_days: int,
) -> list[tuple[Remedy, Rule]]:
    if not unit.product.technically_complex:
        basis = rules.rule("ru.any_defect")
        return [(remedy, basis) for remedy in _ALL_REMEDIES]
    early_days = rules.count("ru.complex_early", "days")
    if within_days(unit.sold_on, claim.reported_on, early_days):
        basis = rules.rule("ru.complex_early")
        return [(remedy, basis) for remedy in _ALL_REMEDIES]
    basis = rules.rule("ru.complex_late", days=early_days)
    exception = (
        claim.substantial_defect
        or claim.repair_deadline_broken
        or history.late_due_on is not None
        or unusable_days > rules.count("ru.complex_late", "unusable_days")
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
    citations = {
        locale: f"{option.rule.citation(locale)}; {post_rule.citation(locale)}"
        for locale in option.rule.citations
    }
    rule = Rule(
        rule_id,
        f"{option.rule.article}; {post_rule.article}",
        RULE_TEXTS[rule_id],
        {**post_rule.params, **option.rule.params},
        citations,
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
    requested: Remedy | None = None,
) -> LoanerDecision:
    """Return whether a loaner is due on request: repair (art. 20 p.2), replacement (21 p.2)."""
    open_remedies = {option.remedy for option in remedies}
    if requested is Remedy.REPLACE and Remedy.REPLACE in open_remedies:
        rule_id = "ru.loaner_replacement"
    elif Remedy.REPAIR in open_remedies:
        rule_id = "ru.loaner"
    else:
        return LoanerDecision(False, None, rules.rule("ru.loaner_no_repair"))
    if product.loaner_excluded:
        return LoanerDecision(False, None, rules.rule("ru.loaner_excluded"))
    due_by = days_after(claim.reported_on, rules.count(rule_id, "days"))
    return LoanerDecision(True, due_by, rules.rule(rule_id, due_by=due_by.isoformat()))
