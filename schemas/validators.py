"""Field validators shared by the schemas (French identifiers, regulatory numbers, URLs)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import urlsplit

from flask_babel import gettext as _
from marshmallow import ValidationError

FDA_SUBMISSION = re.compile(r"^(K|DEN|P)\d{6}(/S\d{3})?$")
NOTIFIED_BODY = re.compile(r"^\d{4}$")
FINESS = re.compile(r"^[0-9]{2}[0-9AB][0-9]{6}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^\d{1,9}$")
PRODUCT_CODE = re.compile(r"^[A-Z]{3}$")


def luhn_valid(digits: str) -> bool:
    """True when the digit string passes the Luhn checksum."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siren(value: str) -> None:
    """A SIREN is 9 digits and passes the Luhn checksum."""
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(_("A SIREN number has exactly 9 digits."))
    if not luhn_valid(value):
        raise ValidationError(_("This SIREN number is not valid (checksum error)."))


def notified_body(value: str) -> None:
    """A notified body number is 4 digits (NANDO)."""
    if not NOTIFIED_BODY.fullmatch(value or ""):
        raise ValidationError(_("A notified body number has exactly 4 digits, e.g. 0459."))


def fda_submission(value: str) -> None:
    """K, DEN or P followed by 6 digits, optionally /S and 3 digits."""
    if not FDA_SUBMISSION.fullmatch(value or ""):
        raise ValidationError(
            _(
                "Expected K, DEN or P followed by 6 digits, optionally /S and 3 digits "
                "(e.g. K123456, DEN123456, P123456/S001)."
            )
        )


def fda_pathway_for(number: str) -> str:
    """The FDA pathway implied by a submission number."""
    if number.startswith("DEN"):
        return "de_novo"
    if number.startswith("P"):
        return "pma"
    return "510k"


def product_code(value: str) -> None:
    """An FDA product code has 3 capital letters."""
    if not PRODUCT_CODE.fullmatch(value or ""):
        raise ValidationError(_("An FDA product code has 3 capital letters, e.g. QAS."))


def finess(value: str) -> None:
    """A FINESS number has 9 characters (digits; 2A/2B for Corsica)."""
    if not FINESS.fullmatch(value or ""):
        raise ValidationError(_("A FINESS number has 9 characters, e.g. 750712184."))


def country(value: str) -> None:
    """ISO 3166-1 alpha-2, upper case."""
    if not COUNTRY.fullmatch(value or ""):
        raise ValidationError(
            _(
                "“%(value)s” is not a country code: use two letters (ISO 3166-1), e.g. FR.",
                value=value,
            )
        )


def url(value: str) -> None:
    """An absolute http(s) address."""
    message = _("Enter a full web address starting with https://.")
    try:
        parts = urlsplit(value or "")
    except ValueError as error:  # a bracketed host that is no IP address: https://a[b]/
        raise ValidationError(message) from error
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValidationError(message)


def not_in_future(value: date) -> None:
    """Dates of past events cannot be in the future."""
    if value > date.today():
        raise ValidationError(_("This date cannot be in the future."))


def doi(value: str) -> None:
    """A DOI looks like 10.xxxx/suffix."""
    if not DOI.fullmatch(value or ""):
        raise ValidationError(
            _("A DOI starts with 10. followed by a prefix and a suffix, e.g. 10.1000/xyz123.")
        )


def pmid(value: str) -> None:
    """A PubMed identifier is a number."""
    if not PMID.fullmatch(value or ""):
        raise ValidationError(_("A PubMed identifier (PMID) contains digits only, e.g. 31536137."))


def non_negative(value: object) -> None:
    """Quantities and amounts cannot be negative."""
    if value is not None and value < 0:  # type: ignore[operator]
        raise ValidationError(_("Enter a number greater than or equal to 0."))


#: Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make a
#: name read differently from what it is ("Trojan Source").
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
#: Characters that draw nothing although Unicode does not class them as spaces or formats.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")


def _invisible(character: str) -> bool:
    return (
        character in BLANK_LETTERS
        or character.isspace()
        or unicodedata.category(character) in ("Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Co", "Cn")
    )


def visible_name(value: str) -> None:
    """A name someone can read: not only invisible characters, no bidirectional control."""
    if any(character in BIDI_CONTROLS for character in value or ""):
        raise ValidationError(
            _(
                "This name contains characters that change the direction of the text "
                "(bidirectional controls, U+202A–U+202E or U+2066–U+2069): remove them."
            )
        )
    if value and all(_invisible(character) for character in value):
        raise ValidationError(
            _("This name is made only of invisible characters: type a name people can read.")
        )
