"""The claim's documents: which exist at its stage, and each one as layout HTML or PDF.

Every document is one template in `backend/documents/templates/`; this module gives it the
claim's facts (`backend.claims.papers`), the names of stored codes in the document's language
and the legal lines that apply, so no code, English word or empty value reaches the paper.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from markupsafe import Markup

from backend.claims.labels import (
    BOOKING_NAMES,
    DECISION_NAMES,
    DEFECT_CATEGORIES,
    DIAGNOSIS_NAMES,
    PURCHASE_PROOFS,
)
from backend.claims.papers import ClaimPapers
from backend.documents.render import layout_to_pdf, local_date, render_layout
from backend.i18n import N_, gettext_for, ngettext_for
from backend.warranty.explain import REMEDY_LABELS, citation_for, deadline_label
from backend.warranty.rules import load_rules


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: its title and its template."""

    title: str
    template: str


KINDS: dict[str, DocumentKind] = {
    "act": DocumentKind(N_("Claim acceptance act"), "acceptance.html"),
    "condition": DocumentKind(N_("Technical condition act"), "condition.html"),
    "examination": DocumentKind(N_("Notice of an independent examination"), "examination.html"),
    "completion": DocumentKind(N_("Completed work act"), "completion.html"),
    "waybill": DocumentKind(N_("Transport waybill"), "waybill.html"),
}
TITLES = {kind: document.title for kind, document in KINDS.items()}
NAMES: dict[str, dict[str, str]] = {
    "defect": DEFECT_CATEGORIES,
    "proof": PURCHASE_PROOFS,
    "remedy": REMEDY_LABELS,
    "diagnosis": DIAGNOSIS_NAMES,
    "decision": DECISION_NAMES,
    "booking": BOOKING_NAMES,
}
CONCLUSIONS = {
    "manufacturing_defect": N_(
        "The defect is a manufacturing defect. It arose before the item was handed over to the "
        "customer and is covered by the warranty."
    ),
    "misuse": N_(
        "The defect arose from a breach of the rules of use, storage or transport of the item. "
        "It is not covered by the warranty."
    ),
    "no_fault_found": N_(
        "The stated defect was not confirmed: the item works as its specification says."
    ),
}
EXAMINATION_ARTICLE = N_("Law 2300-1 art. 18 p.5")


def available_kinds(papers: ClaimPapers) -> list[str]:
    """The documents the claim's stage calls for, in the order the work produces them."""
    kinds = ["act"]
    if papers.booking is not None:
        kinds.append("waybill")
    if papers.diagnosis is not None:
        kinds.append("condition")
    if papers.examination_sent_on is not None or papers.status == "examination":
        kinds.append("examination")
    if papers.ready_on is not None and papers.decision == "repair":
        kinds.append("completion")
    return kinds


def _agreed_term(papers: ClaimPapers, locale: str) -> tuple[str, str]:
    """The repair term agreed in writing and, in Russia, its statutory limit (art. 20 p.1)."""
    days = papers.paperwork.agreed_repair_days
    term = ""
    if days:
        until = papers.filed_on.toordinal() + days
        term = ngettext_for(
            locale,
            "{n} day, until {date}",
            "{n} days, until {date}",
            days,
            date=local_date(date.fromordinal(until), locale),
        )
    if papers.jurisdiction != "RU":
        return term, ""
    rule = load_rules("RU").rule("ru.repair")
    note = ngettext_for(
        locale,
        "A repair term agreed in writing may not be longer than {n} day ({article}).",
        "A repair term agreed in writing may not be longer than {n} days ({article}).",
        int(rule.params["days"]),
        article=rule.citation(locale),
    )
    return term, note


def days_out_of_use(papers: ClaimPapers) -> int:
    """Days from the customer's demand to the repaired item being ready (RU art. 20 p.3)."""
    if papers.ready_on is None:
        return 0
    return max(0, (papers.ready_on - papers.filed_on).days)


def _extension(papers: ClaimPapers, locale: str) -> str:
    days = days_out_of_use(papers)
    if papers.jurisdiction != "RU" or papers.decision != "repair" or days == 0:
        return ""
    rule = load_rules("RU").rule("ru.repair_days_extension")
    return ngettext_for(
        locale,
        "The warranty period is extended by {n} day, the time the item was out of use while "
        "under repair ({article}).",
        "The warranty period is extended by {n} days, the time the item was out of use while "
        "under repair ({article}).",
        days,
        article=rule.citation(locale),
    )


def law_lines(papers: ClaimPapers, locale: str) -> dict[str, str]:
    """The legal lines the documents print, in `locale`."""
    agreed_term, agreed_note = _agreed_term(papers, locale)
    examination = gettext_for(locale, EXAMINATION_ARTICLE) if papers.jurisdiction == "RU" else ""
    return {
        "due_label": deadline_label(papers.jurisdiction, papers.due_rule, locale),
        "due_citation": citation_for(papers.jurisdiction, papers.due_rule, locale),
        "agreed_term": agreed_term,
        "agreed_note": agreed_note,
        "extension": _extension(papers, locale),
        "examination_article": examination,
        "conclusion": gettext_for(locale, CONCLUSIONS[papers.diagnosis.result])
        if papers.diagnosis and papers.diagnosis.result in CONCLUSIONS
        else "",
    }


def weight_text(weight: Decimal | None, locale: str) -> str:
    """`12.5 kg` in `locale`; nothing when the catalog does not know the weight."""
    if weight is None or weight <= 0:
        return ""
    number = format_decimal(weight.normalize(), format="#,##0.##", locale=locale)
    return gettext_for(locale, N_("{weight} kg"), weight=number)


@dataclass(frozen=True)
class Letterhead:
    """Who issues the documents and where the service takes items in."""

    company: str
    service_address: str
    now: datetime

    @property
    def today(self) -> date:
        """The day the documents are drawn up."""
        return self.now.date()


def render_document(papers: ClaimPapers, kind: str, locale: str, letterhead: Letterhead) -> Markup:
    """The layout HTML of one document of the claim, in `locale`."""

    def named(table: str, code: str) -> str:
        names = NAMES[table]
        return gettext_for(locale, names[code]) if code in names else ""

    context: dict[str, Any] = {
        "p": papers,
        "title": gettext_for(locale, KINDS[kind].title),
        "head": letterhead,
        "named": named,
        "law": law_lines(papers, locale),
        "weight": weight_text(papers.weight_kg, locale),
        "days_out_of_use": days_out_of_use(papers),
    }
    return render_layout(KINDS[kind].template, locale, **context)


def document_pdf(papers: ClaimPapers, kind: str, locale: str, letterhead: Letterhead) -> bytes:
    """One document of the claim as a PDF in `locale`."""
    return layout_to_pdf(str(render_document(papers, kind, locale, letterhead)))


def document_filename(papers: ClaimPapers, kind: str) -> str:
    """The file name a document is downloaded or sent under."""
    return f"{papers.number}-{kind}.pdf"


def store_claim_pdf(pdf: bytes, media_dir: Path, number: str, kind: str) -> Path:
    """Write a generated document under MEDIA_DIR/documents with a random name."""
    folder = media_dir / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{number}-{kind}-{secrets.token_hex(8)}.pdf"
    path.write_bytes(pdf)
    return path
