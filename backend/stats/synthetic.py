"""A synthetic year of claims: seasons, a couple of models going bad, realistic lifecycles.

Pure functions over a seeded `random.Random`; nothing here touches the database. The demo
command (`backend/demo/history.py`) and the statistics benchmark write what this produces.
Units of each model are "sold" evenly over three years, oldest first, so a claim can pick a
unit that was already sold and get a warranty status that fits the unit's age.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

DAY = timedelta(days=1)
SALES_YEARS = 3
# Relative share of claims per model: phones and TVs sell most, hair dryers least.
POPULARITY = {"SP-9": 2.5, "TV-55": 1.6, "WM-700": 1.4, "FR-300": 1.3, "LP-14": 1.2, "KT-1": 1.0}
# (day of the year of the peak, amplitude): fridges suffer in the summer heat, TVs and kettles
# see more use in the winter, vacuum cleaners in spring cleaning.
SEASONS = {
    "refrigerator": (200, 0.75),
    "tv": (355, 0.35),
    "kettle": (20, 0.3),
    "personal_care": (20, 0.2),
    "vacuum_cleaner": (100, 0.25),
    "microwave": (15, 0.15),
}
# Models that went bad recently: (days before today, extra factor, the defect they show).
SPIKES = {"CM-3": (30, 4.0, "leak"), "WM-700": (21, 3.0, "noise")}
DEFECTS = {
    "smartphone": {"battery": 5, "display": 3, "no_power": 2, "damage": 2, "other": 1},
    "laptop": {"battery": 3, "display": 3, "no_power": 2, "noise": 1, "damage": 1, "other": 1},
    "tv": {"display": 6, "no_power": 3, "noise": 1, "other": 1},
    "refrigerator": {"stops": 5, "noise": 3, "leak": 2, "no_power": 1, "other": 1},
    "washing_machine": {"leak": 4, "noise": 3, "stops": 3, "no_power": 1, "other": 1},
    "dishwasher": {"leak": 5, "stops": 2, "noise": 1, "other": 1},
    "coffee_machine": {"leak": 3, "stops": 3, "no_power": 1, "other": 1},
}
OTHER_DEFECTS = {"no_power": 4, "stops": 3, "noise": 2, "damage": 1, "other": 1}
CHANNELS = (("telegram", 45), ("web", 33), ("api", 17), ("terminal", 5))
LOCALES = (("ru", 60), ("en", 25), ("ko", 15))
# (remedy, statutory days under RU law 2300-1 arts. 20-22, share of requests)
REMEDIES = (("repair", 45, 70), ("replace", 7, 14), ("refund", 10, 10), ("price_reduction", 10, 6))
PAID_REPAIR_DAYS = 10


@dataclass(frozen=True)
class ModelProfile:
    """One product model as the generator needs it; its units have ids first_unit..+units-1."""

    product_id: int
    model_code: str
    category: str
    warranty_months: int
    bulky: bool
    loaner_excluded: bool
    first_unit: int = 0
    units: int = 0


@dataclass(frozen=True)
class Lifecycle:
    """Where a claim got to by `now`."""

    status: str
    first_action_at: datetime | None
    resolved_at: datetime | None
    decision: str | None
    rating: int | None
    remedy: str
    due_on: date


def weight(model: ModelProfile, day: date, today: date) -> float:
    """Expected claims of `model` on `day`, relative to other models and days."""
    base = POPULARITY.get(model.model_code, 0.8)
    peak, amplitude = SEASONS.get(model.category, (0, 0.0))
    season = 1 + amplitude * math.cos(2 * math.pi * (day.timetuple().tm_yday - peak) / 365.25)
    weekday = 0.7 if day.weekday() >= 5 else 1.0
    growth = 1 + 0.15 * (1 - (today - day).days / 365)
    extra = SPIKES[model.model_code][1] if in_spike(model, day, today) else 1.0
    return base * season * weekday * growth * extra


def plan(
    rng: random.Random, models: list[ModelProfile], now: datetime, count: int, days: int = 365
) -> list[tuple[datetime, ModelProfile]]:
    """`count` (received at, model) pairs over the `days` before `now`, oldest first."""
    today = now.date()
    cells = [(today - DAY * back, m) for back in range(days) for m in models]
    cumulative, total = [], 0.0
    for day, model in cells:
        total += weight(model, day, today)
        cumulative.append(total)
    picks = rng.choices(range(len(cells)), cum_weights=cumulative, k=count)
    planned = []
    for index in picks:
        day, model = cells[index]
        seconds = int((6 + 17.9 * rng.betavariate(2.2, 2.0)) * 3600)
        at = datetime.combine(day, time(), UTC) + timedelta(seconds=seconds)
        planned.append((min(at, now - timedelta(minutes=rng.uniform(5, 90))), model))
    planned.sort(key=lambda pair: pair[0])
    return planned


def pick(rng: random.Random, weighted: tuple[tuple[str, int], ...] | dict[str, int]) -> str:
    """One key drawn by its weight."""
    pairs = list(weighted.items()) if isinstance(weighted, dict) else list(weighted)
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def in_spike(model: ModelProfile, day: date, today: date) -> bool:
    """Whether `model` is in its bad spell on `day`."""
    spike = SPIKES.get(model.model_code)
    return spike is not None and (today - day).days < spike[0]


def defect(rng: random.Random, model: ModelProfile, at: datetime, today: date) -> str:
    """The defect category: the model's usual mix, or its spike defect in a bad spell."""
    if in_spike(model, at.date(), today) and rng.random() < 0.75:
        return SPIKES[model.model_code][2]
    return pick(rng, DEFECTS.get(model.category, OTHER_DEFECTS))


