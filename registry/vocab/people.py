"""Who: kinds of organisation, roles of accounts, kinds of declared interest."""

from __future__ import annotations

from enum import StrEnum

from registry.vocab.labels import Labels

ORGANISATION_KINDS: Labels = {
    "manufacturer": ("Fabricant", "Manufacturer"),
    "evaluation_body": ("Organisme d'évaluation", "Evaluation body"),
    "authority": ("Autorité publique", "Public authority"),
    "health_facility": ("Établissement de santé", "Health facility"),
}


class Role(StrEnum):
    """What a signed-in user is (docs/domain.md §2.1)."""

    INDUSTRIAL = "industrial"
    EVALUATOR = "evaluator"
    DECISION_MAKER = "decision_maker"
    ADMIN = "admin"


ROLES: Labels = {
    Role.INDUSTRIAL: ("Industriel", "Industrial"),
    Role.EVALUATOR: ("Évaluateur", "Evaluator"),
    Role.DECISION_MAKER: ("Décideur", "Decision-maker"),
    Role.ADMIN: ("Administrateur", "Administrator"),
}


INTEREST_KINDS: Labels = {
    "employment": ("Emploi", "Employment"),
    "consulting": ("Conseil", "Consulting"),
    "research_funding": ("Financement de recherche", "Research funding"),
    "shares": ("Participations financières", "Shares"),
    "other": ("Autre", "Other"),
}
