"""What remains after the warranty: the KR depreciated refund and the paid repair quote.

Pure functions over the rules files. KR (Consumer Dispute Resolution Standards, annex): after
the warranty, within the parts-retention period of the product's category, a repair made
impossible by missing parts gives the depreciated price plus 10% of the price, at most the
price paid. Depreciation = price x months used / service life in months (months counted whole,
from the purchase to the claim). The RU after-warranty rights (art. 19 p.6, art. 29 p.6) are
in `policy_ru`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from backend.warranty.dates import months_after
from backend.warranty.rules import JurisdictionRules, load_rules
from backend.warranty.types import Jurisdiction, Rule

CENT = Decimal("0.01")


@dataclass(frozen=True)
class DepreciationRefund:
    """The KR refund after the warranty, with the numbers it comes from."""

    price: Decimal
    months_used: int
    life_months: int
    depreciation: Decimal
    amount: Decimal
    parts_until: date
    rule: Rule
    parts_rule: Rule


@dataclass(frozen=True)
class PaidRepairQuote:
    """The price of a repair the customer pays for, and the rule that sets it."""

    amount: Decimal
    rule: Rule


def whole_months(start: date, end: date) -> int:
    """Return the whole calendar months from `start` to `end` (0 when `end` is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and months_after(start, months) > end:
        months -= 1
    return max(0, months)


def parts_retention_months(category: str, rules: JurisdictionRules) -> int:
    """Return the parts-retention period of a product category, in months."""
    numbers = rules.spec("kr.parts_retention").numbers
    return rules.count("kr.parts_retention", category if category in numbers else "default")


def depreciated_refund_amount(
    price: Decimal, months_used: int, life_months: int, bonus: int
) -> Decimal:
    """Return price − price × used/life + bonus% of the price, at most the price."""
    used = min(months_used, life_months)
    depreciation = price * used / life_months
    amount = price - depreciation + price * bonus / 100
    return min(amount, price).quantize(CENT, rounding=ROUND_HALF_UP)


def kr_depreciation_refund(
    price: Decimal | None,
    category: str,
    life_months: int | None,
    sold_on: date | None,
    reported_on: date,
) -> DepreciationRefund | None:
    """Return the KR refund owed when a repair is impossible for lack of parts after the
    warranty; None when the price or purchase date is unknown or parts need no longer be kept."""
    if price is None or sold_on is None:
        return None
    rules = load_rules(Jurisdiction.KR)
    keep = parts_retention_months(category, rules)
    parts_until = months_after(sold_on, keep)
    if reported_on > parts_until:
        return None
    life = life_months or rules.count("kr.depreciation_refund", "service_life_months")
    used = whole_months(sold_on, reported_on)
    bonus = rules.count("kr.depreciation_refund", "bonus_percent")
    amount = depreciated_refund_amount(price, used, life, bonus)
    depreciation = (price * min(used, life) / life).quantize(CENT, rounding=ROUND_HALF_UP)
    rule = rules.rule(
        "kr.depreciation_refund", amount=str(amount), months_used=used, life_months=life
    )
    parts_rule = rules.rule("kr.parts_retention", months=keep, until=parts_until.isoformat())
    return DepreciationRefund(
        price, used, life, depreciation, amount, parts_until, rule, parts_rule
    )


def paid_repair_quote(jurisdiction: Jurisdiction | str, price: Decimal | None) -> PaidRepairQuote:
    """Return the quote for a paid repair: the rules' percent of the price, at least the minimum."""
    rules = load_rules(jurisdiction)
    rule_id = f"{rules.jurisdiction.value.lower()}.paid_repair"
    minimum = rules.quantity(rule_id, "minimum")
    share = (price or Decimal(0)) * rules.quantity(rule_id, "percent") / 100
    amount = max(minimum, share).quantize(CENT, rounding=ROUND_HALF_UP)
    return PaidRepairQuote(amount, rules.rule(rule_id, amount=str(amount)))
