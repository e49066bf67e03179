"""Small text helpers shared by services and loaders."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

#: What a spreadsheet reads as the start of a formula (OWASP "CSV injection"), tab and CR too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A text cell of an exported CSV that no spreadsheet runs as a formula: one beginning with
    =, +, -, @, a tab or a carriage return gets a leading apostrophe (docs/domain.md §12).
    Only for texts: numbers are written as they are."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphen-separated."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def name_key(name: str) -> str:
    """Normalised organisation name used for uniqueness."""
    return slugify(name)


def first_free(base: str, is_taken: Callable[[str], bool]) -> str:
    """``base``, else ``base-2``, ``base-3``…: the first that is not taken (unique slugs)."""
    slug, number = base, 1
    while is_taken(slug):
        number += 1
        slug = f"{base}-{number}"
    return slug
