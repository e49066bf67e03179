"""The professional's notice of each published system, as a page and as a PDF
(docs/domain.md §11.5): ``content.build`` makes it, ``pdf.render`` prints it."""

from registry.services.notices.content import SECTION_KEYS, build, published_system
from registry.services.notices.model import Block, Kind, Notice, Section, Table
from registry.services.notices.pdf import render

__all__ = [
    "SECTION_KEYS",
    "Block",
    "Kind",
    "Notice",
    "Section",
    "Table",
    "build",
    "published_system",
    "render",
]
