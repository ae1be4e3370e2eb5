"""European Union (Directive 2019/771): liability period, remedy order, burden of proof."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest

from backend.warranty import (
    ClaimFacts,
    Jurisdiction,
    PolicyDecision,
    ProductFacts,
    Remedy,
    UnitFacts,
    WarrantyStatus,
    policy_eu,
)
from backend.warranty.rules import parse_rules
from tests.support.policy import decide as policy_decision

DELIVERED = date(2024, 3, 1)


def unit(warranty_months: int = 12, **changes: Any) -> UnitFacts:
    product = ProductFacts("TV-55", "tv", warranty_months, Decimal("12.5"), False, True, False)
    return replace(UnitFacts(product, DELIVERED), **changes)


def decide(reported_on: date, *, facts: UnitFacts | None = None, **claim: Any) -> PolicyDecision:
    return policy_decision("EU", facts or unit(), reported_on, claim=claim)


@pytest.mark.parametrize(
    ("reported_on", "status"),
    [
        (date(2026, 3, 1), WarrantyStatus.UNDER_WARRANTY),
        (date(2026, 3, 2), WarrantyStatus.EXPIRED),
    ],
)
def test_two_year_minimum_over_a_one_year_warranty(
    reported_on: date, status: WarrantyStatus
) -> None:
    decision = decide(reported_on)
    assert decision.warranty_end == date(2026, 3, 1)
    assert decision.status is status
    assert [rule.id for rule in decision.end_rules] == ["eu.minimum_liability"]


@pytest.mark.parametrize(
    ("reported_on", "status", "rule_id", "remedies"),
    [
        (date(2026, 3, 1), WarrantyStatus.UNDER_WARRANTY, "eu.under_liability", 2),
        (date(2026, 3, 2), WarrantyStatus.UNDER_WARRANTY, "eu.under_guarantee", 1),
        (date(2027, 3, 1), WarrantyStatus.UNDER_WARRANTY, "eu.under_guarantee", 1),
        (date(2027, 3, 2), WarrantyStatus.EXPIRED, "eu.expired", 0),
    ],
)
def test_a_36_month_makers_warranty_is_a_commercial_guarantee_beside_the_liability(
    reported_on: date, status: WarrantyStatus, rule_id: str, remedies: int
) -> None:
    decision = decide(reported_on, facts=unit(warranty_months=36))
    assert decision.warranty_end == date(2026, 3, 1)  # the seller's liability stays 2 years
    assert decision.guarantee_end == date(2027, 3, 1)
    assert decision.guarantee_rule is not None
    assert decision.guarantee_rule.article == "Directive 2019/771 art. 17"
    assert (decision.status, decision.status_rule.id) == (status, rule_id)
    assert len(decision.remedies) == remedies
    if rule_id == "eu.under_guarantee":
        assert decision.remedies[0].rule.company_policy
        assert not decision.transport.company_pays


def test_twelve_more_months_after_a_chosen_repair() -> None:
    decision = decide(date(2027, 3, 1), facts=unit(repairs_used_extension=True))
    assert decision.warranty_end == date(2027, 3, 1)
    assert decision.status is WarrantyStatus.UNDER_WARRANTY
    assert "eu.repair_extension" in {rule.id for rule in decision.end_rules}
    assert decide(date(2027, 3, 2), facts=unit(repairs_used_extension=True)).remedies == ()


def test_repair_or_replacement_first() -> None:
    decision = decide(date(2024, 6, 1))
    assert [option.remedy for option in decision.remedies] == [Remedy.REPAIR, Remedy.REPLACE]
    for option in decision.remedies:
        assert (option.deadline_days, option.due_on) == (30, date(2024, 7, 1))
        assert option.basis is not None and option.basis.article.endswith("art. 13(2)")


@pytest.mark.parametrize("condition", ["repair_deadline_broken", "substantial_defect"])
def test_price_reduction_and_refund_only_after_a_failed_remedy(condition: str) -> None:
    flags: dict[str, Any] = {condition: True}
    decision = decide(date(2024, 6, 1), **flags)
    assert [option.remedy for option in decision.remedies] == [
        Remedy.REPAIR,
        Remedy.REPLACE,
        Remedy.PRICE_REDUCTION,
        Remedy.REFUND,
    ]
    refund = decision.remedy(Remedy.REFUND)
    assert refund is not None
    assert (refund.deadline_days, refund.due_on) == (14, date(2024, 6, 15))


def test_status_rule_states_the_burden_of_proof_year() -> None:
    rule = decide(date(2024, 6, 1)).status_rule
    assert rule.params["proof_months"] == 12
    assert rule.params["proof_until"] == "2025-03-01"
    assert "presumed to have existed at delivery" in rule.render()
    assert "art. 11" in rule.article


def test_remedies_and_transport_are_free_under_liability() -> None:
    light = UnitFacts(ProductFacts("EB-1", "ebook", 12, 0.2, False, False, False), DELIVERED)
    assert decide(date(2024, 6, 1), facts=light).transport.company_pays
    assert not decide(date(2026, 3, 2), facts=light).transport.company_pays


def test_loaner_is_not_required_unless_company_policy_says_so() -> None:
    assert not decide(date(2024, 6, 1)).loaner.due
    source = resources.files("backend.warranty.rules") / "eu.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"), parse_float=Decimal)
    generous = parse_rules(Jurisdiction.EU, {**data, "loaner_policy": True})
    claim = ClaimFacts(date(2024, 6, 1))
    decision = policy_eu.decide(unit(), claim, generous, claim.reported_on)
    assert decision.loaner.due
    assert decision.loaner.due_by == date(2024, 6, 4)
    assert decision.loaner.rule.article.startswith("Company policy")


def test_start_from_manufacture_date_when_delivery_unknown() -> None:
    facts = UnitFacts(unit().product, None, manufactured_on=date(2024, 1, 31))
    decision = decide(date(2024, 6, 1), facts=facts)
    assert decision.warranty_start == date(2024, 1, 31)
    assert decision.warranty_end == date(2026, 1, 31)
