"""Plain-language guides for health professionals (docs/domain.md §11.4).

Each guide is a Markdown file with a YAML front matter, one per language:
``content/guides/<language>/<slug>.md``. Files are parsed once and cached until they change.
The Markdown is rendered with markdown-it-py, raw HTML off: any ``<script>`` or tag typed in
a guide is shown as text, and only http(s), mailto, site-relative and in-page links become
links. The output uses DSFR markup (tables, callouts, checklists).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from flask import current_app
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from registry.services.errors import NotFound

DEFAULT_DIRECTORY = Path(__file__).resolve().parents[2] / "content" / "guides"
LANGUAGES: tuple[str, ...] = ("fr", "en")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("title", "summary", "slug", "last_reviewed", "sources", "audience")
OPTIONAL = ("order", "printable")
# An explicit, stable heading id: "## Vue d'ensemble {#overview}" (other pages link to it).
EXPLICIT_ID = re.compile(r"\s*\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$")
SAFE_LINK = re.compile(r"^(https?://|mailto:|/(?!/)|#)", re.IGNORECASE)
TASK = re.compile(r"^\[ \]\s+")


class GuideError(ValueError):
    """A guide file that cannot be published as it is (the message names the file and field)."""


@dataclass(frozen=True)
class Source:
    """A public document a guide relies on."""

    title: str
    url: str


@dataclass(frozen=True)
class Heading:
    """A section of a guide, for its table of contents."""

    id: str
    text: str


@dataclass(frozen=True)
class Guide:
    """One guide in one language, ready to show."""

    slug: str
    language: str
    title: str
    summary: str
    audience: tuple[str, ...]
    last_reviewed: date
    sources: tuple[Source, ...]
    order: int
    printable: bool
    html: Markup
    toc: tuple[Heading, ...]
    body: str
    path: str


@dataclass(frozen=True)
class Shown:
    """A guide as shown to a reader: ``fallback`` when it is not in the reader's language."""

    guide: Guide
    fallback: bool


def directory() -> Path:
    """Where the guides are (``GUIDES_DIR`` in the app config, else ``content/guides``)."""
    return Path(current_app.config.get("GUIDES_DIR") or DEFAULT_DIRECTORY)


def all_guides(root: Path | None = None) -> dict[tuple[str, str], Guide]:
    """Every guide file, keyed by (slug, language); GuideError on a broken file."""
    root = root or directory()
    guides: dict[tuple[str, str], Guide] = {}
    for language in LANGUAGES:
        for path in sorted((root / language).glob("*.md")):
            guide = _load(str(path), path.stat().st_mtime_ns)
            guides[(guide.slug, language)] = guide
    return guides


def listing(language: str, root: Path | None = None) -> list[Shown]:
    """One entry per guide, in the reader's language when it exists, in guide order."""
    guides = all_guides(root)
    slugs = {slug for slug, _language in guides}
    shown = [_pick(guides, slug, language) for slug in slugs]
    return sorted(shown, key=lambda item: (item.guide.order, item.guide.title))


def get(slug: str, language: str, root: Path | None = None) -> Shown:
    """The guide ``slug`` in the reader's language, or in the other one (said so); NotFound."""
    guides = all_guides(root)
    if not SLUG.match(slug) or not any(key[0] == slug for key in guides):
        raise NotFound()
    return _pick(guides, slug, language)


def _pick(guides: dict[tuple[str, str], Guide], slug: str, language: str) -> Shown:
    if (slug, language) in guides:
        return Shown(guides[(slug, language)], fallback=False)
    other = next(guides[(slug, lang)] for lang in LANGUAGES if (slug, lang) in guides)
    return Shown(other, fallback=True)


@lru_cache(maxsize=256)
def _load(path: str, _mtime_ns: int) -> Guide:
    """Parse one file (cached per path and modification time)."""
    file = Path(path)
    return parse(
        file.read_text(encoding="utf-8"), slug=file.stem, language=file.parent.name, path=path
    )


