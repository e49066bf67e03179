"""REST front door (flask-smorest), under /api/v1."""

from __future__ import annotations

from flask import Flask, render_template

from registry.extensions import api, csrf


def register_api(app: Flask) -> None:
    """Register the API blueprints and our own docs page (no CDN)."""
    from registry.api import systems

    api.init_app(app)
    for module in (systems,):
        api.register_blueprint(module.blp, url_prefix=module.URL_PREFIX)
        csrf.exempt(module.blp)

    @app.get("/api/v1/docs")
    def api_docs() -> str:
        spec = api.spec.to_dict()
        return render_template("api/docs.html", spec=spec)
