"""The PDF writer of claim documents: draws the blocks of a document's layout.

Latin and Cyrillic come from the DejaVu fonts shipped beside this module. Hangul needs a CJK
font: `PDF_CJK_FONT` or a Noto CJK / Nanum font of the system is used as a fallback font when
one exists; without it Korean characters cannot be drawn and the HTML version should be used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF, FontFace

from backend.config import get_settings
from backend.documents.layout import Block, Heading, Paragraph, Signatures, Table

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


# Hangul, CJK ideographs and their punctuation: the characters DejaVu has no glyphs for.
CJK_TEXT = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _needs_cjk(blocks: Sequence[Block]) -> bool:
    """Whether any text needs the CJK font (reading a CJK font costs about a second)."""
    texts = (
        text
        for block in blocks
        for text in (
            [cell for row in block.rows for cell in row]
            if isinstance(block, Table)
            else block.labels
            if isinstance(block, Signatures)
            else [block.text]
        )
    )
    return any(CJK_TEXT.search(text) for text in texts)


def new_pdf(
    *,
    landscape: bool = False,
    margins: tuple[float, float] = (20, 20),
    cjk: bool = True,
    cjk_bold: bool = False,
) -> FPDF:
    """An A4 document with its first page and the fonts loaded: DejaVu (regular and bold) and,
    when `cjk` and the machine has one, the CJK fallback (its bold face too with `cjk_bold`,
    which costs about another second to read). `margins`: left and right, top."""
    pdf = FPDF(orientation="landscape" if landscape else "portrait", format="A4")
    side, top = margins
    pdf.set_margins(side, top, side)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    fallback = cjk_font() if cjk else None
    if fallback is not None:
        korean = 1 if fallback.suffix == ".ttc" else 0  # the KR face of a Noto CJK collection
        pdf.add_font("CJK", "", str(fallback), collection_font_number=korean)
        bold = fallback.with_name(fallback.name.replace("Regular", "Bold"))
        if cjk_bold and bold != fallback and bold.is_file():
            pdf.add_font("CJK", "B", str(bold), collection_font_number=korean)
        pdf.set_fallback_fonts(["CJK"], exact_match=False)
    pdf.add_page()
    return pdf


def layout_pdf(blocks: Sequence[Block]) -> bytes:
    """Draw a document's blocks (see `backend.documents.layout`) and return the PDF bytes."""
    pdf = new_pdf(cjk=_needs_cjk(blocks))
    for block in blocks:
        if isinstance(block, Heading):
            _heading(pdf, block)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        else:
            _signatures(pdf, block.labels)
    return bytes(pdf.output())


def blank_page() -> FPDF:
    """A fresh A4 page with the document fonts loaded (DejaVu, and the CJK fallback if any)."""
    return new_pdf()


def _heading(pdf: FPDF, block: Heading) -> None:
    if block.level == 1:
        pdf.set_font("DejaVu", "B", 15)
        pdf.multi_cell(0, 8, block.text, new_x="LMARGIN", new_y="NEXT")
        return
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, block.text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _paragraph(pdf: FPDF, block: Paragraph) -> None:
    size = {"sub": 9, "note": 8}.get(block.style, 10)
    pdf.set_font("DejaVu", "", size)
    pdf.set_text_color(70 if block.style else 0)
    pdf.multi_cell(0, size * 0.55, block.text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.ln(4 if block.style == "sub" else 2)


def _table(pdf: FPDF, block: Table) -> None:
    if not block.rows:
        return
    grid = block.kind == "grid"
    columns = max(len(row) for row in block.rows)
    widths = tuple([1] * columns) if grid else (35, 65)
    pdf.set_font("DejaVu", "", 9.5)
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=5.5,
        first_row_as_headings=grid,
        headings_style=FontFace(emphasis="BOLD"),
    ) as table:
        for cells in block.rows:
            row = table.row()
            for index, text in enumerate(cells):
                bold = not grid and index == 0
                row.cell(text, style=FontFace(emphasis="BOLD") if bold else None)
    pdf.ln(3)


def _signatures(pdf: FPDF, labels: Sequence[str]) -> None:
    if pdf.get_y() > pdf.h - pdf.b_margin - 30:
        pdf.add_page()
    pdf.ln(18)
    gap, count = 10, max(len(labels), 1)
    width = (pdf.w - pdf.l_margin - pdf.r_margin - gap * (count - 1)) / count
    top = pdf.get_y()
    for index, label in enumerate(labels):
        x = pdf.l_margin + index * (width + gap)
        pdf.line(x, top, x + width, top)
        pdf.set_xy(x, top + 1)
        pdf.set_font("DejaVu", "", 8)
        pdf.multi_cell(width, 4, label)
