"""Dashboard filters (one bar for every view, web and API) and the JSON rows of each dashboard."""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from webargs.fields import DelimitedList

from registry.dashboards.economic_rows import DEFAULT_VOLUME, MAX_REFERENCE_LINES, MAX_VOLUME
from registry.dashboards.rows import ENERGY_EDGES
from schemas.common import MAX_ID, SystemLinkSchema
from schemas.filters import SystemFiltersSchema


class DashboardFiltersSchema(SystemFiltersSchema):
    """The filter bar (docs/domain.md §10.1), the catalogue's (docs/domain.md §11.1)."""


SIZES = ("economic", "deployments")


class BenefitsArgsSchema(DashboardFiltersSchema):
    """Filters, and what the bubble size shows."""

    size = fields.String(load_default="economic", validate=validate.OneOf(SIZES))


class CompareArgsSchema(Schema):
    """2 to 6 published systems, by id: ``ids=1,2,3``."""

    ids = DelimitedList(
        fields.Integer(validate=validate.Range(min=1, max=MAX_ID)),
        required=True,
        validate=validate.Length(min=2, max=6),
        # Published demonstration systems (`flask demo load`, as scripts/api_fuzz.sh loads).
        metadata={"example": [1, 2]},
    )


class KeyCountsSchema(Schema):
    published = fields.Integer(metadata={"description": "Published systems"})
    assessed = fields.Integer(metadata={"description": "Systems with a published assessment"})
    assessments = fields.Integer(metadata={"description": "Published assessments"})
    studies = fields.Integer(metadata={"description": "Studies of published assessments"})
    declared = fields.Integer(
        allow_none=True,
        metadata={
            "description": "Submitted, published or withdrawn systems "
            "(decision-makers and admins only, null otherwise)"
        },
    )


class SystemsCountedSchema(Schema):
    """A row counting systems: its ``count`` is shown as ``systems``."""

    systems = fields.Integer(attribute="count")


class HeatCellSchema(SystemsCountedSchema):
    risk_class = fields.String(allow_none=True)
    specialty = fields.String(allow_none=True)


class FunctionCountSchema(SystemsCountedSchema):
    clinical_function = fields.String(attribute="code", allow_none=True)


class GradeCountSchema(SystemsCountedSchema):
    dimension = fields.String()
    grade = fields.String(allow_none=True)


class OverviewSchema(Schema):
    """Overview: key counts, AI Act class × specialty, clinical functions, grade per dimension."""

    filters = fields.Dict(keys=fields.String(), values=fields.String())
    counts = fields.Nested(KeyCountsSchema)
    heatmap = fields.List(fields.Nested(HeatCellSchema))
    functions = fields.List(fields.Nested(FunctionCountSchema))
    grades = fields.List(fields.Nested(GradeCountSchema))


class PeerReviewedSchema(Schema):
    systems = fields.Integer()
    with_peer_reviewed = fields.Integer()


class FrybackCountSchema(SystemsCountedSchema):
    level = fields.String(
        attribute="code", allow_none=True, metadata={"description": "Highest level; null: none"}
    )


class StudyQualitySchema(Schema):
    studies = fields.Integer()
    prospective = fields.Integer()
    multicentre = fields.Integer()
    independent = fields.Integer()


class EvidenceMaturitySchema(Schema):
    """Evidence maturity (van Leeuwen et al., Eur Radiol 2021)."""

    filters = fields.Dict(keys=fields.String(), values=fields.String())
    peer_reviewed = fields.Nested(PeerReviewedSchema)
    fryback = fields.List(fields.Nested(FrybackCountSchema))
    studies = fields.Nested(StudyQualitySchema)


class BenefitPointSchema(SystemLinkSchema):
    risk_class = fields.String(allow_none=True)
    clinical_rating = fields.String()
    clinical_score = fields.Integer(metadata={"description": "I=4, II=3, III=2, IV=1, V=0"})
    org_rating = fields.String()
    org_score = fields.Integer(metadata={"description": "I=4, II=3, III=2, IV=1, V=0"})
    eco_conclusion = fields.String(allow_none=True)
    eco_score = fields.Integer(
        allow_none=True,
        metadata={
            "description": "dominant=4, cost_effective=3, uncertain=1, "
            "not_cost_effective=0; null when not assessed"
        },
    )
    deployments = fields.Integer(metadata={"description": "Active deployments (pilot, routine)"})


