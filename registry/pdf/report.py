"""The evaluation report of a published assessment, for a health technology assessment body
(docs/domain.md §6.7), laid out on the shared PDF layer (``registry.pdf.Document``).

Pure: ``registry/services/reports.py`` reads the public assessment and passes every text already
translated and formatted for the reader; this module only orders and lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from registry.pdf.document import Document, Metadata

Rows = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Dimension:
    """One benefit dimension: its heading, its rating and grade rows, and its narratives."""

    heading: str
    rows: Rows
    texts: Sequence[tuple[str, str]] = ()  # (label, text) paragraphs


@dataclass(frozen=True)
class Section:
    """A heading with key-value rows and paragraphs."""

    heading: str
    rows: Rows = ()
    paragraphs: Sequence[str] = ()


@dataclass(frozen=True)
class EvidenceTable:
    """The evidence table: its heading, headers, column widths and rows (or an empty note)."""

    heading: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float]
    empty: str
    references_heading: str = ""
    references: Sequence[str] = ()


@dataclass(frozen=True)
class Report:
    """Everything the report says, in the reader's language."""

    metadata: Metadata
    title: str
    subtitle: str
    footer: str
    page_label: str
    notices: Sequence[str] = ()  # withdrawal, earlier version: first, in bold
    identity: Section | None = None
    question: Section | None = None
    evaluators: Section | None = None
    dimensions_heading: str = ""
    dimensions_intro: str = ""
    dimensions: Sequence[Dimension] = ()
    evidence: EvidenceTable | None = None
    closing: Sequence[Section] = field(default_factory=tuple)
    link: tuple[str, str] | None = None  # (text, URL of the public page)


def _section(doc: Document, section: Section | None) -> None:
    if section is None:
        return
    doc.heading(section.heading)
    doc.key_values(section.rows)
    for text in section.paragraphs:
        doc.paragraph(text)


def build(report: Report) -> bytes:
    """The PDF file of the report."""
    doc = Document(report.metadata, footer=report.footer, page_label=report.page_label)
    doc.title(report.title, subtitle=report.subtitle)
    for notice in report.notices:
        doc.paragraph(notice, bold=True)
    _section(doc, report.identity)
    _section(doc, report.question)
    _section(doc, report.evaluators)
    if report.dimensions:
        doc.heading(report.dimensions_heading)
        if report.dimensions_intro:
            doc.paragraph(report.dimensions_intro, muted=True)
        for dimension in report.dimensions:
            doc.heading(dimension.heading, level=2)
            doc.key_values(dimension.rows)
            for label, text in dimension.texts:
                doc.paragraph(label, bold=True)
                doc.paragraph(text)
    if report.evidence is not None:
        table = report.evidence
        doc.heading(table.heading)
        if table.rows:
            doc.table(table.headers, table.rows, widths=table.widths)
        else:
            doc.paragraph(table.empty, muted=True)
        if table.references:
            doc.heading(table.references_heading, level=2)
            doc.bullets(table.references)
    for section in report.closing:
        _section(doc, section)
    if report.link is not None:
        doc.space()
        doc.link(*report.link)
    return doc.output()
