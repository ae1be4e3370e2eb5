"""The answer to a written claim: facts, decision, articles, amounts and the penalty, as page
text and as PDF text, in the customer's language and without any internal code."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from backend.documents.pdf import cjk_font
from backend.written_claims.letter import LetterFacts, build_letter, statutory_deadline
from backend.written_claims.service import render_letter_pdf

FACTS = LetterFacts(
    claim_number="WR-2026-000042",
    customer_name="Irina Petrova",
    product="Aqua 700 washing machine",
    model_code="WM-700",
    serial="WM700-0002",
    purchase_date=date(2025, 2, 14),
    received_on=date(2026, 11, 1),
    due_on=date(2026, 11, 11),
    due_rule="ru.refund",
    answered_on=date(2026, 11, 14),  # 3 days late
    demand="refund",
    decision="granted",
    answer_text="",
    jurisdiction="RU",
    price=Decimal("43990"),
    refund_amount=None,
    currency="RUB",
)
INTERNAL = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(ru|eu|kr)\.[a-z]")  # snake_case codes, rule ids

EXPECTED = {
    "en": [
        "WM700-0002",
        "Irina Petrova",
        "Your demand is granted.",
        "Amount to be paid to you: RUB\xa043,990.00",
        "missed by 3 days",
        "RUB\xa0439.90 a day, RUB\xa01,319.70 for 3 days (Law 2300-1 art. 23 p.1)",
        "Law 2300-1 art. 18 p.1; Law 2300-1 art. 22",
    ],
    "ru": [
        "WM700-0002",
        "Ваше требование удовлетворено.",
        "43\xa0990,00\xa0₽",
        "1\xa0319,70\xa0₽",
        "п. 1 ст. 23 Закона РФ «О защите прав потребителей»",
        "ст. 22 Закона РФ «О защите прав потребителей»",
        "п. 1 ст. 18 Закона РФ «О защите прав потребителей»",
    ],
    "ko": [
        "WM700-0002",
        "RUB\xa01,319.70",
        "러시아 「소비자권리보호법」 제23조 제1항",
        "러시아 「소비자권리보호법」 제22조",
    ],
}


def _text(letter) -> str:
    return "\n".join([letter.title, *(f"{a} {b}" for a, b in letter.facts), *letter.paragraphs])


def _pdf_text(pdf: bytes) -> str:
    """The PDF's text; pypdf reads the CJK fallback font's glyphs as two bytes (NUL first)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(page.extract_text() for page in pages).replace("\x00", "")


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
def test_the_letter_names_the_articles_and_the_penalty(locale: str) -> None:
    letter = build_letter(FACTS, locale, "Warranty Service")
    text = _text(letter)
    for expected in EXPECTED[locale]:
        assert expected in text, (locale, expected)
    assert not INTERNAL.search(text.replace("WM700-0002", "")), INTERNAL.search(text)
    if locale != "en":
        assert not re.search(r"\b(refund|granted|demand|Law|art\.)\b", text)


@pytest.mark.parametrize("locale", ["en", "ru", "ko"])
def test_the_letter_pdf_says_the_same(locale: str) -> None:
    if locale == "ko" and cjk_font() is None:
        pytest.skip("no CJK font on this machine (PDF_CJK_FONT)")
    pdf = render_letter_pdf(build_letter(FACTS, locale, "Warranty Service"))
    text = re.sub(r"\s+", " ", _pdf_text(pdf))
    for expected in EXPECTED[locale]:
        assert re.sub(r"\s+", " ", expected) in text, (locale, expected)


def test_an_answer_in_time_names_no_penalty() -> None:
    letter = build_letter(replace(FACTS, answered_on=date(2026, 11, 11)), "en", "Service")
    assert "missed" not in _text(letter)
    assert "penalty" not in _text(letter)


def test_a_missed_repair_deadline_of_the_claim_is_counted_too() -> None:
    facts = replace(
        FACTS,
        demand="penalty",
        due_rule="ru.written_damages",
        answered_on=date(2026, 11, 10),
        claim_due_on=date(2026, 10, 20),
        claim_done_on=date(2026, 10, 30),
    )
    text = _text(build_letter(facts, "en", "Service"))
    assert "The deadline for your claim was Oct 20, 2026; it was missed by 10 days." in text
    assert "RUB\xa04,399.00 for 10 days" in text
    assert "answer your written claim" not in text  # answered in time


def test_eu_letter_owes_no_statutory_penalty_and_says_company_policy() -> None:
    facts = replace(FACTS, jurisdiction="EU", due_rule="eu.written_answer")
    text = _text(build_letter(facts, "en", "Service"))
    assert "We apologise for the delay." in text
    assert "Legal basis: Directive 2019/771 art. 13(4); Company policy" in text
    assert "art. 23" not in text


@pytest.mark.parametrize(
    ("jurisdiction", "rule_id", "statutory"),
    [
        ("RU", "ru.repair", True),
        ("RU", "ru.refund.after_warranty", True),
        ("RU", "ru.repair_substantial", True),
        ("RU", "company.paid_repair_quote", False),  # a paid repair's date is no statutory term
        ("EU", "eu.refund_period", False),
        ("KR", "kr.repair_service_level", False),
    ],
)
def test_only_a_statutory_deadline_of_the_claim_can_cost_a_penalty(
    jurisdiction: str, rule_id: str, statutory: bool
) -> None:
    assert statutory_deadline(jurisdiction, rule_id) is statutory


def test_kr_letter_in_korean_cites_the_standards_and_the_company_period() -> None:
    facts = replace(FACTS, jurisdiction="KR", due_rule="kr.written_answer", demand="replace")
    text = _text(build_letter(facts, "ko", "서비스"))
    assert "「소비자분쟁해결기준」 별표" in text
    assert "회사 방침(기준에 서면 청구 회신 기한 규정 없음)" in text
    assert "지연된 점 사과드립니다." in text
    assert not INTERNAL.search(text.replace("WM700-0002", ""))
