"""A professional's notice: sections of blocks, the same for the page and the PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Kind(StrEnum):
    """How a block reads."""

    SAY = "say"  # a sentence of ours, in the reader's language (plain-language checked)
    QUOTE = "quote"  # a text the manufacturer typed, shown as typed, with its label
    MISSING = "missing"  # information the manufacturer or the evaluators did not give
    FREQUENCY = "frequency"  # a result in natural frequencies ("out of 100 patients…")
    LINK = "link"  # a link (text, url)


@dataclass(frozen=True)
class Block:
    """One paragraph of a section."""

    kind: Kind
    text: str
    label: str = ""
    url: str = ""


@dataclass(frozen=True)
class Table:
    """A small table (the evidence grades): headers and rows of texts."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass
class Section:
    """One question the notice answers."""

    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    table: Table | None = None

    def say(self, text: str) -> None:
        self.blocks.append(Block(Kind.SAY, text))

    def quote(self, label: str, text: str) -> None:
        self.blocks.append(Block(Kind.QUOTE, text, label=label))

    def missing(self, text: str) -> None:
        self.blocks.append(Block(Kind.MISSING, text))

    def frequency(self, text: str, source: str) -> None:
        self.blocks.append(Block(Kind.FREQUENCY, text, label=source))

    def link(self, text: str, url: str) -> None:
        self.blocks.append(Block(Kind.LINK, text, url=url))

    def quote_or_missing(self, label: str, text: str | None, missing: str) -> None:
        """The declared ``text`` under ``label``, or ``missing`` when nothing was declared."""
        if text:
            self.quote(label, text)
        else:
            self.missing(missing)

    def link_or_missing(self, text: str, url: str | None, missing: str) -> None:
        """A link to the declared ``url``, or ``missing`` when none was declared."""
        if url:
            self.link(text, url)
        else:
            self.missing(missing)

    @property
    def has_missing(self) -> bool:
        return any(block.kind == Kind.MISSING for block in self.blocks)


@dataclass
class Notice:
    """A published system's notice for the professional, in one language."""

    language: str
    system_name: str
    system_slug: str
    manufacturer: str
    version: str
    risk_class: str  # its label in the notice's language ("" when unknown)
    based_on: str  # which published revision and assessment it is generated from
    url: str  # the notice's own address
    pdf_url: str
    generated_at: datetime
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)

    def our_sentences(self) -> list[str]:
        """Every text the registry wrote (what the plain-language check reads)."""
        return [
            block.text
            for section in self.sections
            for block in section.blocks
            if block.kind in (Kind.SAY, Kind.MISSING, Kind.FREQUENCY)
        ]
