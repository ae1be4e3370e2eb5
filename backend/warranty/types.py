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

    def __post_init__(self) -> None:
        if not isinstance(self.params, FrozenParams):
            object.__setattr__(self, "params", FrozenParams(self.params))

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

    def __post_init__(self) -> None:
        _require_non_negative(self, "warranty_months")
        if not math.isfinite(self.weight_kg) or self.weight_kg < 0:
            raise ValueError("ProductFacts.weight_kg must be a finite, non-negative number")


@dataclass(frozen=True)
class UnitFacts:
    """One physical unit the customer owns, and its service history."""

    product: ProductFacts
    sold_on: date | None
    manufactured_on: date | None = None
    extended_warranty_months: int = 0
    repair_days: int = 0  # days out of use for warranty repair so far
    repairs_used_extension: bool = False  # EU: consumer chose repair, period extended once
    prior_repairs_same_defect: int = 0
    prior_repairs_total: int = 0
    days_unusable_this_warranty_year: int = 0

    def __post_init__(self) -> None:
        _require_non_negative(
            self,
            "extended_warranty_months",
            "repair_days",
            "prior_repairs_same_defect",
            "prior_repairs_total",
            "days_unusable_this_warranty_year",
        )


@dataclass(frozen=True)
class ClaimFacts:
    """The claim being registered now."""

    reported_on: date
    substantial_defect: bool = False
    repair_deadline_broken: bool = False
    needs_quality_check: bool = False
    replacement_in_stock: bool = True
    repair_requested_on: date | None = None  # KR: one-month repair rule


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

    def remedy(self, r: Remedy) -> RemedyOption | None:
        """Return the option for remedy `r`, or None if it is not available."""
        return next((option for option in self.remedies if option.remedy is r), None)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule behind the decision, without repeats, in display order."""
        ordered: list[Rule] = [self.start_rule, *self.end_rules, self.status_rule]
        for option in self.remedies:
            if option.basis is not None:
                ordered.append(option.basis)
            ordered.append(option.rule)
        ordered += [self.transport.rule, self.loaner.rule]
        return tuple(dict.fromkeys(ordered))
