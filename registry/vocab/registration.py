"""Codes of the AI Act registration record (Art 49, Annex VIII; docs/domain.md §7.18)."""

from __future__ import annotations

from registry.vocab.labels import Labels

#: Annex VIII A.7 and B.8: the status of the system on the market.
MARKET_STATUSES: Labels = {
    "on_market": (
        "Mis sur le marché ou mis en service",
        "Placed on the market or put into service",
    ),
    "no_longer_on_market": (
        "N'est plus mis sur le marché ni en service",
        "No longer placed on the market or in service",
    ),
    "recalled": ("Rappelé", "Recalled"),
}

#: Annex VIII A.8: the certificates a notified body issues under the AI Act (Art 44, Annex VII).
CERTIFICATE_TYPES: Labels = {
    "technical_documentation": (
        "Certificat UE d'évaluation de la documentation technique",
        "EU technical documentation assessment certificate",
    ),
    "quality_management_system": (
        "Approbation UE du système de gestion de la qualité",
        "EU quality management system approval",
    ),
}

#: Annex VIII A.10 and B.9: the 27 Member States, by ISO 3166-1 alpha-2 code.
MEMBER_STATES: Labels = {
    "AT": ("Autriche", "Austria"),
    "BE": ("Belgique", "Belgium"),
    "BG": ("Bulgarie", "Bulgaria"),
    "HR": ("Croatie", "Croatia"),
    "CY": ("Chypre", "Cyprus"),
    "CZ": ("Tchéquie", "Czechia"),
    "DK": ("Danemark", "Denmark"),
    "EE": ("Estonie", "Estonia"),
    "FI": ("Finlande", "Finland"),
    "FR": ("France", "France"),
    "DE": ("Allemagne", "Germany"),
    "GR": ("Grèce", "Greece"),
    "HU": ("Hongrie", "Hungary"),
    "IE": ("Irlande", "Ireland"),
    "IT": ("Italie", "Italy"),
    "LV": ("Lettonie", "Latvia"),
    "LT": ("Lituanie", "Lithuania"),
    "LU": ("Luxembourg", "Luxembourg"),
    "MT": ("Malte", "Malta"),
    "NL": ("Pays-Bas", "Netherlands"),
    "PL": ("Pologne", "Poland"),
    "PT": ("Portugal", "Portugal"),
    "RO": ("Roumanie", "Romania"),
    "SK": ("Slovaquie", "Slovakia"),
    "SI": ("Slovénie", "Slovenia"),
    "ES": ("Espagne", "Spain"),
    "SE": ("Suède", "Sweden"),
}

#: Fields about the person who registers on the provider's behalf: personal data, shown to the
#: owner's organisation and administrators only (never on a public page, in the API or History).
PRIVATE_FIELDS = frozenset(
    {"registered_by_provider", "registrant_name", "registrant_address", "registrant_contact"}
)
#: The items of the record that only the declaration's "registration" step asks, in its order
#: (the other steps hold the rest).
STEP_FIELDS = (
    "provider_address",
    "provider_contact",
    "registered_by_provider",
    "registrant_name",
    "registrant_address",
    "registrant_contact",
    "authorised_representative_name",
    "authorised_representative_address",
    "authorised_representative_contact",
    "market_status",
    "member_states",
    "derogation_grounds",
    "ai_certificate_type",
    "ai_certificate_number",
    "ai_certificate_expiry",
    "ai_notified_body",
    "ai_certificate_url",
    "eu_declaration_url",
    "more_information_url",
)
#: Every declaration field the record reads (besides the AI Act result).
FIELDS = (
    "name",
    "current_version",
    "basic_udi_di",
    "intended_purpose",
    "clinical_function",
    "input_data_types",
    "ai_technique",
    "learning_mode",
    "ifu_url",
    *STEP_FIELDS,
    "risk_class",
    "ai_act_flags",
    "ai_act_answers",
)