def parse(text: str, *, slug: str, language: str, path: str = "") -> Guide:
    """A guide from the text of its file; GuideError naming the field that is wrong."""
    where = path or f"{language}/{slug}.md"
    meta, body = _front_matter(text, where)
    missing = [key for key in REQUIRED if meta.get(key) in (None, "", [])]
    if missing:
        raise GuideError(f"{where}: missing {', '.join(missing)} in the front matter")
    unknown = sorted(set(meta) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise GuideError(f"{where}: unknown front matter field(s) {', '.join(unknown)}")
    if meta["slug"] != slug or not SLUG.match(slug):
        raise GuideError(f"{where}: slug {meta['slug']!r} must be the file name ({slug!r})")
    if language not in LANGUAGES:
        raise GuideError(f"{where}: language folder must be one of {', '.join(LANGUAGES)}")
    if not isinstance(meta["last_reviewed"], date):
        raise GuideError(f"{where}: last_reviewed must be a date (YYYY-MM-DD)")
    html, toc = render(body, where)
    return Guide(
        slug=slug,
        language=language,
        title=_text(meta, "title", where),
        summary=_text(meta, "summary", where),
        audience=tuple(_texts(meta, "audience", where)),
        last_reviewed=meta["last_reviewed"],
        sources=tuple(_sources(meta["sources"], where)),
        order=int(meta.get("order", 100)),
        printable=bool(meta.get("printable", False)),
        html=html,
        toc=toc,
        body=body,
        path=path,
    )


def _front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text.replace("\r\n", "\n"), re.DOTALL)
    if not match:
        raise GuideError(f"{where}: the file must start with a front matter between --- lines")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise GuideError(f"{where}: the front matter is not valid YAML ({error})") from None
    if not isinstance(meta, dict):
        raise GuideError(f"{where}: the front matter must be a mapping of fields")
    return meta, match.group(2)


def _text(meta: dict[str, Any], key: str, where: str) -> str:
    value = meta[key]
    if not isinstance(value, str) or not value.strip():
        raise GuideError(f"{where}: {key} must be text")
    return value.strip()


def _texts(meta: dict[str, Any], key: str, where: str) -> list[str]:
    values = meta[key]
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise GuideError(f"{where}: {key} must be a list of texts")
    return values


def _sources(values: object, where: str) -> list[Source]:
    if not isinstance(values, list):
        raise GuideError(f"{where}: sources must be a list")
    sources = []
    for value in values:
        if not isinstance(value, dict) or not value.get("title") or not value.get("url"):
            raise GuideError(f"{where}: each source needs a title and a url")
        if not str(value["url"]).startswith("https://"):
            raise GuideError(f"{where}: source url {value['url']!r} must start with https://")
        sources.append(Source(str(value["title"]), str(value["url"])))
    return sources


# --- Markdown -> DSFR HTML -------------------------------------------------------------------


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable("image")  # guides show no images: nothing is loaded from elsewhere
    md.validateLink = lambda url: bool(SAFE_LINK.match(url))  # type: ignore[method-assign]
    md.core.ruler.push("registry_guides", _annotate)
    for name, rule in RULES.items():
        md.add_render_rule(name, rule)
    return md


def render(body: str, where: str = "") -> tuple[Markup, tuple[Heading, ...]]:
    """Safe DSFR HTML of a guide's Markdown body, and its table of contents (level-2 sections)."""
    md = _MD
    env: dict[str, Any] = {}
    tokens = md.parse(body, env)
    if any(t.type == "heading_open" and t.tag == "h1" for t in tokens):
        raise GuideError(f"{where}: use ## and ### headings (the title is in the front matter)")
    toc = tuple(
        Heading(str(token.attrs["id"]), token.meta["text"])
        for token in tokens
        if token.type == "heading_open" and token.tag == "h2"
    )
    # Every tag comes from markdown-it's renderer, raw HTML off: safe to mark as such.
    return Markup(md.renderer.render(tokens, md.options, env)), toc  # noqa: S704


