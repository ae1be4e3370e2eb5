"""A letter as PDF: a title, the company line, labelled facts, then paragraphs and a signature."""

from __future__ import annotations

from collections.abc import Sequence

from backend.documents.pdf import blank_page


def letter_pdf(
    title: str,
    subtitle: str,
    facts: Sequence[tuple[str, str]],
    paragraphs: Sequence[str],
    signature: str,
) -> bytes:
    """Render a letter (one or more A4 pages) and return the PDF bytes."""
    pdf = blank_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    with pdf.table(col_widths=(35, 65), text_align="LEFT", line_height=6) as table:
        for label, value in facts:
            row = table.row()
            pdf.set_font("DejaVu", "B", 10)
            row.cell(label)
            pdf.set_font("DejaVu", "", 10)
            row.cell(value)
    pdf.ln(5)
    pdf.set_font("DejaVu", "", 11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.ln(10)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, signature, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
