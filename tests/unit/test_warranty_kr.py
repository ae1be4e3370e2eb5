"""South Korea (Consumer Dispute Resolution Standards): early defects, recurring defects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from backend.warranty import (
    ClaimFacts,
    PolicyDecision,
    ProductFacts,
    Remedy,
    UnitFacts,
    WarrantyStatus,
    evaluate,
)
from tests.support.policy import decide as policy_decision
from tests.support.policy import remedies

PURCHASED = date(2024, 1, 31)
PRODUCT = ProductFacts("AC-9", "air_conditioner", 12, Decimal("4.0"), False, True, False)


def decide(
    reported_on: date,
    *,
    today: date | None = None,
    sold_on: date | None = PURCHASED,
    repair_requested_on: date | None = None,
    **unit: Any,
) -> PolicyDecision:
    claim = {"repair_requested_on": repair_requested_on}
    return policy_decision(
        "KR", PRODUCT, reported_on, sold_on=sold_on, today=today, claim=claim, unit=unit
    )


@pytest.mark.parametrize(
    ("reported_on", "expected"),
    [
        (date(2024, 2, 10), [Remedy.REPLACE, Remedy.REFUND]),  # day 10
        (date(2024, 2, 11), [Remedy.REPLACE, Remedy.REPAIR]),  # day 11: exchange first
        (date(2024, 2, 29), [Remedy.REPLACE, Remedy.REPAIR]),  # one month (clamped)
        (date(2024, 3, 1), [Remedy.REPAIR]),
    ],
)
def test_early_defect_windows(reported_on: date, expected: list[Remedy]) -> None:
    assert remedies(decide(reported_on)) == expected


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ({"prior_repairs_same_defect": 1}, [Remedy.REPAIR]),
        ({"prior_repairs_same_defect": 2}, [Remedy.REPLACE, Remedy.REFUND]),  # third occurrence
        ({"prior_repairs_total": 3}, [Remedy.REPAIR]),
        ({"prior_repairs_total": 4}, [Remedy.REPLACE, Remedy.REFUND]),  # fifth defect
    ],
)
def test_recurring_defect(unit: dict[str, Any], expected: list[Remedy]) -> None:
    decision = decide(date(2024, 8, 1), **unit)
    assert remedies(decision) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 9, 10), [Remedy.REPAIR]),
        (date(2024, 9, 11), [Remedy.REPLACE, Remedy.REFUND]),
    ],
)
def test_repair_not_returned_within_a_month(today: date, expected: list[Remedy]) -> None:
    decision = decide(date(2024, 8, 10), today=today, repair_requested_on=date(2024, 8, 10))
    assert remedies(decision) == expected


def test_start_is_manufacture_plus_3_months_when_purchase_unknown() -> None:
    decision = decide(date(2024, 6, 1), sold_on=None, manufactured_on=date(2023, 11, 30))
    assert decision.warranty_start == date(2024, 2, 29)
    assert decision.warranty_end == date(2025, 2, 28)
    assert decision.start_rule.id == "kr.start_manufacture"
    assert remedies(decision) == [Remedy.REPAIR]  # no early window without a purchase date


def test_service_levels() -> None:
    decision = decide(date(2024, 2, 1))
    due = {option.remedy: option.deadline_days for option in decision.remedies}
    assert due == {Remedy.REPLACE: 14, Remedy.REFUND: 14}
    assert decide(date(2024, 8, 1)).remedies[0].deadline_days == 30
    assert all(option.rule.company_policy for option in decision.remedies)
    assert all(option.rule.article.startswith("Company policy") for option in decision.remedies)


def test_expired_offers_nothing() -> None:
    decision = decide(date(2025, 2, 1))
    assert decision.status is WarrantyStatus.EXPIRED
    assert decision.remedies == ()
    assert not decision.transport.company_pays
    assert not decision.loaner.due


@pytest.mark.parametrize(("weight", "pays"), [(Decimal("5.0"), False), (Decimal("5.1"), True)])
def test_transport_is_company_policy(weight: Decimal, pays: bool) -> None:
    product = ProductFacts("AC-9", "air_conditioner", 12, weight, False, True, False)
    decision = evaluate(
        UnitFacts(product, PURCHASED), ClaimFacts(date(2024, 8, 1)), "KR", date(2024, 8, 1)
    )
    assert decision.transport.company_pays is pays
    assert decision.transport.rule.id == "kr.transport_policy"
    assert decision.transport.rule.article.startswith("Company policy")
