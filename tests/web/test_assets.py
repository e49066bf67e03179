"""Light pages: compressed responses, content-named static files cached for a year, the plotly.js
bundle of our trace types only, the DSFR we use, and the tags search engines read.

The static files are those `make assets` built (build/, as `make test` does first)."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from html.parser import HTMLParser

import brotli
import plotly
import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

from registry.web import assets
from tests.factories import SystemFactory, UserFactory
from tests.helpers import ROOT

MANIFEST = json.loads((ROOT / "build" / "manifest.json").read_text())
FILES: dict[str, str] = MANIFEST["files"]
BUILT = ROOT / "build" / "static"
DSFR = ROOT / "node_modules" / "@gouvfr" / "dsfr" / "dist"
CONFIG = json.loads((ROOT / "assets" / "config.json").read_text())


class Tags(HTMLParser):
    """The start tags of a page with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str, name: str) -> list[dict[str, str | None]]:
    parser = Tags()
    parser.feed(html)
    return [attrs for tag, attrs in parser.tags if tag == name]


def page_assets(html: str) -> list[str]:
    """The stylesheets and scripts a page loads."""
    links = [a["href"] for a in tags(html, "link") if a.get("rel") == "stylesheet"]
    return [str(u) for u in links + [a.get("src") for a in tags(html, "script")] if u]


def test_pages_are_compressed_with_brotli_and_gzip_as_fallback(client) -> None:
    for encoding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        response = client.get("/systems", headers={"Accept-Encoding": f"{encoding}, identity"})
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        assert b"<!doctype html>" in decompress(response.data)
    plain = client.get("/systems")
    assert "Content-Encoding" not in plain.headers and b"<!doctype html>" in plain.data


def test_api_json_is_compressed_too(client) -> None:
    SystemFactory.create_batch(5, status="published")  # small bodies (< 500 bytes) stay plain
    response = client.get("/api/v1/systems", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert "items" in json.loads(brotli.decompress(response.data))


def test_css_and_js_are_precompressed_and_cached_for_a_year(client) -> None:
    urls = page_assets(client.get("/").get_data(as_text=True))
    assert len(urls) >= 3
    for url in urls:
        for encoding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
            response = client.get(url, headers={"Accept-Encoding": encoding})
            assert response.status_code == 200, url
            assert response.headers["Content-Encoding"] == encoding, url
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert response.headers["Vary"] == "Accept-Encoding"  # never Cookie
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert "Set-Cookie" not in response.headers
            name = url.removeprefix("/static/")
            assert decompress(response.data) == (BUILT / name).read_bytes()
            response.close()


def test_signed_in_visitors_get_the_same_cacheable_static_files(client, login) -> None:
    login(UserFactory(role="evaluator"))
    html = client.get("/").get_data(as_text=True)
    css = next(url for url in page_assets(html) if url.endswith(".css"))
    response = client.get(css)
    assert "Cookie" not in response.headers.get("Vary", "")
    assert response.headers["Cache-Control"].startswith("public")
    response.close()


def test_every_built_file_is_named_after_its_content() -> None:
    # A changed file gets a new name, hence a new URL: browsers never keep a stale copy.
    for logical, name in FILES.items():
        content = (BUILT / name).read_bytes()
        if logical.startswith("fonts/"):  # named by esbuild: name-<content hash>.woff2
            assert re.fullmatch(r"dsfr/[\w-]+-[A-Z0-9]{8}\.woff2", name), name
            continue
        digest = hashlib.sha256(content).hexdigest()[:16]
        stem, _dot, extension = logical.partition(".")
        assert name == f"{stem}.{digest}.{extension}", logical
    css = (BUILT / FILES["dsfr.css"]).read_text()
    for reference in re.findall(r"url\(([^)]+)\)", css):
        if reference.strip("\"'").startswith("data:"):
            continue
        assert re.search(r"-[A-Z0-9]{8}\.(woff2|svg)$", reference.strip("\"'")), reference


def test_pages_link_the_content_named_files(client) -> None:
    html = client.get("/").get_data(as_text=True)
    for logical in ("dsfr.css", "registry.css", "dsfr.module.js", "favicon.svg"):
        assert f'"/static/{FILES[logical]}"' in html
    for preload in MANIFEST["preload"]:
        assert f'<link rel="preload" href="/static/{preload}" as="font"' in html


def test_a_new_manifest_gives_new_urls(app, tmp_path) -> None:
    before = tmp_path / "before.json"
    before.write_text(json.dumps({"files": {"registry.css": "registry.aaaa.css"}}))
    after = tmp_path / "after.json"
    after.write_text(json.dumps({"files": {"registry.css": "registry.bbbb.css"}}))
    assert assets.load_manifest(before)["files"]["registry.css"] == "registry.aaaa.css"
    assert assets.load_manifest(after)["files"]["registry.css"] == "registry.bbbb.css"
    assert assets.load_manifest(tmp_path / "missing.json") == {"files": {}, "preload": []}


def test_plotly_js_is_the_version_plotly_python_validates_against() -> None:
    package = json.loads((ROOT / "package.json").read_text())
    assert package["devDependencies"]["plotly.js"] == get_plotlyjs_version()
    bundle = (BUILT / FILES["plotly.js"]).read_text()
    assert bundle.startswith(f"/*! plotly.js v{get_plotlyjs_version()} ")
    assert plotly.__version__ in (ROOT / "pyproject.toml").read_text()  # pinned exactly


def _trace_types() -> set[str]:
    return {
        cls._path_str
        for cls in (getattr(go, name) for name in dir(go))
        if isinstance(cls, type) and issubclass(cls, BaseTraceType) and cls is not BaseTraceType
    }


def test_plotly_bundle_holds_exactly_the_trace_types_we_draw() -> None:
    traces = _trace_types()
    drawn = set()
    for module in (ROOT / "registry" / "dashboards").glob("*.py"):
        for kind in re.findall(r'"type": "(\w+)"', module.read_text()):
            if kind in traces:
                drawn.add(kind)
    bundle = (BUILT / FILES["plotly.js"]).read_text()
    in_bundle = set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle))
    assert drawn == in_bundle == set(CONFIG["plotly_traces"])
    assert len(bundle) < 2_000_000  # the full plotly.js is 4.8 MB


