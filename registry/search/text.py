"""The words of the search: folding, French stems, match expressions and snippets (pure).

Both engines index and query the same words (docs/architecture.md §15): lower case, accents and
ligatures removed, function words left out. SQLite's FTS5 index holds their French Snowball stems
(computed here); PostgreSQL stems them itself with its ``registry_fr`` configuration (the same
Snowball algorithm, behind ``unaccent``).

A query becomes a `Plan`: the clauses of `vocabulary.expand` (ANDed), each a tuple of phrases
(ORed), each phrase a tuple of folded words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

import snowballstemmer
from markupsafe import Markup, escape

from registry.search import vocabulary
from registry.search.vocabulary import STOPWORDS

Phrase = tuple[str, ...]
Clause = tuple[Phrase, ...]
Plan = tuple[Clause, ...]
PREFIX = "*"  # ends a word that also matches as the start of longer words

_WORD = re.compile(r"[^\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_STEMMER = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case, ligatures spelled out, accents removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str | None) -> list[str]:
    """The folded words of a text, without function words."""
    if not text:
        return []
    return [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS]


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The French Snowball stem of a folded word."""
    return str(_STEMMER.stemWord(word))


def stems(text: str | None) -> str:
    """The stems of a text, space-separated (what SQLite's index holds)."""
    return " ".join(stem(w) for w in words(text))


@lru_cache(maxsize=1024)
def plan(query: str) -> Plan:
    """The query expanded by the medical vocabulary, as clauses of phrases of folded words
    (a page's search and its facet counts expand the same query: computed once)."""
    clauses: list[Clause] = []
    expanded = vocabulary.expand(query.replace("\x00", ""))
    for number, clause in enumerate(expanded, 1):
        phrases = tuple(dict.fromkeys(p for p in (tuple(words(t)) for t in clause.terms) if p))
        last = number == len(expanded) and not clause.groups and not query.endswith(" ")
        if last and len(phrases) == 1 and len(phrases[0][-1]) >= 3:
            # The word being typed may be the start of a longer one (« hexa »: Hexaclin).
            phrases = (*phrases, (*phrases[0][:-1], phrases[0][-1] + PREFIX))
        if phrases:
            clauses.append(phrases)
    return tuple(clauses)


def core(query_plan: Plan) -> Plan:
    """The plan without its expansions: the words as typed (and their prefix), which rank a
    document above one found only through a synonym."""
    return tuple(
        tuple(p for i, p in enumerate(clause) if i == 0 or p[-1].endswith(PREFIX))
        for clause in query_plan
    )


def typed_words(query: str) -> list[str]:
    """The words of a query a spelling correction may replace: not vocabulary terms, 4+ letters."""
    found: list[str] = []
    for clause in vocabulary.expand(query.replace("\x00", "")):
        if clause.groups:
            continue
        found.extend(w for w in words(clause.text) if len(w) >= 4 and w.isalpha())
    return found


def fts5_match(query_plan: Plan) -> str:
    """The FTS5 MATCH expression of a plan: stems in double quotes (phrases), OR, AND."""
    parts = []
    for clause in query_plan:
        phrases = [_fts5_phrase(phrase) for phrase in clause]
        parts.append("(" + " OR ".join(phrases) + ")")
    return " AND ".join(parts)


def _fts5_phrase(phrase: Phrase) -> str:
    if phrase[-1].endswith(PREFIX):  # the prefix is the word as typed, not its stem
        head = " ".join(stem(w) for w in phrase[:-1])
        return '"' + (head + " " if head else "") + phrase[-1][: -len(PREFIX)] + '"' + PREFIX
    return '"' + " ".join(stem(w) for w in phrase) + '"'


def _ts_word(word: str) -> str:
    return f"'{word[: -len(PREFIX)]}':*" if word.endswith(PREFIX) else f"'{word}'"


def tsquery(query_plan: Plan) -> str:
    """The ``to_tsquery`` text of a plan: quoted words, ``<->`` in phrases, ``|`` and ``&``."""
    parts = []
    for clause in query_plan:
        phrases = [" <-> ".join(_ts_word(w) for w in phrase) for phrase in clause]
        parts.append("(" + " | ".join(phrases) + ")")
    return " & ".join(parts)


