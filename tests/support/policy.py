"""One way for the policy tests to ask for a decision: a product, a sale, a claim, a day."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from backend.warranty import ClaimFacts, PolicyDecision, ProductFacts, Remedy, UnitFacts, evaluate


def decide(
    jurisdiction: str,
    product: ProductFacts | UnitFacts,
    reported_on: date,
    *,
    sold_on: date | None = None,
    today: date | None = None,
    claim: Mapping[str, Any] | None = None,
    unit: Mapping[str, Any] | None = None,
) -> PolicyDecision:
    """The decision for a unit of `product` sold on `sold_on` (or the given unit facts), with
    `unit` and `claim` changes, a defect reported on `reported_on` and judged on `today`."""
    base = product if isinstance(product, UnitFacts) else UnitFacts(product, sold_on)
    facts = replace(base, **(unit or {}))
    claim_facts = replace(ClaimFacts(reported_on), **(claim or {}))
    return evaluate(facts, claim_facts, jurisdiction, today or reported_on)


def remedies(decision: PolicyDecision) -> list[Remedy]:
    """The remedies offered, in the policy's order."""
    return [option.remedy for option in decision.remedies]
