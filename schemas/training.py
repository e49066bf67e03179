"""Training offers: what an industrial or an administrator types, and what the API shows."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, fields, validate

from registry import vocab
from schemas import validators as v
from schemas.common import (
    MAX_ID,
    InputSchema,
    PageLink,
    SystemLinkSchema,
    UtcDateTime,
    shown,
)

_CHOOSE = _l("Choose one of the proposed values.")
#: A required field left blank (blank is None: schemas.common.InputSchema).
_REQUIRED = {"required": _l("Fill in this field."), "null": _l("Fill in this field.")}


class TrainingOfferSchema(InputSchema):
    """A training offer as typed in the form or sent to the API (docs/domain.md §11.6)."""

    NUMBERS = frozenset({"duration_hours", "cost_eur"})

    class Meta:
        unknown = EXCLUDE

    title = fields.String(
        required=True, validate=validate.Length(min=3, max=200), error_messages=_REQUIRED
    )
    provider = fields.String(
        required=True, validate=validate.Length(min=2, max=200), error_messages=_REQUIRED
    )
    summary = fields.String(allow_none=True, validate=validate.Length(max=2000))
    audiences = fields.List(
        fields.String(validate=validate.OneOf(tuple(vocab.TRAINING_AUDIENCES), error=_CHOOSE)),
        required=True,
        validate=validate.Length(min=1, error=_l("Choose at least one audience.")),
        error_messages={
            "required": _l("Choose at least one audience."),
            "null": _l("Choose at least one audience."),
        },
    )
    format = fields.String(
        required=True,
        validate=validate.OneOf(tuple(vocab.TRAINING_FORMATS), error=_CHOOSE),
        error_messages=_REQUIRED,
    )
    duration_hours = fields.Float(
        allow_none=True,
        validate=validate.Range(
            min=0, min_inclusive=False, max=2000, error=_l("Enter a number of hours above 0.")
        ),
    )
    cost_eur = fields.Decimal(
        allow_none=True,
        places=2,
        validate=validate.Range(min=0, max=100_000, error=_l("Enter 0 or a positive amount.")),
    )
    language = fields.String(
        load_default="fr",
        allow_none=True,  # blank: French (the service fills it in)
        validate=validate.OneOf(tuple(vocab.TRAINING_LANGUAGES), error=_CHOOSE),
    )
    dpc_reference = fields.String(allow_none=True, validate=validate.Length(max=50))
    url = fields.String(required=True, validate=v.url, error_messages=_REQUIRED)
    system_ids = fields.List(
        fields.Integer(
            validate=validate.Range(min=1, max=MAX_ID),
            error_messages={"invalid": _l("Choose among the systems proposed to you.")},
        ),
        load_default=list,
        allow_none=True,
    )


class TrainingSystemSchema(SystemLinkSchema):
    """A system an offer covers (public systems only)."""


class TrainingOfferOutSchema(Schema):
    """A public training offer: what its author typed, its systems and its page."""

    class Meta:
        include = shown(TrainingOfferSchema, exclude=("language", "url", "system_ids"))

    id = fields.Integer()
    slug = fields.String()
    language = fields.String()  # never null: blank is French (the service fills it in)
    url = fields.String(metadata={"description": "The provider's page of the course"})
    general = fields.Boolean(metadata={"description": "General AI literacy (no system)"})
    systems = fields.List(fields.Nested(TrainingSystemSchema), attribute="public_systems")
    page = PageLink("training.show", slug="slug")
    updated_at = UtcDateTime()


class TrainingListArgsSchema(Schema):
    """Filters of the catalogue and of GET /api/v1/training."""

    audience = fields.String(validate=validate.OneOf(tuple(vocab.TRAINING_AUDIENCES)))
    format = fields.String(validate=validate.OneOf(tuple(vocab.TRAINING_FORMATS)))
    system = fields.String(validate=validate.Length(max=120))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class TrainingPageSchema(Schema):
    """A page of training offers."""

    items = fields.List(fields.Nested(TrainingOfferOutSchema))
    meta = fields.Dict()
