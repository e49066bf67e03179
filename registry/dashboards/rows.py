"""Plain rows passed from the SQL aggregation to the figures, tables and API (no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field

from registry import grading

#: Fryback–Thornbury efficacy levels, lowest first (docs/domain.md §9.6).
FRYBACK_ORDER = ("1t", "1c", "2", "3", "4", "5", "6")
#: Stages shown now, in pipeline order.
STAGES = (
    "draft",
    "submitted",
    "published",
    "assessment_in_progress",
    "assessment_published",
)
#: Monthly series, in pipeline order.
SERIES = ("declared", "submitted", "assessment_started", "assessment_published")
#: Upper bounds (Wh per 1,000 inferences) of the energy bands; the last band is open.
ENERGY_EDGES = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0)


@dataclass(frozen=True)
class CodeCount:
    """Systems (or items) counted by one vocabulary code; None = not provided."""

    code: str | None
    count: int


@dataclass(frozen=True)
class KeyCounts:
    """Headline counts; ``declared`` only for internal roles (None otherwise)."""

    published: int
    assessed: int
    assessments: int
    studies: int
    declared: int | None = None


@dataclass(frozen=True)
class HeatCell:
    """Systems of one AI Act class in one specialty."""

    risk_class: str | None
    specialty: str | None
    count: int


@dataclass(frozen=True)
class GradeCount:
    """Systems whose latest published assessment has this grade on this dimension."""

    dimension: str
    grade: str | None
    count: int


@dataclass(frozen=True)
class Overview:
    counts: KeyCounts
    heatmap: list[HeatCell]
    functions: list[CodeCount]
    grades: list[GradeCount]


@dataclass(frozen=True)
class PeerReviewed:
    """Systems in scope, and those with at least one peer-reviewed study."""

    systems: int
    with_peer_reviewed: int


@dataclass(frozen=True)
class StudyQuality:
    """Studies of published assessments, and how many are prospective, multi-centre, independent."""

    studies: int
    prospective: int
    multicentre: int
    independent: int


@dataclass(frozen=True)
class Evidence:
    peer_reviewed: PeerReviewed
    fryback: list[CodeCount]  # code = highest level, None = no level recorded
    studies: StudyQuality


class Rated:
    """Both benefit ratings (I to V) as the matrix's scores (4 to 0)."""

    clinical_rating: str
    org_rating: str

    @property
    def clinical_score(self) -> int:
        return grading.RATING_SCORE[self.clinical_rating]

    @property
    def org_score(self) -> int:
        return grading.RATING_SCORE[self.org_rating]


@dataclass(frozen=True)
class BenefitPoint(Rated):
    """One system of the benefit matrix, from its latest published assessment."""

    id: int
    slug: str
    name: str
    risk_class: str | None
    clinical_rating: str
    org_rating: str
    eco_conclusion: str | None
    deployments: int

    @property
    def eco_score(self) -> int | None:
        return grading.economic_score(self.eco_conclusion)


@dataclass(frozen=True)
class BenefitGroup(Rated):
    """Systems of the benefit matrix sharing both ratings and the AI Act class."""

    clinical_rating: str
    org_rating: str
    risk_class: str | None
    systems: int
    deployments: int  # active deployments of all these systems
    eco_scored: int  # systems with an economic score (not "not assessed" or missing)
    eco_total: int  # the sum of those scores

    @property
    def mean_deployments(self) -> float:
        return round(self.deployments / self.systems, 1) if self.systems else 0.0

    @property
    def eco_mean(self) -> float | None:
        """The mean economic score of the systems that have one (None if none has)."""
        return round(self.eco_total / self.eco_scored, 1) if self.eco_scored else None


@dataclass(frozen=True)
class BenefitMatrix:
    """Either every point (at most the picker's limit of systems) or the groups of points."""

    points: list[BenefitPoint] = field(default_factory=list)
    groups: list[BenefitGroup] = field(default_factory=list)

    @property
    def grouped(self) -> bool:
        return bool(self.groups)


@dataclass(frozen=True)
class EnergyBand:
    """Systems whose energy per 1,000 inferences falls in a band (index into ENERGY_EDGES)."""

    band: int | None  # None = not provided
    measured: bool | None
    count: int


@dataclass(frozen=True)
class Sovereignty:
    hosting: list[CodeCount]
    hds: list[CodeCount]  # code "yes" | "no" | None
    energy: list[EnergyBand]


@dataclass(frozen=True)
class SystemCard:
    """Everything the comparison shows of one published system."""

    id: int
    slug: str
    name: str
    manufacturer: str
    specialty: str | None
    risk_class: str | None
    declared_class: str | None
    clinical_rating: str | None
    clinical_grade: str | None
    org_rating: str | None
    org_grade: str | None
    eco_conclusion: str | None
    eco_grade: str | None
    transparency: int  # percent of the transparency fields filled in
    hosting: str | None
    hds_certified: bool | None
    energy_wh_per_1000: float | None
    energy_measured: bool | None
    deployments: int

    @property
    def scores(self) -> dict[str, int | None]:
        """Radar values: the three benefit scores (0–4) and the clinical evidence grade (0–3)."""
        return {
            "clinical": grading.rating_score(self.clinical_rating),
            "organisational": grading.rating_score(self.org_rating),
            "economic": grading.economic_score(self.eco_conclusion),
            "grade": grading.grade_score(self.clinical_grade),
        }


@dataclass(frozen=True)
class Comparison:
    systems: list[SystemCard]
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Choice:
    """A published system offered in the comparison picker."""

    id: int
    name: str
    manufacturer: str


@dataclass(frozen=True)
class MonthCount:
    """Events of one series in one month ("YYYY-MM")."""

    series: str
    month: str
    count: int


@dataclass(frozen=True)
class Pipeline:
    stages: list[CodeCount]
    monthly: list[MonthCount]


def energy_band(value: float) -> int:
    """The band index of an energy value (pure mirror of the SQL CASE, for tests)."""
    for index, edge in enumerate(ENERGY_EDGES):
        if value < edge:
            return index
    return len(ENERGY_EDGES)
