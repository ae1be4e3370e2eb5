"""Every claim document in every language, as the page and as the PDF: no internal code on paper.

Each document is rendered for a claim with every fact filled and for a bare one, in en, ru and
ko; the PDF's text is extracted and must hold no snake_case code, no "None", and in Russian and
Korean no English word except the claim's own data (model code, numbers, the company).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

from backend.claims.documents import KINDS, Letterhead, available_kinds, document_pdf
from backend.claims.documents import render_document as render_html
from backend.claims.papers import Booking, ClaimPapers, Diagnosis, Paperwork, PartFitted
from backend.documents.layout import Heading, Paragraph, Signatures, Table, parse_layout
from tests.support.clock import NOW, TODAY

LOCALES = ("en", "ru", "ko")
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Latin words a Russian or Korean document may hold: the claim's own data, not our wording.
DATA_WORDS = {"WR", "WM", "ACME", "TB", "PDF", "kg"}  # and the unit symbol Korean writes
HEAD = Letterhead("ACME", "Москва, Сервисная ул., 5", NOW)


def bare_claim(jurisdiction: str = "RU", locale: str = "en") -> ClaimPapers:
    """A claim as a web visitor leaves it: no name, phone, date, booking or diagnosis."""
    return ClaimPapers(
        number="WR-2026-000007",
        filed_on=TODAY,
        status="new",
        jurisdiction=jurisdiction,
        locale=locale,
        customer_name="",
        customer_phone="",
        product="Стиральная машина",
        model_code="WM-700",
        serial="",
        weight_kg=None,
        defect_category="other",
        description="",
        requested_remedy="repair",
        statutory_due_on=TODAY + timedelta(days=45),
        due_rule="ru.repair",
    )


def full_claim() -> ClaimPapers:
    """A repaired claim with every fact the documents print."""
    day = TODAY
    return ClaimPapers(
        **{
            **bare_claim().__dict__,
            "status": "ready",
            "customer_name": "Иван Петров",
            "customer_phone": "+79161234567",
            "serial": "WM700-0001",
            "weight_kg": Decimal("62.50"),
            "defect_category": "leak",
            "description": "Течёт снизу",
            "purchase_date": day - timedelta(days=200),
            "purchase_proof": "bank_statement",
            "decision": "repair",
            "paperwork": Paperwork(
                "Полный комплект", "Царапина сбоку", 30, 2, "Лаборатория № 1", day, "10:00"
            ),
            "booking": Booking("TB-000001", "pickup", "ул. Ленина, 1", day, "09:00-13:00"),
            "diagnosis": Diagnosis("manufacturing_defect", "Насос сломан", "Анна", day),
            "received_on": day,
            "examination_sent_on": day,
            "ready_on": day + timedelta(days=19),
            "work_done": "Заменён насос",
            "parts": (PartFitted("Насос", 1),),
        }
    )


def pdf_text(data: bytes) -> str:
    """The text of every page. pypdf reads the CJK font's two-byte codes (a CFF font with its
    own encoding CMap) as one-byte ones and puts a NUL before each Hangul syllable it maps
    through the ToUnicode table, so the NULs are dropped."""
    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(page.extract_text() for page in pages).replace("\x00", "")


def html_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def assert_no_code(text: str, locale: str, where: str) -> None:
    assert not SNAKE_CASE.search(text), (where, SNAKE_CASE.findall(text))
    assert not re.search(r"\bNone\b", text), where
    if locale != "en":
        english = set(LATIN_WORD.findall(text)) - DATA_WORDS
        assert not english, (where, english)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("papers", [full_claim(), bare_claim()], ids=["full", "bare"])
def test_every_document_prints_no_internal_code(papers: ClaimPapers, locale: str) -> None:
    for kind in KINDS:
        where = f"{kind} {locale}"
        html = str(render_html(papers, kind, locale, HEAD))
        assert_no_code(html_text(html), locale, f"{where} html")
        text = pdf_text(document_pdf(papers, kind, locale, HEAD))
        assert_no_code(text, locale, f"{where} pdf")
        assert papers.number in text, where


def test_the_filled_documents_print_what_the_law_and_the_claim_say() -> None:
    papers = full_claim()

    def text(kind: str) -> str:
        return " ".join(pdf_text(document_pdf(papers, kind, "ru", HEAD)).split())

    act = text("act")
    assert "Иван Петров" in act and "ул. Ленина, 1" in act and "Полный комплект" in act
    assert "Царапина сбоку" in act and "30 дней, до" in act
    assert "не может превышать 45 дней (п. 1 ст. 20 Закона РФ" in act
    condition = text("condition")
    assert "Насос сломан" in condition and "Анна" in condition and "производственным" in condition
    notice = text("examination")
    assert "Лаборатория № 1" in notice and "10:00" in notice
    assert "п. 5 ст. 18 Закона РФ «О защите прав потребителей»" in notice
    assert "присутствовать" in notice
    work = text("completion")
    assert "Заменён насос" in work and "Насос" in work
    assert "продлевается на 19 дней" in work and "п. 3 ст. 20" in work
    waybill = text("waybill")
    assert "62,5 кг" in waybill and "Москва, Сервисная ул., 5" in waybill
    assert "TB-000001" in waybill and "ул. Ленина, 1" in waybill and "запрошен" in waybill


def test_korean_documents_draw_hangul() -> None:
    text = pdf_text(document_pdf(full_claim(), "act", "ko", HEAD))
    assert "제품 인수 확인서" in text and "고객" in text and "서면 합의 수리 기간" in text


def test_the_extension_and_the_statutory_term_cap_are_russian_law_only() -> None:
    korean = ClaimPapers(**{**full_claim().__dict__, "jurisdiction": "KR"})
    work = pdf_text(document_pdf(korean, "completion", "en", HEAD))
    act = pdf_text(document_pdf(korean, "act", "en", HEAD))
    assert "extended" not in work and "2300-1" not in act and "30 days, until" in act


def test_the_stage_decides_which_documents_are_offered() -> None:
    assert available_kinds(bare_claim()) == ["act"]
    assert available_kinds(full_claim()) == [
        "act",
        "waybill",
        "condition",
        "examination",
        "completion",
    ]


def test_the_layout_reads_back_as_the_blocks_the_pdf_draws() -> None:
    html = (
        "<h1>Act</h1><p class='sub'>ACME &amp; Co</p><table class='fields'><tr><th>A</th>"
        "<td>one<br>two</td></tr><tr><th>B</th><td></td></tr></table>"
        "<div class='sign'><div>Customer</div> <div>Service</div></div>"
    )
    assert parse_layout(html) == [
        Heading(1, "Act"),
        Paragraph("ACME & Co", "sub"),
        Table("fields", [["A", "one\ntwo"], ["B", ""]]),
        Signatures(["Customer", "Service"]),
    ]


def test_the_letterhead_date_is_the_day_of_its_time() -> None:
    assert Letterhead("x", "", datetime(2026, 1, 2, 23, 0, tzinfo=UTC)).today.day == 2
