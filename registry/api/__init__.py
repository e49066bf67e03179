"""REST front door (flask-smorest), under /api/v1."""

from __future__ import annotations

from flask import Flask, render_template

from registry.extensions import api, csrf


def register_api(app: Flask) -> None:
    """Register the API blueprints and our own docs page (no CDN)."""
    from registry.api import classification, systems

    api.init_app(app)
    for module in (systems, classification):
        # A module serves one blueprint (blp, URL_PREFIX) or lists several in BLUEPRINTS.
        for blp, prefix in getattr(module, "BLUEPRINTS", ((module.blp, module.URL_PREFIX),)):
            api.register_blueprint(blp, url_prefix=prefix)
            csrf.exempt(blp)

    @app.get("/api/v1/docs")
    def api_docs() -> str:
        spec = api.spec.to_dict()
        return render_template("api/docs.html", spec=spec)
