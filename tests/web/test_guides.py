"""The guides for health professionals (docs/domain.md §11.4): content, safety, language, links."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry import vocab
from registry.services import guides
from tests.helpers import ROOT as REPOSITORY
from tests.helpers import complete_system
from tests.plain_language import readability, sentences, words

GUIDES = REPOSITORY / "content" / "guides"
SLUGS = sorted(path.stem for path in (GUIDES / "fr").glob("*.md"))
DATES = {"fr": "5 décembre 2026", "en": "December 5, 2026"}


class _Page(HTMLParser):
    """Links, ids, and the HTML of the guide's body as written by the renderer."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.checkboxes: list[dict[str, str | None]] = []
        self.labels: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag == "input" and values.get("type") == "checkbox":
            self.checkboxes.append(values)
        if tag == "label" and values.get("for"):
            self.labels.add(str(values["for"]))


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _body(html: str) -> str:
    """The rendered Markdown of a guide page (between the body div and the sources)."""
    start = html.index('<div class="registry-guide-body">')
    return html[start : html.index('id="guide-sources"', start)]


def _get(client: FlaskClient, url: str, language: str) -> Any:
    separator = "&" if "?" in url else "?"
    return client.get(f"{url}{separator}lang={language}")


@pytest.fixture
def guides_dir(app: Flask, tmp_path: Path) -> Any:
    """Point the app at a folder of test guides for one test."""
    previous = app.config.get("GUIDES_DIR")
    app.config["GUIDES_DIR"] = str(tmp_path)
    (tmp_path / "fr").mkdir()
    (tmp_path / "en").mkdir()
    yield tmp_path
    app.config["GUIDES_DIR"] = previous


def _write(folder: Path, language: str, name: str, body: str, **fields: str) -> Path:
    meta = {
        "title": f"Guide {name} {language}",
        "summary": "Un résumé.",
        "slug": name,
        "last_reviewed": "2026-12-01",
        "audience": "[médecins]",
        "sources": '[{title: "EUR-Lex", url: "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"}]',
        **fields,
    }
    front = "\n".join(f"{key}: {value}" for key, value in meta.items())
    path = folder / language / f"{name}.md"
    path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    return path


# --- content --------------------------------------------------------------------------------


def test_at_least_six_guides_exist_in_both_languages_with_the_same_slugs() -> None:
    english = sorted(path.stem for path in (GUIDES / "en").glob("*.md"))
    assert len(SLUGS) >= 6
    assert english == SLUGS
    for slug in (
        "ai-act",
        "evidence",
        "dashboards",
        "before-deploying",
        "duties",
        "reporting",
    ):
        assert slug in SLUGS


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_front_matter_is_complete(slug: str, language: str) -> None:
    path = GUIDES / language / f"{slug}.md"
    guide = guides.parse(path.read_text(encoding="utf-8"), slug=slug, language=language)
    assert guide.title and guide.summary and guide.audience
    assert guide.sources and all(s.url.startswith("https://") and s.title for s in guide.sources)
    assert guide.last_reviewed.year >= 2026
    assert guide.toc, "a guide has sections, listed in its table of contents"


def test_both_languages_of_a_guide_cite_the_same_number_of_sources_and_sections() -> None:
    for slug in SLUGS:
        pair = [
            guides.parse((GUIDES / lang / f"{slug}.md").read_text(), slug=slug, language=lang)
            for lang in ("fr", "en")
        ]
        assert len(pair[0].sources) == len(pair[1].sources), slug
        assert len(pair[0].toc) == len(pair[1].toc), slug
        assert pair[0].last_reviewed == pair[1].last_reviewed, slug
        assert pair[0].printable == pair[1].printable, slug


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_plain_language_sentences_are_short(slug: str, language: str) -> None:
    """« Langage clair »: 20 words or fewer per sentence on average, none past 30."""
    guide = guides.parse(
        (GUIDES / language / f"{slug}.md").read_text(), slug=slug, language=language
    )
    figures = readability(guide.body)
    print(
        f"{language}/{slug}: {figures.sentences} sentences, mean {figures.mean} words, "
        f"longest {figures.longest}"
    )
    assert figures.sentences >= 30, "the helper read the guide's prose"
    assert figures.mean <= 20, figures
    assert figures.longest <= 30, figures.longest_sentence


