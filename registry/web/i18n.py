"""Locale choice (FR default, EN), remembered in the session, and formatting filters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel import numbers
from flask import Flask, current_app, g, request, session
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    get_locale,
    get_translations,
    gettext,
    to_user_timezone,
)
from markupsafe import Markup

from registry import vocab
from registry.extensions import babel


def select_locale() -> str:
    """?lang= wins and is remembered; then the session; then French."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang") if request else None
    if asked in languages:
        session["lang"] = asked
        return str(asked)
    remembered = session.get("lang") if request else None
    if remembered in languages:
        return str(remembered)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def current_locale() -> str:
    """The language of the current request, "fr" or "en"."""
    locale = get_locale()
    return locale.language if locale is not None else "fr"


def _label(code: str | None, vocabulary_name: str) -> str:
    vocabulary = getattr(vocab, vocabulary_name.upper())
    return vocab.label(vocabulary, code, current_locale())


def _date(value: date | datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime) and fmt == "day":  # the day only, in the reader's time zone
        return format_date(to_user_timezone(value).date(), "long")
    if fmt == "day":
        return format_date(value, "long")
    if isinstance(value, datetime):
        return format_datetime(value, fmt)
    return format_date(value, fmt)


@lru_cache(maxsize=4096)
def _integer(value: int, locale: str) -> str:
    """A count as the reader writes it (« 1 204 », "1,204"): the catalogue formats some ninety
    per page, mostly the same small numbers, and Babel parses its pattern on every call."""
    return numbers.format_decimal(value, format="#,##0", locale=locale)


def _number(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return ""
    if digits == 0 and type(value) is int:
        return _integer(value, str(get_locale()))
    pattern = "#,##0" if digits == 0 else "#,##0." + "#" * digits
    return format_decimal(value, format=pattern)


@dataclass(frozen=True)
class FilterOption:
    """One option of a catalogue filter (templates/_macros/ui.html, select_filter)."""

    code: str
    text: str
    selected: bool
    count: int | None = None  # systems it would give, when the filter has counts


def _filter_options(
    vocabulary: Mapping[str, Any],
    selected: str | None,
    counts: Mapping[str, int] | None = None,
    extra: Sequence[str] | None = None,
) -> list[FilterOption]:
    """A filter's options: each code's label in the reader's language and, with ``counts``,
    how many systems it would give (docs/domain.md §11.1), as « Radiologie (1 204) »."""
    locale = current_locale()
    entries = [(code, vocab.label(vocabulary, code, locale)) for code in vocabulary]
    if extra:
        entries.append((extra[0], extra[1]))
    if counts is None:
        return [FilterOption(code, text, selected == code) for code, text in entries]
    counted = gettext("%(label)s (%(count)s)")
    options = []
    for code, text in entries:
        n = counts.get(code, 0)
        shown = counted % {"label": text, "count": _number(n, 0)}
        options.append(FilterOption(code, shown, selected == code, n))
    return options


def _given(value: Any) -> Any:
    """The value, or « Not provided » (greyed) when it is empty: a page never reads None."""
    if value is None or value == "" or value == [] or value == {}:
        return Markup('<span class="fr-text-mention--grey">%s</span>') % gettext("Not provided")
    return value


def _can(action: str, obj: Any = None) -> Any:
    """The permission policy's decision for the signed-in user (templates show buttons by it)."""
    from flask_login import current_user

    from registry.services import policy

    return policy.can(current_user, action, obj)


def _catalogue() -> Any:
    """The templates' message catalogue, looked up once per request and language: Flask-Babel's
    own lookup walks its request context three times per string, and a catalogue page
    translates about 120 (docs/performance.md). A new locale (``force_locale``, as when an
    e-mail is written in French) is a new object, so it is looked up again."""
    locale = get_locale()
    cached = g.get("_catalogue")
    if cached is None or cached[0] is not locale:
        cached = g._catalogue = (locale, get_translations())
    return cached[1]


def init_app(app: Flask) -> None:
    """Bind Babel and the template helpers."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _catalogue().ugettext(s),
        ngettext=lambda s, p, n: _catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: _catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: _catalogue().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.filters["label"] = _label
    app.jinja_env.filters["fdate"] = _date
    app.jinja_env.filters["fnumber"] = _number
    app.jinja_env.filters["given"] = _given
    app.jinja_env.globals["filter_options"] = _filter_options

    @app.context_processor
    def inject_locale() -> dict[str, Any]:
        return {"current_locale": current_locale(), "vocab": vocab, "can": _can}

    @app.before_request
    def remember_locale() -> None:
        g.locale = select_locale()
