"""A document's layout: the small HTML vocabulary its template writes, read back as blocks.

One Jinja2 template per document writes this HTML. The console shows it as it is, and the PDF
writer (`backend.documents.pdf`) draws the blocks parsed from it, so the printed page and the
file cannot drift apart. The vocabulary:

* `<h1>` the title, `<h2>` a section heading;
* `<p>` a paragraph, `<p class="sub">` the line under the title, `<p class="note">` small print;
* `<table class="fields">` rows of `<th>` label and `<td>` value (an empty value is a box to
  fill in by hand); `<table class="grid">` a header row of `<th>` and rows of `<td>`;
* `<div class="sign">` with one `<div>` per signature line;
* `<br>` breaks a line; any other tag inside a block only carries its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

BREAK = "\x00"


@dataclass
class Heading:
    """A title (level 1) or a section heading (level 2)."""

    level: int
    text: str


@dataclass
class Paragraph:
    """A paragraph; `style` is "", "sub" or "note"."""

    text: str
    style: str = ""


@dataclass
class Table:
    """Label/value rows ("fields") or a header row and data rows ("grid")."""

    kind: str
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Signatures:
    """Lines to sign on, each with its caption."""

    labels: list[str] = field(default_factory=list)


Block = Heading | Paragraph | Table | Signatures


def clean_text(parts: list[str]) -> str:
    """Collapse white space as a browser does, keeping the `<br>` breaks."""
    lines = "".join(parts).split(BREAK)
    return "\n".join(" ".join(line.split()) for line in lines).strip()


class _LayoutReader(HTMLParser):
    """Collects the blocks of one document's HTML in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._text: list[str] | None = None
        self._paragraph = ""
        self._table: Table | None = None
        self._row: list[str] | None = None
        self._signatures: Signatures | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        css = dict(attrs).get("class") or ""
        if tag in ("h1", "h2", "th", "td") or (tag == "div" and self._signatures is not None):
            self._text = []
        elif tag == "p":
            self._text, self._paragraph = [], css
        elif tag == "table":
            self._table = Table(css or "fields")
        elif tag == "tr":
            self._row = []
        elif tag == "div" and "sign" in css.split():
            self._signatures = Signatures()
        elif tag == "br" and self._text is not None:
            self._text.append(BREAK)

    def handle_endtag(self, tag: str) -> None:
        text = clean_text(self._text or [])
        if tag in ("h1", "h2"):
            self.blocks.append(Heading(int(tag[1]), text))
        elif tag == "p":
            self.blocks.append(Paragraph(text, self._paragraph))
        elif tag in ("th", "td") and self._row is not None:
            self._row.append(text)
        elif tag == "tr" and self._table is not None and self._row is not None:
            self._table.rows.append(self._row)
            self._row = None
        elif tag == "table" and self._table is not None:
            self.blocks.append(self._table)
            self._table = None
        elif tag == "div" and self._signatures is not None:
            if self._text is None:  # the signature block itself ends
                self.blocks.append(self._signatures)
                self._signatures = None
            else:
                self._signatures.labels.append(text)
        if tag in ("h1", "h2", "p", "th", "td", "div"):
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def parse_layout(html: str) -> list[Block]:
    """The blocks a document's HTML describes, in order."""
    reader = _LayoutReader()
    reader.feed(html)
    reader.close()
    return reader.blocks
