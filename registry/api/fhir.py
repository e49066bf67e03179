"""/api/v1/fhir: a read-only HL7 FHIR R4 server over the public registry
(docs/interoperability.md §2). Answers are ``application/fhir+json``; errors are
OperationOutcome resources (registry/web/errors.py)."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from registry import fhir
from registry.api.common import reader
from registry.services import fhir as service
from schemas.fhir import DeviceSearchSchema

URL_PREFIX = "/api/v1/fhir"
blp = Blueprint(
    "api_fhir",
    __name__,
    description="HL7 FHIR R4 (4.0.1), read-only: published systems as DeviceDefinition, their "
    "manufacturers as Organization, our CodeSystems. Content type application/fhir+json.",
)

RESOURCE = {
    "type": "object",
    "properties": {"resourceType": {"type": "string"}},
    "required": ["resourceType"],
}


def _documented(kind: str, *errors: int) -> Any:
    """The OpenAPI answers of a FHIR interaction: the resource, and OperationOutcome errors."""
    content = {fhir.MEDIA_TYPE: {"schema": RESOURCE}}
    answers = {"200": {"description": kind, "content": content}}
    for status in errors:
        answers[str(status)] = {"description": "OperationOutcome", "content": content}
    return blp.doc(responses=answers)


def answer(resource: dict[str, Any], status: int = 200) -> Response:
    """A FHIR resource as ``application/fhir+json``."""
    response = Response(json.dumps(resource, ensure_ascii=False), status, mimetype=fhir.MEDIA_TYPE)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blp.route("/metadata")
class Metadata(MethodView):
    """The CapabilityStatement."""

    @_documented("CapabilityStatement")
    def get(self) -> Response:
        """What this server does (FHIR capabilities interaction)."""
        reader()
        return answer(service.metadata())


@blp.route("/DeviceDefinition")
class DeviceDefinitionSearch(MethodView):
    """Search published systems."""

    @blp.arguments(DeviceSearchSchema, location="query", as_kwargs=False)
    @_documented("Bundle (searchset) of DeviceDefinition", 400)
    def get(self, args: dict[str, Any]) -> Response:
        """Published systems by `name` (`:contains`, `:exact`), `manufacturer`, `specialty`,
        `identifier`, `_id`; `_count` per page and `page`."""
        reader()
        search = _search(args)
        resources, total = service.search_devices(search)
        return answer(service.bundle(resources, total, _links(args, search, total)))


@blp.route("/DeviceDefinition/<int:system_id>")
class DeviceDefinitionRead(MethodView):
    """One published or withdrawn system."""

    @_documented("DeviceDefinition", 404)
    def get(self, system_id: int) -> Response:
        """A DeviceDefinition by id (404 unless public)."""
        reader()
        return answer(service.read_device(system_id))


@blp.route("/Organization/<int:organisation_id>")
class OrganizationRead(MethodView):
    """The manufacturer of a public system."""

    @_documented("Organization", 404)
    def get(self, organisation_id: int) -> Response:
        """An Organization by id (404 unless it makes a public system)."""
        reader()
        return answer(service.read_organization(organisation_id))


@blp.route(
    "/CodeSystem/<string:code_system_id>",
    parameters=[
        {
            "in": "path",
            "name": "code_system_id",
            "description": "One of the registry's code systems (another id: 404)",
            "examples": {name: {"value": name} for name in fhir.CODE_SYSTEMS},
        }
    ],
)
class CodeSystemRead(MethodView):
    """The registry's own code systems (their canonical URL)."""

    @_documented("CodeSystem", 404)
    def get(self, code_system_id: str) -> Response:
        """A CodeSystem of the registry by id."""
        reader()
        return answer(service.code_system(code_system_id))


def _search(args: dict[str, Any]) -> service.DeviceSearch:
    name, mode = args.get("name"), "start"
    if args.get("name_contains"):
        name, mode = args["name_contains"], "contains"
    elif args.get("name_exact"):
        name, mode = args["name_exact"], "exact"
    manufacturer = args.get("manufacturer")
    specialty = args.get("specialty")
    return service.DeviceSearch(
        name=name,
        name_mode=mode,
        manufacturer_id=int(manufacturer.rsplit("/", 1)[-1]) if manufacturer else None,
        specialty=specialty.rsplit("|", 1)[-1] if specialty else None,
        identifier=(args.get("identifier") or "").rsplit("|", 1)[-1] or None,
        system_id=args.get("id"),
        count=args["count"],
        page=args["page"],
    )


def _links(args: dict[str, Any], search: service.DeviceSearch, total: int) -> dict[str, str]:
    """self, first, previous, next and last: the query as given, with ``page``."""
    kept = {k: v for k, v in request.args.items() if k != "page"}
    pages = max(1, -(-total // search.count))

    def link(page: int) -> str:
        return url_for("api_fhir.DeviceDefinitionSearch", _external=True, **kept, page=page)

    links = {"self": link(search.page), "first": link(1)}
    if search.page > 1:
        links["previous"] = link(min(search.page - 1, pages))
    if search.page < pages:
        links["next"] = link(search.page + 1)
    links["last"] = link(pages)
    return links
