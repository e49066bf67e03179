"""Printable documents: the shared PDF layer (docs/architecture.md §2).

``Document`` lays out A4 pages in Marianne (title, headings, paragraphs, lists, key-value rows,
tables, a footer with the source and the date); ``Metadata`` is what the file says about itself
(title, language, author). Pure: callers pass translated texts and send the bytes.
"""

from registry.pdf.document import Document, Metadata
from registry.pdf.fonts import FontMissing

__all__ = ["Document", "FontMissing", "Metadata"]
