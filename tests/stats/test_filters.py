"""Periods, buckets, chart geometry and number formatting (no database)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from backend.stats.charts import column_chart, nice_ceiling, row_chart
from backend.stats.export import csv_bytes
from backend.stats.filters import DEFAULT_DAYS, MAX_DAYS, buckets, parse_filter
from backend.stats.labels import Formatter
from tests.support.clock import TODAY, days


def test_the_default_period_is_the_last_90_days() -> None:
    period = parse_filter(TODAY)
    assert (period.date_from, period.date_to, period.days) == (
        TODAY - timedelta(days=89),
        TODAY,
        DEFAULT_DAYS,
    )
    assert period.product_id is None and period.category == "" and period.channel == ""


@pytest.mark.parametrize(
    ("arguments", "first", "last"),
    [
        ({"days": "30"}, days(-29), TODAY),
        ({"date_from": "2026-03-01", "date_to": "2026-02-01"}, date(2026, 2, 1), date(2026, 3, 1)),
        ({"date_from": "garbage", "date_to": "2030-01-01"}, TODAY - timedelta(days=89), TODAY),
        ({"date_from": "2001-01-01"}, TODAY - timedelta(days=MAX_DAYS - 1), TODAY),
        ({"days": "0"}, TODAY - timedelta(days=89), TODAY),
    ],
)
def test_periods_are_bounded_and_forgiving(
    arguments: dict[str, str], first: date, last: date
) -> None:
    period = parse_filter(TODAY, **arguments)
    assert (period.date_from, period.date_to) == (first, last)


def test_unknown_filters_are_dropped() -> None:
    period = parse_filter(TODAY, product="12x", channel="fax", category=" tv ")
    assert (period.product_id, period.channel, period.category) == (None, "", "tv")


@pytest.mark.parametrize("days", [1, 30, 60, 61, 90, 365, MAX_DAYS])
def test_buckets_cover_the_period_without_gaps(days: int) -> None:
    period = parse_filter(TODAY, days=str(days))
    ranges = buckets(period)
    assert ranges[0][0] == period.date_from and ranges[-1][1] == TODAY + timedelta(days=1)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    if period.weekly:
        assert all(start.weekday() == 0 for start, _ in ranges[1:])
        assert all((end - start).days <= 7 for start, end in ranges)
    else:
        assert len(ranges) == days


def test_chart_geometry() -> None:
    assert [nice_ceiling(v) for v in (0, 1, 7, 10, 11, 180, 2001)] == [1, 1, 10, 10, 20, 200, 5000]
    chart = column_chart([("a", 5), ("b", 10), ("c", 0)], width=300, height=100)
    tallest = max(chart.columns, key=lambda c: c.height)
    assert tallest.label == "b" and chart.columns[2].height == 0
    assert all(
        c.y + c.height == pytest.approx(chart.columns[0].y + chart.columns[0].height)
        for c in chart.columns
    )
    assert chart.ticks[0][1] == 0 and chart.ticks[-1][1] == 10
    rows = row_chart([("short", 3), ("x" * 80, 1)])
    assert rows.rows[0].length > rows.rows[1].length and rows.rows[0].share == 0.75
    assert rows.rows[1].short_label.endswith("…") and len(rows.rows[1].short_label) < 40


def test_numbers_are_written_the_local_way() -> None:
    english, russian, korean = Formatter("en"), Formatter("ru"), Formatter("ko")
    assert english.number(1234567) == "1,234,567" and russian.number(1234.5, 1) == "1\xa0234,5"
    assert english.share(0.9312) == "93.1%" and english.share(None) == "—"
    assert english.duration(5400) == "1.5 h" and english.duration(3 * 86400) == "3.0 d"
    assert russian.duration(5400) == "1,5 ч" and korean.duration(5400) == "1.5시간"


def test_csv_is_utf8_with_a_bom() -> None:
    content = csv_bytes(["Модель", "Claims"], [["КТ-1", 3], [date(2026, 1, 2), None]])
    assert content.startswith("\ufeff".encode()) and content.decode("utf-8-sig").splitlines() == [
        "Модель,Claims",
        "КТ-1,3",
        "2026-01-02,",
    ]
