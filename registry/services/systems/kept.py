"""Invalid inputs kept in a draft (``pending_inputs``, docs/domain.md §5.2), bounded.

What was typed in an invalid field is kept so that nothing is lost, but never more than the
field's size plus a margin: a value of megabytes saved again and again would otherwise fill the
database and every owner's read. The owner is told when a value was cut.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

MARGIN = 100  # characters kept beyond the field's size, so the owner sees what was too long
UNSIZED = 2000  # fields without a stated length: numbers, dates, codes, web addresses
LIST_ITEMS = 50  # values kept of a multiple choice
ANSWER_SIZE = 200  # a questionnaire answer is a short code


def field_size(schema: Schema, name: str) -> int:
    """The longest value the schema accepts for ``name`` (UNSIZED when it states none)."""
    field = schema.fields.get(name)
    if isinstance(field, fields.List):
        field = field.inner
    for validator in getattr(field, "validators", ()):
        if isinstance(validator, validate.Length) and validator.max is not None:
            return int(validator.max)
    return UNSIZED


def _cut(value: Any, limit: int) -> tuple[Any, bool]:
    if isinstance(value, str) and len(value) > limit:
        return value[:limit], True
    return value, False


def bounded(schema: Schema, name: str, value: Any) -> tuple[Any, int | None]:
    """The value to keep for an invalid field, and the length it was cut to (None if whole)."""
    limit = field_size(schema, name) + MARGIN
    if isinstance(value, list):
        items = [_cut(item, limit) for item in value[:LIST_ITEMS]]
        cut = len(value) > LIST_ITEMS or any(was_cut for _item, was_cut in items)
        return [item for item, _was_cut in items], limit if cut else None
    kept, was_cut = _cut(value, limit)
    return kept, limit if was_cut else None


def cut_message(limit: int) -> str:
    """What the owner reads under a field whose kept value was cut."""
    return _(
        "What you typed is much longer than this field allows: only its first %(n)s "
        "characters were kept.",
        n=limit,
    )


def bounded_answers(raw: dict[str, Any]) -> dict[str, Any]:
    """Questionnaire answers kept after an error: each a short code at most."""
    return {key: _cut(value, ANSWER_SIZE)[0] for key, value in raw.items()}
