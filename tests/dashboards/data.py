"""A varied registry built in one transaction, with the plain specs used to count independently."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from registry.extensions import db
from registry.models import (
    AISystem,
    Assessment,
    Deployment,
    EvidenceItem,
    Organisation,
    SystemVersion,
    User,
)
from tests.factories import _PASSWORD_HASH

SPECIALTIES = ("radiology", "cardiology", "oncology", None)
FUNCTIONS = ("diagnosis", "screening", "monitoring", None)
RISKS = ("high_risk", "minimal_risk", "limited_risk", None)
DEVICE_CLASSES = ("IIa", "IIb", None)
COVERAGES = ("none", "pecan", None)
HOSTINGS = ("cloud_eu", "on_premise", "cloud_non_eu", None)
STATUSES = ("published", "published", "published", "submitted", "draft", "withdrawn")
ASSESSMENT_STATUSES = ("published", "published", "draft", "in_review", "withdrawn")
RATINGS = ("I", "II", "III", "IV", "V", None)
GRADES = ("A", "B", "C", "insufficient", None)
CONCLUSIONS = ("dominant", "cost_effective", "uncertain", "not_cost_effective", "not_assessed")
FRYBACK = ("1t", "1c", "2", "3", "4", "5", "6", None)
START = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)


@dataclass
class StudySpec:
    peer_reviewed: bool
    fryback: str | None
    timing: str | None
    multicentre: bool | None
    independence: str | None


@dataclass
class AssessmentSpec:
    id: int
    status: str
    created_at: datetime
    published_at: datetime | None
    clinical_rating: str | None
    clinical_grade: str | None
    org_rating: str | None
    org_grade: str | None
    eco_conclusion: str | None
    eco_grade: str | None
    studies: list[StudySpec] = field(default_factory=list)


@dataclass
class SystemSpec:
    id: int
    slug: str
    name: str
    status: str
    specialty: str | None
    function: str | None
    risk_class: str | None
    device_class: str | None
    coverage: str | None
    hosting: str | None
    hds: bool | None
    energy: float | None
    measured: bool | None
    created_at: datetime
    submitted_at: datetime | None
    deployments: list[str] = field(default_factory=list)
    assessments: list[AssessmentSpec] = field(default_factory=list)

    def latest(self) -> AssessmentSpec | None:
        """The latest published assessment, computed the plain way."""
        published = [a for a in self.assessments if a.status == "published"]
        if not published:
            return None
        return max(published, key=lambda a: (a.published_at, a.id))


def build(count: int, seed: int = 7, tag: str = "a") -> list[SystemSpec]:
    """``count`` systems with varied attributes, assessments, studies and deployments.

    ``tag`` keeps names unique when a test builds twice.
    """
    rng = random.Random(seed)
    maker = Organisation(
        name=f"Fabricant tableaux {tag}", name_key=f"fabricant-tableaux-{tag}", kind="manufacturer"
    )
    evaluator = User(
        email=f"evaluateur-tableaux-{tag}@test.example",
        display_name="Évaluateur",
        password_hash=_PASSWORD_HASH,
        role="evaluator",
    )
    db.session.add_all([maker, evaluator])
    db.session.flush()
    specs: list[SystemSpec] = []
    pending: list[tuple[SystemSpec, AISystem, list[tuple[AssessmentSpec, Assessment]]]] = []
    for number in range(count):
        created = START + timedelta(days=9 * number)
        status = STATUSES[number % len(STATUSES)]
        energy = round(rng.lognormvariate(3.0, 1.5), 2) if number % 7 else None
        system = AISystem(
            slug=f"tableau-{tag}-{number:03d}",
            name=f"Tableau {tag} {number:03d}",
            manufacturer_id=maker.id,
            status=status,
            specialty=rng.choice(SPECIALTIES),
            clinical_function=rng.choice(FUNCTIONS),
            risk_class=rng.choice(RISKS),
            declared_class=rng.choice(DEVICE_CLASSES),
            coverage=rng.choice(COVERAGES),
            hosting=rng.choice(HOSTINGS),
            hds_certified=rng.choice((True, False, None)),
            energy_wh_per_1000=energy,
            energy_measured=rng.choice((True, False, None)) if energy is not None else None,
            created_at=created,
            submitted_at=created + timedelta(days=20) if status != "draft" else None,
            current_version="1.0",
        )
        system.versions.append(SystemVersion(label="1.0"))
        deployment_statuses = [
            rng.choice(("pilot", "routine", "stopped")) for _ in range(rng.randint(0, 3))
        ]
        for index, deployment in enumerate(deployment_statuses):
            system.deployments.append(Deployment(facility_name=f"CH {index}", status=deployment))
        db.session.add(system)
        assessments = []
        for rank in range(rng.randint(0, 3)):
            a_status = rng.choice(ASSESSMENT_STATUSES)
            started = created + timedelta(days=30 + 17 * rank)
            published_at = (
                # Two published assessments may share a date: the greatest id wins.
                started + timedelta(days=10 if rank < 2 else -7)
                if a_status in ("published", "withdrawn")
                else None
            )
            a_spec = AssessmentSpec(
                id=0,
                status=a_status,
                created_at=started,
                published_at=published_at,
                clinical_rating=rng.choice(RATINGS),
                clinical_grade=rng.choice(GRADES),
                org_rating=rng.choice(RATINGS),
                org_grade=rng.choice(GRADES),
                eco_conclusion=rng.choice(CONCLUSIONS),
                eco_grade=rng.choice(GRADES),
            )
            assessment = Assessment(
                system=system,
                version=system.versions[0],
                lead_evaluator_id=evaluator.id,
                status=a_status,
                created_at=started,
                published_at=published_at,
                clinical_rating=a_spec.clinical_rating,
                clinical_grade=a_spec.clinical_grade,
                org_rating=a_spec.org_rating,
                org_grade=a_spec.org_grade,
                eco_conclusion=a_spec.eco_conclusion,
                eco_grade=a_spec.eco_grade,
            )
            for item in range(rng.randint(0, 3)):
                study = StudySpec(
                    peer_reviewed=rng.random() < 0.7,
                    fryback=rng.choice(FRYBACK),
                    timing=rng.choice(("prospective", "retrospective", None)),
                    multicentre=rng.choice((True, False, None)),
                    independence=rng.choice(("independent", "manufacturer_funded", None)),
                )
                a_spec.studies.append(study)
                assessment.evidence.append(
                    EvidenceItem(
                        dimension="clinical",
                        title=f"Étude {number}-{rank}-{item}",
                        doi=f"10.1000/tableau.{tag}.{number}.{rank}.{item}",
                        design="prospective_cohort",
                        direction="favourable",
                        peer_reviewed=study.peer_reviewed,
                        fryback_level=study.fryback,
                        timing=study.timing,
                        multicentre=study.multicentre,
                        independence=study.independence,
                    )
                )
            db.session.add(assessment)
            assessments.append((a_spec, assessment))
        spec = SystemSpec(
            id=0,
            slug=system.slug,
            name=system.name,
            status=status,
            specialty=system.specialty,
            function=system.clinical_function,
            risk_class=system.risk_class,
            device_class=system.declared_class,
            coverage=system.coverage,
            hosting=system.hosting,
            hds=system.hds_certified,
            energy=energy,
            measured=system.energy_measured,
            created_at=created,
            submitted_at=system.submitted_at,
            deployments=deployment_statuses,
        )
        pending.append((spec, system, assessments))
    db.session.commit()
    for spec, system, assessments in pending:
        spec.id = system.id
        for a_spec, assessment in assessments:
            a_spec.id = assessment.id
            spec.assessments.append(a_spec)
        specs.append(spec)
    return specs
