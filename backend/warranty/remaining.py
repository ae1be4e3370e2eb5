"""What remains after the warranty, in the customer's words: free removal of a substantial
defect (RU art. 19 p.6), the KR depreciated refund with the parts-retention period, and the
paid repair quote."""

from __future__ import annotations

from datetime import date

from backend.i18n import N_, gettext_for
from backend.warranty.after_warranty import kr_depreciation_refund, paid_repair_quote
from backend.warranty.explain import local_date, money, render_rule
from backend.warranty.types import Jurisdiction, PolicyDecision, UnitFacts, WarrantyStatus

_SUBSTANTIAL = "ru.after_warranty_substantial"


def remaining_lines(
    unit: UnitFacts, decision: PolicyDecision, reported_on: date, locale: str, currency: str
) -> list[str]:
    """Lines for a unit past its warranty (none while it runs), sums in `currency`."""
    product = unit.product
    life = product.service_life_months
    return remaining_for(
        decision, product.category, life, unit.sold_on, reported_on, locale, currency
    )


def remaining_for(
    decision: PolicyDecision,
    category: str,
    life_months: int | None,
    sold_on: date | None,
    reported_on: date,
    locale: str,
    currency: str,
) -> list[str]:
    """The same from the product's category and service life and the purchase date."""
    if decision.status is WarrantyStatus.UNDER_WARRANTY:
        return []
    lines: list[str] = []
    if decision.status_rule.id == _SUBSTANTIAL:
        until = str(decision.status_rule.params["until"])
        lines.append(
            gettext_for(
                locale,
                N_(
                    "Until {until} a substantial defect that arose before the handover is"
                    " removed free of charge ({citation})."
                ),
                until=local_date(date.fromisoformat(until), locale),
                citation=decision.status_rule.citation(locale),
            )
        )
    if decision.jurisdiction is Jurisdiction.KR:
        refund = kr_depreciation_refund(decision.price, category, life_months, sold_on, reported_on)
        if refund is not None:
            lines += [
                render_rule(refund.parts_rule, locale, currency),
                render_rule(refund.rule, locale, currency),
            ]
    quote = paid_repair_quote(decision.jurisdiction, decision.price)
    amount = money(quote.amount, locale, currency)
    lines.append(
        gettext_for(
            locale, N_("Otherwise we repair it for a fee: the quote is {amount}."), amount=amount
        )
    )
    return lines
