"""Medical synonyms and abbreviations for the search: load the reviewed file, expand a query.

Pure (no Flask, no database). The file `synonyms.csv` beside this module holds groups of
equivalent terms in French and English; its format, the meaning of each column and the review
rule are in its header and in docs/search-vocabulary.md.

`expand("IDM pulmonaire")` returns one `Clause` per part of the query, in order. A search engine
ANDs the clauses and ORs the terms inside each clause; a term of several words is a phrase.
Lookups ignore case, accents, hyphens, apostrophes, plurals and function words (« de », « the »).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

__all__ = [
    "COLUMNS",
    "EXPANDS",
    "KINDS",
    "LANGS",
    "PATH",
    "Clause",
    "Entry",
    "Vocabulary",
    "VocabularyError",
    "default",
    "expand",
    "key",
    "load",
    "parse",
]

PATH = Path(__file__).with_name("synonyms.csv")
COLUMNS = ("group", "term", "lang", "kind", "expand", "source", "note")
LANGS = frozenset({"fr", "en", "both"})
KINDS = frozenset({"term", "synonym", "abbreviation", "lay", "related", "label"})
#: both: typing the term brings its group, and searching the group also looks for the term;
#: query: typing the term brings the group, the group does not look for it (ambiguous or broad);
#: narrower: searching the group also looks for the term, typing it does not bring the group;
#: none: a sense recorded for the reader and the reviewer, never expanded.
EXPANDS = frozenset({"both", "query", "narrower", "none"})
NOTE_REQUIRED = frozenset({"query", "none"})

#: Words left out of lookups (French and English function words, the "s" of "Alzheimer's").
STOPWORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les"}
    | {"an", "and", "of", "the", "s"}
)

_GROUP_ID = re.compile(r"[a-z][a-z0-9_]*")
_SOURCE_CODE = re.compile(r"[A-Z][A-Z0-9_]*")
_VERSION_LINE = re.compile(r"#\s*version:\s*(\S+)\s*$")
_SOURCE_LINE = re.compile(r"#\s*source:\s*([A-Za-z0-9_]+)\s*=\s*(\S.*?)\s*$")
_WORD = re.compile(r"[^\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


class VocabularyError(ValueError):
    """The vocabulary file is malformed; `problems` lists each one with its line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Entry:
    """One row of the file: a term, its group and how it expands."""

    group: str
    term: str
    lang: str
    kind: str
    expand: str
    sources: tuple[str, ...]
    note: str
    line: int
    key: str


@dataclass(frozen=True)
class Clause:
    """One part of a query and the alternatives a search engine ORs together for it."""

    text: str  # the words of the query covered by this clause, as typed
    terms: tuple[str, ...]  # the matched term as the file writes it (else the typed words),
    # then the terms a search for each expanded group looks for; a term with spaces is a phrase
    groups: tuple[str, ...]  # the groups it expanded to; empty for a word the file does not hold
    other_senses: tuple[str, ...]  # groups recorded for the term but not expanded (expand=none)
    notes: tuple[str, ...]  # the file's notes on the matched rows (ambiguities, decisions)


