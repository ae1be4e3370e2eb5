"""Citations and rule texts in the customer's language: no English article in ru or ko."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from backend.i18n import translator
from backend.warranty import (
    RULE_TEXTS,
    ClaimFacts,
    Jurisdiction,
    ProductFacts,
    UnitFacts,
    evaluate,
    load_rules,
)
from backend.warranty.explain import citation_for, explain_decision, render_rule

ENGLISH_CITATION = re.compile(
    r"\b(Law|art\.|Article|Directive|Decree|Company|Consumer|Standards)\b"
)
ENGLISH_LABEL = re.compile(r"\b(Warranty|Status|Why|You may|Seller|Manufacturer|Refund|Price)\b")
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
    text = "\n".join(explain_decision(decision, locale, "RUB"))
    assert not ENGLISH_CITATION.search(text), text
    assert not ENGLISH_LABEL.search(text), text
    assert all(render_rule(rule, locale, "RUB") in text for rule in decision.rules)


def test_stored_rule_ids_print_as_citations_not_codes() -> None:
    assert (
        citation_for("RU", "ru.repair", "ru")
        == "п. 1 ст. 20 Закона РФ «О защите прав потребителей»"
    )
    assert (
        citation_for("RU", "ru.refund.after_warranty", "ko") == "러시아 「소비자권리보호법」 제22조"
    )
    assert citation_for("RU", "company.paid_repair_quote", "ru") == "правила компании"


def test_legal_terms_in_russian_and_korean_are_the_laws_own() -> None:
    ru = translator("ru").gettext
    assert ru("Free repair") == "Безвозмездное устранение недостатков"
    assert ru("Price reduction") == "Соразмерное уменьшение покупной цены"
    assert ru("Refund") == "Возврат уплаченной за товар суммы"
    for rule_id, text in RULE_TEXTS.items():
        if rule_id.startswith("eu."):
            assert "поставк" not in ru(text), rule_id  # B2B supply, not a consumer's delivery


def test_korean_chat_texts_keep_one_register_and_one_term_per_notion() -> None:
    ko = translator("ko").gettext
    for rule_id, text in RULE_TEXTS.items():
        translated = ko(text)
        assert not re.search(r"(니다|십시오)[.]?$", translated), (rule_id, translated)
    catalog = (Path(__file__).parents[2] / "locales/ko/LC_MESSAGES/messages.po").read_text()
    strings = "\n".join(line for line in catalog.splitlines() if not line.startswith("msgid"))
    for other in ("고장", "결함", "대여품", "구매일", "환불"):  # 하자, 대체품, 구입일, 환급
        assert other not in strings, other
