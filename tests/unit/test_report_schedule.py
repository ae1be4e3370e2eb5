"""REPORT_SCHEDULE: a weekday and a UTC hour; each week's report is keyed by its ISO week."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from backend.config import Settings, SettingsError, get_settings
from backend.reports.schedule import Schedule, due_period, parse_schedule


def test_the_schedule_reads_a_weekday_and_an_hour() -> None:
    assert parse_schedule("mon 08:00") == Schedule(0, 8)
    assert parse_schedule(" FRI 17 ") == Schedule(4, 17)
    assert parse_schedule("off") is None
    for wrong in ("monday 8", "mon 24", "mon 08:30", "8", ""):
        with pytest.raises(ValueError):
            parse_schedule(wrong)


def test_the_due_week_is_the_last_one_whose_hour_has_come() -> None:
    monday = Schedule(0, 8)
    before = due_period(monday, datetime(2026, 11, 30, 7, 59, tzinfo=UTC))
    at = due_period(monday, datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
    later = due_period(monday, datetime(2026, 12, 6, 23, 0, tzinfo=UTC))
    assert before is not None and at is not None and later is not None
    assert (before.key, before.first, before.last) == (
        "2026-W48",
        date(2026, 11, 16),
        date(2026, 11, 22),
    )
    assert (at.key, at.first, at.last) == ("2026-W49", date(2026, 11, 23), date(2026, 11, 29))
    assert later == at  # the same week until the next Monday 08:00


def test_a_wrong_schedule_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_SCHEDULE", "every monday")
    get_settings.cache_clear()
    with pytest.raises(SettingsError, match="REPORT_SCHEDULE"):
        get_settings()
    get_settings.cache_clear()
    assert Settings(report_schedule="TUE 9").report_schedule == "tue 9"
