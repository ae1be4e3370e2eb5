"""A small PDF writer for one-page documents: a title, labelled rows and signature lines.

Latin and Cyrillic come from the DejaVu fonts shipped beside this module. Hangul needs a CJK
font: `PDF_CJK_FONT` or a Noto CJK / Nanum font of the system is used as a fallback font when
one exists; without it Korean characters cannot be drawn and the HTML version should be used.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF

from backend.config import get_settings

FONTS = Path(__file__).resolve().parent / "fonts"
CJK_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)


def cjk_font() -> Path | None:
    """The CJK font to fall back to for Hangul, if this machine has one."""
    configured = get_settings().pdf_cjk_font
    for candidate in (str(configured or ""), *CJK_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def _document() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    fallback = cjk_font()
    if fallback is not None:
        if fallback.suffix == ".ttc":
            pdf.add_font("CJK", "", str(fallback), collection_font_number=1)
        else:
            pdf.add_font("CJK", "", str(fallback))
        pdf.set_fallback_fonts(["CJK"], exact_match=False)
    pdf.add_page()
    return pdf


def one_page(
    title: str, subtitle: str, rows: Sequence[tuple[str, str]], signatures: Sequence[str]
) -> bytes:
    """Render a one-page document and return the PDF bytes."""
    pdf = _document()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    with pdf.table(col_widths=(35, 65), text_align="LEFT", line_height=6) as table:
        for label, value in rows:
            row = table.row()
            pdf.set_font("DejaVu", "B", 10)
            row.cell(label)
            pdf.set_font("DejaVu", "", 10)
            row.cell(value)
    pdf.ln(25)
    width = (pdf.w - pdf.l_margin - pdf.r_margin - 10) / max(len(signatures), 1)
    for index, label in enumerate(signatures):
        x = pdf.l_margin + index * (width + 10)
        pdf.line(x, pdf.get_y(), x + width, pdf.get_y())
        pdf.set_xy(x, pdf.get_y() + 1)
        pdf.set_font("DejaVu", "", 8)
        pdf.cell(width, 5, label)
    return bytes(pdf.output())


def blank_page() -> FPDF:
    """A fresh A4 page with the document fonts loaded (DejaVu, and the CJK fallback if any)."""
    return _document()
