"""Warranty policy: consumer-law rules of RU, the EU and KR as data plus pure functions.

`evaluate(unit, claim, jurisdiction, today)` returns a `PolicyDecision` that
names every rule (id, article, English msgid) behind it. The numbers live in
`rules/<code>.toml`, the words in `texts.py`.

Choices the law leaves open, made here:
- the status is judged on the claim date (`reported_on`); `today` only decides
  events after the claim (the KR one-month repair rule);
- day windows count from the day after the event: "within 15 days" of a
  handover on March 1 includes March 16; the warranty end date is covered;
- with neither handover nor manufacture date known, the claim date stands in as
  the start under an "unproven start" rule, and the status is still computed;
- early windows (RU 15 days for technically complex goods, KR 10 days / 1 month)
  need a known handover date (`sold_on`);
- rule params hold dates as ISO strings (YYYY-MM-DD) for the display layer.
"""

from __future__ import annotations

from backend.warranty.dates import months_after
from backend.warranty.policy import evaluate, statutory_due_date
from backend.warranty.rules import JurisdictionRules, RuleSpec, load_rules
from backend.warranty.texts import RULE_TEXTS
from backend.warranty.types import (
    ClaimFacts,
    Jurisdiction,
    LoanerDecision,
    PolicyDecision,
    ProductFacts,
    Remedy,
    RemedyOption,
    Rule,
    TransportDecision,
    UnitFacts,
    WarrantyStatus,
)

__all__ = [
    "RULE_TEXTS",
    "ClaimFacts",
    "Jurisdiction",
    "JurisdictionRules",
    "LoanerDecision",
    "PolicyDecision",
    "ProductFacts",
    "Remedy",
    "RemedyOption",
    "Rule",
    "RuleSpec",
    "TransportDecision",
    "UnitFacts",
    "WarrantyStatus",
    "evaluate",
    "load_rules",
    "months_after",
    "statutory_due_date",
]
