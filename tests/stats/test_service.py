"""The statistics service against numbers computed by hand from the same rows, on both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend.db.session import SessionFactory
from backend.stats import defects, service, sql
from backend.stats.config import WarningRules
from backend.stats.filters import StatsFilter, parse_filter
from backend.stats.schemas import Dashboard, Durations
from tests.stats.expected import expected, window_claims
from tests.support.clock import TODAY
from tests.support.history import UNITS, History


def assert_durations(found: Durations, wanted: tuple[int, float | None, float | None]) -> None:
    count, median, p90 = wanted
    assert found.count == count
    for got, want in ((found.median_seconds, median), (found.p90_seconds, p90)):
        assert (got is None) == (want is None)
        if got is not None and want is not None:
            assert got == pytest.approx(want, abs=0.01)


def assert_matches(board: Dashboard, history: History, period: StatsFilter) -> None:
    want = expected(history, period)
    assert board.total == want["total"] > 0
    assert [n for _, n in board.intake] == want["intake"]
    for block in ("by_channel", "by_status", "by_warranty", "by_defect", "by_product"):
        found = {key: n for key, n in getattr(board, block).items() if n}
        assert found == dict(want[block]), block
    assert_durations(board.first_action, want["first_action"])
    assert_durations(board.resolution.durations, want["resolution"])
    assert board.resolution.on_time == want["on_time"]
    assert board.overdue.total == want["overdue_total"]
    assert [c.id for c in board.overdue.claims] == want["overdue_ids"]
    count, replies = want["escalations"]
    assert board.escalations.count == count
    assert_durations(board.escalations.reply, replies)
    assert board.escalations.rate == pytest.approx(count / want["total"])
    transport = board.transport
    assert (transport.bookings, transport.pickups, transport.with_loaner) == want["bookings"]
    assert transport.loaners_out == want["loaners_out"]
    assert {k: v for k, v in board.ratings.distribution.items() if v} == dict(want["ratings"])


async def test_the_dashboard_shows_the_numbers_of_the_rows(
    session_factory: SessionFactory, history: History
) -> None:
    period = parse_filter(TODAY)
    assert period.days == 90 and period.weekly
    async with session_factory() as session:
        board = await service.dashboard(session, period, TODAY)
    assert_matches(board, history, period)
    assert board.overdue.claims and board.overdue.claims[0].days_overdue > 0


FILTERS = (
    {"days": "30"},
    {"days": "365", "channel": "web"},
    {"product": "KT-1"},
    {"category": "smartphone", "channel": "telegram"},
    {"from": "2026-06-01", "to": "2026-07-15"},
)


async def test_filters_narrow_every_block(
    session_factory: SessionFactory, history: History
) -> None:
    for changes in FILTERS:
        product = changes.get("product", "")
        period = parse_filter(
            TODAY,
            date_from=changes.get("from", ""),
            date_to=changes.get("to", ""),
            product=str(history.product_ids[product]) if product else "",
            category=changes.get("category", ""),
            channel=changes.get("channel", ""),
            days=changes.get("days", ""),
        )
        async with session_factory() as session:
            board = await service.dashboard(session, period, TODAY)
        assert_matches(board, history, period)


async def test_large_periods_take_percentiles_from_a_systematic_sample(
    session_factory: SessionFactory, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sql, "SAMPLE_LIMIT", 40)
    period = parse_filter(TODAY, days="365")
    want = expected(history, period)
    step = sql.sample_step(want["total"])
    assert step > 1
    sample = [
        (row.first_action - row.created).total_seconds()
        for row in history.claims
        if row.id in want["claim_ids"] and row.first_action and row.id % step == 0
    ]
    async with session_factory() as session:
        scope = await service.resolve_scope(session, period)
        found = await service.first_action_times(session, scope, want["total"])
    assert found.sampled and found.count == want["first_action"][0]
    assert_durations(
        Durations(len(sample), found.median_seconds, found.p90_seconds),
        (len(sample), *_pair(sample)),
    )


def _pair(values: list[float]) -> tuple[float | None, float | None]:
    from tests.support.history import percentile

    return percentile(values, 0.5), percentile(values, 0.9)


async def test_a_model_that_went_bad_is_flagged_and_steady_ones_are_not(
    session_factory: SessionFactory, history: History
) -> None:
    rules = WarningRules()
    async with session_factory() as session:
        scope = await service.resolve_scope(session, parse_filter(TODAY))
        rates = {r.product.model_code: r for r in await defects.model_rates(session, scope, rules)}
    first = TODAY - timedelta(days=29)
    for model in ("CM-3", "KT-1", "SP-9"):
        rate = rates[model]
        claims = window_claims(history, model, first, TODAY)
        before = window_claims(
            history, model, first - timedelta(days=180), first - timedelta(days=1)
        )
        assert rate.units == history.units[model] >= UNITS[model]
        assert (rate.window_claims, rate.history_claims) == (claims, before)
        assert rate.rate == pytest.approx(claims * 1000 / rate.units)
        oldest = min(row.created.date() for row in history.claims if row.model == model)
        days = min(180, (first - oldest).days)
        assert rate.history_days == days
        assert rate.history_rate == pytest.approx(before * 30 / days * 1000 / rate.units)
    assert rates["CM-3"].flagged and rates["CM-3"].top_defects[0][0] == "leak"
    assert not rates["KT-1"].flagged and not rates["SP-9"].flagged
    assert [r.product.model_code for r in rates.values() if r.flagged] == ["CM-3"]
    assert rates["CM-3"].category_rate is None  # alone in its category in the demo catalog
    async with session_factory() as session:
        strict = await defects.model_rates(session, scope, WarningRules(ratio=20.0))
        old = await service.resolve_scope(session, parse_filter(TODAY, date_to="2026-09-30"))
        earlier = await defects.model_rates(session, old, WarningRules())
    assert not any(r.flagged for r in strict)
    assert not any(r.flagged for r in earlier)
    young = {r.product.model_code: r for r in earlier}["KT-1"]
    assert 0 < young.history_days < 180  # the history starts with the model's first claim


async def test_the_proposal_has_the_trend_and_the_defects(
    session_factory: SessionFactory, history: History
) -> None:
    rules = WarningRules().with_window(30)
    async with session_factory() as session:
        scope = await service.resolve_scope(session, parse_filter(TODAY))
        product = next(p for p in scope.products if p.model_code == "CM-3")
        data = await defects.proposal(session, scope, product, rules)
    assert len(data.trend) == defects.TREND_WINDOWS
    for start, end, claims, rate in data.trend:
        assert (end - start).days == 29
        assert claims == window_claims(history, "CM-3", start, end)
        assert rate == pytest.approx(claims * 1000 / history.units["CM-3"])
    assert data.trend[-1][1] == TODAY
    assert data.defects[0][0] == "leak"
    assert sum(n for _, n in data.defects) == data.rate.window_claims