class BenefitsSchema(Schema):
    """Benefit matrix: one point per system with a rated latest published assessment."""

    filters = fields.Dict(keys=fields.String(), values=fields.String())
    size = fields.String()
    systems = fields.List(fields.Nested(BenefitPointSchema))


class ScoresSchema(Schema):
    clinical = fields.Integer(allow_none=True)
    organisational = fields.Integer(allow_none=True)
    economic = fields.Integer(allow_none=True)
    grade = fields.Integer(
        allow_none=True, metadata={"description": "A=3, B=2, C=1, insufficient=0"}
    )


class SystemCardSchema(SystemLinkSchema):
    manufacturer = fields.String()
    specialty = fields.String(allow_none=True)
    risk_class = fields.String(allow_none=True)
    declared_class = fields.String(allow_none=True)
    clinical_rating = fields.String(allow_none=True)
    clinical_grade = fields.String(allow_none=True)
    org_rating = fields.String(allow_none=True)
    org_grade = fields.String(allow_none=True)
    eco_conclusion = fields.String(allow_none=True)
    eco_grade = fields.String(allow_none=True)
    transparency = fields.Integer(metadata={"description": "Transparency fields filled in (%)"})
    hosting = fields.String(allow_none=True)
    hds_certified = fields.Boolean(allow_none=True)
    energy_wh_per_1000 = fields.Float(allow_none=True)
    energy_measured = fields.Boolean(allow_none=True)
    deployments = fields.Integer()
    scores = fields.Nested(ScoresSchema)


class CompareSchema(Schema):
    """2 to 6 published systems side by side."""

    systems = fields.List(fields.Nested(SystemCardSchema))


class HostingCountSchema(SystemsCountedSchema):
    hosting = fields.String(attribute="code", allow_none=True)


class HdsCountSchema(SystemsCountedSchema):
    hds_certified = fields.Function(
        lambda row: {"yes": True, "no": False}.get(row.code or ""),
        metadata={"type": ["boolean", "null"]},
    )


class EnergyBandSchema(SystemsCountedSchema):
    low_wh = fields.Function(
        lambda row: None if not row.band else ENERGY_EDGES[row.band - 1],
        metadata={"type": ["number", "null"], "description": "Band lower bound (inclusive)"},
    )
    high_wh = fields.Function(
        lambda row: (
            None if row.band is None or row.band >= len(ENERGY_EDGES) else ENERGY_EDGES[row.band]
        ),
        metadata={"type": ["number", "null"], "description": "Band upper bound (exclusive)"},
    )
    provided = fields.Function(lambda row: row.band is not None, metadata={"type": "boolean"})
    measured = fields.Boolean(allow_none=True)


class SovereigntySchema(Schema):
    """Hosting mix, HDS share, energy per 1,000 inferences (Wh) by band."""

    filters = fields.Dict(keys=fields.String(), values=fields.String())
    hosting = fields.List(fields.Nested(HostingCountSchema))
    hds = fields.List(fields.Nested(HdsCountSchema))
    energy = fields.List(fields.Nested(EnergyBandSchema))


class StageCountSchema(Schema):
    stage = fields.String(attribute="code")
    count = fields.Integer()


class MonthCountSchema(Schema):
    series = fields.String()
    month = fields.String(metadata={"description": "YYYY-MM (UTC)"})
    count = fields.Integer()


class PipelineSchema(Schema):
    """Declarations and assessments by stage and by month (decision-makers and admins)."""

    filters = fields.Dict(keys=fields.String(), values=fields.String())
    stages = fields.List(fields.Nested(StageCountSchema))
    monthly = fields.List(fields.Nested(MonthCountSchema))


