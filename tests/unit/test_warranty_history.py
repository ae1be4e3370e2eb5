"""Rules fed by the claim's history and the catalog's data, each boundary on both sides."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from backend.warranty import (
    PolicyDecision,
    ProductFacts,
    Remedy,
    WarrantyStatus,
)
from backend.warranty.amounts import delay_penalty
from backend.warranty.explain import explain_decision
from backend.warranty.types import RepairPeriod
from tests.support.policy import decide as policy_decision
from tests.support.policy import remedies

SOLD = date(2024, 3, 1)
PHONE = ProductFacts("PH-1", "phone", 12, Decimal("0.2"), False, True, False)


def decide(
    jurisdiction: str,
    reported_on: date,
    *,
    today: date | None = None,
    product: dict[str, Any] | None = None,
    claim: dict[str, Any] | None = None,
    **unit: Any,
) -> PolicyDecision:
    phone = replace(PHONE, **(product or {}))
    return policy_decision(
        jurisdiction, phone, reported_on, sold_on=SOLD, today=today, claim=claim, unit=unit
    )


def ids(decision: PolicyDecision) -> set[str]:
    return {rule.id for rule in decision.rules}


def repair(start: date, days: int, defect: str = "screen", late: int = 0) -> RepairPeriod:
    end = start + timedelta(days=days)
    return RepairPeriod(start, end, defect, end - timedelta(days=late))


# --- RU art. 20 p.3: the warranty grows by the repair days from the workflow ---


@pytest.mark.parametrize(
    ("reported_on", "rule_id"),
    [(date(2025, 3, 21), "ru.under_warranty"), (date(2025, 3, 22), "ru.post_warranty_claim")],
)
def test_ru_repair_period_extends_the_warranty(reported_on: date, rule_id: str) -> None:
    decision = decide("RU", reported_on, repairs=(repair(date(2024, 6, 1), 20),))
    assert decision.warranty_end == date(2025, 3, 21)
    assert decision.status_rule.id == rule_id
    assert "ru.repair_days_extension" in ids(decision)
    assert "ru.repair_history" in ids(decision)


# --- RU art. 18 p.1: more than 30 days unusable in a warranty year ---


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (30, [Remedy.REPAIR, Remedy.PRICE_REDUCTION]),
        (31, [Remedy.REPAIR, Remedy.REPLACE, Remedy.PRICE_REDUCTION, Remedy.REFUND]),
    ],
)
def test_ru_days_unusable_in_the_warranty_year(days: int, expected: list[Remedy]) -> None:
    periods = (repair(date(2024, 5, 1), 10, "screen"), repair(date(2024, 7, 1), days - 10, "power"))
    decision = decide("RU", date(2024, 9, 1), repairs=periods)
    assert remedies(decision) == expected
    history = next(rule for rule in decision.fact_rules if rule.id == "ru.repair_history")
    assert history.params["year_days"] == days


@pytest.mark.parametrize(("start", "counted"), [(date(2025, 2, 20), 11), (date(2025, 2, 1), 0)])
def test_ru_only_days_inside_the_claims_warranty_year_count(start: date, counted: int) -> None:
    decision = decide(
        "RU", date(2025, 4, 1), product={"warranty_months": 24}, repairs=(repair(start, 20),)
    )
    history = next(rule for rule in decision.fact_rules if rule.id == "ru.repair_history")
    assert history.params["year_days"] == counted


# --- RU art. 18 p.1: a repair past its deadline ---


@pytest.mark.parametrize(("late", "opens"), [(0, False), (1, True)])
def test_ru_a_late_repair_opens_refund_and_replacement(late: int, opens: bool) -> None:
    decision = decide("RU", date(2024, 9, 1), repairs=(repair(date(2024, 5, 1), 20, late=late),))
    assert (Remedy.REFUND in remedies(decision)) is opens
    assert ("ru.repair_deadline_missed" in ids(decision)) is opens


# --- RU art. 19 p.6: a substantial defect within the service life ---


@pytest.mark.parametrize(
    ("reported_on", "status"),
    [
        (date(2029, 3, 1), WarrantyStatus.POST_WARRANTY_CLAIM),
        (date(2029, 3, 2), WarrantyStatus.EXPIRED),
    ],
)
def test_ru_substantial_defect_within_the_service_life(
    reported_on: date, status: WarrantyStatus
) -> None:
    decision = decide("RU", reported_on, product={"service_life_months": 60})
    assert decision.status is status
    if status is WarrantyStatus.POST_WARRANTY_CLAIM:
        option = decision.remedy(Remedy.REPAIR)
        assert option is not None and option.rule.id == "ru.repair_substantial"
        assert option.deadline_days == 20
    else:
        assert decision.status_rule.params["until"] == "2029-03-01"


# --- RU art. 20 p.1 wording, art. 18 p.7 only when it applies, art. 23 penalty ---


def test_ru_repair_is_without_delay_and_45_days_caps_an_agreed_term() -> None:
    option = decide("RU", date(2024, 6, 1)).remedy(Remedy.REPAIR)
    assert option is not None
    assert option.rule.render().startswith("Repair without delay")
    assert "may not exceed 45 days" in option.rule.render()


@pytest.mark.parametrize(("kg", "listed"), [(Decimal("5.00"), False), (Decimal("5.01"), True)])
def test_ru_transport_rule_is_a_reason_only_for_heavy_goods(kg: Decimal, listed: bool) -> None:
    decision = decide("RU", date(2024, 6, 1), product={"weight_kg": kg})
    assert ("ru.transport" in ids(decision)) is listed
    assert decision.transport.company_pays is listed


@pytest.mark.parametrize(("days_after_due", "days", "total"), [(0, 0, "0.00"), (1, 1, "99.90")])
def test_ru_penalty_is_1_percent_a_day_of_the_price(
    days_after_due: int, days: int, total: str
) -> None:
    decision = decide("RU", date(2024, 6, 1), price=Decimal("9990"))
    due_on = date(2024, 6, 11)
    penalty = delay_penalty(decision, due_on, due_on + timedelta(days=days_after_due))
    assert penalty is not None
    assert (penalty.per_day, penalty.days_late, penalty.total) == (
        Decimal("99.90"),
        days,
        Decimal(total),
    )
    assert penalty.rule.article == "Law 2300-1 art. 23 p.1"
    assert delay_penalty(decide("RU", date(2024, 6, 1)), due_on, due_on) is None
    assert delay_penalty(decide("EU", date(2024, 6, 1), price=Decimal(1)), due_on, due_on) is None


def test_a_unit_price_wins_over_the_list_price() -> None:
    decision = decide("RU", date(2024, 6, 1), product={"price": Decimal(100)}, price=Decimal(80))
    assert decision.price == Decimal(80)
    assert decide("RU", date(2024, 6, 1), product={"price": Decimal(100)}).price == Decimal(100)


# --- the start: manufacture date where known, else it must be proven ---


@pytest.mark.parametrize("jurisdiction", ["RU", "EU", "KR"])
def test_no_sale_date_is_never_stated_as_a_warranty_until_a_year_from_today(
    jurisdiction: str,
) -> None:
    decision = decide(jurisdiction, date(2024, 6, 1), sold_on=None)
    assert not decision.start_proven
    assert decision.status_rule.id == f"{jurisdiction.lower()}.status_unproven"
    text = "\n".join(explain_decision(decision, "en", "RUB"))
    assert "until" not in text.split("Why:")[0]
    assert "has to be proven" in text


@pytest.mark.parametrize(
    ("jurisdiction", "start"), [("RU", date(2024, 1, 15)), ("KR", date(2024, 4, 15))]
)
def test_the_manufacture_date_starts_the_warranty(jurisdiction: str, start: date) -> None:
    decision = decide(
        jurisdiction, date(2024, 6, 1), sold_on=None, manufactured_on=date(2024, 1, 15)
    )
    assert decision.start_proven
    assert decision.warranty_start == start


# --- KR: no period stated, exchange first, recurrences from earlier claims ---


@pytest.mark.parametrize(
    ("reported_on", "status"),
    [
        (date(2024, 3, 1), WarrantyStatus.UNDER_WARRANTY),
        (date(2025, 3, 1), WarrantyStatus.UNDER_WARRANTY),
        (date(2025, 3, 2), WarrantyStatus.EXPIRED),
    ],
)
def test_kr_no_period_stated_is_one_year(reported_on: date, status: WarrantyStatus) -> None:
    decision = decide("KR", reported_on, product={"warranty_months": 0})
    assert decision.status is status
    assert decision.end_rules[0].id == "kr.no_period_stated"
    if reported_on == SOLD:
        assert remedies(decision) == [Remedy.REPLACE, Remedy.REFUND]


def test_kr_exchange_comes_before_refund() -> None:
    decision = decide("KR", date(2024, 3, 5))
    assert remedies(decision) == [Remedy.REPLACE, Remedy.REFUND]
    refund = decision.remedy(Remedy.REFUND)
    assert refund is not None and [note.id for note in refund.notes] == ["kr.exchange_first"]


@pytest.mark.parametrize(
    ("periods", "expected", "occurrence"),
    [
        ((("screen", 1),), [Remedy.REPAIR], 2),
        ((("screen", 2),), [Remedy.REPLACE, Remedy.REFUND], 3),
        ((("screen", 1), ("power", 2)), [Remedy.REPAIR], 2),
        ((("screen", 1), ("power", 3)), [Remedy.REPLACE, Remedy.REFUND], 2),
    ],
)
def test_kr_recurrences_from_earlier_repairs(
    periods: tuple[tuple[str, int], ...], expected: list[Remedy], occurrence: int
) -> None:
    history = tuple(
        repair(date(2024, 4, 1) + timedelta(days=30 * i), 5, defect)
        for i, defect in enumerate(d for d, n in periods for _ in range(n))
    )
    decision = decide("KR", date(2024, 12, 1), repairs=history, claim={"defect": "screen"})
    assert remedies(decision) == expected
    fact = next(rule for rule in decision.fact_rules if rule.id == "kr.repair_history")
    assert fact.params["occurrence"] == occurrence


def test_kr_company_service_levels_are_labelled_company_policy() -> None:
    for option in decide("KR", date(2024, 8, 1)).remedies:
        assert option.rule.company_policy
        assert option.rule.render().startswith("Company policy")


# --- EU: +12 months after a repair, and the customer is told before choosing ---


@pytest.mark.parametrize(
    ("reported_on", "status"),
    [
        (date(2027, 3, 1), WarrantyStatus.UNDER_WARRANTY),
        (date(2027, 3, 2), WarrantyStatus.EXPIRED),
    ],
)
def test_eu_a_completed_repair_extends_liability_once(
    reported_on: date, status: WarrantyStatus
) -> None:
    decision = decide("EU", reported_on, repairs=(repair(date(2024, 6, 1), 20),))
    assert decision.warranty_end == date(2027, 3, 1)
    assert decision.status is status


def test_eu_the_repair_option_tells_of_the_extension_before_the_choice() -> None:
    option = decide("EU", date(2024, 6, 1)).remedy(Remedy.REPAIR)
    assert option is not None
    assert [note.id for note in option.notes] == ["eu.repair_extension_notice"]
    assert option.notes[0].params["end"] == "2027-03-01"
    repaired = decide("EU", date(2024, 9, 1), repairs=(repair(date(2024, 6, 1), 20),))
    option = repaired.remedy(Remedy.REPAIR)
    assert option is not None and option.notes == ()


def test_eu_day_counts_are_company_policy_not_the_directive() -> None:
    decision = decide("EU", date(2024, 6, 1), claim={"substantial_defect": True})
    for option in decision.remedies:
        assert option.rule.company_policy, option.rule.id
    assert decide("EU", date(2024, 6, 1)).loaner.rule.article.startswith("Not in Directive")


# --- no receipt is no bar (RU art. 18 p.5) ---


@pytest.mark.parametrize(("proof", "listed"), [("receipt", False), ("bank_statement", True)])
def test_no_receipt_rule_when_the_purchase_is_proven_otherwise(proof: str, listed: bool) -> None:
    decision = decide("RU", date(2024, 6, 1), claim={"purchase_proof": proof})
    assert ("ru.no_receipt" in ids(decision)) is listed
    assert decision.status is WarrantyStatus.UNDER_WARRANTY


@pytest.mark.parametrize(
    ("jurisdiction", "last_day", "rule_after"),
    [
        ("RU", date(2025, 1, 15), "ru.post_warranty_claim"),  # art. 19 p.2: from manufacture
        ("KR", date(2025, 4, 15), "kr.expired"),  # manufacture + 3 months, + 12 months
        ("EU", date(2026, 1, 15), "eu.expired"),  # company policy start, 24 months liability
    ],
)
def test_a_warranty_from_the_manufacture_date_ends_on_its_day(
    jurisdiction: str, last_day: date, rule_after: str
) -> None:
    made = date(2024, 1, 15)
    inside = decide(jurisdiction, last_day, sold_on=None, manufactured_on=made)
    after = decide(jurisdiction, last_day + timedelta(days=1), sold_on=None, manufactured_on=made)
    assert inside.status is WarrantyStatus.UNDER_WARRANTY
    assert after.status_rule.id == rule_after


@pytest.mark.parametrize(
    ("requested", "rule_id"),
    [(None, "ru.loaner"), (Remedy.REPAIR, "ru.loaner"), (Remedy.REPLACE, "ru.loaner_replacement")],
)
def test_ru_loaner_during_repair_or_while_a_replacement_is_awaited(
    requested: Remedy | None, rule_id: str
) -> None:
    decision = decide(
        "RU",
        date(2024, 3, 5),
        product={"technically_complex": False},
        claim={"requested_remedy": requested},
    )
    assert decision.loaner.due and decision.loaner.due_by == date(2024, 3, 8)
    assert decision.loaner.rule.id == rule_id
