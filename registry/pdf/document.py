"""A small document builder on fpdf2: the registry's printable documents (docs/architecture.md §2).

Pure: no Flask, no database. Callers pass texts already translated and formatted for the
reader's locale; the builder lays them out on A4 in Marianne, in the DSFR's blue and greys:

    doc = Document(Metadata(title=…, language="fr", author=…), footer="Source : … · 5 déc. 2026")
    doc.title(…, subtitle=…)
    doc.heading(…)            # level 1 or 2; each one is also a bookmark (the outline)
    doc.paragraph(…)          # wraps; ``muted=True`` for a side note
    doc.bullets([…])
    doc.key_values([(key, value), …])
    doc.table(headers, rows, widths=(…))
    doc.link(text, url)
    pdf_bytes = doc.output()  # doc.pages: the page count

The file carries its title, language, author, subject and creation date, and opens showing its
title; every heading is a bookmark. Characters Marianne lacks are replaced by close ones
(``✓`` → ``x``, otherwise ``?``), never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fpdf import FPDF, FontFace, ViewerPreferences
from fpdf.enums import Align, TableBordersLayout, XPos, YPos

from registry.pdf import fonts

#: The DSFR's colours (blue France, its light tint, the greys of text and borders).
BLUE = (0, 0, 145)
BLUE_LIGHT = (236, 236, 254)
TEXT = (22, 22, 22)
MUTED = (102, 102, 102)
BORDER = (221, 221, 221)

#: What is printed instead of a character the typeface lacks (any other one: "?").
REPLACEMENTS = {"✓": "x", "✔": "x", "✗": "x", "\u200b": "", "\ufeff": ""}
FAMILY = "Marianne"


@dataclass(frozen=True)
class Metadata:
    """What the PDF says about itself (shown by readers and read by screen readers)."""

    title: str
    language: str
    author: str
    subject: str = ""
    keywords: Sequence[str] = ()
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


class _Pages(FPDF):
    """fpdf2 with our footer on every page: the source line, then ``page n/N``."""

    footer_text = ""
    page_label = "{page}/{pages}"

    def footer(self) -> None:
        self.set_y(-14)
        self.set_draw_color(*BORDER)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_y(-12)
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(*MUTED)
        number = self.page_label.format(page=self.page_no(), pages=self.str_alias_nb_pages)
        width = self.get_string_width(number) + 2
        self.multi_cell(self.epw - width, 3.5, self.footer_text, new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.cell(width, 3.5, number, align=Align.R)


class Document:
    """One A4 document being written, top to bottom."""

    def __init__(
        self,
        metadata: Metadata,
        *,
        footer: str = "",
        page_label: str = "{page}/{pages}",
        margin: float = 15,
        base_size: float = 9.5,
    ) -> None:
        self.metadata = metadata
        self.base_size = base_size
        pdf = _Pages(orientation="P", unit="mm", format="A4")
        pdf.footer_text = self.clean(footer)
        pdf.page_label = page_label
        for style in fonts.FACES:
            pdf.add_font(FAMILY, style, str(fonts.face(style)))
        pdf.set_margins(margin, margin, margin)
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_title(self.clean(metadata.title))
        pdf.set_lang(metadata.language)
        pdf.set_author(self.clean(metadata.author))
        pdf.set_creator(self.clean(metadata.author))
        if metadata.subject:
            pdf.set_subject(self.clean(metadata.subject))
        if metadata.keywords:
            pdf.set_keywords(self.clean(", ".join(metadata.keywords)))
        pdf.set_creation_date(metadata.created)
        pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
        pdf.add_page()
        pdf.set_text_color(*TEXT)
        self.pdf = pdf

    # --- text ---------------------------------------------------------------------------------

    @staticmethod
    def clean(text: object) -> str:
        """The text with the characters Marianne lacks replaced (never silently dropped)."""
        value = str(text)
        known = fonts.characters()
        if all(ord(char) in known or char in "\n\t" for char in value):
            return value
        return "".join(
            char if ord(char) in known or char in "\n\t" else REPLACEMENTS.get(char, "?")
            for char in value
        )

    def _font(
        self, size: float | None = None, style: str = "", colour: tuple[int, int, int] = TEXT
    ) -> None:
        self.pdf.set_font(FAMILY, style, size or self.base_size)
        self.pdf.set_text_color(*colour)

    @property
    def line_height(self) -> float:
        """The height of a line of body text, in mm."""
        return self.base_size * 0.47

    def _wrapped(self, text: str, height: float, width: float = 0, link: str | None = None) -> None:
        """Text wrapped at the right margin (left-aligned), then the cursor at the next line."""
        self.pdf.multi_cell(
            width, height, text, link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=Align.L
        )

    def title(self, text: str, subtitle: str = "") -> None:
        """The document's title (bold, blue), and a line under it."""
        self._font(17, "B", BLUE)
        self._wrapped(self.clean(text), 7.5)
        if subtitle:
            self._font(self.base_size, "", MUTED)
            self._wrapped(self.clean(subtitle), 4.6)
        self.pdf.ln(1.5)
        self.pdf.set_draw_color(*BLUE)
        self.pdf.set_line_width(0.6)
        y = self.pdf.get_y()
        self.pdf.line(self.pdf.l_margin, y, self.pdf.w - self.pdf.r_margin, y)
        self.pdf.set_line_width(0.2)
        self.pdf.ln(2.5)

    def heading(self, text: str, level: int = 1) -> None:
        """A section heading, also a bookmark of the outline; never alone at a page's foot."""
        text = self.clean(text)
        size = {1: self.base_size + 2.5, 2: self.base_size + 1}[level]
        if self.pdf.will_page_break(size * 1.6):
            self.pdf.add_page()
        self.pdf.ln(0.8 if level == 1 else 0.4)
        self.pdf.start_section(text, level=level - 1)
        self._font(size, "B", BLUE if level == 1 else TEXT)
        self._wrapped(text, size * 0.5)
        self.pdf.ln(0.3)

    def paragraph(self, text: str, *, muted: bool = False, bold: bool = False) -> None:
        """A paragraph that wraps at the margins (left-aligned: easier to read than justified)."""
        size = self.base_size - (1 if muted else 0)
        self._font(size, "B" if bold else "", MUTED if muted else TEXT)
        self._wrapped(self.clean(text), self.line_height)
        self.pdf.ln(0.4)

    def bullets(self, items: Iterable[str]) -> None:
        """A list, one wrapped item per bullet."""
        self._font()
        indent = 4.0
        for item in items:
            x = self.pdf.l_margin
            self.pdf.set_x(x)
            self.pdf.cell(indent, self.line_height, "•")
            self._wrapped(self.clean(item), self.line_height, width=self.pdf.epw - indent)
        self.pdf.ln(0.4)

    def link(self, text: str, url: str) -> None:
        """A line of text that is a link (blue, underlined)."""
        self._font(colour=BLUE)
        self._wrapped(self.clean(text), self.line_height, link=url)
        self.pdf.ln(0.3)

    # --- rows and tables ----------------------------------------------------------------------

    def key_values(self, rows: Iterable[tuple[str, str]], key_width: float = 0.32) -> None:
        """Label and value side by side (label in bold), one row each, no borders."""
        rows = [(self.clean(key), self.clean(value)) for key, value in rows]
        if not rows:
            return
        self._font()
        with self.pdf.table(
            col_widths=(key_width, 1 - key_width),
            first_row_as_headings=False,
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            line_height=self.line_height,
            padding=(0.8, 1.2),
            text_align=Align.L,
        ) as table:
            for key, value in rows:
                row = table.row()
                row.cell(key, style=FontFace(emphasis="BOLD"))
                row.cell(value)
        self.pdf.ln(1.2)

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[str]],
        widths: Sequence[float] | None = None,
    ) -> None:
        """A table with a header row (repeated on a new page), light borders."""
        self._font(self.base_size - 0.5)
        self.pdf.set_draw_color(*BORDER)
        with self.pdf.table(
            col_widths=tuple(widths) if widths else None,
            headings_style=FontFace(emphasis="BOLD", color=BLUE, fill_color=BLUE_LIGHT),
            line_height=self.base_size * 0.45,
            padding=(0.8, 1.2),
            text_align=Align.L,
        ) as table:
            heading = table.row()
            for text in headers:
                heading.cell(self.clean(text))
            for values in rows:
                row = table.row()
                for text in values:
                    row.cell(self.clean(text))
        self.pdf.ln(1.2)

    def space(self, height: float = 2) -> None:
        """Vertical space."""
        self.pdf.ln(height)

    # --- the file -----------------------------------------------------------------------------

    @property
    def pages(self) -> int:
        """Pages written so far."""
        return self.pdf.pages_count

    def output(self) -> bytes:
        """The PDF file."""
        return bytes(self.pdf.output())
