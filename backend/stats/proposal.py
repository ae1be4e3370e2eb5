"""The proposal to production for a model with systematic defects: one CSV file, one PDF page.

The PDF uses the DejaVu fonts shipped in `backend/documents/fonts` (Latin and Cyrillic) and, for
Korean, the system CJK font that `backend.documents.pdf.cjk_font` finds (`PDF_CJK_FONT` or a
Noto CJK / Nanum font); without one, Hangul cannot be drawn and the CSV is the fallback.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from backend.claims.labels import DEFECT_CATEGORIES
from backend.documents.pdf import new_pdf
from backend.i18n import N_
from backend.stats.defects import Proposal
from backend.stats.labels import Formatter

TITLE = N_("Proposal to production")
ADVICE = N_(
    "Claims for this model are well above its own history or its category. Proposal: reduce "
    "the output of the model or suspend it until the cause of the main defect ({defect}) is "
    "found and fixed, check the affected batches, and prepare a recall campaign if the "
    "examination confirms a manufacturing defect."
)
SIGNATURES = (N_("Warranty service manager"), N_("Head of production"))


def _summary(data: Proposal) -> list[tuple[str, Any]]:
    """Label msgids and raw values of the proposal's summary."""
    rate = data.rate
    return [
        (N_("Model"), rate.product.model_code),
        (N_("Product"), rate.product.name),
        (N_("Category"), rate.product.category),
        (N_("Warning window"), f"{data.window_from} – {data.window_to}"),
        (N_("Units sold"), rate.units),
        (N_("Claims in the window"), rate.window_claims),
        (N_("Claims per 1,000 units"), _round(rate.rate)),
        (N_("Own history"), _round(rate.history_rate)),
        (N_("Category peers"), _round(rate.category_rate)),
        (N_("Warning threshold"), _round(rate.threshold)),
        (N_("Times the baseline"), _round(rate.ratio)),
    ]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def proposal_table(data: Proposal, locale: str) -> tuple[list[str], list[list[Any]]]:
    """The proposal as CSV rows: summary, trend per window, defect breakdown."""
    fmt = Formatter(locale)
    rows: list[list[Any]] = [[fmt.text(label), value] for label, value in _summary(data)[1:]]
    trend_header = (N_("From"), N_("To"), N_("Claims"), N_("Claims per 1,000 units"))
    rows += [[], [fmt.text(m) for m in trend_header]]
    rows += [[start, end, n, _round(r)] for start, end, n, r in data.trend]
    rows += [[], [fmt.text(m) for m in (N_("Defect category"), N_("Claims"), N_("Share"))]]
    total = sum(n for _, n in data.defects) or 1
    rows += [
        [fmt.text(DEFECT_CATEGORIES.get(c, c)), n, round(n / total, 4)] for c, n in data.defects
    ]
    return [fmt.text(TITLE), data.rate.product.model_code], rows


def _document() -> FPDF:
    pdf = new_pdf(margins=(18, 16), cjk_bold=True)
    pdf.set_auto_page_break(False)  # one page, laid out by hand
    return pdf


def _table(
    pdf: FPDF, rows: Sequence[tuple[str, ...]], widths: tuple[int, ...], bold_first: bool
) -> None:
    pdf.set_font("DejaVu", "", 9)
    pdf.set_fill_color(255, 255, 255)
    heading = FontFace(emphasis="BOLD", fill_color=(232, 237, 246))
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=5.2,
        first_row_as_headings=bold_first,
        headings_style=heading,
    ) as table:
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)


def _trend_chart(pdf: FPDF, data: Proposal, fmt: Formatter) -> None:
    """Bars of the claim rate per window, the last (warning) window darker."""
    rates = [r or 0.0 for *_, r in data.trend]
    top, height, width = pdf.get_y() + 2, 32.0, (pdf.w - pdf.l_margin - pdf.r_margin) / len(rates)
    largest = max(rates) or 1.0
    pdf.set_font("DejaVu", "", 7)
    for index, ((start, _end, _n, _r), value) in enumerate(zip(data.trend, rates, strict=True)):
        bar = height * value / largest
        x = pdf.l_margin + index * width
        shade = 60 if index == len(rates) - 1 else 170
        pdf.set_fill_color(shade, shade + 20, 230)
        pdf.rect(x + 2, top + height - bar, width - 4, bar, style="F")
        pdf.set_xy(x, top + height - bar - 4)
        pdf.cell(width, 4, fmt.number(value, 1), align="C")
        pdf.set_xy(x, top + height + 0.5)
        pdf.cell(width, 4, start.isoformat(), align="C")
    pdf.set_y(top + height + 6)


def _heading(pdf: FPDF, text: str, size: int = 11) -> None:
    pdf.set_font("DejaVu", "B", size)
    pdf.multi_cell(0, size * 0.6 + 1, text, new_x="LMARGIN", new_y="NEXT")


def _defects(pdf: FPDF, data: Proposal, fmt: Formatter) -> None:
    total = sum(n for _, n in data.defects) or 1
    header = tuple(fmt.text(m) for m in (N_("Defect category"), N_("Claims"), N_("Share")))
    lines = [
        (fmt.text(DEFECT_CATEGORIES.get(c, c)), fmt.number(n), fmt.share(n / total))
        for c, n in data.defects[:8]
    ]
    _table(pdf, [header, *lines], (80, 30, 30), True)


def _advice(pdf: FPDF, data: Proposal, fmt: Formatter) -> None:
    main = data.defects[0][0] if data.defects else "other"
    pdf.set_font("DejaVu", "", 10)
    text = fmt.text(ADVICE, defect=fmt.text(DEFECT_CATEGORIES.get(main, main)))
    pdf.multi_cell(0, 5.5, text, align="L", new_x="LMARGIN", new_y="NEXT")


def proposal_pdf(data: Proposal, locale: str) -> bytes:
    """The proposal on one A4 page (its title, with the model code, also in the metadata)."""
    pdf, fmt = _document(), Formatter(locale)
    title = f"{fmt.text(TITLE)}: {data.rate.product.model_code}"
    pdf.set_title(title)
    pdf.set_subject(data.rate.product.model_code)
    pdf.set_lang(locale)
    _heading(pdf, title, 15)
    pdf.ln(2)
    summary = [(fmt.text(label), fmt.cell(value)) for label, value in _summary(data)]
    _table(pdf, summary, (45, 90), False)
    pdf.ln(3)
    _heading(pdf, fmt.text(N_("Claims per 1,000 units by window")))
    _trend_chart(pdf, data, fmt)
    _heading(pdf, fmt.text(N_("Defect breakdown in the warning window")))
    _defects(pdf, data, fmt)
    pdf.ln(4)
    _advice(pdf, data, fmt)
    _signatures(pdf, fmt)
    return bytes(pdf.output())


def _signatures(pdf: FPDF, fmt: Formatter) -> None:
    y = pdf.h - 32
    width = (pdf.w - pdf.l_margin - pdf.r_margin - 10) / len(SIGNATURES)
    for index, label in enumerate(SIGNATURES):
        x = pdf.l_margin + index * (width + 10)
        pdf.line(x, y, x + width, y)
        pdf.set_xy(x, y + 1)
        pdf.set_font("DejaVu", "", 8)
        pdf.cell(width, 5, fmt.text(label))
