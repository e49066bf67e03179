"""Read the data tables of a dashboard page back from its HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser


def _squeeze(text: str) -> str:
    # Only the template's own whitespace: no-break spaces belong to the text (e.g. "1 000").
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.captions: dict[str, str] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table" and (attributes.get("id") or "").startswith("table-"):
            self._table = str(attributes["id"])[len("table-") :]
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self.tables[self._table].append([])
        elif self._table and tag in ("td", "th"):
            self._cell = []
        elif self._table and tag == "caption":
            self._caption = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif self._table and tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append(_squeeze("".join(self._cell)))
            self._cell = None
        elif self._table and tag == "caption" and self._caption is not None:
            self.captions[self._table] = _squeeze("".join(self._caption))
            self._caption = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._caption is not None:
            self._caption.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    """{chart name: rows of cell texts, header row first}."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def captions(html: str) -> dict[str, str]:
    parser = _Tables()
    parser.feed(html)
    return parser.captions
