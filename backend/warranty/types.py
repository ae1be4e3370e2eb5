"""Plain immutable values that the warranty policy reads and returns."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

ParamValue = str | int


class Jurisdiction(StrEnum):
    """Legal system whose consumer law governs a claim."""

    RU = "RU"
    EU = "EU"
    KR = "KR"


class Remedy(StrEnum):
    """What the customer may demand for a defect."""

    REPAIR = "repair"
    REPLACE = "replace"
    REFUND = "refund"
    PRICE_REDUCTION = "price_reduction"


class WarrantyStatus(StrEnum):
    """Where a unit stands on the claim date."""

    UNDER_WARRANTY = "under_warranty"
    POST_WARRANTY_CLAIM = "post_warranty_claim"  # expired, a claim still possible on a condition
    EXPIRED = "expired"


class FrozenParams(Mapping[str, ParamValue]):
    """Read-only, hashable mapping of rule placeholders to their values."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, ParamValue] | Iterable[tuple[str, ParamValue]] = ()):
        self._items: dict[str, ParamValue] = dict(items)

    def __getitem__(self, key: str) -> ParamValue:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenParams({self._items!r})"


@dataclass(frozen=True)
class Rule:
    """One legal (or declared company-policy) rule behind a decision.

    `text` is an English gettext msgid with `{placeholders}` that `params` fill;
    translate the msgid first, then call `render`.
    """

    id: str
    article: str
    text: str
    params: Mapping[str, ParamValue] = field(default_factory=FrozenParams)
    citations: Mapping[str, ParamValue] = field(default_factory=FrozenParams)  # locale -> article
    company_policy: bool = False  # the company's own promise, not a duty under the law

    def __post_init__(self) -> None:
        for name in ("params", "citations"):
            if not isinstance(getattr(self, name), FrozenParams):
                object.__setattr__(self, name, FrozenParams(getattr(self, name)))

    def citation(self, locale: str) -> str:
        """Return the article as written for `locale` (English when none is given)."""
        return str(self.citations.get(locale, self.article))

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        """Return the (optionally translated) text with its placeholders filled."""
        template = translate(self.text) if translate is not None else self.text
        return template.format_map(self.params)


def _require_non_negative(owner: object, *names: str) -> None:
    for name in names:
        if getattr(owner, name) < 0:
            raise ValueError(f"{type(owner).__name__}.{name} must not be negative")


@dataclass(frozen=True)
class ProductFacts:
    """What the catalog knows about a product model."""

    model_code: str
    category: str
    warranty_months: int
    weight_kg: Decimal | float
    bulky: bool
    technically_complex: bool
    loaner_excluded: bool
    price: Decimal | None = None  # list price; a unit's own sale price wins
    service_life_months: int | None = None  # RU art. 5: none set means 10 years for art. 19 p.6

    def __post_init__(self) -> None:
        _require_non_negative(self, "warranty_months")
        if not math.isfinite(self.weight_kg) or self.weight_kg < 0:
            raise ValueError("ProductFacts.weight_kg must be a finite, non-negative number")


@dataclass(frozen=True)
class RepairPeriod:
    """One earlier warranty repair of the unit: from the claim to the hand-back.

    `ended_on` is None while the item is still out of use; `due_on` is the
    deadline that repair had (None when unknown).
    """

    started_on: date
    ended_on: date | None
    defect: str = ""
    due_on: date | None = None

    def days(self, today: date) -> int:
        """Return the days the item was out of use, up to `today` while still open."""
        return max(0, ((self.ended_on or today) - self.started_on).days)

    def overlap(self, start: date, end: date, today: date) -> int:
        """Return the days of this repair that fall in [start, end)."""
        stop = min(self.ended_on or today, end)
        return max(0, (stop - max(self.started_on, start)).days)

    def late(self, today: date) -> bool:
        """Tell whether the repair ran (or runs) past its deadline."""
        return self.due_on is not None and (self.ended_on or today) > self.due_on


