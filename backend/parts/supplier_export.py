"""A claim to a supplier as a CSV file (UTF-8 with a BOM) and as a PDF, in en, ru or ko.

The PDF is written with fpdf2 and the fonts of `backend/documents` (DejaVu for Latin and
Cyrillic, the system CJK font for Hangul, as `backend.documents.pdf.cjk_font` finds it).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from backend.claims.labels import DEFECT_CATEGORIES
from backend.documents.pdf import new_pdf
from backend.i18n import N_
from backend.parts.labels import SUPPLIER_CLAIM_STATE_NAMES
from backend.parts.supplier_claims import SupplierClaimView
from backend.stats.export import csv_bytes
from backend.stats.labels import Formatter

TITLE = N_("Claim to a supplier {number}")
INTRO = N_(
    "During the period below our warranty service diagnosed a manufacturing defect of the "
    "component named here, delivered by you, in the units listed. We ask you to reimburse the "
    "costs of their repair: the parts fitted and the labour."
)
ITEM_HEADER = (
    N_("Claim number"),
    N_("Serial number"),
    N_("Model"),
    N_("Part number"),
    N_("Defect"),
    N_("Filed"),
    N_("Diagnosed"),
    N_("Parts"),
    N_("Labour hours"),
    N_("Labour"),
    N_("Total"),
)
SIGNATURES = (N_("Warranty service manager"), N_("Supplier's representative"))


def _money(fmt: Formatter, amount: Decimal) -> str:
    return fmt.number(float(amount), 2)


def _summary(view: SupplierClaimView, fmt: Formatter) -> list[tuple[str, str]]:
    claim, supplier = view.claim, view.supplier
    contact = ", ".join(part for part in (supplier.contact, supplier.email) if part)
    period = f"{claim.period_from.isoformat()} – {claim.period_to.isoformat()}"
    rate = f"{_money(fmt, claim.labour_rate)} {claim.currency}"
    return [
        (fmt.text(N_("Supplier")), supplier.name),
        (fmt.text(N_("Contact")), contact or "—"),
        (fmt.text(N_("Component")), claim.component),
        (fmt.text(N_("Period")), period),
        (fmt.text(N_("State")), fmt.text(SUPPLIER_CLAIM_STATE_NAMES[claim.state])),
        (fmt.text(N_("Units")), fmt.number(len(view.items))),
        (fmt.text(N_("Labour rate per hour")), rate),
        (fmt.text(N_("Parts")), f"{_money(fmt, view.parts_total)} {claim.currency}"),
        (fmt.text(N_("Labour")), f"{_money(fmt, view.labour_total)} {claim.currency}"),
        (fmt.text(N_("Total claimed")), f"{_money(fmt, view.total)} {claim.currency}"),
    ]


def _item_cells(view: SupplierClaimView, fmt: Formatter) -> list[list[Any]]:
    return [
        [
            item.claim_number,
            item.serial or "—",
            item.model_code,
            item.part_number,
            fmt.text(DEFECT_CATEGORIES.get(item.defect_category, N_("Something else"))),
            item.filed_on,
            item.failed_on,
            item.parts_cost,
            item.labour_hours,
            item.labour_cost,
            item.parts_cost + item.labour_cost,
        ]
        for item in view.items
    ]


def supplier_claim_csv(view: SupplierClaimView, locale: str) -> bytes:
    """The supplier claim as CSV: its summary, then one row per unit."""
    fmt = Formatter(locale)
    rows: list[list[Any]] = [[label, value] for label, value in _summary(view, fmt)]
    rows += [[], [fmt.text(name) for name in ITEM_HEADER], *_item_cells(view, fmt)]
    return csv_bytes([fmt.text(TITLE, number=view.claim.number)], rows)


def _table(
    pdf: FPDF, rows: Sequence[tuple[str, ...]], widths: tuple[int, ...], heading: bool
) -> None:
    pdf.set_font("DejaVu", "", 8)
    style = FontFace(emphasis="BOLD", fill_color=(232, 237, 246))
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=5,
        first_row_as_headings=heading,
        headings_style=style,
    ) as table:
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)


def _signatures(pdf: FPDF, fmt: Formatter) -> None:
    pdf.ln(16)
    y = pdf.get_y()
    width = (pdf.w - pdf.l_margin - pdf.r_margin - 20) / len(SIGNATURES)
    for index, label in enumerate(SIGNATURES):
        x = pdf.l_margin + index * (width + 20)
        pdf.line(x, y, x + width, y)
        pdf.set_xy(x, y + 1)
        pdf.set_font("DejaVu", "", 8)
        pdf.cell(width, 5, fmt.text(label))


def supplier_claim_pdf(view: SupplierClaimView, locale: str, company: str) -> bytes:
    """The supplier claim as a PDF: summary, the units with their costs, signatures."""
    pdf, fmt = new_pdf(landscape=True, margins=(14, 14), cjk_bold=True), Formatter(locale)
    title = fmt.text(TITLE, number=view.claim.number)
    pdf.set_title(title)
    pdf.set_lang(locale)
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9.5)
    pdf.multi_cell(0, 5, f"{company} · {view.claim.created_at.date().isoformat()}")
    pdf.ln(2)
    pdf.multi_cell(0, 5, fmt.text(INTRO), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _table(pdf, _summary(view, fmt), (60, 140), False)
    pdf.ln(4)
    header = tuple(fmt.text(name) for name in ITEM_HEADER)
    cells = [tuple(fmt.cell(_number(value)) for value in row) for row in _item_cells(view, fmt)]
    _table(pdf, [header, *cells], (33, 30, 18, 26, 34, 20, 20, 22, 15, 22, 24), True)
    _signatures(pdf, fmt)
    return bytes(pdf.output())


def _number(value: object) -> object:
    """Decimals as floats, so the formatter writes them the language's way."""
    return float(value) if isinstance(value, Decimal) else value