def unit_sold_on(model: ModelProfile, unit_id: int, today: date) -> date:
    """When a unit was sold: evenly over three years, in id order."""
    span = SALES_YEARS * 365
    share = (unit_id - model.first_unit) / max(model.units, 1)
    return today - DAY * (span - int(share * span))


def unit_for(rng: random.Random, model: ModelProfile, day: date, today: date) -> int:
    """A unit already sold by `day`, recent sales more likely (early failures)."""
    span = SALES_YEARS * 365
    sold_by = model.units * (span - (today - day).days) // span
    return model.first_unit + max(0, sold_by - 1 - int(sold_by * rng.random() ** 2))


def warranty_status(model: ModelProfile, sold_on: date, day: date) -> str:
    """Under warranty, a post-warranty claim (RU art. 19 p.5, within 2 years) or expired."""
    age = (day - sold_on).days
    if age <= model.warranty_months * 30.44:
        return "under_warranty"
    return "post_warranty_claim" if age <= 730 else "expired"


def _open_status(rng: random.Random, progress: float, acted: bool) -> str:
    if not acted:
        return "new"
    steps = ("accepted", "awaiting_item", "diagnosis", "waiting_parts", "in_repair")
    status = steps[min(len(steps) - 1, int(progress * len(steps)))]
    if status == "diagnosis" and rng.random() < 0.1:
        return "examination"
    return status


def _outcome(rng: random.Random, remedy: str, resolved: datetime, now: datetime) -> tuple[str, str]:
    draw = rng.random()
    if draw < 0.04:
        return "cancelled", ""
    if draw < 0.11:
        return ("closed" if rng.random() < 0.7 else "rejected"), "reject"
    decision = "repair" if remedy == "paid_repair" else remedy
    recent = (now - resolved).days < 3
    return ("ready" if recent and rng.random() < 0.5 else "closed"), decision


def _rating(rng: random.Random, on_time: bool, days: float) -> int | None:
    if rng.random() > 0.45:
        return None
    mood = (1.0 if on_time else -1.5) - days / 30 + rng.gauss(0, 1.1)
    return max(1, min(5, round(3.9 + mood)))


def lifecycle(
    rng: random.Random, created: datetime, now: datetime, remedy: str, bad: bool
) -> Lifecycle:
    """First action, resolution, status, decision and rating of a claim received at `created`."""
    deadline = dict((r[0], r[1]) for r in REMEDIES).get(remedy, PAID_REPAIR_DAYS)
    due_on = created.date() + DAY * deadline
    first = created + timedelta(hours=rng.lognormvariate(math.log(3), 1.0))
    acted = first <= now
    days = rng.lognormvariate(math.log(8 if remedy in ("repair", "paid_repair") else 4), 0.55)
    days *= (1.3 if bad else 1.0) * (4 if rng.random() < 0.03 else 1)
    resolved = max(created + timedelta(days=days), first + timedelta(hours=1))
    if not acted or resolved > now:
        progress = (now - created) / (resolved - created)
        status = _open_status(rng, progress, acted)
        return Lifecycle(status, first if acted else None, None, None, None, remedy, due_on)
    status, decision = _outcome(rng, remedy, resolved, now)
    on_time = resolved.date() <= due_on
    rating = _rating(rng, on_time, days) if status == "closed" and decision != "reject" else None
    return Lifecycle(status, first, resolved, decision or None, rating, remedy, due_on)
