"""Words for a policy decision in the customer's language (status, remedies, the rules)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_currency

from backend.i18n import N_, gettext_for, translator
from backend.warranty.amounts import delay_penalty
from backend.warranty.rules import load_rules
from backend.warranty.texts import AFTER_WARRANTY_SUFFIX
from backend.warranty.types import (
    Jurisdiction,
    ParamValue,
    PolicyDecision,
    Remedy,
    RemedyOption,
    Rule,
    WarrantyStatus,
)

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The weekday spelled out: a gap between offered days (Friday, then Monday) explains itself.
DAY_PATTERNS = {"en": "EEEE, MMMM d", "ru": "EEEE, d MMMM", "ko": "MMMM d일 EEEE"}
AMOUNT_PARAMS = frozenset({"per_day", "amount", "minimum"})  # rule params that are sums of money
# CLDR's currency spacing, which Babel leaves out: a letter code meets no digit ("RUB 5,518.80").
_CODE_MEETS_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")

REMEDY_LABELS: dict[str, str] = {
    Remedy.REPAIR: N_("Free repair"),
    Remedy.REPLACE: N_("Replacement"),
    Remedy.REFUND: N_("Refund"),
    Remedy.PRICE_REDUCTION: N_("Price reduction"),
    "paid_repair": N_("Paid repair quote"),
}

# The EU period is the seller's legal liability, not a warranty (art. 10 vs art. 17).
WARRANTY_PERIOD = N_("Warranty: {start} – {end}")
PERIOD_LABELS: dict[str, str] = {Jurisdiction.EU: N_("Seller's liability: {start} – {end}")}
UNPROVEN_STATUS = N_("Depends on the purchase date, which has to be proven")

STATUS_LABELS: dict[str, str] = {
    WarrantyStatus.UNDER_WARRANTY: N_("Under warranty"),
    WarrantyStatus.POST_WARRANTY_CLAIM: N_("Warranty ended, a claim is still possible"),
    WarrantyStatus.EXPIRED: N_("Out of warranty"),
}


@lru_cache(maxsize=4096)  # a few dates (today, due dates) in three languages, asked all day
def local_date(value: date, locale: str) -> str:
    """A calendar date the way people of `locale` write it."""
    # Russian "long" ends with "г." and would double the period at the end of a sentence.
    return format_date(value, format="d MMMM y" if locale == "ru" else "medium", locale=locale)


@lru_cache(maxsize=4096)
def local_day(value: date, locale: str) -> str:
    """A day with its weekday, as `locale` writes it: "Friday, December 4", "пятница, 4 декабря"."""
    return format_date(value, format=DAY_PATTERNS.get(locale, "EEEE, MMMM d"), locale=locale)


def remedy_label(remedy: str, locale: str) -> str:
    """The name of a remedy in `locale`."""
    return gettext_for(locale, REMEDY_LABELS.get(remedy, remedy))


def status_label(status: str, locale: str) -> str:
    """The name of a warranty status in `locale`."""
    return gettext_for(locale, STATUS_LABELS.get(status, status))


def money(amount: Decimal, locale: str, currency: str) -> str:
    """A sum of money in `currency` as `locale` writes it: "12 500,00 ₽", "₩12,500", "€125.00"."""
    text = format_currency(amount, currency, locale=locale)
    return _CODE_MEETS_DIGIT.sub("\u00a0", text)


def _local_param(key: str, value: ParamValue, locale: str, currency: str) -> ParamValue:
    """A date or an amount the way `locale` writes it; other values as they are."""
    if isinstance(value, str) and ISO_DATE.match(value):
        return local_date(date.fromisoformat(value), locale)
    if key in AMOUNT_PARAMS:
        return money(Decimal(str(value)), locale, currency)
    return value


def render_rule(rule: Rule, locale: str, currency: str) -> str:
    """The rule's explanation in `locale`, dates written locally, sums in `currency`, with its
    article."""
    params = {key: _local_param(key, value, locale, currency) for key, value in rule.params.items()}
    text = translator(locale).gettext(rule.text).format_map(params)
    return f"{text} ({rule.citation(locale)})"


def _stored_rule(jurisdiction: str, rule_id: str) -> Rule | None:
    try:
        return load_rules(jurisdiction).rule(rule_id.removesuffix(AFTER_WARRANTY_SUFFIX))
    except (LookupError, ValueError):
        return None


def citation_for(jurisdiction: str, rule_id: str, locale: str) -> str:
    """The article behind a stored rule id, as `locale` writes it (company policy if none)."""
    rule = _stored_rule(jurisdiction, rule_id)
    return gettext_for(locale, N_("company policy")) if rule is None else rule.citation(locale)


def deadline_label(jurisdiction: str, rule_id: str, locale: str) -> str:
    """The deadline label: statutory, or company policy when no law sets the number."""
    rule = _stored_rule(jurisdiction, rule_id)
    if rule is None or rule.company_policy:
        return gettext_for(locale, N_("Deadline (company policy)"))
    return gettext_for(locale, N_("Statutory deadline"))


def status_lines(decision: PolicyDecision, locale: str) -> list[str]:
    """The status and the period, or that both hang on the purchase date when it is unknown."""
    if not decision.start_proven:
        return [
            gettext_for(locale, N_("Status: {status}"), status=gettext_for(locale, UNPROVEN_STATUS))
        ]
    lines = [
        gettext_for(locale, N_("Status: {status}"), status=status_label(decision.status, locale)),
        gettext_for(
            locale,
            PERIOD_LABELS.get(decision.jurisdiction, WARRANTY_PERIOD),
            start=local_date(decision.warranty_start, locale),
            end=local_date(decision.warranty_end, locale),
        ),
    ]
    if decision.guarantee_end is not None:
        lines.append(
            gettext_for(
                locale,
                N_("Manufacturer's guarantee (separate from the seller's liability): until {end}"),
                end=local_date(decision.guarantee_end, locale),
            )
        )
    return lines


def remedy_line(option: RemedyOption, locale: str) -> str:
    """`Free repair — by 11 January 2027 (45 days)` in `locale`."""
    return gettext_for(
        locale,
        N_("{remedy} — by {due_on} ({days} days)"),
        remedy=remedy_label(option.remedy, locale),
        due_on=local_date(option.due_on, locale),
        days=option.deadline_days,
    )


def choice_notes(decision: PolicyDecision, locale: str, currency: str) -> list[str]:
    """What to know before choosing: the history used, notices, the company's own deadlines."""
    own = [option.rule for option in decision.remedies if option.rule.company_policy]
    rules = [
        *decision.fact_rules,
        *(note for option in decision.remedies for note in option.notes),
        *own,  # never passed off as the law's
    ]
    return [render_rule(rule, locale, currency) for rule in dict.fromkeys(rules)]


