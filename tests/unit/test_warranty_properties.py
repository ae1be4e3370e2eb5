"""Properties of `evaluate` that hold for every valid input in every jurisdiction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from backend.warranty import (
    RULE_TEXTS,
    ClaimFacts,
    Jurisdiction,
    ProductFacts,
    UnitFacts,
    WarrantyStatus,
    evaluate,
    months_after,
)

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
weights = st.one_of(
    st.decimals(min_value=0, max_value=200, places=2),
    st.floats(min_value=0, max_value=200, allow_nan=False, allow_infinity=False),
)
products = st.builds(
    ProductFacts,
    model_code=st.just("M-1"),
    category=st.sampled_from(["tv", "phone", "fridge"]),
    warranty_months=st.integers(min_value=0, max_value=60),
    weight_kg=weights,
    bulky=st.booleans(),
    technically_complex=st.booleans(),
    loaner_excluded=st.booleans(),
)
counts = st.integers(min_value=0, max_value=10)
units = st.builds(
    UnitFacts,
    product=products,
    sold_on=st.none() | dates,
    manufactured_on=st.none() | dates,
    extended_warranty_months=st.integers(min_value=0, max_value=36),
    repair_days=st.integers(min_value=0, max_value=400),
    repairs_used_extension=st.booleans(),
    prior_repairs_same_defect=counts,
    prior_repairs_total=counts,
    days_unusable_this_warranty_year=st.integers(min_value=0, max_value=366),
)
claims = st.builds(
    ClaimFacts,
    reported_on=dates,
    substantial_defect=st.booleans(),
    repair_deadline_broken=st.booleans(),
    needs_quality_check=st.booleans(),
    replacement_in_stock=st.booleans(),
    repair_requested_on=st.none() | dates,
)
jurisdictions = st.sampled_from(list(Jurisdiction))
later = st.integers(min_value=0, max_value=400).map(lambda days: timedelta(days=days))


@given(units, claims, jurisdictions, later)
def test_decision_is_consistent(
    unit: UnitFacts, claim: ClaimFacts, jurisdiction: Jurisdiction, delay: timedelta
) -> None:
    decision = evaluate(unit, claim, jurisdiction, claim.reported_on + delay)
    assert decision.jurisdiction is jurisdiction
    assert decision.warranty_end >= decision.warranty_start
    assert all(option.due_on >= claim.reported_on for option in decision.remedies)
    assert all(option.deadline_days >= 0 for option in decision.remedies)
    assert (decision.remedies == ()) == (decision.status is WarrantyStatus.EXPIRED)
    assert (decision.claim_possible_until is None) == (decision.status is WarrantyStatus.EXPIRED)
    if decision.status is WarrantyStatus.EXPIRED:
        assert not decision.transport.company_pays
        assert not decision.loaner.due


@given(units, claims, jurisdictions)
def test_every_rule_has_an_article_and_a_text_that_formats(
    unit: UnitFacts, claim: ClaimFacts, jurisdiction: Jurisdiction
) -> None:
    decision = evaluate(unit, claim, jurisdiction, claim.reported_on)
    for rule in decision.rules:
        assert rule.article.strip()
        assert rule.id.startswith(jurisdiction.value.lower() + ".")
        assert RULE_TEXTS[rule.id] == rule.text
        assert rule.render()
        assert rule.render(lambda msgid: f"<{msgid}>") == f"<{rule.render()}>"


@given(units, claims, jurisdictions, st.integers(min_value=1, max_value=36))
def test_more_extended_months_never_end_earlier(
    unit: UnitFacts, claim: ClaimFacts, jurisdiction: Jurisdiction, more: int
) -> None:
    longer = replace(unit, extended_warranty_months=unit.extended_warranty_months + more)
    short = evaluate(unit, claim, jurisdiction, claim.reported_on)
    long = evaluate(longer, claim, jurisdiction, claim.reported_on)
    assert long.warranty_end >= short.warranty_end


@given(dates, st.integers(min_value=-120, max_value=120))
def test_months_after_keeps_the_day_or_clamps_to_month_end(start: date, months: int) -> None:
    moved = months_after(start, months)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    assert moved.day == start.day or (moved + timedelta(days=1)).day == 1


def test_months_after_examples() -> None:
    assert months_after(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert months_after(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert months_after(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert months_after(date(2024, 11, 15), 3) == date(2025, 2, 15)
    assert months_after(date(2024, 3, 31), -1) == date(2024, 2, 29)


def test_weights_are_compared_exactly() -> None:
    heavy = ProductFacts("M", "c", 12, Decimal("5.01"), False, False, False)
    decision = evaluate(
        UnitFacts(heavy, date(2024, 1, 1)), ClaimFacts(date(2024, 2, 1)), "RU", date(2024, 2, 1)
    )
    assert decision.transport.company_pays
