"""The warranty policy: facts about a unit and a claim in, the law's answer out.

Pure functions; the only I/O is the one-time load of the packaged rule data.
The status is judged on the claim date (`ClaimFacts.reported_on`), because a
claim presented in time keeps its rights however long staff take to look at
it; `today` only decides events after the claim (the KR one-month repair rule).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from backend.warranty import policy_eu, policy_kr, policy_ru
from backend.warranty.rules import JurisdictionRules, load_rules
from backend.warranty.types import ClaimFacts, Jurisdiction, PolicyDecision, Remedy, UnitFacts

Decider = Callable[[UnitFacts, ClaimFacts, JurisdictionRules, date], PolicyDecision]

_DECIDERS: Mapping[Jurisdiction, Decider] = {
    Jurisdiction.RU: policy_ru.decide,
    Jurisdiction.EU: policy_eu.decide,
    Jurisdiction.KR: policy_kr.decide,
}


def evaluate(
    unit: UnitFacts, claim: ClaimFacts, jurisdiction: Jurisdiction | str, today: date
) -> PolicyDecision:
    """Return what the jurisdiction's law gives the customer for this claim."""
    rules = load_rules(jurisdiction)
    return _DECIDERS[rules.jurisdiction](unit, claim, rules, today)


def statutory_due_date(decision: PolicyDecision, remedy: Remedy) -> date:
    """Return the due date of the chosen remedy; ValueError if it is not available."""
    option = decision.remedy(Remedy(remedy))
    if option is None:
        available = ", ".join(o.remedy.value for o in decision.remedies) or "none"
        raise ValueError(f"remedy {remedy!s} is not available (available: {available})")
    return option.due_on
