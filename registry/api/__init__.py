"""REST front door (flask-smorest), under /api/v1."""

from __future__ import annotations

from flask import Flask, render_template, request

from registry.api.common import document_if_match, load_bearer, writer
from registry.extensions import api, csrf
from schemas.assessments import TRANSITION_RULES
from schemas.evidence import EVIDENCE_RULES

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PUBLIC_POSTS = {"api_ai_act.AIActClassify", "api_mdr.MDRClassify"}  # stateless, no token


def register_api(app: Flask) -> None:
    """Register the API blueprints and our own docs page (no CDN)."""
    from registry.api import (
        assessments,
        classification,
        dashboards,
        evidence,
        fhir,
        organisations,
        search,
        systems,
        training,
    )

    api.init_app(app)
    modules = (
        systems,
        assessments,
        evidence,
        organisations,
        classification,
        dashboards,
        training,
        search,
        fhir,
    )
    for module in modules:
        # A module serves one blueprint (blp, URL_PREFIX) or lists several in BLUEPRINTS.
        for blp, prefix in getattr(module, "BLUEPRINTS", ((module.blp, module.URL_PREFIX),)):
            api.register_blueprint(blp, url_prefix=prefix)
            csrf.exempt(blp)

    app.before_request(load_bearer)
    app.before_request(api_writes_need_a_token)

    document_if_match(api.spec)
    # Rules across fields that the schemas' validators enforce (stated for the fuzzing).
    api.spec.components.schemas["Transition"].update(TRANSITION_RULES)
    api.spec.components.schemas["EvidenceWrite"].update(EVIDENCE_RULES)
    api.spec.components.security_scheme(
        "bearerAuth",
        {
            "type": "http",
            "scheme": "bearer",
            "description": "Personal token created on /profile/tokens",
        },
    )

    app.add_url_rule("/api/v1/docs", "api_docs", api_docs, methods=["GET"])


def api_writes_need_a_token() -> None:
    """Every API write but the stateless classifications needs a write token (401, 403).

    Checked before ETag preconditions, so an anonymous write gets 401, not 428.
    """
    if (
        request.path.startswith("/api/")
        and request.method in WRITE_METHODS
        and request.endpoint not in PUBLIC_POSTS
    ):
        writer()


def api_docs() -> str:
    """The OpenAPI document rendered by our own template (no CDN)."""
    from registry.api.docs_texts import LOCATIONS, translated

    return render_template(
        "api/docs.html", spec=translated(api.spec.to_dict()), locations=LOCATIONS
    )
