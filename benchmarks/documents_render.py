"""How long each claim document takes to render, as the page (HTML) and as the PDF, per language.

Usage: python -m benchmarks.documents_render [--runs 5]

Builds one claim with every fact filled (booking, diagnosis, parts, repair end) and times, for
each document and language, the template alone and the whole PDF (template, layout parse,
fpdf2 drawing and font subsetting). Korean pages also read the CJK font.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from backend.claims.documents import KINDS, Letterhead, document_pdf, render_document
from backend.claims.papers import Booking, ClaimPapers, Diagnosis, Paperwork, PartFitted
from benchmarks._common import describe_machine

DAY = date(2026, 12, 4)


def sample_claim() -> ClaimPapers:
    """A repaired claim with every fact the documents print."""
    return ClaimPapers(
        number="WR-2026-000123",
        filed_on=DAY,
        status="ready",
        jurisdiction="RU",
        locale="ru",
        customer_name="Иван Петров",
        customer_phone="+79161234567",
        product="Aqua 700 washing machine",
        model_code="WM-700",
        serial="WM700-0001",
        weight_kg=Decimal("65"),
        defect_category="leak",
        description="Water on the floor after every wash",
        requested_remedy="repair",
        statutory_due_on=DAY + timedelta(days=45),
        due_rule="ru.repair",
        decision="repair",
        paperwork=Paperwork("Full set", "Scratch on the lid", 30, 1, "Lab 1", DAY, "10:00"),
        booking=Booking("TB-000042", "pickup", "Lenina st. 1", DAY, "09:00-13:00", "", "", True),
        diagnosis=Diagnosis("manufacturing_defect", "Pump seal torn", "Anna", DAY),
        received_on=DAY,
        ready_on=DAY + timedelta(days=12),
        work_done="Drain pump replaced",
        parts=(PartFitted("Drain pump", 1),),
    )


def timed(action: Callable[..., object], runs: int, *args: object) -> float:
    """Median milliseconds of `runs` calls of `action(*args)`."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action(*args)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    """Print one table row per document and language."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    papers = sample_claim()
    now = datetime(2026, 12, 4, tzinfo=UTC)
    head = Letterhead("Warranty Service", "Moscow, Servisnaya st. 5", now)
    print(f"# {describe_machine()}, median of {runs} runs")
    print("| document | language | page (HTML) | PDF | PDF size |")
    print("|---|---|---|---|---|")
    for kind in KINDS:
        for locale in ("en", "ru", "ko"):
            html = timed(render_document, runs, papers, kind, locale, head)
            pdf = timed(document_pdf, runs, papers, kind, locale, head)
            size = len(document_pdf(papers, kind, locale, head)) / 1024
            print(f"| {kind} | {locale} | {html:.1f} ms | {pdf:.0f} ms | {size:.0f} KB |")


if __name__ == "__main__":
    main()
