"""Bulk import of declarations from a CSV file: template, upload, report, rows to correct."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from registry import vocab
from registry.services.imports import csvutil, rows, uploads
from registry.services.imports import declarations as service
from registry.text import slugify
from registry.vocab import Role
from registry.web.forms.imports import ImportForm
from registry.web.forms.systems import FIELDS, field_label
from registry.web.i18n import current_locale
from schemas.systems import TRANSPARENCY_OPTIONAL

bp = Blueprint("imports", __name__, url_prefix="/systems")
ROWS_SHOWN = 200


def _organisation_id() -> int:
    """The importing organisation: the signed-in industrial's own (403 for anyone else)."""
    organisation_id = current_user.organisation_id
    service.authorise(current_user, organisation_id)
    return int(organisation_id)


def _max_megabytes() -> str:
    """The upload limit in MB, as the reader's locale writes numbers."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return format_decimal(limit / (1024 * 1024), format="#,##0.#")


def _column_guide() -> list[dict[str, Any]]:
    """One entry per column: its label, the kind of value and the accepted codes."""
    kinds = {
        "text": _("Text"),
        "textarea": _("Text"),
        "number": _("Number (a point or a comma for decimals)"),
        "date": _("Date, YYYY-MM-DD (DD/MM/YYYY accepted)"),
        "url": _("Web address starting with https://"),
        "bool": _("true or false (yes/no, oui/non accepted)"),
        "select": _("One code"),
        "multi": _("Codes separated by |"),
    }
    locale = current_locale()
    guide = []
    for name in rows.COLUMNS:
        spec = FIELDS[name]
        kind = str(kinds.get(spec.kind, kinds["text"]))
        codes: list[tuple[str, str]] = []
        if name == "training_data_countries":
            kind = _("Two-letter country codes separated by |, e.g. FR|DE")
        elif name == "not_available":
            codes = [(code, field_label(code)) for code in TRANSPARENCY_OPTIONAL]
        elif spec.vocabulary:
            codes = vocab.choices(spec.vocabulary, locale)
        guide.append(
            {
                "name": name,
                "label": field_label(name),
                "kind": kind,
                "codes": codes,
                "required": name == "name",
            }
        )
    return guide


def _render(
    form: ImportForm,
    status: int = 200,
    *,
    report: rows.Report | None = None,
    token: str | None = None,
    file_error: str | None = None,
    failure: str | None = None,
) -> tuple[str, int]:
    shown = [row for row in (report.outcomes if report else []) if row.outcome != "invalid"]
    return render_template(
        "imports/declarations.html",
        form=form,
        report=report,
        token=token,
        file_error=file_error,
        failure=failure,
        guide=_column_guide(),
        field_label=field_label,
        max_megabytes=_max_megabytes(),
        rows_shown=shown[:ROWS_SHOWN],
        rows_hidden=max(0, len(shown) - ROWS_SHOWN),
    ), status


@bp.get("/import")
@login_required
def upload() -> tuple[str, int]:
    """The upload page: template, column guide, file input."""
    _organisation_id()
    return _render(ImportForm(formdata=None))


@bp.post("/import")
@login_required
def run() -> tuple[str, int]:
    """Check or import a file (new, or kept from the previous report) and show the report."""
    organisation_id = _organisation_id()
    form = ImportForm()  # reads the body: a file above the limit ends in too_large() below
    sent = request.files.get("file")
    dry_run = request.form.get("action") == "check"
    token = form.upload.data or None
    if sent is not None and sent.filename:
        filename = sent.filename.replace("\\", "/").rsplit("/", 1)[-1][:200]
        content = sent.read()
        problem = _file_problem(filename, content)
        if problem:
            return _render(form, 422, file_error=problem)
        token = uploads.keep(content, filename, current_user.id, organisation_id)
    elif token:
        kept = uploads.load(token, current_user.id)
        if kept is None or kept.organisation_id != organisation_id:
            return _render(
                form,
                422,
                file_error=_("The file sent earlier is no longer available: choose it again."),
            )
        content, filename = kept.content, kept.filename
    else:
        return _render(form, 422, file_error=_("Choose a CSV file."))
    try:
        report = service.run(
            content,
            organisation_id=organisation_id,
            actor=current_user,
            filename=filename,
            dry_run=dry_run,
            valid_only=bool(form.valid_only.data),
        )
    except csvutil.FileProblem as problem:
        uploads.discard(token)
        return _render(form, 422, file_error=str(problem.message))
    except SQLAlchemyError:
        current_app.logger.exception("Declarations import failed")
        return _render(
            form,
            500,
            token=token,
            failure=_(
                "The import stopped on an unexpected error and nothing was written. Your file "
                "is kept: try again in a moment."
            ),
        )
    if report.written and not report.count("invalid"):
        uploads.discard(token)
        token = None
    form.upload.data = token
    return _render(form, 422 if report.blocked else 200, report=report, token=token)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> tuple[str, int]:
    """A file above the limit (seen while reading the form, even by the CSRF check)."""
    message = _(
        "The file is larger than %(size)s MB: split it into several files.",
        size=_max_megabytes(),
    )
    if current_user.is_authenticated and current_user.role == Role.INDUSTRIAL:
        return _render(ImportForm(formdata=None), 413, file_error=message)
    return render_template(
        "errors/error.html", status=413, title=_("File too large"), detail=message
    ), 413


def _file_problem(filename: str, content: bytes) -> str | None:
    """Why a file cannot be imported at all, before looking at its rows."""
    if not csvutil.is_csv_name(filename):
        return _(
            "“%(name)s” is not a CSV file. Save your spreadsheet as “CSV UTF-8” (.csv) and "
            "choose that file.",
            name=filename,
        )
    if not content.strip():
        return _("The file is empty.")
    try:
        csvutil.decode(content)
    except csvutil.FileProblem as problem:
        return str(problem.message)
    return None


@bp.get("/import/template.csv")
@login_required
def template() -> Response:
    """The file to fill in, with every importable column and an example row."""
    _organisation_id()
    return Response(
        rows.template_csv(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": "attachment; filename=declarations-template.csv",
            "Content-Type": "text/csv; charset=utf-8",
        },
    )


@bp.get("/import/<token>/corrections.csv")
@login_required
def corrections(token: str) -> Response:
    """The refused rows of a kept file, with what to correct in a last column."""
    organisation_id = _organisation_id()
    kept = uploads.load(token, current_user.id)
    if kept is None or kept.organisation_id != organisation_id:
        abort(404)
    report = service.run(
        kept.content,
        organisation_id=organisation_id,
        actor=current_user,
        filename=kept.filename,
        dry_run=True,
    )
    stem = kept.filename.rsplit(".", 1)[0] or "declarations"
    return Response(
        rows.corrections_csv(kept.content, report),
        headers={
            "Content-Disposition": (
                f'attachment; filename="{slugify(stem) or "declarations"}-to-correct.csv"'
            ),
            "Content-Type": "text/csv; charset=utf-8",
        },
    )