def test_the_sentence_helper_counts_what_a_reader_reads() -> None:
    text = (
        "## Un titre qui ne compte pas\n\n"
        "Une phrase courte. L'article 4 s'applique depuis le 2 février 2025 !\n\n"
        "- Une question d'une liste ?\n\n"
        "> Un encadré.\n\n"
        "| une | table |\n|---|---|\n| non | comptée |\n"
    )
    found = sentences(text)
    assert found == [
        "Une phrase courte.",
        "L'article 4 s'applique depuis le 2 février 2025 !",
        "Une question d'une liste ?",
        "Un encadré.",
    ]
    assert [words(s) for s in found] == [3, 10, 5, 2]
    assert readability(text).mean == 5.0
    assert sentences("Voir l'art. 26 du texte. Fin.") == ["Voir l'art. 26 du texte.", "Fin."]


# --- pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_index_lists_every_guide_with_its_title_and_summary(
    client: FlaskClient, language: str
) -> None:
    response = _get(client, "/guides", language)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for slug in SLUGS:
        guide = guides.parse(
            (GUIDES / language / f"{slug}.md").read_text(), slug=slug, language=language
        )
        assert f'href="/guides/{slug}"' in html
        assert str(_escape(guide.title)) in html
        assert str(_escape(guide.summary)) in html
    assert html.count('data-guide="') == len(SLUGS)
    assert "Not yet translated" not in html and "Pas encore traduit" not in html


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_guide_renders_with_its_contents_date_and_sources(
    client: FlaskClient, slug: str, language: str
) -> None:
    guide = guides.parse(
        (GUIDES / language / f"{slug}.md").read_text(), slug=slug, language=language
    )
    response = _get(client, f"/guides/{slug}", language)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<html lang="{language}"' in html
    assert f'id="guide-title">{_escape(guide.title)}</h1>' in html
    assert DATES[language] in html
    assert 'id="guide-fallback"' not in html
    page = _parse(html)
    for heading in guide.toc:
        assert f"#{heading.id}" in page.links and heading.id in page.ids
    for source in guide.sources:
        assert source.url in page.links
    body = _body(html)
    assert "<table>" in body or "<ul" in body


def test_the_checklist_has_a_checkbox_with_a_label_for_every_question(
    client: FlaskClient,
) -> None:
    for language in ("fr", "en"):
        html = _get(client, "/guides/before-deploying", language).get_data(as_text=True)
        page = _parse(_body(html))
        assert len(page.checkboxes) >= 30
        ids = [str(box["id"]) for box in page.checkboxes]
        assert len(set(ids)) == len(ids) and set(ids) == page.labels
        assert 'id="guide-print"' in html
        assert re.search(r'src="/static/guides\.[0-9a-f]+\.js"', html)  # content-named
    css = (REPOSITORY / "registry/static/guides.css").read_text()
    assert "@media print" in css and ".registry-check .fr-label::before" in css


@pytest.mark.parametrize(
    "slug", ["unknown", "AI-ACT", "ai_act", "..%2F..%2Fconfig", "ai-act.md", "-ai-act"]
)
def test_unknown_slug_is_404(client: FlaskClient, slug: str) -> None:
    response = client.get(f"/guides/{slug}")
    assert response.status_code == 404
    assert "<!doctype html>" in response.get_data(as_text=True).lower()


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_links_in_guides_to_registry_pages_resolve(
    client: FlaskClient, slug: str, language: str
) -> None:
    html = _get(client, f"/guides/{slug}", language).get_data(as_text=True)
    own_ids = _parse(html).ids
    links = _parse(_body(html)).links
    assert links, "the guide links somewhere"
    for href in links:
        if href.startswith("#"):
            assert href[1:] in own_ids, href
        elif href.startswith("/"):
            path, _hash, anchor = href.partition("#")
            target = _get(client, path, language)
            assert target.status_code == 200, href
            if anchor:
                assert anchor in _parse(target.get_data(as_text=True)).ids, href
        else:
            assert href.startswith("https://"), href