class EconomicsArgsSchema(DashboardFiltersSchema):
    """Filters, the yearly volume of cases the full-time equivalents are computed for, and the
    reader's reference lines in EUR per QALY (drawn on the page only)."""

    volume = fields.Integer(
        load_default=DEFAULT_VOLUME,
        validate=validate.Range(min=1, max=MAX_VOLUME),
        metadata={"description": "Cases a year, for the full-time equivalents"},
    )
    ref = DelimitedList(
        fields.Float(validate=validate.Range(min=1, max=1e9)),
        load_default=list,
        validate=validate.Length(max=MAX_REFERENCE_LINES),
        metadata={"description": "Reference lines in EUR per QALY (page only), e.g. 30000,50000"},
    )


class CoverageCellSchema(SystemsCountedSchema):
    coverage = fields.String(allow_none=True)
    clinical_function = fields.String(allow_none=True)
    risk_class = fields.String(allow_none=True)


class CoverageGradeSchema(SystemsCountedSchema):
    coverage = fields.String(allow_none=True)
    economic_assessment = fields.Boolean(
        attribute="assessed",
        metadata={"description": "The latest published assessment concludes on the economics"},
    )
    eco_grade = fields.String(attribute="grade", allow_none=True)


class DistributionSchema(Schema):
    count = fields.Integer()
    minimum = fields.Float()
    q1 = fields.Float()
    median = fields.Float()
    q3 = fields.Float()
    maximum = fields.Float()


class PricePointSchema(SystemLinkSchema):
    clinical_function = fields.String(allow_none=True)
    unit = fields.String(metadata={"description": "Price unit as declared, lower case"})
    amount = fields.Float(metadata={"description": "Indicative price (EUR)"})


class PriceGroupSchema(Schema):
    unit = fields.String()
    clinical_function = fields.String(allow_none=True)
    distribution = fields.Nested(DistributionSchema)


class EconomicResultSchema(SystemLinkSchema):
    clinical_function = fields.String(allow_none=True)
    eco_grade = fields.String(attribute="grade", allow_none=True)
    eco_conclusion = fields.String(attribute="conclusion", allow_none=True)
    cost_per_qaly = fields.Float(allow_none=True, metadata={"description": "EUR per QALY"})
    incremental_cost = fields.Float(allow_none=True, metadata={"description": "EUR per patient"})
    budget_impact = fields.Float(allow_none=True, metadata={"description": "EUR a year"})
    time_saved_minutes = fields.Float(attribute="time_saved", allow_none=True)
    clinical_rating = fields.String(allow_none=True)
    perspective = fields.String(allow_none=True)
    dominance = fields.String(
        allow_none=True, metadata={"description": "dominant, dominated or null"}
    )


class TimeSavedSchema(Schema):
    clinical_function = fields.String(allow_none=True)
    minutes = fields.Nested(DistributionSchema)
    fte = fields.Float(metadata={"description": "Full-time equivalents at the median"})


class FunnelRowSchema(Schema):
    clinical_function = fields.String(allow_none=True)
    declared = fields.Integer(
        allow_none=True, metadata={"description": "Decision-makers and admins only"}
    )
    published = fields.Integer()
    certified = fields.Integer(metadata={"description": "and CE-marked or FDA-cleared"})
    assessed = fields.Integer(metadata={"description": "and with a published assessment"})
    economic = fields.Integer(metadata={"description": "and economic evidence grade A or B"})
    covered = fields.Integer(metadata={"description": "and covered in France"})


class EconomicsSchema(Schema):
    """Coverage, prices per unit, economic results per system, time saved, road to funding."""

    filters = fields.Dict(keys=fields.String(), values=fields.String())
    volume = fields.Integer()
    fte_hours = fields.Integer(metadata={"description": "Hours worked by one FTE in a year"})
    coverage = fields.List(fields.Nested(CoverageCellSchema))
    coverage_grades = fields.List(fields.Nested(CoverageGradeSchema))
    prices = fields.List(fields.Nested(PricePointSchema))
    price_groups = fields.List(fields.Nested(PriceGroupSchema))
    results = fields.List(fields.Nested(EconomicResultSchema))
    time_saved = fields.List(fields.Nested(TimeSavedSchema))
    funnel = fields.List(fields.Nested(FunnelRowSchema))