@dataclass(frozen=True)
class UnitFacts:
    """One physical unit the customer owns, and its service history.

    The counters hold history from before the claim records (an import); the
    `repairs` recorded by the workflow add to them.
    """

    product: ProductFacts
    sold_on: date | None
    manufactured_on: date | None = None
    extended_warranty_months: int = 0
    repair_days: int = 0  # days out of use for warranty repair so far
    repairs_used_extension: bool = False  # EU: consumer chose repair, period extended once
    prior_repairs_same_defect: int = 0
    prior_repairs_total: int = 0
    days_unusable_this_warranty_year: int = 0
    price: Decimal | None = None  # the price paid for this unit, when the sale records it
    repairs: tuple[RepairPeriod, ...] = ()

    def __post_init__(self) -> None:
        _require_non_negative(
            self,
            "extended_warranty_months",
            "repair_days",
            "prior_repairs_same_defect",
            "prior_repairs_total",
            "days_unusable_this_warranty_year",
        )

    @property
    def paid(self) -> Decimal | None:
        """Return the price paid: the unit's own, else the product's list price."""
        return self.price if self.price is not None else self.product.price


@dataclass(frozen=True)
class ClaimFacts:
    """The claim being registered now."""

    reported_on: date
    substantial_defect: bool = False
    repair_deadline_broken: bool = False
    needs_quality_check: bool = False
    replacement_in_stock: bool = True
    repair_requested_on: date | None = None  # KR: one-month repair rule
    defect: str = ""  # defect category: earlier repairs of the same one count as recurrences
    purchase_proof: str = ""  # how the purchase is proven when there is no receipt
    requested_remedy: Remedy | None = None  # what the customer chose, once known


@dataclass(frozen=True)
class RemedyOption:
    """A remedy the customer may choose now and the date it is due.

    `rule` sets the deadline; `basis` is the rule that grants the remedy.
    """

    remedy: Remedy
    deadline_days: int
    due_on: date
    rule: Rule
    basis: Rule | None = None
    notes: tuple[Rule, ...] = ()  # what the customer must know before choosing it


@dataclass(frozen=True)
class TransportDecision:
    """Who pays to carry the item to the workshop and back."""

    company_pays: bool
    rule: Rule


@dataclass(frozen=True)
class LoanerDecision:
    """Whether a replacement unit must be lent during repair, and by when."""

    due: bool
    due_by: date | None
    rule: Rule


@dataclass(frozen=True)
class PolicyDecision:
    """Everything the law gives the customer for one claim, with the rules behind it."""

    jurisdiction: Jurisdiction
    warranty_start: date
    warranty_end: date
    start_rule: Rule
    status: WarrantyStatus
    status_rule: Rule
    claim_possible_until: date | None
    remedies: tuple[RemedyOption, ...]
    transport: TransportDecision
    loaner: LoanerDecision
    end_rules: tuple[Rule, ...] = ()  # rules that moved the end date (minimums, extensions)
    fact_rules: tuple[Rule, ...] = ()  # the claim history used (repairs, days, recurrences)
    guarantee_end: date | None = None  # EU: a commercial guarantee beside the legal liability
    guarantee_rule: Rule | None = None
    price: Decimal | None = None  # the price paid, when known: amounts are computed from it

    @property
    def start_proven(self) -> bool:
        """Tell whether the start rests on a known date (handover or manufacture)."""
        return not self.start_rule.id.endswith(".start_unproven")

    def remedy(self, r: Remedy) -> RemedyOption | None:
        """Return the option for remedy `r`, or None if it is not available."""
        return next((option for option in self.remedies if option.remedy is r), None)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule behind the decision, without repeats, in display order."""
        ordered: list[Rule] = [self.start_rule, *self.end_rules, self.status_rule]
        if self.guarantee_rule is not None:
            ordered.append(self.guarantee_rule)
        ordered += self.fact_rules
        for option in self.remedies:
            if option.basis is not None:
                ordered.append(option.basis)
            ordered += [option.rule, *option.notes]
        if self.transport.company_pays:  # a carriage rule that does not apply is no reason
            ordered.append(self.transport.rule)
        ordered.append(self.loaner.rule)
        return tuple(dict.fromkeys(ordered))
