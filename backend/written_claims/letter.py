"""The answer to a written claim, in the customer's language: facts, decision, articles, amounts.

Built from plain facts (`LetterFacts`) by pure functions, so the console page, the PDF and the
tests read the same words. Only labels and sentences reach the letter: never a status code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.i18n import N_, gettext_for, ngettext_for
from backend.warranty.amounts import penalty_owed
from backend.warranty.explain import citation_for, local_date, money
from backend.warranty.rules import load_rules
from backend.warranty.texts import AFTER_WARRANTY_SUFFIX
from backend.warranty.written import Demand, days_overdue
from backend.written_claims.models import AnswerDecision

DEMAND_LABELS: dict[str, str] = {
    Demand.REPAIR: N_("repair of the item free of charge"),
    Demand.REPLACE: N_("replacement of the item"),
    Demand.REFUND: N_("refund of the price paid"),
    Demand.PRICE_REDUCTION: N_("a reduction of the price"),
    Demand.PENALTY: N_("a penalty or damages for a missed deadline"),
}
DECISION_SENTENCES: dict[str, str] = {
    AnswerDecision.GRANTED: N_("Your demand is granted."),
    AnswerDecision.PARTLY: N_("Your demand is granted in part."),
    AnswerDecision.REFUSED: N_("Your demand is refused."),
}
# The rule that gives the remedy demanded (the deadline's rule is cited beside it).
_BASIS_RULES: dict[tuple[str, str], str] = {
    **{("RU", d): "ru.any_defect" for d in ("repair", "replace", "refund", "price_reduction")},
    ("EU", "repair"): "eu.repair_or_replacement",
    ("EU", "replace"): "eu.repair_or_replacement",
    ("EU", "refund"): "eu.reduction_or_termination",
    ("EU", "price_reduction"): "eu.reduction_or_termination",
    ("KR", "repair"): "kr.free_repair",
    ("KR", "replace"): "kr.exchange_first",
    ("KR", "refund"): "kr.exchange_first",
}


@dataclass(frozen=True)
class LetterFacts:
    """Everything the answer letter states about the claim and the written claim."""

    claim_number: str
    customer_name: str
    product: str
    model_code: str
    serial: str
    purchase_date: date | None
    received_on: date
    due_on: date
    due_rule: str
    answered_on: date
    demand: str
    decision: str
    answer_text: str
    jurisdiction: str
    price: Decimal | None
    refund_amount: Decimal | None
    currency: str  # ISO 4217: the price, the refund and the penalty are in it
    claim_due_on: date | None = None  # the claim's own statutory deadline
    claim_done_on: date | None = None  # when the claim was resolved (None: still open)


@dataclass(frozen=True)
class AnswerLetter:
    """The letter ready to print: title, company line, facts and paragraphs."""

    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    paragraphs: list[str]
    signature: str


def statutory_deadline(jurisdiction: str, rule_id: str) -> bool:
    """Tell whether a stored deadline rule is the law's (a penalty may follow) rather than the
    company's own (a paid repair quote, a service level)."""
    try:
        rules = load_rules(jurisdiction)
    except ValueError:
        return False
    spec = rules.specs.get(rule_id.removesuffix(AFTER_WARRANTY_SUFFIX))
    return spec is not None and not spec.company_policy


ANY_REMEDY = N_("a remedy for the defect")  # apart: Babel misses a message nested in a call


def demand_label(demand: str, locale: str) -> str:
    """What the customer demanded, in `locale`."""
    return gettext_for(locale, DEMAND_LABELS.get(demand, ANY_REMEDY))


def letter_facts_rows(facts: LetterFacts, locale: str) -> list[tuple[str, str]]:
    """The labelled facts at the head of the letter."""

    def t(message: str) -> str:
        return gettext_for(locale, message)

    rows = [
        (t(N_("Customer")), facts.customer_name or "—"),
        (t(N_("Item")), f"{facts.product} ({facts.model_code})"),
        (t(N_("Serial number")), facts.serial or "—"),
    ]
    if facts.purchase_date:
        rows.append((t(N_("Purchase date")), local_date(facts.purchase_date, locale)))
    rows += [
        (t(N_("Written claim received")), local_date(facts.received_on, locale)),
        (t(N_("Answer due by")), local_date(facts.due_on, locale)),
        (t(N_("Answered on")), local_date(facts.answered_on, locale)),
    ]
    return rows


