"""SQLAlchemy models, one module per aggregate."""

from registry.models.assessments import Assessment
from registry.models.audit import AuditEvent
from registry.models.evidence import EvidenceItem
from registry.models.interests import InterestDeclaration
from registry.models.notifications import Notification
from registry.models.obligations import ObligationStatus
from registry.models.organisations import Organisation
from registry.models.revisions import SystemRevision
from registry.models.sessions import UserSession
from registry.models.systems import AISystem, Deployment, SystemVersion
from registry.models.tokens import ApiToken
from registry.models.training import TrainingOffer, training_offer_systems
from registry.models.users import User

__all__ = [
    "AISystem",
    "ApiToken",
    "Assessment",
    "AuditEvent",
    "Deployment",
    "EvidenceItem",
    "InterestDeclaration",
    "Notification",
    "ObligationStatus",
    "Organisation",
    "SystemRevision",
    "SystemVersion",
    "TrainingOffer",
    "User",
    "UserSession",
    "training_offer_systems",
]
