"""Domain code learns the time only from its clock (`backend.clock`), never from the system."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backend.clock import ManualClock, SystemClock

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("backend", "dialogs", "bot")
ALLOWED = {ROOT / "backend" / "clock.py"}
REAL_TIME = re.compile(
    r"\bdate\.today\(|\bdatetime\.(?:now|utcnow|today)\(|\btime\.time\(|(?<!def )\butcnow\("
)


def _offences() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path in ALLOWED:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                if REAL_TIME.search(code):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_domain_code_never_reads_the_real_time() -> None:
    assert _offences() == []


def test_the_scan_sees_a_real_time_call() -> None:
    calls = ("date.today()", "datetime.now(UTC)", "datetime.utcnow()", "time.time()", "utcnow()")
    for call in calls:
        assert REAL_TIME.search(f"x = {call}")
    assert not REAL_TIME.search("x = clock.now()")
    assert not REAL_TIME.search("x = time.monotonic()")


def test_a_manual_clock_is_set_and_moved() -> None:
    start = datetime(2030, 2, 28, 23, 30, tzinfo=UTC)
    clock = ManualClock(start)
    assert clock.now() == start and clock.today() == start.date()
    clock.advance(timedelta(hours=1))
    assert clock.today().isoformat() == "2030-03-01"
    clock.set(start)
    assert clock.now() == start
    with pytest.raises(ValueError):
        ManualClock(datetime(2030, 1, 1))


def test_a_ticking_clock_starts_where_it_was_set() -> None:
    start = datetime(2031, 6, 1, 12, tzinfo=UTC)
    clock = ManualClock(start, ticking=True)
    assert start <= clock.now() < start + timedelta(minutes=1)


def test_the_system_clock_is_aware_and_utc() -> None:
    now = SystemClock().now()
    assert now.utcoffset() == timedelta(0)
    assert SystemClock().today() in (now.date(), (now + timedelta(minutes=1)).date())
