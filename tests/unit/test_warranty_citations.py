"""Citations and rule texts in the customer's language: no English article in ru or ko."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from backend.i18n import translator
from backend.warranty import ClaimFacts, Jurisdiction, ProductFacts, UnitFacts, evaluate, load_rules
from backend.warranty.explain import citation_for, explain_decision, render_rule

ENGLISH_CITATION = re.compile(
    r"\b(Law|art\.|Article|Directive|Decree|Company|Consumer|Standards)\b"
)
LOCALES = ("ru", "ko")


@pytest.mark.parametrize("jurisdiction", list(Jurisdiction))
@pytest.mark.parametrize("locale", LOCALES)
def test_every_rule_has_a_citation_in_the_language_without_english(
    jurisdiction: Jurisdiction, locale: str
) -> None:
    rules = load_rules(jurisdiction)
    gettext = translator(locale).gettext
    for rule_id in rules.specs:
        rule = rules.rule(rule_id)
        assert locale in rule.citations, rule_id
        assert not ENGLISH_CITATION.search(rule.citation(locale)), (rule_id, rule.citation(locale))
        assert not ENGLISH_CITATION.search(gettext(rule.text)), (rule_id, gettext(rule.text))


def test_russian_citations_name_the_law_as_russian_lawyers_do() -> None:
    rule = load_rules("RU").rule("ru.after_warranty_substantial")
    assert rule.citation("ru") == (
        "п. 6 ст. 19, п. 6 ст. 29 Закона РФ «О защите прав потребителей»"
    )
    assert (
        load_rules("KR")
        .rule("kr.early_refund")
        .citation("ko")
        .startswith("「소비자분쟁해결기준」 별표")
    )


@pytest.mark.parametrize("jurisdiction", list(Jurisdiction))
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("reported_on", [date(2024, 3, 5), date(2025, 6, 1), date(2027, 6, 1)])
def test_a_whole_answer_carries_no_english_citation(
    jurisdiction: Jurisdiction, locale: str, reported_on: date
) -> None:
    product = ProductFacts("TV-1", "tv", 36, Decimal("12"), False, True, False, Decimal("50000"))
    unit = UnitFacts(product, date(2024, 3, 1))
    decision = evaluate(unit, ClaimFacts(reported_on), jurisdiction, reported_on)
    text = "\n".join(explain_decision(decision, locale))
    assert not ENGLISH_CITATION.search(text), text
    assert all(render_rule(rule, locale) in text for rule in decision.rules)


def test_stored_rule_ids_print_as_citations_not_codes() -> None:
    assert (
        citation_for("RU", "ru.repair", "ru")
        == "п. 1 ст. 20 Закона РФ «О защите прав потребителей»"
    )
    assert (
        citation_for("RU", "ru.refund.after_warranty", "ko") == "러시아 「소비자권리보호법」 제22조"
    )
    assert citation_for("RU", "company.paid_repair_quote", "ru") == "правила компании"