def _fold(text: str) -> str:
    """Lower case, ligatures spelled out, accents removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _singular(word: str) -> str:
    """A light, symmetric plural folding of a folded word (French and English).

    Words of four letters or fewer and words with digits are kept (abbreviations: SAOS, AIDS).
    """
    if len(word) <= 4 or not word.isalpha():
        return word
    if word.endswith("eaux"):  # vaisseaux -> vaisseau
        return word[:-1]
    if word.endswith("aux"):  # hôpitaux -> hôpital, signaux -> signal
        return word[:-3] + "al"
    if word.endswith(("eux", "oux")):  # cheveux -> cheveu
        return word[:-1]
    if word.endswith("s") and word[-2] not in "siu":  # not stress, diagnosis, virus
        return word[:-1]
    return word


@dataclass(frozen=True)
class _Token:
    start: int  # position of the word in the NFC form of the text
    end: int
    word: str  # folded and singular
    stop: bool  # a function word


def _tokens(text: str) -> Iterator[_Token]:
    """The words of an NFC text; hyphens, apostrophes and punctuation separate words."""
    for match in _WORD.finditer(text):
        for folded in _WORD.findall(_fold(match.group())):
            yield _Token(match.start(), match.end(), _singular(folded), folded in STOPWORDS)


def key(text: str) -> str:
    """The lookup key of a term or query: folded, singular, without function words."""
    return " ".join(t.word for t in _tokens(unicodedata.normalize("NFC", text)) if not t.stop)


class Vocabulary:
    """The loaded, validated vocabulary: groups of entries and an index by lookup key."""

    def __init__(self, version: str, sources: Mapping[str, str], entries: list[Entry]) -> None:
        self.version = version
        self.sources = MappingProxyType(dict(sources))
        self.entries = tuple(entries)
        groups: dict[str, list[Entry]] = {}
        index: dict[str, list[Entry]] = {}
        for entry in entries:
            groups.setdefault(entry.group, []).append(entry)
            index.setdefault(entry.key, []).append(entry)
        self.groups = MappingProxyType({g: tuple(rows) for g, rows in groups.items()})
        self._index = {k: tuple(rows) for k, rows in index.items()}
        self._window = max((len(_WORD.findall(_fold(e.term))) for e in entries), default=1)

    def lookup(self, term: str) -> tuple[Entry, ...]:
        """Every row whose term has the same lookup key as `term` (empty if none)."""
        return self._index.get(key(term), ())

    def searched_terms(self, group: str) -> tuple[str, ...]:
        """The terms a search for `group` looks for: its `both` and `narrower` rows."""
        return tuple(e.term for e in self.groups[group] if e.expand in ("both", "narrower"))

    def expand(self, query: str) -> list[Clause]:
        """The clauses of `query`: the longest known terms first, then single words."""
        text = unicodedata.normalize("NFC", query)
        tokens = list(_tokens(text))
        clauses: list[Clause] = []
        start = 0
        while start < len(tokens):
            if tokens[start].stop:
                start += 1  # a function word outside a known phrase carries no meaning
                continue
            end, rows = self._longest_match(tokens, start)
            typed = text[tokens[start].start : tokens[end - 1].end]
            clauses.append(self._clause(typed, rows))
            start = end
        return clauses

    def _longest_match(self, tokens: list[_Token], start: int) -> tuple[int, tuple[Entry, ...]]:
        for end in range(min(len(tokens), start + self._window), start, -1):
            if tokens[end - 1].stop:
                continue  # a phrase neither starts nor ends with a function word
            window = " ".join(t.word for t in tokens[start:end] if not t.stop)
            rows = self._index.get(window)
            if rows:
                return end, rows
        return start + 1, ()

    def _clause(self, typed: str, rows: tuple[Entry, ...]) -> Clause:
        if not rows:
            return Clause(typed, (typed,), (), (), ())
        # The group where the term is equivalent first, then the senses it is expanded to.
        expanded = _unique(
            [e.group for e in rows if e.expand == "both"]
            + [e.group for e in rows if e.expand == "query"]
        )
        terms = [rows[0].term]  # the file's spelling: the phrase as it appears in texts
        for group in expanded:
            terms.extend(self.searched_terms(group))
        return Clause(
            text=typed,
            terms=_unique_by_key(terms),
            groups=expanded,
            other_senses=_unique(e.group for e in rows if e.expand == "none"),
            notes=_unique(e.note for e in rows if e.note),
        )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _unique_by_key(terms: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for term in terms:
        seen.setdefault(key(term), term)
    return tuple(seen.values())


class _Parser:
    """Reads the file line by line, collecting every problem with its line number."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[str] = []
        self.version: str | None = None
        self.sources: dict[str, str] = {}
        self.entries: list[Entry] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(f"{self.origin}, line {line}: {message}")

    def run(self, text: str) -> Vocabulary:
        header_seen = False
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                if not header_seen:
                    self.metadata(number, line)
                continue
            if not header_seen:
                header_seen = True
                self.header(number, line)
                continue
            self.row(number, line)
        if not header_seen:
            self.problem(1, f"no header row (expected: {','.join(COLUMNS)})")
        if self.version is None:
            self.problem(1, "no « # version: … » line before the header row")
        self.check_groups()
        if self.problems:
            raise VocabularyError(self.problems)
        return Vocabulary(self.version or "", self.sources, self.entries)

    def metadata(self, number: int, line: str) -> None:
        if version := _VERSION_LINE.match(line):
            if self.version is not None:
                self.problem(number, "the version is declared twice")
            self.version = version.group(1)
        elif source := _SOURCE_LINE.match(line):
            code, description = source.groups()
            if not _SOURCE_CODE.fullmatch(code):
                self.problem(number, f"source code « {code} » must be upper case (A-Z, 0-9, _)")
            elif code in self.sources:
                self.problem(number, f"source « {code} » is declared twice")
            self.sources[code] = description

    def header(self, number: int, line: str) -> None:
        columns = tuple(cell.strip() for cell in next(csv.reader([line])))
        if columns != COLUMNS:
            self.problem(number, f"the header row must be {','.join(COLUMNS)}, not {line}")

    def row(self, number: int, line: str) -> None:
        cells = [cell.strip() for cell in next(csv.reader([line]))]
        if len(cells) != len(COLUMNS):
            self.problem(number, f"expected {len(COLUMNS)} columns, found {len(cells)}")
            return
        group, term, lang, kind, expand, source, note = cells
        checks = [
            (_GROUP_ID.fullmatch(group), f"group id « {group} » must be lower_snake_case"),
            (lang in LANGS, f"unknown language « {lang} » (use {', '.join(sorted(LANGS))})"),
            (kind in KINDS, f"unknown kind « {kind} » (use {', '.join(sorted(KINDS))})"),
            (expand in EXPANDS, f"unknown expand « {expand} » (use {', '.join(sorted(EXPANDS))})"),
            (source, "empty source: name the public terminology the term comes from"),
            (expand not in NOTE_REQUIRED or note, f"expand={expand} needs a note saying why"),
        ]
        failed = [message for ok, message in checks if not ok]
        codes = tuple(code.strip() for code in source.split(";") if code.strip())
        failed += [f"unknown source « {c} » (declare it in the header)" for c in codes
                   if c not in self.sources]  # fmt: skip
        term_key = key(term)
        if not term_key:
            failed.append(f"the term « {term} » has no searchable word")
        for message in failed:
            self.problem(number, message)
        if not failed:
            self.entries.append(
                Entry(group, term, lang, kind, expand, codes, note, number, term_key)
            )

    def check_groups(self) -> None:
        closed: set[str] = set()
        current: str | None = None
        in_group: dict[tuple[str, str], Entry] = {}
        equivalent: dict[str, Entry] = {}
        for entry in self.entries:
            if entry.group != current:
                if entry.group in closed:
                    self.problem(entry.line, f"group « {entry.group} » continues after another "
                                 "group: keep the rows of a group together")  # fmt: skip
                if current is not None:
                    closed.add(current)
                current = entry.group
            twin = in_group.setdefault((entry.group, entry.key), entry)
            if twin is not entry:
                self.problem(entry.line, f"« {entry.term} » reads as « {entry.key} » like "
                             f"« {twin.term} » (line {twin.line}) in the same group: keep one "
                             "row (lang both if French and English agree)")  # fmt: skip
            if entry.expand == "both":
                other = equivalent.setdefault(entry.key, entry)
                if other is not entry and other.group != entry.group:
                    self.problem(entry.line, f"« {entry.term} » is equivalent (expand=both) in "
                                 f"group « {other.group} » (line {other.line}) too: a term is "
                                 "equivalent in one group at most; mark its other senses "
                                 "query, narrower or none, with a note")  # fmt: skip
        self.check_languages()

    def check_languages(self) -> None:
        first: dict[str, Entry] = {}
        langs: dict[str, set[str]] = {}
        for entry in self.entries:
            first.setdefault(entry.group, entry)
            if entry.expand == "both":
                langs.setdefault(entry.group, set()).update(
                    ("fr", "en") if entry.lang == "both" else (entry.lang,)
                )
        for group, entry in first.items():
            missing = {"fr", "en"} - langs.get(group, set())
            if missing:
                names = " and ".join(sorted(missing))
                self.problem(entry.line, f"group « {group} » has no equivalent (expand=both) "
                             f"term in {names}")  # fmt: skip


def parse(text: str, origin: str = "synonyms.csv") -> Vocabulary:
    """Validate and load the vocabulary held in `text`; raise VocabularyError on any problem."""
    return _Parser(origin).run(text)


def load(path: Path = PATH) -> Vocabulary:
    """Validate and load a vocabulary file (UTF-8, with or without the BOM a spreadsheet adds)."""
    return parse(path.read_text(encoding="utf-8-sig"), origin=path.name)


@cache
def default() -> Vocabulary:
    """The registry's vocabulary, loaded and validated once per process."""
    return load(PATH)


def expand(query: str) -> list[Clause]:
    """The clauses of `query` with the registry's vocabulary (see `Vocabulary.expand`)."""
    return default().expand(query)
