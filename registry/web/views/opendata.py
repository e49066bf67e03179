"""Open data page and files: CSV, JSON, Table Schema and data package (docs/domain.md §12.2)."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, render_template, request, stream_with_context

from registry import dcat
from registry.services import opendata
from registry.services.opendata import dcat as opendata_dcat
from registry.services.opendata import descriptors
from registry.web.i18n import current_locale

bp = Blueprint("opendata", __name__, url_prefix="/open-data")

NAME = "<any(systems, assessments, evidence, training):name>"
MAX_AGE = 300  # seconds: reusers may cache a file for five minutes, then revalidate


@bp.get("")
def index() -> str:
    """What each file holds, its licence, column dictionary, size and last update."""
    files = opendata.summary()
    locale = current_locale()
    dates = [file.updated_at for file in files if file.updated_at is not None]
    return render_template(
        "opendata/index.html",
        files=files,
        updated_at=max(dates) if dates else None,
        dictionaries={
            file.dataset.name: descriptors.dictionary(file.dataset.name, locale) for file in files
        },
        licence=descriptors.LICENCE,
    )


@bp.get(f"/{NAME}.csv")
def download_csv(name: str) -> Response:
    """The CSV file, streamed."""
    return _file(name, opendata.csv_chunks(name), "text/csv", attachment=True)


@bp.get(f"/{NAME}.json")
def download_json(name: str) -> Response:
    """The same rows as JSON, streamed."""
    return _file(name, opendata.json_chunks(name), "application/json", attachment=False)


@bp.get(f"/{NAME}.schema.json")
def schema(name: str) -> Response:
    """The Table Schema of a file."""
    return _descriptor(opendata.dumps(descriptors.table_schema(name)))


@bp.get("/datapackage.json")
def datapackage() -> Response:
    """The data package listing the three files."""
    return _descriptor(opendata.dumps(descriptors.datapackage()))


@bp.get("/catalog.jsonld")
def catalog_jsonld() -> Response:
    """The DCAT-AP catalogue as JSON-LD (docs/interoperability.md §4)."""
    response = Response(
        opendata.dumps(dcat.to_jsonld(opendata_dcat.nodes())), mimetype="application/ld+json"
    )
    _open(response)
    return response


@bp.get("/catalog.ttl")
def catalog_ttl() -> Response:
    """The same catalogue in Turtle."""
    response = Response(dcat.to_turtle(opendata_dcat.nodes()), mimetype="text/turtle")
    _open(response)
    return response


def _file(name: str, chunks: Iterator[bytes], mimetype: str, *, attachment: bool) -> Response:
    """A streamed file with its last update, answering 304 when the reuser's copy is current."""
    updated_at = opendata.last_update(name)
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    if attachment:
        extension = mimetype.rsplit("/", 1)[-1]
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    if updated_at is not None:
        response.last_modified = updated_at
    _open(response)
    # Never buffer the stream (werkzeug would, to compute a Content-Length); 304 when current.
    response.implicit_sequence_conversion = False
    response.make_conditional(request)
    return response


def _descriptor(text: str) -> Response:
    response = Response(text, mimetype="application/json")
    _open(response)
    return response


def _open(response: Response) -> None:
    """Public data: any site may fetch it, any cache may keep it a little while."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