def _classes(css: str) -> set[str]:
    return set(re.findall(r"\.(fr-[\w-]+)", re.sub(r"\{[^{}]*\}", " ", css)))


def test_every_dsfr_class_in_templates_is_styled_by_the_trimmed_css() -> None:
    dsfr = _classes((DSFR / "dsfr.min.css").read_text())
    dsfr |= _classes((DSFR / "utility" / "utility.min.css").read_text())
    built = _classes((BUILT / FILES["dsfr.css"]).read_text())
    used = set()
    for template in (ROOT / "templates").rglob("*.html"):
        used |= set(re.findall(r"fr-[a-z0-9_-]*[a-z0-9]", template.read_text()))
    missing = sorted((used & dsfr) - built)
    assert not missing, f"add their DSFR packages to assets/config.json: {missing}"
    whole = (DSFR / "dsfr.min.css").stat().st_size + (
        DSFR / "utility/icons/icons.min.css"
    ).stat().st_size
    assert (BUILT / FILES["dsfr.css"]).stat().st_size < whole / 2  # trimmed, icons included


def test_only_the_marianne_faces_we_draw_with_are_declared() -> None:
    css = (BUILT / FILES["dsfr.css"]).read_text()
    faces = re.findall(r"@font-face\{[^}]*\}", css)
    assert len(faces) == len(CONFIG["fonts"])
    assert all(".woff2" in face and ".woff)" not in face for face in faces)


def test_chart_pages_show_every_table_without_javascript(client) -> None:
    SystemFactory.create_batch(3, status="published")
    html = client.get("/dashboards/").get_data(as_text=True)
    charts = tags(html, "div")
    plots = [c for c in charts if c.get("data-chart")]
    assert plots, "the overview draws charts"
    for plot in plots:
        name = str(plot["id"]).removeprefix("plot-")
        assert f'<table id="table-{name}"' in html
        assert re.search(r"height: \d+px", str(plot.get("style"))), "room kept for the chart"
    # plotly.js is fetched by dashboards.js when a chart comes into view, never up front.
    scripts = [s.get("src") for s in tags(html, "script") if s.get("src")]
    assert not any("plotly" in str(src) for src in scripts)
    loader = next(s for s in tags(html, "script") if s.get("id") == "dashboards-script")
    assert loader["data-plotly"] == f"/static/{FILES['plotly.js']}" and "defer" in loader
    assert not [a for a in tags(html, "link") if "plotly" in str(a.get("href"))]
    assert "plotly" not in client.get("/systems").get_data(as_text=True)


