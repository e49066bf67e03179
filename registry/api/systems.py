"""/api/v1/systems: the catalogue, and declarations for industrials with a write token."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from registry.api import common as api
from registry.services import policy, publication, registration
from registry.services import systems as service
from registry.services.filters import CATALOGUE_KEYS
from registry.services.policy import Actor
from registry.web.i18n import current_locale
from schemas.systems import (
    CatalogueQuerySchema,
    RegistrationSchema,
    SystemCreateSchema,
    SystemDetailSchema,
    SystemPageSchema,
    SystemWriteSchema,
    VersionSchema,
    VersionWriteSchema,
)

URL_PREFIX = "/api/v1/systems"
HIDDEN = "No system you may see"
WRITE = {401: api.NO_TOKEN, 403: "Not yours, or no write scope", 404: HIDDEN}
_ITEM = {
    "GetSystem": ("", "get"),
    "PatchSystem": ("", "patch"),
    "SubmitSystem": ("/submit", "post"),
    "GetVersions": ("/versions", "get"),
    "AddVersion": ("/versions", "post"),
}
ITEM = "/api/v1/systems/{system_id}"
#: Demonstration systems (scripts/api_fuzz.sh): published, and a draft of the industrial's.
SYSTEM_ID = api.path_parameter("system_id", "A system's id", {"published": 1, "draft": 28})
_ETAG_LINKS = api.item_links(ITEM, "system_id", "$request.path.system_id", _ITEM, etag=True)
#: A new version for the demo systems of SYSTEM_ID (their labels end at 1.2).
VERSION_EXAMPLE = {"label": "2.0", "change_summary": "New model trained on 2025 data."}
blp = Blueprint(
    "api_systems",
    __name__,
    description="AI systems: the published catalogue (no token needed) and, for industrials "
    "with a write token, their own declarations.",
)


def _visible(system_id: int, actor: Actor) -> Any:
    """The system as this reader may read it: owners and admins read their pending changes."""
    system = service.get_visible_by_id(system_id, actor)
    g.owner_view = bool(policy.can(actor, "system.view_changes", system))
    return service.owner_view(system, actor) if g.owner_view else system


@blp.route("")
class SystemList(MethodView):
    """The catalogue; POST opens a declaration."""

    @api.query(
        blp,
        CatalogueQuerySchema,
        SystemPageSchema,
        {422: "Invalid filter value"},
        links=api.item_links(ITEM, "system_id", "$response.body#/items/0/id", _ITEM),
    )
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """List published systems, with search (`q`) and the catalogue filters."""
        api.reader()
        query = service.CatalogueQuery(
            q=args["q"].strip(),
            filters={k: args[k] for k in CATALOGUE_KEYS if args.get(k)},
            page=args["page"],
            per_page=args["per_page"],
        )
        page = service.search(query)
        return api.listing(
            page.items,
            page.total,
            page.page,
            page.per_page,
            "api_systems.SystemList",
            CatalogueQuerySchema().fields,
        )

    @api.write(
        blp,
        SystemCreateSchema,
        201,
        SystemDetailSchema,
        {401: api.NO_TOKEN, 403: "Not an industrial, or no write scope", 422: api.INVALID},
    )
    @api.linked(blp, 201, api.item_links(ITEM, "system_id", "$response.body#/id", _ITEM))
    def post(self, data: dict[str, Any]) -> tuple[Any, int, dict[str, str]]:
        """Open a draft declaration for your organisation (industrial token, write scope)."""
        actor = api.writer()
        system = service.create({"name": data["name"]}, actor)
        if data.keys() - {"name"}:  # the name again is no change
            service.update_declaration(system, data, actor)
        return api.created(system, "api_systems.SystemItem", system_id=system.id)


@blp.route("/<int:system_id>", parameters=SYSTEM_ID)
class SystemItem(MethodView):
    """One system."""

    @api.read(blp, SystemDetailSchema, {404: HIDDEN}, links=_ETAG_LINKS)
    def get(self, system_id: int) -> Any:
        """A published or withdrawn system; owners also read their drafts and pending changes."""
        return _visible(system_id, api.reader())

    @blp.etag
    @api.write(
        blp,
        SystemWriteSchema,
        200,
        SystemDetailSchema,
        {**WRITE, **api.PRECONDITIONS, 422: api.INVALID},
    )
    @api.linked(blp, 200, _ETAG_LINKS)
    def patch(self, data: dict[str, Any], system_id: int) -> Any:
        """Change declaration fields; all valid or nothing written (If-Match required).

        On a published system the change goes into its pending revision: the public keeps
        reading the published one until an administrator publishes the change.
        """
        actor = api.writer()
        shown = _visible(system_id, actor)
        blp.check_etag(shown, SystemDetailSchema)
        system = service.get_visible_by_id(system_id, actor)
        service.update_declaration(system, data, actor)
        return _visible(system_id, actor)


@blp.route("/<int:system_id>/submit", parameters=SYSTEM_ID)
class SystemSubmit(MethodView):
    """Submit a complete draft."""

    @api.write(
        blp,
        None,
        200,
        SystemDetailSchema,
        {**WRITE, 409: "Not a draft", 422: "Incomplete: what is missing"},
    )
    def post(self, system_id: int) -> Any:
        """draft → submitted (or the changes of a published system), when complete."""
        actor = api.writer()
        system = service.get_visible_by_id(system_id, actor)
        publication.submit(system, actor)
        return _visible(system_id, actor)


@blp.route("/<int:system_id>/ai-act-registration", parameters=SYSTEM_ID)
class SystemRegistration(MethodView):
    """The AI Act registration record (Art 49, Annex VIII)."""

    @blp.response(200, RegistrationSchema)
    @api.problems(blp, {404: HIDDEN})
    def get(self, system_id: int) -> Any:
        """The Annex VIII items to enter in the EU database (Section A for a high-risk system of
        Annex III, Section B for the Art 6(3) route), each with its value and whether the
        declaration still misses it; `applicable: false` with the reason otherwise. Public for
        published systems; owners read their drafts (labels in the request's language)."""
        return registration.by_id(system_id, api.reader(), current_locale()).to_dict()


@blp.route("/<int:system_id>/versions", parameters=SYSTEM_ID)
class SystemVersions(MethodView):
    """Version history."""

    @blp.response(200, VersionSchema(many=True))
    @api.problems(blp, {404: HIDDEN})
    def get(self, system_id: int) -> Any:
        """Every version, newest first."""
        return service.get_visible_by_id(system_id, api.reader()).versions

    @api.write(
        blp,
        VersionWriteSchema,
        201,
        VersionSchema,
        {**WRITE, 422: "Invalid field, a label the system has, a release date in the future"},
        example=VERSION_EXAMPLE,
    )
    def post(self, data: dict[str, Any], system_id: int) -> Any:
        """Add a version (a significant change flags earlier published assessments)."""
        actor = api.writer()
        system = service.get_visible_by_id(system_id, actor)
        return service.add_version(system, data, actor), 201