# --- safety and languages -------------------------------------------------------------------

MALICIOUS = """
## Titre <script>alert("heading")</script>

<script>alert("block")</script>

<img src=x onerror="alert('img')">

Du texte <b onmouseover="alert('inline')">gras</b> et <iframe src="https://evil.example"></iframe>.

[un lien](javascript:alert('link')) [un autre](JaVaScRiPt:alert(1)) [données](data:text/html;base64,PHNjcmlwdD4=)
[protocole relatif](//evil.example/x) <javascript:alert('autolink')> [vbs](vbscript:msgbox)

![image](https://evil.example/pixel.png)

| a | b |
|---|---|
| <script>alert("cell")</script> | [x](javascript:alert(2)) |

## Suite {#ok" onclick="alert(1)}

[sûr](/systems) [externe](https://eur-lex.europa.eu/) [ancre](#suite)
"""


def test_raw_html_and_script_from_markdown_never_reach_the_page(
    client: FlaskClient, guides_dir: Path
) -> None:
    for language in ("fr", "en"):
        _write(guides_dir, language, "evil", MALICIOUS)
    response = client.get("/guides/evil")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    body = _body(html)
    assert "<script" not in body and "<iframe" not in body and "<img" not in body
    assert "<b " not in body and "onerror=" not in body.replace("onerror=&quot;", "")
    assert not re.search(r"<[^>]+\son\w+=", body), "no event handler attribute"
    assert "&lt;script&gt;" in body, "typed tags are shown as text"
    page = _parse(body)
    # An image becomes a plain link (nothing is loaded); unsafe targets are left as text.
    assert page.links == [
        "https://evil.example/pixel.png",
        "/systems",
        "https://eur-lex.europa.eu/",
        "#suite",
    ]
    assert "[un lien](javascript:alert('link'))" in body.replace("&#x27;", "'")
    assert all(
        not link.lower().startswith(("javascript", "data", "vbscript"))
        for link in _parse(html).links
    )
    # The only scripts of the page are the site's own files.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all('src="/assets/' in tag or 'src="/static/' in tag for tag in scripts)


def test_a_source_that_is_not_an_https_address_is_refused() -> None:
    text = (
        "---\ntitle: T\nsummary: S\nslug: x\nlast_reviewed: 2026-12-01\naudience: [a]\n"
        'sources: [{title: "piège", url: "javascript:alert(1)"}]\n---\nTexte.\n'
    )
    with pytest.raises(guides.GuideError, match="must start with https://"):
        guides.parse(text, slug="x", language="fr")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"summary": '""'}, "missing summary"),
        ({"last_reviewed": "bientôt"}, "last_reviewed must be a date"),
        ({"sources": "[]"}, "missing sources"),
        ({"slug": "autre"}, "must be the file name"),
        ({"reviewd_by": "x"}, "unknown front matter field"),
    ],
)
def test_an_incomplete_front_matter_names_the_field(
    guides_dir: Path, change: dict[str, str], message: str
) -> None:
    path = _write(guides_dir, "fr", "broken", "## Une section\n\nTexte.\n", **change)
    with pytest.raises(guides.GuideError, match=message) as error:
        guides.all_guides(guides_dir)
    assert "broken.md" in str(error.value)
    path.unlink()


def test_a_level_one_heading_in_the_body_is_refused() -> None:
    text = (
        "---\ntitle: T\nsummary: S\nslug: x\nlast_reviewed: 2026-12-01\naudience: [a]\n"
        'sources: [{title: "EUR-Lex", url: "https://eur-lex.europa.eu/"}]\n---\n# Titre\n'
    )
    with pytest.raises(guides.GuideError, match="use ## and ### headings"):
        guides.parse(text, slug="x", language="fr")


