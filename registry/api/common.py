"""Shared API helpers: the bearer token (checked once, before the request), the reader and the
writer of a request, the decorators of a write, lists with totals and Link headers."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from flask import abort, g, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema

from registry.services import tokens
from registry.services.policy import Actor
from schemas.common import ProblemSchema

WRITE_SCOPE = "write"
PROBLEM = "application/problem+json"  # RFC 9457, as registry.web.errors answers
View = TypeVar("View", bound=Callable[..., Any])
NO_TOKEN = "No valid token"  # noqa: S105 — a sentence of the API documentation
INVALID = "Invalid field (field and reason)"
#: The answers of a write guarded by an ETag (flask-smorest's check_etag).
PRECONDITIONS = {412: "If-Match does not match the ETag", 428: "If-Match header missing"}
IF_MATCH = "header.If-Match"
GUARDED = ("patch", "put", "delete")  # the methods that check the ETag


def load_bearer() -> None:
    """Before every API request: a Bearer token sets its user for this request only (API clients
    never use the session); an invalid, expired or revoked one answers 401 at once."""
    header = request.headers.get("Authorization", "")
    if not request.path.startswith("/api/") or not header.startswith("Bearer "):
        return
    token = tokens.authenticate(header.removeprefix("Bearer ").strip())
    g.api_token = token
    if token is None:
        abort(401, description=_("Invalid, expired or revoked token."))
    g._login_user = token.user  # Flask-Login reads it before the session


def writer() -> Actor:
    """The user behind a bearer token with the write scope (API writes never use cookies)."""
    token = g.get("api_token")
    if token is None:
        abort(401, description=_("API writes need a personal token: Authorization: Bearer …"))
    if WRITE_SCOPE not in (token.scopes or []):
        abort(403, description=_("This token has no write scope."))
    return token.user


def reader() -> Actor:
    """The signed-in user (token or session) or anonymous."""
    return current_user


def problems(
    blp: Blueprint, answers: Mapping[int, str], *, token: bool = False, media: str | None = None
) -> Callable[[View], View]:
    """Document a view's error answers (problem details, each with what it means here) and, with
    ``token``, that it needs a bearer token."""

    def document(view: View) -> View:
        for status, text in answers.items():
            view = blp.alt_response(
                status, schema=ProblemSchema, description=text, content_type=media or PROBLEM
            )(view)
        return blp.doc(security=[{"bearerAuth": []}])(view) if token else view

    return document


def read(
    blp: Blueprint,
    answer: type[Schema],
    answers: Mapping[int, str],
    *,
    links: Mapping[str, LinkTarget] | None = None,
) -> Callable[[View], View]:
    """The decorators of an item's read: its answer with the item's ETag, the ``links`` from it
    to the item's operations (item_links), and its error answers (problem details)."""

    def document(view: View) -> View:
        view = problems(blp, answers)(view)
        if links:
            view = linked(blp, 200, links)(view)
        return blp.etag(blp.response(200, answer)(view))

    return document


def query(
    blp: Blueprint,
    arguments: type[Schema],
    answer: type[Schema],
    answers: Mapping[int, str] | None = None,
    *,
    links: Mapping[str, LinkTarget] | None = None,
    media: str | None = None,
) -> Callable[[View], View]:
    """The decorators of a read with query parameters: their schema (the view receives what it
    parsed), its answer, the ``links`` from it to item operations (item_links), and its error
    answers (problem details, in ``media`` if given)."""

    def document(view: View) -> View:
        if answers:
            view = problems(blp, answers, media=media)(view)
        if links:
            view = linked(blp, 200, links)(view)
        view = blp.response(200, answer)(view)
        return blp.arguments(arguments, location="query")(view)

    return document


def write(
    blp: Blueprint,
    body: type[Schema] | None,
    status: int,
    answer: type[Schema] | Schema | None,
    answers: Mapping[int, str],
    *,
    example: Mapping[str, Any] | None = None,
) -> Callable[[View], View]:
    """The decorators of an API write, which needs a token: the schema of its body (the view
    receives what it parsed and hands it to its service as it is, docs/architecture.md §6), its
    answer, and its error answers (problem details); ``example``: a body the API accepts."""

    def document(view: View) -> View:
        view = problems(blp, answers, token=True)(view)
        view = blp.response(status, answer)(view)
        if body is None:
            return view
        return blp.arguments(body, example=example)(view) if example else blp.arguments(body)(view)

    return document