def test_heatmap_is_left_to_its_table_on_phones(client) -> None:
    SystemFactory.create_batch(2, status="published")
    html = client.get("/dashboards/").get_data(as_text=True)
    assert 'class="registry-plot registry-plot--wide"' in html
    css = (BUILT / FILES["registry.css"]).read_text()
    assert re.search(
        r"@media ?\(max-width: ?35\.99em\) ?\{\.registry-plot--wide\{display:none\}", css
    )


@pytest.mark.parametrize(
    "path", ["/", "/systems", "/dashboards/", "/dashboards/evidence", "/open-data", "/api/v1/docs"]
)
def test_every_page_has_a_description_and_every_link_an_href(client, path) -> None:
    SystemFactory.create_batch(25, status="published")  # two catalogue pages
    html = client.get(path).get_data(as_text=True)
    descriptions = [m for m in tags(html, "meta") if m.get("name") == "description"]
    assert len(descriptions) == 1 and len(str(descriptions[0]["content"])) > 50
    assert all(a.get("href") for a in tags(html, "a")), path


def test_system_page_description_is_its_short_description(client) -> None:
    system = SystemFactory(status="published", short_description="Détecte les nodules.")
    html = client.get(f"/systems/{system.slug}").get_data(as_text=True)
    assert '<meta name="description" content="Détecte les nodules.">' in html
    assert all(a.get("href") for a in tags(html, "a"))


def test_canonical_url_names_the_language(client) -> None:
    html = client.get("/systems?specialty=radiology").get_data(as_text=True)
    links = tags(html, "link")
    canonical = [str(a["href"]) for a in links if a.get("rel") == "canonical"]
    assert canonical == ["http://localhost/systems?specialty=radiology&lang=fr"]
    alternates = {a["hreflang"]: a["href"] for a in links if a.get("rel") == "alternate"}
    assert alternates == {
        "fr": "http://localhost/systems?specialty=radiology&lang=fr",
        "en": "http://localhost/systems?specialty=radiology&lang=en",
    }
    english = client.get("/systems?lang=en").get_data(as_text=True)
    assert '<link rel="canonical" href="http://localhost/systems?lang=en">' in english


def test_catalogue_filters_fold_behind_a_button(client) -> None:
    html = client.get("/systems?specialty=radiology&grade=B").get_data(as_text=True)
    button = next(b for b in tags(html, "button") if "registry-filters__btn" in str(b["class"]))
    assert button["aria-expanded"] == "false" and button["type"] == "button"
    panel = next(d for d in tags(html, "div") if d.get("id") == button["aria-controls"])
    assert "fr-collapse" in str(panel["class"])
    assert "Filtres (2 actifs)" in html
    assert html.index('id="catalogue-filters-panel"') < html.index('id="filter-specialty"')
    assert "<noscript><style>.registry-filters__btn{display:none}" in html  # shown without JS


def test_compressed_etags_still_update_through_the_api(client) -> None:
    from registry.services import tokens

    industrial = UserFactory(role="industrial")
    system = SystemFactory(manufacturer=industrial.organisation, status="draft")
    clear, _record = tokens.create(industrial, "tests", ["read", "write"], 90)
    auth = {"Authorization": f"Bearer {clear}", "Accept-Encoding": "gzip"}
    url = f"/api/v1/systems/{system.id}"
    current = client.get(url, headers=auth)
    etag = current.headers["ETag"]
    assert etag.endswith(':gzip"')  # the compressed representation's own validator
    assert client.get(url, headers={**auth, "If-None-Match": etag}).status_code == 304
    ok = client.patch(url, json={"hosting": "cloud_eu"}, headers={**auth, "If-Match": etag})
    assert ok.status_code == 200
    stale = client.patch(url, json={"hosting": "on_premise"}, headers={**auth, "If-Match": etag})
    assert stale.status_code == 412
