"""The import page: industrials only, report with counts and errors, follow-up without re-upload."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from registry.extensions import db as _db
from registry.models import AISystem
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import FILES, import_counts, use_import_settings

MIXED = FILES / "declarations_mixed.csv"


@pytest.fixture(autouse=True)
def _import_settings(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_import_settings(app, tmp_path, monkeypatch)


@pytest.fixture
def industrial() -> Any:
    return UserFactory(role="industrial", organisation=OrganisationFactory(name="Fabricant A"))


def _post(client, content: bytes, filename: str = "mine.csv", **fields: str):
    data = {"file": (io.BytesIO(content), filename), "action": "import", **fields}
    return client.post("/systems/import?lang=en", data=data, content_type="multipart/form-data")


def _count(html: str, name: str) -> int:
    match = re.search(rf'data-count="{name}">(\d+)<', html)
    assert match, name
    return int(match.group(1))


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get("/systems/import")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "user",
    [
        lambda: UserFactory(role="evaluator", organisation=None),
        lambda: UserFactory(role="decision_maker", organisation=None),
        lambda: UserFactory(role="industrial", organisation=None),
    ],
)
def test_only_industrials_with_an_organisation_may_open_the_page(client, login, user) -> None:
    login(user())
    assert client.get("/systems/import").status_code == 403
    assert client.get("/systems/import/template.csv").status_code == 403
    assert _post(client, MIXED.read_bytes()).status_code == 403
    assert import_counts()["systems"] == 0


def test_my_declarations_links_to_the_import_page(client, login, industrial) -> None:
    login(industrial)
    html = client.get("/systems/mine?lang=en").get_data(as_text=True)
    assert 'href="/systems/import"' in html
    assert "Import declarations from a CSV file" in html
    page = client.get("/systems/import?lang=en")
    assert page.status_code == 200
    assert 'href="/systems/import/template.csv"' in page.get_data(as_text=True)


def test_template_download_is_a_utf8_csv(client, login, industrial) -> None:
    login(industrial)
    response = client.get("/systems/import/template.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffname,short_description,")


def test_upload_round_trip_report_then_valid_rows_without_uploading_again(
    client, login, industrial
) -> None:
    login(industrial)
    response = _post(client, MIXED.read_bytes(), "declarations_mixed.csv")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Nothing was imported" in html
    assert (_count(html, "created"), _count(html, "invalid")) == (2, 5)
    table = html[html.index('id="import-errors"') :]
    assert re.search(r"<td>4</td>\s*<td><code>specialty</code>", table)
    assert "cardiologie" in table
    assert re.search(r"<td>5</td>\s*<td><code>training_sites</code>", table)
    assert import_counts()["systems"] == 0
    # The file is kept: the valid rows can be imported from the report…
    token = re.search(r'name="upload" value="([^"]+)"', html).group(1)
    corrections = client.get(f"/systems/import/{token}/corrections.csv")
    assert corrections.status_code == 200
    lines = corrections.data.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0].endswith(",import_errors")
    assert lines[1].startswith("Cardio Watch,") and "specialty:" in lines[1]
    follow_up = client.post(
        "/systems/import?lang=en",
        data={"upload": token, "valid_only": "y", "action": "import"},
    )
    assert follow_up.status_code == 200
    done = follow_up.get_data(as_text=True)
    assert "Import done" in done
    assert (_count(done, "created"), _count(done, "invalid")) == (2, 5)
    systems = list(_db.session.scalars(select(AISystem)))
    assert {s.name for s in systems} == {"Tri Urgences", "Onco Plan"}
    assert {(s.status, s.source, s.manufacturer_id) for s in systems} == {
        ("draft", "declared", industrial.organisation_id)
    }
    # …and uploading the same file again changes nothing.
    again = _post(client, MIXED.read_bytes(), valid_only="y")
    html = again.get_data(as_text=True)
    assert "Nothing to change" in html
    assert (_count(html, "created"), _count(html, "unchanged")) == (0, 2)


def test_check_only_writes_nothing_and_offers_to_import(client, login, industrial) -> None:
    login(industrial)
    content = b"name,specialty\nAlpha,radiology\nBeta,cardiology\n"
    response = _post(client, content, action="check")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "File checked: nothing was written" in html
    assert _count(html, "created") == 2
    assert import_counts()["systems"] == 0
    token = re.search(r'name="upload" value="([^"]+)"', html).group(1)
    client.post("/systems/import", data={"upload": token, "action": "import"})
    assert import_counts()["systems"] == 2


def test_another_users_kept_file_cannot_be_used(app, client, login, industrial) -> None:
    login(industrial)
    html = _post(client, MIXED.read_bytes()).get_data(as_text=True)
    token = re.search(r'name="upload" value="([^"]+)"', html).group(1)
    colleague = UserFactory(role="industrial", organisation=OrganisationFactory())
    other = app.test_client()
    signed_in = other.post(
        "/auth/login", data={"email": colleague.email, "password": "correct-horse-battery"}
    )
    assert signed_in.status_code == 302
    response = other.post(
        "/systems/import?lang=en", data={"upload": token, "valid_only": "y", "action": "import"}
    )
    assert response.status_code == 422
    assert "no longer available" in response.get_data(as_text=True)
    assert other.get(f"/systems/import/{token}/corrections.csv").status_code == 404
    assert import_counts()["systems"] == 0


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"name\nA\n", "declarations.xlsx", "is not a CSV file"),
        ("name\nCafé\n".encode("latin-1"), "declarations.csv", "not encoded in UTF-8"),
        (b"", "declarations.csv", "The file is empty."),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(
    client, login, industrial, content, filename, message
) -> None:
    login(industrial)
    response = _post(client, content, filename)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="file-error"' in html and message in html
    assert import_counts()["systems"] == 0


WIDE_HEADER = ("name," + ",".join(f"c{i}" for i in range(40_000)) + "\nAlpha,1\n").encode()
LONG_CELL = b"name,intended_purpose\nAlpha," + b"x" * 25_000 + b"\n"
TEXTS = (
    "intended_purpose",
    "target_population",
    "representativeness",
    "external_validation_description",
    "known_limitations",
    "bias_mitigation",
    "human_oversight",
    "explainability",
    "data_transfer_safeguards",
    "energy_method",
    "other_reimbursement",
)
LONG_LINE = (
    ",".join(("name", *TEXTS)).encode()
    + b"\nAlpha,"
    + b",".join([b"y" * 19_000] * len(TEXTS))
    + b"\n"
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (WIDE_HEADER, "Line 1 has 40,001 columns: a file may have at most 500."),
        (LONG_CELL, "A cell of line 2 has 25,000 characters: a cell may have at most 20,000."),
        (LONG_LINE, "Line 2 has 209,005 characters: a line may have at most 200,000."),
    ],
    ids=["40000-columns", "long-cell", "long-line"],
)
def test_files_beyond_the_limits_are_refused_at_once_with_one_message(
    client, login, industrial, content, message
) -> None:
    """Today the 40,000-column header took 25 s (header.count per column) and listed 40,000
    unknown columns; a long cell or line went through the whole import."""
    login(industrial)
    response = _post(client, content)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="file-error"' in html and message in html
    assert html.count("Unknown column") == 0
    assert import_counts()["systems"] == 0


@pytest.mark.parametrize("csrf", [False, True])
def test_a_file_above_the_size_limit_is_refused(
    client, login, industrial, app, monkeypatch, csrf: bool
) -> None:
    login(industrial)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", csrf)  # the CSRF check reads the body
    # Small sizes: a test body above 500 kB would go through a temporary file.
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 100 * 1024)
    response = _post(client, b"name\n" + b"A long name\n" * 20_000)
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "larger than 0.1 MB" in html and 'id="file-error"' in html
    assert import_counts()["systems"] == 0


def test_header_problems_are_reported_on_the_page(client, login, industrial) -> None:
    login(industrial)
    response = _post(client, b"nom,specialty\nAlpha,radiology\n", valid_only="y")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The file was not imported" in html
    assert "<code>nom</code>" in html
    assert import_counts()["systems"] == 0


def test_a_database_failure_keeps_the_file_and_offers_to_retry(
    client, login, industrial, monkeypatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from registry.services.imports import declarations

    def broken(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    login(industrial)
    with monkeypatch.context() as patch:
        patch.setattr(declarations, "_apply", broken)
        response = _post(client, b"name,specialty\nAlpha,radiology\n")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Import interrupted" in html and 'id="retry"' in html
    assert import_counts()["systems"] == 0
    token = re.search(r'name="upload" value="([^"]+)"', html).group(1)
    retry = client.post("/systems/import", data={"upload": token, "action": "import"})
    assert retry.status_code == 200
    assert import_counts()["systems"] == 1
