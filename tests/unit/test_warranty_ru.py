"""Russia (Law 2300-1): the law's own numbers, checked at their boundaries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from backend.warranty import (
    PolicyDecision,
    ProductFacts,
    Remedy,
    WarrantyStatus,
    load_rules,
    statutory_due_date,
)
from tests.support.policy import decide as policy_decision

SOLD = date(2024, 3, 1)
ALL = {Remedy.REPAIR, Remedy.REPLACE, Remedy.PRICE_REDUCTION, Remedy.REFUND}


BASE = ProductFacts(
    model_code="WM-100",
    category="washing_machine",
    warranty_months=12,
    weight_kg=Decimal("3.0"),
    bulky=False,
    technically_complex=False,
    loaner_excluded=False,
)


def product(**changes: Any) -> ProductFacts:
    return replace(BASE, **changes)


def decide(
    reported_on: date,
    *,
    sold_on: date | None = SOLD,
    claim: Mapping[str, Any] | None = None,
    unit: Mapping[str, Any] | None = None,
    **product_changes: object,
) -> PolicyDecision:
    return policy_decision(
        "RU", product(**product_changes), reported_on, sold_on=sold_on, claim=claim, unit=unit
    )


def remedies(decision: PolicyDecision) -> set[Remedy]:
    return {option.remedy for option in decision.remedies}


def test_ordinary_goods_allow_every_remedy() -> None:
    decision = decide(date(2024, 9, 1))
    assert decision.status is WarrantyStatus.UNDER_WARRANTY
    assert remedies(decision) == ALL
    assert {option.basis.id for option in decision.remedies if option.basis} == {"ru.any_defect"}


@pytest.mark.parametrize(
    ("reported_on", "expected"),
    [
        (date(2024, 3, 16), ALL),  # day 15 after handover: still inside
        (date(2024, 3, 17), {Remedy.REPAIR, Remedy.PRICE_REDUCTION}),  # day 16
    ],
)
def test_technically_complex_goods_15_days(reported_on: date, expected: set[Remedy]) -> None:
    decision = decide(reported_on, technically_complex=True)
    assert remedies(decision) == expected


@pytest.mark.parametrize(
    ("claim", "unit", "expected"),
    [
        ({"substantial_defect": True}, {}, ALL),
        ({"repair_deadline_broken": True}, {}, ALL),
        ({}, {"days_unusable_this_warranty_year": 31}, ALL),
        ({}, {"days_unusable_this_warranty_year": 30}, {Remedy.REPAIR, Remedy.PRICE_REDUCTION}),
    ],
)
def test_technically_complex_goods_after_15_days(
    claim: dict[str, object], unit: dict[str, object], expected: set[Remedy]
) -> None:
    decision = decide(date(2024, 6, 1), claim=claim, unit=unit, technically_complex=True)
    assert remedies(decision) == expected
    assert decision.remedies[0].basis is not None
    assert decision.remedies[0].basis.id == "ru.complex_late"


def test_technically_complex_goods_without_known_handover_get_no_15_day_window() -> None:
    unit = {"manufactured_on": date(2024, 3, 1)}
    decision = decide(date(2024, 3, 5), sold_on=None, unit=unit, technically_complex=True)
    assert remedies(decision) == {Remedy.REPAIR, Remedy.PRICE_REDUCTION}


@pytest.mark.parametrize(
    ("weight", "bulky", "company_pays"),
    [
        (Decimal("5.0"), False, False),
        (Decimal("5.1"), False, True),
        (5.0, False, False),
        (5.1, False, True),
        (Decimal("1.0"), True, True),
    ],
)
def test_transport_over_5_kg_or_bulky(
    weight: Decimal | float, bulky: bool, company_pays: bool
) -> None:
    decision = decide(date(2024, 6, 1), weight_kg=weight, bulky=bulky)
    assert decision.transport.company_pays is company_pays
    assert decision.transport.rule.article == "Law 2300-1 art. 18 p.7"


def test_repair_is_due_on_day_45() -> None:
    decision = decide(date(2024, 6, 1))
    repair = decision.remedy(Remedy.REPAIR)
    assert repair is not None
    assert (repair.deadline_days, repair.due_on) == (45, date(2024, 7, 16))
    assert repair.rule.article == "Law 2300-1 art. 20 p.1"


@pytest.mark.parametrize(
    ("claim", "days", "due_on", "rule_id"),
    [
        ({}, 7, date(2024, 2, 7), "ru.replace"),
        ({"needs_quality_check": True}, 20, date(2024, 2, 20), "ru.replace_check"),
        ({"replacement_in_stock": False}, 29, date(2024, 2, 29), "ru.replace_out_of_stock"),
        (
            {"replacement_in_stock": False, "needs_quality_check": True},
            29,
            date(2024, 2, 29),
            "ru.replace_out_of_stock",
        ),
    ],
)
def test_replacement_deadline(
    claim: dict[str, object], days: int, due_on: date, rule_id: str
) -> None:
    decision = decide(date(2024, 1, 31), sold_on=date(2023, 6, 1), claim=claim)
    option = decision.remedy(Remedy.REPLACE)
    assert option is not None
    assert (option.deadline_days, option.due_on, option.rule.id) == (days, due_on, rule_id)


@pytest.mark.parametrize("remedy", [Remedy.REFUND, Remedy.PRICE_REDUCTION])
def test_refund_and_price_reduction_in_10_days(remedy: Remedy) -> None:
    decision = decide(date(2024, 6, 1))
    assert statutory_due_date(decision, remedy) == date(2024, 6, 11)


def test_statutory_due_date_refuses_a_remedy_that_is_not_open() -> None:
    decision = decide(date(2024, 6, 1), technically_complex=True)
    with pytest.raises(ValueError, match="refund"):
        statutory_due_date(decision, Remedy.REFUND)


@pytest.mark.parametrize(
    ("reported_on", "status"),
    [
        (date(2025, 3, 21), WarrantyStatus.UNDER_WARRANTY),  # 12 months + 20 repair days
        (date(2025, 3, 22), WarrantyStatus.POST_WARRANTY_CLAIM),
    ],
)
def test_warranty_extended_by_repair_days(reported_on: date, status: WarrantyStatus) -> None:
    decision = decide(reported_on, unit={"repair_days": 20})
    assert decision.warranty_end == date(2025, 3, 21)
    assert decision.status is status
    assert "ru.repair_days_extension" in {rule.id for rule in decision.rules}


def test_post_warranty_claim_until_2_years_then_expired() -> None:
    assert decide(date(2025, 3, 1)).status is WarrantyStatus.UNDER_WARRANTY
    post = decide(date(2025, 3, 2))
    assert post.status is WarrantyStatus.POST_WARRANTY_CLAIM
    assert post.claim_possible_until == date(2026, 3, 1)
    assert post.status_rule.article == "Law 2300-1 art. 19 p.5"
    assert remedies(post) == ALL
    for option in post.remedies:
        assert option.rule.id.endswith(".after_warranty")
        assert "art. 19 p.5" in option.rule.article
        assert "proves the defect existed before handover" in option.rule.render()
    assert decide(date(2026, 3, 1)).status_rule.id == "ru.post_warranty_claim"
    substantial = decide(date(2026, 3, 2))  # art. 19 p.6: 10 years for a substantial defect
    assert substantial.status_rule.id == "ru.after_warranty_substantial"
    assert remedies(substantial) == {Remedy.REPAIR}
    assert decide(date(2034, 3, 1)).status is WarrantyStatus.POST_WARRANTY_CLAIM
    expired = decide(date(2034, 3, 2))
    assert expired.status is WarrantyStatus.EXPIRED
    assert expired.remedies == ()
    assert expired.claim_possible_until is None
    assert not expired.transport.company_pays
    assert not expired.loaner.due


def test_a_warranty_of_2_years_or_more_leaves_no_post_warranty_window() -> None:
    decision = decide(date(2027, 3, 2), warranty_months=36)
    assert decision.status_rule.id == "ru.after_warranty_substantial"


@pytest.mark.parametrize(
    ("reported_on", "status"),
    [
        (date(2026, 3, 1), WarrantyStatus.UNDER_WARRANTY),
        (date(2026, 3, 2), WarrantyStatus.POST_WARRANTY_CLAIM),  # substantial defect only
    ],
)
def test_no_warranty_set_means_2_years(reported_on: date, status: WarrantyStatus) -> None:
    decision = decide(reported_on, warranty_months=0)
    assert decision.warranty_end == date(2026, 3, 1)
    assert decision.status is status
    assert decision.end_rules[0].id == "ru.no_warranty_set"


def test_loaner_within_3_days() -> None:
    decision = decide(date(2024, 6, 1))
    assert decision.loaner.due
    assert decision.loaner.due_by == date(2024, 6, 4)
    assert decision.loaner.rule.article == "Law 2300-1 art. 20 p.2"


def test_loaner_excluded_goods() -> None:
    decision = decide(date(2024, 6, 1), loaner_excluded=True)
    assert not decision.loaner.due
    assert decision.loaner.due_by is None
    assert decision.loaner.rule.id == "ru.loaner_excluded"


def test_start_from_manufacture_date_when_sale_unknown() -> None:
    decision = decide(date(2024, 6, 1), sold_on=None, unit={"manufactured_on": date(2024, 1, 15)})
    assert decision.warranty_start == date(2024, 1, 15)
    assert decision.warranty_end == date(2025, 1, 15)
    assert decision.start_rule.id == "ru.start_manufacture"


def test_start_unproven_when_both_dates_unknown() -> None:
    decision = decide(date(2024, 6, 1), sold_on=None)
    assert decision.warranty_start == date(2024, 6, 1)
    assert decision.start_rule.id == "ru.start_unproven"
    assert decision.status is WarrantyStatus.UNDER_WARRANTY


def test_every_number_comes_from_the_data_file() -> None:
    rules = load_rules("ru")
    assert rules.count("ru.complex_early", "days") == 15
    assert rules.quantity("ru.transport", "kg") == Decimal(5)
    assert rules.count("ru.repair", "days") == 45
