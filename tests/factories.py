"""factory_boy factories for the models."""

from __future__ import annotations

from typing import Any

import factory
from factory.alchemy import SQLAlchemyModelFactory

from registry.extensions import db
from registry.models import (
    AISystem,
    Assessment,
    EvidenceItem,
    Organisation,
    SystemVersion,
    User,
)
from registry.services.users import hash_password

PASSWORD = "correct-horse-battery"  # noqa: S105
_PASSWORD_HASH = hash_password(PASSWORD)  # hashed once: argon2 is slow on purpose


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class OrganisationFactory(_Base):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Fabricant de test {n}")
    name_key = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    kind = "manufacturer"
    country = "FR"


class UserFactory(_Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@test.example")
    display_name = factory.Sequence(lambda n: f"Utilisateur {n}")
    password_hash = _PASSWORD_HASH
    role = "industrial"
    organisation = factory.SubFactory(OrganisationFactory)


class SystemFactory(_Base):
    class Meta:
        model = AISystem

    name = factory.Sequence(lambda n: f"Système {n}")
    slug = factory.Sequence(lambda n: f"systeme-{n}")
    manufacturer = factory.SubFactory(OrganisationFactory)
    status = "published"
    intended_purpose = "Aide au diagnostic de test."
    specialty = "radiology"
    clinical_function = "diagnosis"
    current_version = "1.0"

    @factory.post_generation
    def with_version(obj: AISystem, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create and not obj.versions:
            obj.versions.append(SystemVersion(label=obj.current_version or "1.0"))
            db.session.commit()


class AssessmentFactory(_Base):
    class Meta:
        model = Assessment

    system = factory.SubFactory(SystemFactory)
    version = factory.LazyAttribute(lambda a: a.system.versions[0])
    lead_evaluator = factory.SubFactory(UserFactory, role="evaluator", organisation=None)
    status = "published"
    clinical_grade = "B"
    published_at = factory.Faker("date_time_this_year", tzinfo=None)


class EvidenceFactory(_Base):
    class Meta:
        model = EvidenceItem

    assessment = factory.SubFactory(AssessmentFactory)
    dimension = "clinical"
    title = factory.Sequence(lambda n: f"Étude {n}")
    doi = factory.Sequence(lambda n: f"10.1000/test.{n}")
    design = "prospective_cohort"
    direction = "favourable"
    has_level = 2
