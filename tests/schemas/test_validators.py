"""French and regulatory identifiers are checked with a clear reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from marshmallow import ValidationError

from schemas import validators as v


@pytest.fixture(autouse=True)
def _english(app):
    """The reasons are checked in English (French is the default)."""
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("en"):
        yield


@pytest.mark.parametrize("value", ["732829320", "552100554", "443061841"])
def test_valid_siren(value: str) -> None:
    v.siren(value)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("732829321", "checksum"),
        ("73282932", "9 digits"),
        ("7328293200", "9 digits"),
        ("73282932A", "9 digits"),
        ("", "9 digits"),
    ],
)
def test_invalid_siren(value: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        v.siren(value)


@pytest.mark.parametrize("value", ["K123456", "DEN123456", "P123456", "P123456/S001"])
def test_valid_fda_numbers(value: str) -> None:
    v.fda_submission(value)


@pytest.mark.parametrize(
    "value", ["K12345", "k123456", "DEN12345", "P123456/S01", "X123456", "K123456/S001x"]
)
def test_invalid_fda_numbers(value: str) -> None:
    with pytest.raises(ValidationError, match="K, DEN or P"):
        v.fda_submission(value)


@pytest.mark.parametrize(
    ("number", "pathway"), [("K123456", "510k"), ("DEN123456", "de_novo"), ("P123456/S001", "pma")]
)
def test_pathway_from_number(number: str, pathway: str) -> None:
    assert v.fda_pathway_for(number) == pathway


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (v.notified_body, "0459", "459"),
        (v.url, "https://example.org/x", "example.org"),
        (v.country, "FR", "FRA"),
        (v.finess, "750712184", "75071218"),
        (v.product_code, "QAS", "qa1"),
        (v.doi, "10.1148/radiol.2019190000", "doi:10/x"),
        (v.pmid, "31536137", "PMC123"),
    ],
)
def test_format_checks(check, good: str, bad: str) -> None:
    check(good)
    with pytest.raises(ValidationError):
        check(bad)


def test_dates_in_the_future_are_refused() -> None:
    v.not_in_future(date.today())
    with pytest.raises(ValidationError, match="future"):
        v.not_in_future(date.today() + timedelta(days=1))