def test_a_guide_missing_in_the_readers_language_says_so(
    client: FlaskClient, guides_dir: Path
) -> None:
    _write(guides_dir, "fr", "seulement-fr", "## Section\n\nUne phrase en français.\n")
    _write(guides_dir, "fr", "les-deux", "## Section\n\nTexte.\n")
    _write(guides_dir, "en", "les-deux", "## Section\n\nText.\n")
    html = client.get("/guides/seulement-fr?lang=en").get_data(as_text=True)
    assert 'id="guide-fallback"' in html
    assert "This guide is not translated yet" in html
    assert '<article class="registry-guide" data-guide="seulement-fr"' in html
    assert 'aria-labelledby="guide-title" lang="fr">' in html
    index = client.get("/guides?lang=en").get_data(as_text=True)
    assert "Not yet translated: shown in French" in index
    assert index.count("Not yet translated") == 1
    french = client.get("/guides/seulement-fr?lang=fr").get_data(as_text=True)
    assert 'id="guide-fallback"' not in french


def test_a_changed_file_is_read_again(client: FlaskClient, guides_dir: Path) -> None:
    for language in ("fr", "en"):
        _write(guides_dir, language, "change", "## Section\n\nAvant.\n")
    assert "Avant." in client.get("/guides/change?lang=fr").get_data(as_text=True)
    path = _write(guides_dir, "fr", "change", "## Section\n\nAprès.\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert "Après." in client.get("/guides/change?lang=fr").get_data(as_text=True)


# --- links from the rest of the registry ----------------------------------------------------


def test_header_and_home_page_link_to_the_guides(client: FlaskClient) -> None:
    for language in ("fr", "en"):
        html = _get(client, "/", language).get_data(as_text=True)
        assert 'class="fr-nav__link" href="/guides"' in html
        assert 'id="home-guides"' in html
    current = client.get("/guides/evidence").get_data(as_text=True)
    assert 'href="/guides" aria-current="page"' in current


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_risk_class_has_its_section_in_the_ai_act_guide(
    client: FlaskClient, language: str
) -> None:
    ids = _parse(_get(client, "/guides/ai-act", language).get_data(as_text=True)).ids
    for risk_class in vocab.RISK_CLASSES:
        assert risk_class.replace("_", "-") in ids, risk_class


def test_the_system_page_links_to_the_guide_of_its_class_and_to_the_evidence_guide(
    client: FlaskClient,
) -> None:
    answers = {
        "is_ai_system": True,
        "eu_market": True,
        "emergency_triage_dispatch": True,
        "profiling": True,
    }
    system = complete_system(status="published", ai_act_answers=answers)
    html = client.get(f"/systems/{system.slug}").get_data(as_text=True)
    assert 'href="/guides/ai-act#high-risk"' in html
    assert 'href="/guides/evidence"' in html


@pytest.mark.parametrize(
    ("url", "view"),
    [
        ("/dashboards/", "overview"),
        ("/dashboards/evidence", "evidence"),
        ("/dashboards/benefits", "benefits"),
        ("/dashboards/compare", "compare"),
        ("/dashboards/sovereignty", "sovereignty"),
        ("/dashboards/economics", "economics"),
    ],
)
def test_each_dashboard_links_to_its_section_of_the_dashboards_guide(
    client: FlaskClient, url: str, view: str
) -> None:
    for language in ("fr", "en"):
        html = _get(client, url, language).get_data(as_text=True)
        assert f'href="/guides/dashboards#{view}"' in html
        guide = _get(client, "/guides/dashboards", language).get_data(as_text=True)
        assert view in _parse(guide).ids
    pipeline_ids = _parse(client.get("/guides/dashboards").get_data(as_text=True)).ids
    assert "pipeline" in pipeline_ids
