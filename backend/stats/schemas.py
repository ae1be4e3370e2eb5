"""The numbers the statistics return: plain frozen dataclasses, the same for page, CSV and API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from backend.stats.filters import StatsFilter


@dataclass(frozen=True)
class ProductRef:
    """A product model as the statistics name it."""

    id: int
    model_code: str
    name: str
    category: str


@dataclass(frozen=True)
class Scope:
    """A filter with its category resolved to product ids (None: every product)."""

    filter: StatsFilter
    product_ids: tuple[int, ...] | None
    products: tuple[ProductRef, ...]


@dataclass(frozen=True)
class Durations:
    """How long something took: how many claims have it, median and 90th percentile."""

    count: int
    median_seconds: float | None
    p90_seconds: float | None
    sampled: bool = False


@dataclass(frozen=True)
class Resolution:
    """Time to resolution and how many claims were resolved within the statutory deadline."""

    durations: Durations
    on_time: int

    @property
    def on_time_share(self) -> float | None:
        """Share of resolved claims resolved by their statutory due date."""
        resolved = self.durations.count
        return self.on_time / resolved if resolved else None


@dataclass(frozen=True)
class OverdueClaim:
    """An open claim past its statutory due date."""

    id: int
    number: str
    model_code: str
    status: str
    statutory_due_on: date
    days_overdue: int
    received_at: datetime


@dataclass(frozen=True)
class Overdue:
    """How many open claims are overdue today, and the most overdue of them."""

    total: int
    claims: tuple[OverdueClaim, ...]


@dataclass(frozen=True)
class Escalations:
    """Requests to talk to a person in the period and how fast staff answered."""

    count: int
    answered: int
    claims: int
    reply: Durations

    @property
    def rate(self) -> float | None:
        """Escalations per claim received in the period."""
        return self.count / self.claims if self.claims else None


@dataclass(frozen=True)
class Transport:
    """Transport bookings made in the period; loaners out now."""

    bookings: int
    pickups: int
    dropoffs: int
    with_loaner: int
    loaners_out: int


@dataclass(frozen=True)
class Ratings:
    """Customer ratings (1-5) of claims received in the period."""

    distribution: dict[int, int]

    @property
    def count(self) -> int:
        """How many claims were rated."""
        return sum(self.distribution.values())

    @property
    def average(self) -> float | None:
        """The mean rating."""
        total = sum(rating * n for rating, n in self.distribution.items())
        return total / self.count if self.count else None


@dataclass(frozen=True)
class ModelRate:
    """Claims per 1,000 sold units of one model in the warning window, against its baselines."""

    product: ProductRef
    units: int
    window_claims: int
    history_claims: int
    history_days: int
    rate: float | None
    history_rate: float | None
    category_rate: float | None
    threshold: float
    flagged: bool
    top_defects: tuple[tuple[str, int], ...] = ()

    @property
    def ratio(self) -> float | None:
        """The window rate over the lower baseline (own history or category peers)."""
        baselines = [b for b in (self.history_rate, self.category_rate) if b]
        if self.rate is None or not baselines:
            return None
        return self.rate / min(baselines)


@dataclass(frozen=True)
class CostRow:
    """The repair cost of one group of claims (a model, or a defect category)."""

    key: str
    claims: int
    parts: Decimal
    labour_hours: Decimal
    labour: Decimal

    @property
    def total(self) -> Decimal:
        """Parts and labour."""
        return self.parts + self.labour


@dataclass(frozen=True)
class Costs:
    """Repair costs per model (model code) and per defect category, in one currency."""

    currency: str
    labour_rate: Decimal
    by_model: tuple[CostRow, ...] = ()
    by_defect: tuple[CostRow, ...] = ()

    @property
    def total(self) -> Decimal:
        """Every claim's parts and labour."""
        return sum((row.total for row in self.by_model), Decimal(0))


@dataclass(frozen=True)
class Dashboard:
    """Every block of the manager dashboard for one filter."""

    scope: Scope
    intake: tuple[tuple[date, int], ...]
    by_channel: dict[str, int]
    by_product: dict[int, int]
    by_defect: dict[str, int]
    by_status: dict[str, int]
    by_warranty: dict[str, int]
    first_action: Durations
    resolution: Resolution
    overdue: Overdue
    escalations: Escalations
    transport: Transport
    ratings: Ratings
    model_rates: tuple[ModelRate, ...] = field(default=())
    costs: Costs | None = None  # added by the caller, which knows the labour rate

    @property
    def total(self) -> int:
        """Claims received in the period."""
        return sum(self.by_channel.values())

    @property
    def warnings(self) -> tuple[ModelRate, ...]:
        """The models flagged for systematic defects."""
        return tuple(rate for rate in self.model_rates if rate.flagged)
