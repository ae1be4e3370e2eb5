"""What remains after the warranty, in the customer's words: the KR depreciated refund with the
parts-retention period, and the paid repair quote (RU art. 19 p.6 is in the decision itself)."""

from __future__ import annotations

from datetime import date

from backend.i18n import N_, gettext_for
from backend.warranty.after_warranty import kr_depreciation_refund, paid_repair_quote
from backend.warranty.explain import money, render_rule
from backend.warranty.types import Jurisdiction, PolicyDecision, UnitFacts, WarrantyStatus


def remaining_lines(
    unit: UnitFacts, decision: PolicyDecision, reported_on: date, locale: str
) -> list[str]:
    """Lines for a unit past its warranty: the KR refund where it applies, then the quote."""
    if decision.status is WarrantyStatus.UNDER_WARRANTY:
        return []
    lines: list[str] = []
    if decision.jurisdiction is Jurisdiction.KR:
        refund = kr_depreciation_refund(
            decision.price,
            unit.product.category,
            unit.product.service_life_months,
            unit.sold_on,
            reported_on,
        )
        if refund is not None:
            lines += [render_rule(refund.parts_rule, locale), render_rule(refund.rule, locale)]
    quote = paid_repair_quote(decision.jurisdiction, decision.price)
    lines.append(
        gettext_for(
            locale,
            N_("Otherwise we repair it for a fee: the quote is {amount}."),
            amount=money(quote.amount, locale),
        )
    )
    return lines
