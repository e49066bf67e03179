"""Sentence length of a guide's prose, the first measure of « langage clair ».

Counted: the sentences of paragraphs, list items and callouts. Not counted: headings and table
cells (labels, not sentences) and the front matter. Words are runs of letters or digits, counted
strictly: "l'article" is two words, "c'est-à-dire" four, "2 février 2025" three, a dash none. Sentences end at . ! ? or …
followed by a space and a capital letter, a digit, a quote or the end of the block; a colon or a
semicolon does not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from registry.services.guides import plain_text

_MD = MarkdownIt("commonmark", {"html": False}).enable("table")
_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"A-ZÀ-ÖØ-Þ0-9])")
_WORD = re.compile(r"[^\W_]+")
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|p\. ex|etc|n°|art|Art|M|Mme|Dr|vs)\.\s", re.UNICODE)


@dataclass(frozen=True)
class Readability:
    """Sentences counted, words counted, the mean and the longest sentence."""

    sentences: int
    words: int
    mean: float
    longest: int
    longest_sentence: str


def prose_blocks(markdown: str) -> list[str]:
    """The text of each paragraph (in lists and callouts too), without headings or tables."""
    tokens = _MD.parse(markdown)
    blocks = []
    in_table = 0
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        elif token.type == "inline" and not in_table and tokens[index - 1].type == "paragraph_open":
            blocks.append(re.sub(r"^\[ \]\s+", "", plain_text(token)))
    return blocks


def sentences(markdown: str) -> list[str]:
    """Every sentence of the prose, in order."""
    found = []
    for block in prose_blocks(markdown):
        protected = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(". ", "\u2024 "), block)
        for sentence in _END.split(protected):
            if _WORD.search(sentence):
                found.append(sentence.replace("\u2024", ".").strip())
    return found


def words(sentence: str) -> int:
    """Words in a sentence: runs of letters and digits."""
    return len(_WORD.findall(sentence))


def readability(markdown: str) -> Readability:
    """Mean and longest sentence length of a guide's Markdown body."""
    found = sentences(markdown)
    counts = [words(sentence) for sentence in found]
    longest = max(range(len(counts)), key=counts.__getitem__) if counts else 0
    return Readability(
        sentences=len(found),
        words=sum(counts),
        mean=round(sum(counts) / len(counts), 1) if counts else 0.0,
        longest=counts[longest] if counts else 0,
        longest_sentence=found[longest] if found else "",
    )