def created(obj: Any, endpoint: str, **values: Any) -> tuple[Any, int, dict[str, str]]:
    """The answer of a create: the new object, 201 and its address (Location)."""
    return obj, 201, {"Location": url_for(endpoint, _external=True, **values)}


def listing(
    items: Sequence[Any],
    total: int,
    page: int,
    per_page: int,
    endpoint: str,
    keys: Iterable[str],
) -> tuple[dict[str, Any], int, dict[str, str]]:
    """The answer of a list (200): one page of items with meta (totals), Link and X-Total-Count;
    the links keep the query parameters named in ``keys`` as the client wrote them."""
    kept = set(keys)
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k in kept}
    pages = max(1, math.ceil(total / per_page))
    links = {"first": 1, "last": pages}
    if page > 1:
        links["prev"] = page - 1
    if page < pages:
        links["next"] = page + 1
    header = ", ".join(
        f'<{url_for(endpoint, _external=True, **{**args, "page": n})}>; rel="{rel}"'
        for rel, n in links.items()
    )
    body = {
        "items": list(items),
        "meta": {"total": total, "page": page, "per_page": per_page, "pages": pages},
    }
    return body, 200, {"Link": header, "X-Total-Count": str(total)}


#: A link parameter: ``"system_id"`` (the target's parameter of that name) or located,
#: ``"header.If-Match"``; its value is a runtime expression (``$response.header.ETag``).
LinkTarget = tuple[str, str, Mapping[str, str]]


def linked(
    blp: Blueprint, status: int, targets: Mapping[str, LinkTarget]
) -> Callable[[View], View]:
    """Document OpenAPI links from this answer to item operations (the stateful fuzzing of
    scripts/api_fuzz.sh follows them): ``{name: (path, method, {parameter: expression})}``, e.g.
    ``{"GetSystem": ("/api/v1/systems/{system_id}", "get", {"system_id": "$response.body#/id"})}``.
    """
    links = {
        name: {
            "operationRef": "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method,
            "parameters": dict(parameters),
        }
        for name, (path, method, parameters) in targets.items()
    }
    return blp.doc(responses={status: {"links": links}})


def item_links(
    path: str,
    parameter: str,
    expression: str,
    operations: Mapping[str, tuple[str, str]],
    *,
    etag: bool = False,
) -> dict[str, LinkTarget]:
    """Links to the operations of one item: ``{name: (sub-path, method)}`` under ``path``. With
    ``etag`` (the answer carries the item's ETag), its writes guarded by an ETag get it as
    their If-Match."""
    return {
        name: (
            path + sub,
            method,
            {parameter: expression}
            | ({IF_MATCH: "$response.header.ETag"} if etag and method in GUARDED else {}),
        )
        for name, (sub, method) in operations.items()
    }


def path_parameter(
    name: str, description: str, examples: Mapping[str, int]
) -> list[dict[str, Any]]:
    """A path parameter's documentation for ``blp.route(parameters=...)``: what it names and
    examples, ids of the demonstration data (`flask demo load`, which scripts/api_fuzz.sh loads
    so that its examples reach the logic)."""
    return [
        {
            "in": "path",
            "name": name,
            "description": description,
            "examples": {key: {"value": value} for key, value in examples.items()},
            "required": True,
            "schema": {"type": "integer", "minimum": 0},
        }
    ]


#: If-Match as documented (flask-smorest's own text says neither where the ETag comes from nor
#: that ``*``, any current version, matches: RFC 9110, section 13.1.1).
IF_MATCH_DOC = {
    "description": "The ETag of the item's last GET (or of the last write's answer); `*` matches "
    "any current version (RFC 9110, section 13.1.1). Missing: 428; stale: 412.",
    "examples": {"any": {"value": "*", "summary": "Any current version"}},
}


def document_if_match(spec: Any) -> None:
    """Replace flask-smorest's If-Match parameter documentation by IF_MATCH_DOC."""
    components = spec.components
    for store in (components.parameters, components.parameters_lazy):
        if "IF_MATCH" in store:
            store["IF_MATCH"] = {**store["IF_MATCH"], **IF_MATCH_DOC}