def plain_text(inline: Token) -> str:
    """The words of an inline token (emphasis and links dropped, code kept)."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def _annotate(state: Any) -> None:
    """Heading ids (explicit or from the text), table captions, checklist items."""
    tokens: list[Token] = state.tokens
    used: set[str] = set()
    last_heading = ""
    checks = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            explicit = EXPLICIT_ID.search(inline.content)
            if explicit:
                inline.content = inline.content[: explicit.start()]
                last = (inline.children or [])[-1]
                last.content = EXPLICIT_ID.sub("", last.content)
            text = plain_text(inline)
            ident = explicit.group(1) if explicit else _slugify(text)
            base, n = ident, 2
            while ident in used:
                ident, n = f"{base}-{n}", n + 1
            used.add(ident)
            token.attrSet("id", ident)
            token.meta["text"] = text
            last_heading = text
        elif token.type == "table_open":
            token.meta["caption"] = last_heading
        elif token.type == "inline" and index >= 2 and tokens[index - 2].type == "list_item_open":
            first = token.children[0] if token.children else None
            if first is not None and first.type == "text" and TASK.match(first.content):
                first.content = TASK.sub("", first.content)
                checks += 1
                tokens[index - 2].meta["check"] = f"check-{checks}"
                tokens[index - 1].meta["check"] = f"check-{checks}"
                tokens[index + 1].meta["check"] = f"check-{checks}"
                _mark_list(tokens, index - 2)


def _mark_list(tokens: list[Token], item: int) -> None:
    """Mark the list that holds a checklist item (rendered without bullets)."""
    depth = 0
    for token in reversed(tokens[:item]):
        if token.type in ("bullet_list_close", "ordered_list_close"):
            depth += 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            if depth == 0:
                if "registry-checklist" not in str(token.attrGet("class") or ""):
                    token.attrJoin("class", "registry-checklist")
                return
            depth -= 1


Rule = Any


def _heading_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    classes = {"h2": "fr-h3 fr-mt-6w", "h3": "fr-h5 fr-mt-4w"}.get(token.tag)
    if classes:
        token.attrJoin("class", classes)
    return self.renderToken(tokens, idx, options, env)


def _table_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    caption = escape(tokens[idx].meta.get("caption", ""))
    return (
        '<div class="fr-table fr-table--no-caption fr-table--multiline">'
        '<div class="fr-table__wrapper"><div class="fr-table__container">'
        '<div class="fr-table__content">'
        f"<table><caption>{caption}</caption>\n"
    )


def _table_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</table></div></div></div></div>\n"


def _th_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    tokens[idx].attrSet("scope", "col")
    return self.renderToken(tokens, idx, options, env)


def _blockquote_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return '<div class="fr-callout registry-guide-callout">\n'


def _blockquote_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</div>\n"


def _list_item_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    if "check" in tokens[idx].meta:
        return '<li class="fr-checkbox-group registry-check">'
    return self.renderToken(tokens, idx, options, env)


def _paragraph_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    check = tokens[idx].meta.get("check")
    if check:
        return f'<input type="checkbox" id="{check}"><label class="fr-label" for="{check}">'
    return self.renderToken(tokens, idx, options, env)


def _paragraph_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    if tokens[idx].meta.get("check"):
        return "</label>"
    return self.renderToken(tokens, idx, options, env)


RULES: dict[str, Rule] = {
    "heading_open": _heading_open,
    "table_open": _table_open,
    "table_close": _table_close,
    "th_open": _th_open,
    "blockquote_open": _blockquote_open,
    "blockquote_close": _blockquote_close,
    "list_item_open": _list_item_open,
    "paragraph_open": _paragraph_open,
    "paragraph_close": _paragraph_close,
}

_MD = _markdown()
