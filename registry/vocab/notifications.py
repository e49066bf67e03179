"""What a notification tells its reader (docs/domain.md §14)."""

from __future__ import annotations

from enum import StrEnum

from registry.vocab.labels import Labels


class NotificationKind(StrEnum):
    """The events a user is told about."""

    ASSESSMENT_RETURNED = "assessment_returned"
    ASSESSMENT_VALIDATED = "assessment_validated"
    ASSESSMENT_PUBLISHED = "assessment_published"
    SYSTEM_PUBLISHED = "system_published"
    SYSTEM_RETURNED = "system_returned"
    CHANGES_PUBLISHED = "changes_published"
    CHANGES_RETURNED = "changes_returned"


NOTIFICATION_KINDS: Labels = {
    NotificationKind.ASSESSMENT_RETURNED: ("Évaluation renvoyée", "Assessment returned"),
    NotificationKind.ASSESSMENT_VALIDATED: ("Évaluation validée", "Assessment validated"),
    NotificationKind.ASSESSMENT_PUBLISHED: ("Évaluation publiée", "Assessment published"),
    NotificationKind.SYSTEM_PUBLISHED: ("Déclaration publiée", "Declaration published"),
    NotificationKind.SYSTEM_RETURNED: ("Déclaration renvoyée", "Declaration returned"),
    NotificationKind.CHANGES_PUBLISHED: ("Modifications publiées", "Changes published"),
    NotificationKind.CHANGES_RETURNED: ("Modifications renvoyées", "Changes returned"),
}
