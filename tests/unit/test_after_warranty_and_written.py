"""Boundary tables: written-claim answer deadlines, the KR depreciated refund, the paid quote."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backend.warranty.after_warranty import (
    depreciated_refund_amount,
    kr_depreciation_refund,
    paid_repair_quote,
    parts_retention_months,
    whole_months,
)
from backend.warranty.rules import load_rules
from backend.warranty.written import answer_deadline, days_overdue

RECEIVED = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("jurisdiction", "demand", "options", "due_on", "rule_id", "policy"),
    [
        ("RU", "refund", {}, date(2026, 12, 11), "ru.refund", False),
        ("RU", "price_reduction", {}, date(2026, 12, 11), "ru.price_reduction", False),
        ("RU", "penalty", {}, date(2026, 12, 11), "ru.written_damages", False),
        ("RU", "replace", {}, date(2026, 12, 8), "ru.replace", False),
        ("RU", "replace", {"needs_check": True}, date(2026, 12, 21), "ru.replace_check", False),
        ("RU", "replace", {"in_stock": False}, date(2027, 1, 1), "ru.replace_out_of_stock", False),
        ("RU", "repair", {}, date(2027, 1, 15), "ru.repair", False),
        ("EU", "refund", {}, date(2026, 12, 15), "eu.written_answer", True),
        ("EU", "repair", {}, date(2026, 12, 15), "eu.written_answer", True),
        ("KR", "replace", {}, date(2026, 12, 15), "kr.written_answer", True),
    ],
)
def test_answer_deadline_per_demand(jurisdiction, demand, options, due_on, rule_id, policy) -> None:
    deadline = answer_deadline(demand, jurisdiction, RECEIVED, **options)
    assert (deadline.due_on, deadline.rule.id, deadline.company_policy) == (due_on, rule_id, policy)


def test_the_written_answer_period_is_data() -> None:
    assert load_rules("EU").count("eu.written_answer", "days") == 14
    assert "member state" in load_rules("EU").spec("eu.written_answer").article


@pytest.mark.parametrize(
    ("due_on", "today", "answered_on", "late"),
    [
        (date(2026, 12, 11), date(2026, 12, 11), None, 0),  # the last day is in time
        (date(2026, 12, 11), date(2026, 12, 12), None, 1),
        (date(2026, 12, 11), date(2026, 12, 30), date(2026, 12, 14), 3),  # counted to the answer
        (date(2026, 12, 11), date(2026, 12, 30), date(2026, 12, 1), 0),
    ],
)
def test_days_overdue(due_on, today, answered_on, late) -> None:
    assert days_overdue(due_on, today, answered_on) == late


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2023, 6, 1), date(2026, 12, 1), 42),
        (date(2023, 6, 1), date(2026, 11, 30), 41),
        (date(2024, 1, 31), date(2024, 2, 29), 1),  # a month from the 31st ends on the last day
        (date(2024, 1, 31), date(2024, 2, 28), 0),
        (date(2026, 12, 1), date(2026, 11, 1), 0),
    ],
)
def test_whole_months(start, end, months) -> None:
    assert whole_months(start, end) == months


@pytest.mark.parametrize(
    ("months_used", "amount"),
    [
        (0, Decimal("1000000.00")),  # price + 10% is capped at the price
        (8, Decimal("1000000.00")),  # 1,004,761.90 before the cap
        (9, Decimal("992857.14")),
        (12, Decimal("957142.86")),
        (42, Decimal("600000.00")),
        (84, Decimal("100000.00")),  # fully depreciated: 10% of the price remains
        (100, Decimal("100000.00")),  # past the service life: never below that
    ],
)
def test_kr_depreciated_refund_amount(months_used, amount) -> None:
    assert depreciated_refund_amount(Decimal(1_000_000), months_used, 84, 10) == amount


@pytest.mark.parametrize(
    ("category", "months"),
    [("tv", 108), ("refrigerator", 108), ("washing_machine", 84), ("smartphone", 48), ("?", 60)],
)
def test_parts_retention_is_data_per_category(category, months) -> None:
    assert parts_retention_months(category, load_rules("KR")) == months


def test_kr_refund_for_a_washing_machine_after_42_months() -> None:
    refund = kr_depreciation_refund(
        Decimal(45990), "washing_machine", 84, date(2023, 6, 1), date(2026, 12, 1)
    )
    assert refund is not None
    assert (refund.months_used, refund.depreciation, refund.amount) == (
        42,
        Decimal("22995.00"),
        Decimal("27594.00"),  # 45,990 − 22,995 + 4,599
    )
    assert refund.parts_until == date(2030, 6, 1)


@pytest.mark.parametrize(
    ("reported_on", "owed"),
    [(date(2030, 6, 1), True), (date(2030, 6, 2), False)],  # parts kept 84 months
)
def test_kr_refund_ends_with_the_parts_retention_period(reported_on, owed) -> None:
    refund = kr_depreciation_refund(
        Decimal(45990), "washing_machine", 84, date(2023, 6, 1), reported_on
    )
    assert (refund is not None) is owed
    if refund is not None:
        assert refund.amount == Decimal("4599.00")  # past the service life: 10% of the price


def test_kr_refund_needs_a_price_and_a_purchase_date() -> None:
    assert kr_depreciation_refund(None, "tv", 84, date(2025, 1, 1), date(2026, 1, 1)) is None
    assert kr_depreciation_refund(Decimal(100), "tv", 84, None, date(2026, 1, 1)) is None


@pytest.mark.parametrize(
    ("jurisdiction", "price", "amount"),
    [
        ("RU", Decimal(45990), Decimal("5518.80")),
        ("RU", Decimal(12500), Decimal("1500.00")),  # 12% is 1,500.00: the minimum either way
        ("RU", Decimal(10000), Decimal("1500.00")),
        ("RU", None, Decimal("1500.00")),
        ("EU", Decimal(500), Decimal("60.00")),
        ("KR", Decimal(100000), Decimal("30000.00")),
    ],
)
def test_paid_repair_quote(jurisdiction, price, amount) -> None:
    quote = paid_repair_quote(jurisdiction, price)
    assert quote.amount == amount
    assert quote.rule.company_policy