def _amount_lines(facts: LetterFacts, locale: str) -> list[str]:
    lines = []
    if facts.price is not None:
        lines.append(
            gettext_for(
                locale,
                N_("Price paid: {amount}."),
                amount=money(facts.price, locale, facts.currency),
            )
        )
    refund = facts.refund_amount
    if refund is None and facts.decision != AnswerDecision.REFUSED and facts.demand == "refund":
        refund = facts.price
    if refund is not None and facts.decision != AnswerDecision.REFUSED:
        lines.append(
            gettext_for(
                locale,
                N_("Amount to be paid to you: {amount}."),
                amount=money(refund, locale, facts.currency),
            )
        )
    return lines


def penalty_amount(facts: LetterFacts, due_on: date, done_on: date, locale: str) -> str:
    """The art. 23 penalty for the deadline `due_on` missed up to `done_on`, where the law sets
    one and the price is known; otherwise an apology."""
    penalty = penalty_owed(facts.jurisdiction, facts.price, due_on, done_on)
    if penalty is None:
        return gettext_for(locale, N_("We apologise for the delay."))
    return ngettext_for(
        locale,
        "The penalty is {percent}% of the price for each day of delay: {per_day} a day,"
        " {total} for {n} day ({citation}).",
        "The penalty is {percent}% of the price for each day of delay: {per_day} a day,"
        " {total} for {n} days ({citation}).",
        penalty.days_late,
        percent=penalty.rule.params["percent"],
        per_day=money(penalty.per_day, locale, facts.currency),
        total=money(penalty.total, locale, facts.currency),
        citation=penalty.rule.citation(locale),
    )


def penalty_lines(facts: LetterFacts, locale: str) -> list[str]:
    """Lines for each missed deadline, the claim's own and the answer's, with the penalty."""
    lines = []
    if facts.claim_due_on is not None:
        done_on = facts.claim_done_on or facts.answered_on
        late = days_overdue(facts.claim_due_on, done_on)
        if late:
            missed = ngettext_for(
                locale,
                "The deadline for your claim was {due}; it was missed by {n} day.",
                "The deadline for your claim was {due}; it was missed by {n} days.",
                late,
                due=local_date(facts.claim_due_on, locale),
            )
            lines.append(f"{missed} {penalty_amount(facts, facts.claim_due_on, done_on, locale)}")
    late = days_overdue(facts.due_on, facts.answered_on)
    if late:
        missed = ngettext_for(
            locale,
            "The deadline to answer your written claim was {due}; it was missed by {n} day.",
            "The deadline to answer your written claim was {due}; it was missed by {n} days.",
            late,
            due=local_date(facts.due_on, locale),
        )
        lines.append(f"{missed} {penalty_amount(facts, facts.due_on, facts.answered_on, locale)}")
    return lines


def legal_basis(facts: LetterFacts, locale: str) -> str:
    """The articles the answer rests on, as `locale` writes them."""
    citations = [citation_for(facts.jurisdiction, facts.due_rule, locale)]
    basis = _BASIS_RULES.get((facts.jurisdiction, facts.demand))
    if basis is not None:
        citations.insert(0, load_rules(facts.jurisdiction).rule(basis).citation(locale))
    return gettext_for(locale, N_("Legal basis: {articles}."), articles="; ".join(citations))


def build_letter(facts: LetterFacts, locale: str, company: str) -> AnswerLetter:
    """The whole answer letter in `locale`."""
    opening = gettext_for(
        locale,
        N_(
            "We have considered your written claim of {received} about {product}, serial"
            " number {serial}, in which you demand {demand}."
        ),
        received=local_date(facts.received_on, locale),
        product=facts.product,
        serial=facts.serial or "—",
        demand=demand_label(facts.demand, locale),
    )
    paragraphs = [opening]
    if facts.decision in DECISION_SENTENCES:  # a preview before the answer has none yet
        paragraphs.append(gettext_for(locale, DECISION_SENTENCES[facts.decision]))
    if facts.answer_text.strip():
        paragraphs.append(facts.answer_text.strip())
    paragraphs += [*_amount_lines(facts, locale), *penalty_lines(facts, locale)]
    paragraphs.append(legal_basis(facts, locale))
    title = gettext_for(
        locale, N_("Answer to your written claim (claim {number})"), number=facts.claim_number
    )
    return AnswerLetter(
        title=title,
        subtitle=f"{company} · {local_date(facts.answered_on, locale)}",
        facts=letter_facts_rows(facts, locale),
        paragraphs=paragraphs,
        signature=gettext_for(
            locale, N_("Yours faithfully, the service team of {company}"), company=company
        ),
    )
