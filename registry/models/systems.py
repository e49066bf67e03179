"""AI systems as declared, with their versions and deployments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry import vocab
from registry.extensions import db
from registry.models._base import JSONType, SystemPart, Timestamp, at_least, enum, utcnow

if TYPE_CHECKING:
    from registry.models.obligations import ObligationStatus
    from registry.models.organisations import Organisation
    from registry.models.revisions import SystemRevision


class AISystem(db.Model):  # type: ignore[name-defined]
    """A declared AI system (the product), with every section of its declaration."""

    __tablename__ = "ai_systems"
    __table_args__ = (
        at_least("energy_wh_per_1000", 0, "energy_non_negative"),
        at_least("training_sites", 0, "sites_non_negative"),
        at_least("training_patients", 0, "patients_non_negative"),
        CheckConstraint(
            "notified_body IS NULL OR length(notified_body) = 4", name="notified_body_4_digits"
        ),
        at_least("price_amount", 0, "price_non_negative"),
        Index("ix_ai_systems_status_name", "status", "name"),
        Index("ix_ai_systems_status_specialty", "status", "specialty"),
        Index("ix_ai_systems_status_risk_class", "status", "risk_class"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    manufacturer_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    current_version: Mapped[str | None] = mapped_column(String(50))
    short_description: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(
        enum("system_status", vocab.SYSTEM_STATUSES), default="draft", index=True
    )
    source: Mapped[str] = mapped_column(enum("system_source", vocab.SOURCES), default="declared")
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(Timestamp)
    published_at: Mapped[datetime | None] = mapped_column(Timestamp)
    withdrawn_at: Mapped[datetime | None] = mapped_column(Timestamp)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    # The owner asked an administrator to withdraw the system (with their reason).
    withdrawal_requested_at: Mapped[datetime | None] = mapped_column(Timestamp)
    withdrawal_request_reason: Mapped[str | None] = mapped_column(Text)
    # An administrator sent the submitted declaration back to its owner with this comment.
    review_comment: Mapped[str | None] = mapped_column(Text)
    lock_version: Mapped[int] = mapped_column(default=1)
    # Raw values a user typed that did not pass validation yet, so nothing typed is ever lost.
    pending_inputs: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    # Clinical context
    intended_purpose: Mapped[str | None] = mapped_column(Text)
    clinical_function: Mapped[str | None] = mapped_column(
        enum("clinical_function", vocab.CLINICAL_FUNCTIONS), index=True
    )
    specialty: Mapped[str | None] = mapped_column(enum("specialty", vocab.SPECIALTIES))
    target_population: Mapped[str | None] = mapped_column(Text)
    age_groups: Mapped[list[str]] = mapped_column(JSONType, default=list)
    intended_users: Mapped[list[str]] = mapped_column(JSONType, default=list)
    care_settings: Mapped[list[str]] = mapped_column(JSONType, default=list)
    autonomy: Mapped[str | None] = mapped_column(enum("autonomy", vocab.AUTONOMY))
    input_data_types: Mapped[list[str]] = mapped_column(JSONType, default=list)
    ai_technique: Mapped[str | None] = mapped_column(enum("ai_technique", vocab.AI_TECHNIQUES))
    learning_mode: Mapped[str | None] = mapped_column(enum("learning_mode", vocab.LEARNING_MODES))
    gpai_model_name: Mapped[str | None] = mapped_column(String(200))
    gpai_model_provider: Mapped[str | None] = mapped_column(String(200))

    # Regulatory status
    is_medical_device: Mapped[bool | None]
    regime: Mapped[str | None] = mapped_column(enum("regime", vocab.REGIMES))
    declared_class: Mapped[str | None] = mapped_column(
        enum("device_class", vocab.DEVICE_CLASSES), index=True
    )
    notified_body: Mapped[str | None] = mapped_column(String(4))
    ce_certificate_number: Mapped[str | None] = mapped_column(String(100))
    ce_certificate_date: Mapped[date | None]
    basic_udi_di: Mapped[str | None] = mapped_column(String(100))
    eudamed_reference: Mapped[str | None] = mapped_column(String(100))
    fda_pathway: Mapped[str | None] = mapped_column(enum("fda_pathway", vocab.FDA_PATHWAYS))
    fda_submission_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    fda_decision_date: Mapped[date | None]
    fda_product_code: Mapped[str | None] = mapped_column(String(3))
    ai_act_answers: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    risk_class: Mapped[str | None] = mapped_column(enum("risk_class", vocab.RISK_CLASSES))
    ai_act_flags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    mdr_answers: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    mdr_suggested_class: Mapped[str | None] = mapped_column(String(20))

    # AI Act registration (Art 49, Annex VIII; docs/domain.md §7.18): what the declaration held
    # nothing of before. Codes are checked by the schema (vocab.registration).
    provider_address: Mapped[str | None] = mapped_column(Text)
    provider_contact: Mapped[str | None] = mapped_column(String(300))
    registered_by_provider: Mapped[bool | None]
    registrant_name: Mapped[str | None] = mapped_column(String(200))
    registrant_address: Mapped[str | None] = mapped_column(Text)
    registrant_contact: Mapped[str | None] = mapped_column(String(300))
    authorised_representative_name: Mapped[str | None] = mapped_column(String(200))
    authorised_representative_address: Mapped[str | None] = mapped_column(Text)
    authorised_representative_contact: Mapped[str | None] = mapped_column(String(300))
    market_status: Mapped[str | None] = mapped_column(String(30))
    ai_certificate_type: Mapped[str | None] = mapped_column(String(40))
    ai_certificate_number: Mapped[str | None] = mapped_column(String(100))
    ai_certificate_expiry: Mapped[date | None]
    ai_notified_body: Mapped[str | None] = mapped_column(String(4))
    ai_certificate_url: Mapped[str | None] = mapped_column(String(500))
    eu_declaration_url: Mapped[str | None] = mapped_column(String(500))
    member_states: Mapped[list[str]] = mapped_column(JSONType, default=list)
    more_information_url: Mapped[str | None] = mapped_column(String(500))
    derogation_grounds: Mapped[str | None] = mapped_column(Text)

    # Transparency
    training_data_countries: Mapped[list[str]] = mapped_column(JSONType, default=list)
    training_sites: Mapped[int | None]
    training_patients: Mapped[int | None]
    training_period: Mapped[str | None] = mapped_column(String(100))
    representativeness: Mapped[str | None] = mapped_column(Text)
    external_validation: Mapped[bool | None]
    external_validation_description: Mapped[str | None] = mapped_column(Text)
    performance_metric: Mapped[str | None] = mapped_column(String(100))
    performance_value: Mapped[float | None] = mapped_column(Float)
    performance_dataset: Mapped[str | None] = mapped_column(String(300))
    subgroup_performance_published: Mapped[bool | None]
    known_limitations: Mapped[str | None] = mapped_column(Text)
    bias_mitigation: Mapped[str | None] = mapped_column(Text)
    human_oversight: Mapped[str | None] = mapped_column(Text)
    explainability: Mapped[str | None] = mapped_column(Text)
    ifu_url: Mapped[str | None] = mapped_column(String(500))
    model_card_url: Mapped[str | None] = mapped_column(String(500))
    open_source: Mapped[bool | None]
    open_source_licence: Mapped[str | None] = mapped_column(String(100))
    not_available: Mapped[list[str]] = mapped_column(JSONType, default=list)

    # Sovereignty
    hosting: Mapped[str | None] = mapped_column(enum("hosting", vocab.HOSTING), index=True)
    hosting_country: Mapped[str | None] = mapped_column(String(2))
    hds_certified: Mapped[bool | None]
    secnumcloud: Mapped[bool | None]
    data_outside_eu: Mapped[bool | None]
    data_transfer_safeguards: Mapped[str | None] = mapped_column(Text)
    extraterritorial_law: Mapped[bool | None]

    # Frugality
    energy_wh_per_1000: Mapped[float | None] = mapped_column(Float)
    energy_measured: Mapped[bool | None]
    energy_method: Mapped[str | None] = mapped_column(Text)
    training_energy_kwh: Mapped[float | None] = mapped_column(Float)
    training_emissions_kg: Mapped[float | None] = mapped_column(Float)
    inference_hardware: Mapped[str | None] = mapped_column(
        enum("inference_hardware", vocab.INFERENCE_HARDWARE)
    )
    parameter_count: Mapped[int | None] = mapped_column(BigInteger)

    # Economics
    business_model: Mapped[str | None] = mapped_column(
        enum("business_model", vocab.BUSINESS_MODELS)
    )
    price_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    price_unit: Mapped[str | None] = mapped_column(String(100))
    coverage: Mapped[str | None] = mapped_column(enum("coverage", vocab.COVERAGE), index=True)
    coverage_since: Mapped[date | None]
    other_reimbursement: Mapped[str | None] = mapped_column(Text)

    # Adoption
    training_offered: Mapped[bool | None]
    training_hours: Mapped[float | None] = mapped_column(Float)
    training_materials_url: Mapped[str | None] = mapped_column(String(500))

    manufacturer: Mapped[Organisation] = relationship(lazy="joined")
    versions: Mapped[list[SystemVersion]] = relationship(
        back_populates="system",
        cascade="all, delete-orphan",
        order_by="SystemVersion.id.desc()",
    )
    deployments: Mapped[list[Deployment]] = relationship(
        back_populates="system", cascade="all, delete-orphan", order_by="Deployment.id"
    )
    obligation_statuses: Mapped[list[ObligationStatus]] = relationship(
        back_populates="system", cascade="all, delete-orphan", order_by="ObligationStatus.id"
    )
    # The changes waiting for review (at most one revision in draft or submitted state).
    pending_revision: Mapped[SystemRevision | None] = relationship(
        primaryjoin="and_(SystemRevision.system_id == AISystem.id, "
        "SystemRevision.state.in_(('draft', 'submitted')))",
        viewonly=True,
        uselist=False,
    )

    __mapper_args__ = {"version_id_col": lock_version}

    def __repr__(self) -> str:
        return f"<AISystem {self.id} {self.slug}>"


class SystemVersion(SystemPart, db.Model):  # type: ignore[name-defined]
    """One released version of a system; assessments are made on a version."""

    __tablename__ = "system_versions"
    __table_args__ = (UniqueConstraint("system_id", "label", name="uq_system_versions_label"),)

    label: Mapped[str] = mapped_column(String(50))
    release_date: Mapped[date | None]
    change_summary: Mapped[str | None] = mapped_column(Text)
    significant_change: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    system: Mapped[AISystem] = relationship(back_populates="versions")


class Deployment(SystemPart, db.Model):  # type: ignore[name-defined]
    """A facility where the system is used (strategy priority 3: adoption)."""

    __tablename__ = "deployments"
    __table_args__ = (
        CheckConstraint("finess IS NULL OR length(finess) = 9", name="finess_length"),
    )

    facility_name: Mapped[str] = mapped_column(String(200))
    finess: Mapped[str | None] = mapped_column(String(9))
    region: Mapped[str | None] = mapped_column(String(100))
    since: Mapped[date | None]
    status: Mapped[str] = mapped_column(
        enum("deployment_status", vocab.DEPLOYMENT_STATUSES), default="pilot"
    )

    system: Mapped[AISystem] = relationship(back_populates="deployments")


#: The catalogue's order among published systems (lower-cased name, then id): a page is read
#: from this index instead of sorting every published row (docs/performance.md).
Index("ix_ai_systems_status_lower_name", AISystem.status, func.lower(AISystem.name), AISystem.id)
