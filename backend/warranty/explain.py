"""Words for a policy decision in the customer's language (status, remedies, the rules)."""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date

from backend.i18n import N_, gettext_for, translator
from backend.warranty.types import PolicyDecision, Remedy, RemedyOption, Rule, WarrantyStatus

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

REMEDY_LABELS: dict[str, str] = {
    Remedy.REPAIR: N_("Free repair"),
    Remedy.REPLACE: N_("Replacement"),
    Remedy.REFUND: N_("Refund"),
    Remedy.PRICE_REDUCTION: N_("Price reduction"),
    "paid_repair": N_("Paid repair quote"),
}

STATUS_LABELS: dict[str, str] = {
    WarrantyStatus.UNDER_WARRANTY: N_("Under warranty"),
    WarrantyStatus.POST_WARRANTY_CLAIM: N_("Warranty ended, a claim is still possible"),
    WarrantyStatus.EXPIRED: N_("Out of warranty"),
}


def local_date(value: date, locale: str) -> str:
    """A calendar date the way people of `locale` write it."""
    # Russian "long" ends with "г." and would double the period at the end of a sentence.
    return format_date(value, format="d MMMM y" if locale == "ru" else "medium", locale=locale)


def remedy_label(remedy: str, locale: str) -> str:
    """The name of a remedy in `locale`."""
    return gettext_for(locale, REMEDY_LABELS.get(remedy, remedy))


def status_label(status: str, locale: str) -> str:
    """The name of a warranty status in `locale`."""
    return gettext_for(locale, STATUS_LABELS.get(status, status))


def render_rule(rule: Rule, locale: str) -> str:
    """The rule's explanation in `locale`, dates written locally, with its article."""
    params = {
        key: local_date(date.fromisoformat(value), locale)
        if isinstance(value, str) and ISO_DATE.match(value)
        else value
        for key, value in rule.params.items()
    }
    text = translator(locale).gettext(rule.text).format_map(params)
    return f"{text} ({rule.article})"


def remedy_line(option: RemedyOption, locale: str) -> str:
    """`Free repair — by 11 January 2027 (45 days)` in `locale`."""
    return gettext_for(
        locale,
        N_("{remedy} — by {due_on} ({days} days)"),
        remedy=remedy_label(option.remedy, locale),
        due_on=local_date(option.due_on, locale),
        days=option.deadline_days,
    )


def explain_decision(decision: PolicyDecision, locale: str) -> list[str]:
    """Every line a person needs: status, dates, remedies, transport, loaner, and why."""
    lines = [
        gettext_for(locale, N_("Status: {status}"), status=status_label(decision.status, locale)),
        gettext_for(
            locale,
            N_("Warranty: {start} – {end}"),
            start=local_date(decision.warranty_start, locale),
            end=local_date(decision.warranty_end, locale),
        ),
    ]
    if decision.remedies:
        lines.append(gettext_for(locale, N_("You may ask for:")))
        lines += [f"• {remedy_line(option, locale)}" for option in decision.remedies]
    if decision.transport.company_pays:
        lines.append(gettext_for(locale, N_("Transport to the workshop and back is free for you.")))
    if decision.loaner.due:
        lines.append(gettext_for(locale, N_("During repair you may ask for a free loaner unit.")))
    lines.append(gettext_for(locale, N_("Why:")))
    lines += [f"– {render_rule(rule, locale)}" for rule in decision.rules]
    return lines