#: Starts the lexeme of a vocabulary phrase in a PostgreSQL document (the parser never makes
#: one: it splits words on it).
PHRASE_MARK = "~"


@lru_cache(maxsize=1)
def indexed_phrases() -> tuple[Phrase, ...]:
    """The vocabulary's phrases of two words or more, as a plan holds them: a PostgreSQL
    document that holds one also holds its lexeme (`phrase_lexeme`, docs/architecture.md §15),
    so that a widely expanded search finds it through the GIN index without reading the
    document again (a phrase's positions are checked on the document itself)."""
    found = {tuple(words(entry.term)) for entry in vocabulary.default().entries}
    return tuple(sorted(phrase for phrase in found if len(phrase) > 1))


def phrase_lexeme(phrase: Phrase) -> str:
    """The lexeme that stands for a vocabulary phrase in a PostgreSQL document."""
    return PHRASE_MARK + " ".join(phrase)


def lexemes_tsquery(phrases: Iterable[Phrase]) -> str:
    """A ``tsquery`` (read as is, not parsed) of the phrases' lexemes, ORed."""
    return " | ".join(f"'{phrase_lexeme(phrase)}'" for phrase in phrases)


def trigram_match(word: str) -> str:
    """An FTS5 trigram MATCH expression: any of the word's trigrams (candidates for a typo)."""
    grams = dict.fromkeys(word[i : i + 3] for i in range(len(word) - 2))
    return " OR ".join(f'"{g}"' for g in grams)


def distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions), with adjacent swaps as one."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to a mistyped word, if close enough (1 edit per 4 letters)."""
    allowed = max(1, len(word) // 4)
    # An edit changes the length by one at most: farther lengths cannot be close enough.
    near = [c for c in candidates if c != word and abs(len(c) - len(word)) <= allowed]
    scored = [(distance(word, c), c) for c in near]
    scored = [(d, c) for d, c in scored if d <= allowed]
    return min(scored)[1] if scored else None


@lru_cache(maxsize=256)
def matched_stems(query_plan: Plan) -> frozenset[str]:
    """The stems a snippet highlights."""
    return frozenset(
        stem(w) for clause in query_plan for phrase in clause for w in phrase if PREFIX not in w
    )


@lru_cache(maxsize=256)
def _prefixes(query_plan: Plan) -> tuple[str, ...]:
    return tuple(
        w[: -len(PREFIX)]
        for clause in query_plan
        for phrase in clause
        for w in phrase
        if w.endswith(PREFIX)
    )


@lru_cache(maxsize=50_000)
def _folded(word: str) -> tuple[str, ...]:
    """The folded words of one word of a text (a ligature or a mark may split it)."""
    return tuple(_WORD.findall(fold(word)))


def snippet(text: str | None, query_plan: Plan, width: int = 200) -> Markup:
    """An excerpt of ``text`` around its first matched word, escaped, matches in ``<mark>``."""
    if not text:
        return Markup("")
    wanted = matched_stems(query_plan)
    prefixes = _prefixes(query_plan)
    spans = [
        (m.start(), m.end())
        for m in _WORD.finditer(text)
        if any(stem(w) in wanted or w.startswith(prefixes) for w in _folded(m.group()))
    ]
    start = 0
    if spans and spans[0][0] > width // 2 and len(text) > width:
        start = text.rfind(" ", 0, spans[0][0] - width // 4) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + width // 2)
    out: list[str] = ["…" if start else ""]
    position = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(str(escape(text[position:s])))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        position = e
    out.append(str(escape(text[position:end])))
    if end < len(text):
        out.append("…")
    return Markup("".join(out))  # noqa: S704 — every piece of the text went through escape()


def suggestion_key(text: str) -> str:
    """A name folded for prefix lookups (suggestions): words joined by single spaces."""
    return " ".join(_WORD.findall(fold(text)))


def replace_words(query: str, replacements: dict[str, str]) -> str:
    """The query with some of its (folded) words replaced, other words kept as typed."""

    def swap(match: re.Match[str]) -> str:
        return replacements.get(fold(match.group()), match.group())

    return _WORD.sub(swap, query)


def all_words(texts: Sequence[str | None]) -> set[str]:
    """Every folded word of some texts (the lexicon the spelling correction draws from)."""
    return {w for t in texts for w in words(t) if w.isalpha() and len(w) >= 3}
