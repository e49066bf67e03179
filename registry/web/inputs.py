"""What no request may carry, checked before any view (docs/architecture.md §8, "Bad input").

A database cannot store every string Python can hold: PostgreSQL refuses a NUL character, and
neither engine stores a lone UTF-16 surrogate (``"\\ud800"`` in JSON). A JSON body nested
thousands of levels deep makes the parser (or the code after it) run out of stack. Each of these
is refused here with a 422 naming the field and the reason, in the reader's language, instead of
reaching the database and ending in a 500. Pages are gentler: what a browser sends (query string,
form fields) comes in with those characters removed — they are invisible, and nothing typed is
lost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from flask import abort, request
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from registry.services.errors import ValidationFailed

#: Deepest JSON nesting a body may have: our deepest input is an object of answers (2 levels).
MAX_JSON_DEPTH = 32
#: Characters no column can store: NUL (PostgreSQL) and lone surrogates (any UTF-8 text).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
#: Where the whole body is at fault (a root that is too deep), not one field.
BODY = "body"


def check_request() -> None:
    """Before every request: path, query, form and JSON body hold only storable text."""
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and UNSTORABLE.search(value):
            abort(404)  # no page has such an address
    if not request.path.startswith("/api/"):
        _strip_pages_input()
        return
    errors: dict[str, list[str]] = {}
    for source in (request.args, request.form):
        for key, value in source.items(multi=True):
            if UNSTORABLE.search(key) or UNSTORABLE.search(value):
                errors.setdefault(_printable(key), [_unstorable_message()])
    if errors:
        raise ValidationFailed(errors, _("The request holds characters that cannot be stored."))
    if request.is_json and request.content_length != 0:
        _check_json()


def _strip_pages_input() -> None:
    """A page's query string and form fields without NUL characters (werkzeug already replaced
    any broken UTF-8 sequence, so no lone surrogate comes from a browser)."""
    for name in ("args", "form"):
        source: MultiDict[str, str] = getattr(request, name)
        if any(UNSTORABLE.search(k) or UNSTORABLE.search(v) for k, v in source.items(multi=True)):
            cleaned = ImmutableMultiDict(
                [(_strip(k), _strip(v)) for k, v in source.items(multi=True)]
            )
            setattr(request, name, cleaned)  # werkzeug's cached properties accept a new value


def _strip(text: str) -> str:
    return UNSTORABLE.sub("", text)


def _check_json() -> None:
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw)
    except RecursionError:
        raise ValidationFailed({BODY: [_too_deep_message()]}, _too_deep_message()) from None
    except ValueError:
        return  # not JSON: the view's parser answers it (400) as it always did
    if request.path.startswith("/api/") and not isinstance(data, dict):
        message = _("The body must be a JSON object of fields.")
        raise ValidationFailed({BODY: [message]}, message)
    errors: dict[str, list[str]] = {}
    for path, depth, value in _walk(data):
        if depth > MAX_JSON_DEPTH:
            errors[path[0] if path else BODY] = [_too_deep_message()]
            break
        texts = (value, *path[-1:]) if isinstance(value, str) else path[-1:]
        if any(UNSTORABLE.search(text) for text in texts):
            errors.setdefault(".".join(_printable(p) for p in path) or BODY, []).append(
                _unstorable_message()
            )
    if errors:
        raise ValidationFailed(errors, _("The request holds values that cannot be stored."))


def _walk(data: Any) -> Iterator[tuple[tuple[str, ...], int, Any]]:
    """Every value of a JSON document with its path and depth, without recursion."""
    stack: list[tuple[tuple[str, ...], int, Any]] = [((), 0, data)]
    while stack:
        path, depth, value = stack.pop()
        yield path, depth, value
        children: Iterable[tuple[str, Any]] = ()
        if isinstance(value, dict):
            children = value.items()
        elif isinstance(value, list):
            children = ((str(index), item) for index, item in enumerate(value))
        stack.extend(((*path, key), depth + 1, item) for key, item in children)


def _printable(name: str) -> str:
    """A field name as it can be shown back (the offending characters made visible)."""
    return UNSTORABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", name)[:100]


def _unstorable_message() -> str:
    return _(
        "Remove the invisible control character (NUL) or the broken character from this field."
    )


def _too_deep_message() -> str:
    return _("The JSON body is nested too deeply (at most %(depth)s levels).", depth=MAX_JSON_DEPTH)
