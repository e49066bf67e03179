"""Static files and compression.

``make assets`` (assets/build.mjs) writes every file the pages load to build/static/, named
after its content (``dsfr.<sha256>.css``), with brotli and gzip copies beside it, and
build/manifest.json mapping logical names to those files. Here:

- ``url_for('static', filename='dsfr.css')`` gives the content-named URL, so that a changed
  file gets a new URL and the browser may keep every file for a year without asking again;
- WhiteNoise serves build/static/ before Flask sees the request: the pre-compressed copy the
  browser accepts, ``Cache-Control: public, max-age=31536000, immutable``, ``Vary:
  Accept-Encoding`` and never ``Vary: Cookie`` (no session is opened for a static file);
- Flask-Compress compresses every other text response (HTML, JSON, CSV) with brotli, gzip as
  the fallback. It appends the encoding to strong ETags (``"abc:br"``), so the ETags clients
  send back in If-Match / If-None-Match are read without that suffix.

A name missing from the manifest (``make assets`` not run) falls back to registry/static/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from flask import Flask, url_for
from whitenoise import WhiteNoise

from registry.extensions import compress

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
MANIFEST = BUILD / "manifest.json"
BUILT = BUILD / "static"
ONE_YEAR = 365 * 24 * 60 * 60
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
#: Content codings Flask-Compress appends to strong ETags.
_ENCODED_ETAG = re.compile(r'"([^"]*?):(?:br|gzip|deflate|zstd)"')

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ContentNamedFiles(WhiteNoise):
    """WhiteNoise for a directory whose every file is named after its content."""

    def add_cache_headers(self, headers: Any, path: str, url: str) -> None:
        headers["Cache-Control"] = IMMUTABLE


def _static_headers(headers: Any, path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"


class PlainETags:
    """Read If-Match / If-None-Match without the encoding suffix of compressed responses.

    A client that fetched ``"abc:br"`` (compressed) sends it back to update the resource; the
    API compares it with the resource's ``"abc"``.
    """

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        for key in ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH"):
            if key in environ:
                environ[key] = _ENCODED_ETAG.sub(r'"\1"', environ[key])
        return self.app(environ, start_response)


def load_manifest(path: Path = MANIFEST) -> dict[str, Any]:
    """build/manifest.json, or an empty manifest when the assets were not built."""
    try:
        manifest: dict[str, Any] = json.loads(path.read_text())
    except FileNotFoundError:
        return {"files": {}, "preload": []}
    return manifest


def init_app(app: Flask) -> None:
    """Content-named static URLs, WhiteNoise in front of the app, Flask-Compress after it."""
    manifest = load_manifest()
    files: dict[str, str] = manifest["files"]
    app.extensions["registry_assets"] = manifest
    if files and BUILT.is_dir():
        app.wsgi_app = ContentNamedFiles(  # type: ignore[method-assign]
            app.wsgi_app,
            root=str(BUILT),
            prefix="static/",
            max_age=ONE_YEAR,
            allow_all_origins=False,
            add_headers_function=_static_headers,
        )
    else:
        app.logger.error("Static files not built: run `make assets` (build/manifest.json)")
    app.wsgi_app = PlainETags(app.wsgi_app)  # type: ignore[method-assign]
    compress.init_app(app)

    @app.url_defaults
    def content_named(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = files.get(values["filename"], values["filename"])

    @app.context_processor
    def asset_helpers() -> dict[str, Any]:
        return {"font_preloads": _preloads}

    def _preloads() -> list[str]:
        return [url_for("static", filename=name) for name in manifest.get("preload", [])]
