"""Controlled vocabularies: stable English codes stored in the database, labels in FR and EN.

Labels are data (not gettext messages) so that pure modules, CSV exports and templates share
them; `label(vocabulary, code, locale)` picks the language (docs/architecture.md §9). The codes
that code compares — roles, the statuses of systems, revisions and assessments — are also
types: a StrEnum per vocabulary, whose members key its labels (so they cannot drift apart) and
compare equal to the stored strings.

One module per concept — ``people`` (organisations, roles, interests), ``systems``,
``assessments`` (with evidence), ``audit``, ``notifications``, ``training`` — and ``labels``
for the helpers; import them from ``registry.vocab`` (templates read a vocabulary by its name
on this package).
"""

from registry.vocab.assessments import (
    ASSESSMENT_STATUSES,
    DIMENSIONS,
    DIRECTIONS,
    ECONOMIC_CONCLUSIONS,
    FRYBACK_LEVELS,
    GRADES,
    INDEPENDENCE,
    ORG_EFFECTS,
    OUTCOME_KINDS,
    PERSPECTIVES,
    RATINGS,
    RISK_OF_BIAS,
    STUDY_DESIGNS,
    STUDY_TIMING,
    SUFFICIENCY,
    AssessmentStatus,
)
from registry.vocab.audit import (
    AUDIT_ACTIONS,
)
from registry.vocab.labels import (
    Labels,
    choices,
    codes,
    label,
    pick,
)
from registry.vocab.notifications import (
    NOTIFICATION_KINDS,
    NotificationKind,
)
from registry.vocab.people import (
    INTEREST_KINDS,
    ORGANISATION_KINDS,
    ROLES,
    Role,
)
from registry.vocab.registration import CERTIFICATE_TYPES, MARKET_STATUSES, MEMBER_STATES
from registry.vocab.systems import (
    AGE_GROUPS,
    AI_TECHNIQUES,
    AUTONOMY,
    BUSINESS_MODELS,
    CARE_SETTINGS,
    CLINICAL_FUNCTIONS,
    COVERAGE,
    DEPLOYMENT_STATUSES,
    DEVICE_CLASSES,
    FDA_PATHWAYS,
    HOSTING,
    INFERENCE_HARDWARE,
    INPUT_DATA_TYPES,
    INTENDED_USERS,
    IVDR_CLASSES,
    LEARNING_MODES,
    MDR_CLASSES,
    OBLIGATION_STATUSES,
    REGIMES,
    REVISION_STATES,
    RISK_CLASSES,
    SOURCES,
    SPECIALTIES,
    SYSTEM_STATUSES,
    RevisionState,
    SystemStatus,
)
from registry.vocab.training import TRAINING_AUDIENCES, TRAINING_FORMATS, TRAINING_LANGUAGES

__all__ = [
    "CERTIFICATE_TYPES",
    "MARKET_STATUSES",
    "MEMBER_STATES",
    "AGE_GROUPS",
    "AI_TECHNIQUES",
    "ASSESSMENT_STATUSES",
    "AUDIT_ACTIONS",
    "AUTONOMY",
    "AssessmentStatus",
    "BUSINESS_MODELS",
    "CARE_SETTINGS",
    "CLINICAL_FUNCTIONS",
    "COVERAGE",
    "DEPLOYMENT_STATUSES",
    "DEVICE_CLASSES",
    "DIMENSIONS",
    "DIRECTIONS",
    "ECONOMIC_CONCLUSIONS",
    "FDA_PATHWAYS",
    "FRYBACK_LEVELS",
    "GRADES",
    "HOSTING",
    "INDEPENDENCE",
    "INFERENCE_HARDWARE",
    "INPUT_DATA_TYPES",
    "INTENDED_USERS",
    "INTEREST_KINDS",
    "NOTIFICATION_KINDS",
    "IVDR_CLASSES",
    "LEARNING_MODES",
    "Labels",
    "NotificationKind",
    "MDR_CLASSES",
    "OBLIGATION_STATUSES",
    "ORGANISATION_KINDS",
    "ORG_EFFECTS",
    "OUTCOME_KINDS",
    "PERSPECTIVES",
    "RATINGS",
    "REGIMES",
    "REVISION_STATES",
    "RISK_CLASSES",
    "RISK_OF_BIAS",
    "ROLES",
    "RevisionState",
    "Role",
    "SOURCES",
    "SPECIALTIES",
    "STUDY_DESIGNS",
    "STUDY_TIMING",
    "SUFFICIENCY",
    "SYSTEM_STATUSES",
    "SystemStatus",
    "TRAINING_AUDIENCES",
    "TRAINING_FORMATS",
    "TRAINING_LANGUAGES",
    "choices",
    "codes",
    "label",
    "pick",
]