def penalty_lines(
    decision: PolicyDecision, due_on: date, today: date, locale: str, currency: str
) -> list[str]:
    """For staff: the price, the refund and the penalty per day with the days counted."""
    if decision.price is None:
        return []
    price = money(decision.price, locale, currency)
    lines = [gettext_for(locale, N_("Price paid: {amount}"), amount=price)]
    penalty = delay_penalty(decision, due_on, today)
    if penalty is not None:
        lines.append(
            gettext_for(
                locale,
                N_(
                    "Penalty for delay: {per_day} a day; {days} days late, {total} owed ({article})"
                ),
                per_day=money(penalty.per_day, locale, currency),
                days=penalty.days_late,
                total=money(penalty.total, locale, currency),
                article=penalty.rule.citation(locale),
            )
        )
    return lines


def explain_decision(decision: PolicyDecision, locale: str, currency: str) -> list[str]:
    """Every line a person needs: status, dates, remedies, transport, loaner, and why."""
    lines = status_lines(decision, locale) + offer_lines(decision, locale, currency, notes=True)
    lines.append(gettext_for(locale, N_("Why:")))
    lines += [f"– {render_rule(rule, locale, currency)}" for rule in decision.rules]
    return lines


def offer_lines(
    decision: PolicyDecision, locale: str, currency: str, *, notes: bool = False
) -> list[str]:
    """What the customer may ask for now, with deadlines, and what comes with it; with `notes`,
    each remedy's notes under it."""
    lines: list[str] = []
    if decision.remedies:
        lines.append(gettext_for(locale, N_("You may ask for:")))
        for option in decision.remedies:
            lines.append(f"• {remedy_line(option, locale)}")
            if notes:
                lines += [f"  {render_rule(note, locale, currency)}" for note in option.notes]
    if decision.price is not None and decision.remedy(Remedy.REFUND) is not None:
        lines.append(
            gettext_for(
                locale,
                N_("A refund returns the price paid: {amount}."),
                amount=money(decision.price, locale, currency),
            )
        )
    if decision.transport.company_pays:
        lines.append(gettext_for(locale, N_("Transport to the workshop and back is free for you.")))
    if decision.loaner.due:
        lines.append(gettext_for(locale, N_("During repair you may ask for a free loaner unit.")))
    return lines


def verdict_lines(decision: PolicyDecision, locale: str, currency: str) -> list[str]:
    """The answer for a small screen: status, until when, and what may be asked for now."""
    return [*status_lines(decision, locale), *offer_lines(decision, locale, currency)]


def reason_lines(decision: PolicyDecision, locale: str, currency: str) -> list[str]:
    """Why: what to know about each remedy, then every rule applied with its article."""
    notes = [
        render_rule(note, locale, currency) for option in decision.remedies for note in option.notes
    ]
    return [
        *dict.fromkeys(notes),
        *[f"– {render_rule(rule, locale, currency)}" for rule in decision.rules],
    ]


def summary_verdict(decision: PolicyDecision, locale: str) -> str:
    """One line for a chat: the status and its end, or when the warranty ended."""
    if not decision.start_proven:
        status = gettext_for(locale, UNPROVEN_STATUS)
        return gettext_for(locale, N_("Warranty status: {status}."), status=status)
    status = status_label(decision.status, locale)
    end = local_date(decision.warranty_end, locale)
    if decision.status is WarrantyStatus.UNDER_WARRANTY:
        return gettext_for(
            locale, N_("Warranty status: {status}, until {end}."), status=status, end=end
        )
    return gettext_for(
        locale,
        N_("Warranty status: {status} (the warranty ended on {end})."),
        status=status,
        end=end,
    )


def summary_reasons(decision: PolicyDecision, locale: str, currency: str) -> list[str]:
    """The rules behind the one-line status: the rule that set it and the facts it used."""
    return [
        render_rule(rule, locale, currency) for rule in (decision.status_rule, *decision.fact_rules)
    ]
