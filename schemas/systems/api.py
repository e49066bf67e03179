"""What /api/v1/systems reads and answers: the catalogue query (shared with /systems), a
system's summary and detail, and the declaration bodies of API writes."""

from __future__ import annotations

from typing import Any

from flask import g
from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_dump,
    validate,
    validates_schema,
)

from registry import coherence, vocab
from registry.ai_act.registration import PRIVATE_FIELDS as REGISTRATION_PRIVATE
from schemas.common import (
    PageArgsSchema,
    PageLink,
    PageMetaSchema,
    UtcDateTime,
    name_field,
    reader_locale,
    shown,
)
from schemas.filters import SystemFiltersSchema, one_of
from schemas.organisations import OrganisationRefSchema
from schemas.systems.declaration import DeclarationSchema, VersionInputSchema


class CatalogueQuerySchema(PageArgsSchema, SystemFiltersSchema):
    """Catalogue search and filters (docs/domain.md §11.1), for /systems and /api/v1/systems:
    the dashboards' filter bar, the source and the status."""

    q = fields.String(load_default="", validate=validate.Length(max=200))
    source = fields.String(validate=one_of(vocab.SOURCES))
    status = fields.String(
        validate=one_of(("published", "withdrawn")),
        metadata={"description": "published (default) or withdrawn systems"},
    )


#: What a declaration holds, as the API shows it (a list is empty when nothing is declared).
DECLARED = shown(DeclarationSchema, empty_lists=True)


class SystemSummarySchema(Schema):
    """One catalogue row."""

    class Meta:
        include = {
            name: DECLARED[name]
            for name in (
                "name",
                "short_description",
                "current_version",
                "specialty",
                "clinical_function",
                "declared_class",
                "hosting",
                "coverage",
            )
        }

    id = fields.Integer()
    slug = fields.String()
    manufacturer = fields.Nested(OrganisationRefSchema)
    risk_class = fields.String(allow_none=True)
    source = fields.String()
    published_at = UtcDateTime(allow_none=True)
    url = PageLink("systems.show", slug="slug")


class SystemPageSchema(Schema):
    """A page of catalogue rows."""

    items = fields.List(fields.Nested(SystemSummarySchema))
    meta = fields.Nested(PageMetaSchema)


class VersionSchema(Schema):
    """A released version."""

    label = fields.String()
    release_date = fields.Date(allow_none=True)
    change_summary = fields.String(allow_none=True)
    significant_change = fields.Boolean()


class DeploymentSchema(Schema):
    """A deployment site."""

    facility_name = fields.String()
    finess = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    since = fields.Date(allow_none=True)
    status = fields.String()


class RevisionSchema(Schema):
    """The pending changes of a published declaration (owner and admins only)."""

    number = fields.Integer()
    state = fields.String(metadata={"description": "draft (being changed) or submitted"})
    submitted_at = UtcDateTime(allow_none=True)
    review_comment = fields.String(
        allow_none=True, metadata={"description": "Why an administrator sent the changes back"}
    )


class SystemDetailSchema(SystemSummarySchema):
    """Every public section of a declaration."""

    class Meta:
        include = DECLARED  # every declared field (the summary shows a few of them)

    ai_act_flags = fields.List(fields.String())
    mdr_suggested_class = fields.String(allow_none=True)
    versions = fields.List(fields.Nested(VersionSchema))
    deployments = fields.List(fields.Nested(DeploymentSchema))
    status = fields.String()
    ai_act_answers = fields.Dict(metadata={"description": "Answers behind the AI Act class"})
    mdr_answers = fields.Dict(metadata={"description": "Answers behind the suggested class"})
    withdrawn_at = UtcDateTime(allow_none=True)
    withdrawal_reason = fields.String(allow_none=True)
    pending_inputs = fields.Dict(
        metadata={
            "description": "Owner only: inputs saved from the web form that are not valid yet"
        }
    )
    pending_revision = fields.Nested(
        RevisionSchema,
        allow_none=True,
        metadata={
            "description": "Owner only: the changes of a published system waiting for review "
            "(the declaration fields above then show those changes; the public reads the "
            "published revision)"
        },
    )

    coherence_warnings = fields.Function(
        lambda system: [
            {"field": w.field, "message": w.text(reader_locale())}
            for w in coherence.warnings(
                coherence.declaration(coherence.values_of(system, coherence.DECLARATION_FIELDS))
            )
        ],
        metadata={
            "description": "Owners only: answers that may contradict each other, to check "
            "(docs/domain.md §15)"
        },
    )

    @post_dump
    def _owner_fields(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        if not g.get("owner_view"):
            data.pop("pending_inputs", None)
            data.pop("pending_revision", None)
            data.pop("coherence_warnings", None)
            for name in REGISTRATION_PRIVATE:
                data.pop(name, None)
        return data


class RegistrationItemSchema(Schema):
    """One item of Annex VIII."""

    item = fields.Integer(metadata={"description": "The item's number in its section"})
    label = fields.String()
    value = fields.String(allow_none=True, metadata={"description": "What to copy, or null"})
    missing = fields.Boolean(metadata={"description": "The declaration does not hold it yet"})
    source = fields.String(metadata={"description": "The declaration fields it is read from"})
    note = fields.String(
        allow_none=True, metadata={"description": "Why not applicable, or optional"}
    )
    public = fields.Boolean(metadata={"description": "False: shown to the owner only"})


class RegistrationSchema(Schema):
    """The AI Act registration record (Art 49, Annex VIII)."""

    applicable = fields.Boolean()
    section = fields.String(allow_none=True, metadata={"description": "A, B or null"})
    reason = fields.String()
    complete = fields.Integer(metadata={"description": "Items held by the declaration"})
    total = fields.Integer()
    items = fields.List(fields.Nested(RegistrationItemSchema))


class SystemWriteSchema(DeclarationSchema):
    """Body of POST/PATCH /api/v1/systems: the declaration fields and both questionnaires."""

    class Meta:
        unknown = RAISE

    ai_act_answers = fields.Dict(
        keys=fields.String(),
        metadata={"description": "AI Act questionnaire (keys of POST /api/v1/ai-act/classify)"},
    )
    mdr_answers = fields.Dict(
        keys=fields.String(),
        metadata={"description": "MDR helper questionnaire (keys of POST /api/v1/mdr/classify)"},
    )

    @validates_schema(skip_on_field_errors=False)
    def _questionnaires(self, data: dict[str, Any], **_kwargs: Any) -> None:
        from registry import ai_act, mdr

        errors: dict[str, Any] = {}
        for column, module in (("ai_act_answers", ai_act), ("mdr_answers", mdr)):
            if data.get(column) is not None:
                try:
                    module.classify(data[column])
                except module.AnswerError as error:
                    errors[column] = {error.key: [error.reason]}
        if errors:
            raise ValidationError(errors)


class SystemCreateSchema(SystemWriteSchema):
    """POST /api/v1/systems: a name is required."""

    name = name_field(required=True)


class VersionWriteSchema(VersionInputSchema):
    """POST /api/v1/systems/<id>/versions: the web form's schema, unknown keys refused."""

    class Meta:
        unknown = RAISE
