"""Matching the FDA list's names to the registry: review panels to specialties, and company
names written several ways ("Acme, Inc." and "ACME Inc") to one manufacturer."""

from __future__ import annotations

import re
import unicodedata

from registry.text import name_key

# Legal-form words dropped at the end of a company name before comparing names.
LEGAL_SUFFIXES = frozenset(
    {
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lp",
        "ltd",
        "limited",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "bv",
        "nv",
        "ab",
        "oy",
        "plc",
        "pty",
        "corp",
        "corporation",
        "co",
        "kk",
    }
)

# FDA review panels (21 CFR parts 862-892) -> registry specialties, keyed on panel_key().
PANELS: dict[str, str] = {
    "radiology": "radiology",
    "cardiovascular": "cardiology",
    "cardiology": "cardiology",
    "neurology": "neurology",
    "anesthesiology": "anesthesiology",
    "clinical chemistry": "laboratory_medicine",
    "chemistry": "laboratory_medicine",
    "clinical toxicology": "laboratory_medicine",
    "toxicology": "laboratory_medicine",
    "immunology": "laboratory_medicine",
    "microbiology": "laboratory_medicine",
    "molecular genetics": "laboratory_medicine",
    "hematology": "hematology",
    "pathology": "pathology",
    "ophthalmic": "ophthalmology",
    "ophthalmology": "ophthalmology",
    "gastroenterology urology": "gastroenterology",
    "gastroenterology and urology": "gastroenterology",
    "general and plastic surgery": "surgery",
    "general plastic surgery": "surgery",
    "orthopedic": "orthopedics",
    "orthopedics": "orthopedics",
    "dental": "dentistry",
    "ear nose and throat": "otorhinolaryngology",
    "ear nose throat": "otorhinolaryngology",
    "obstetrics and gynecology": "obstetrics_gynecology",
    "obstetrics gynecology": "obstetrics_gynecology",
    "general hospital": "hospital_management",
    "physical medicine": "rehabilitation",
}


def panel_key(panel: str) -> str:
    """Case, accents, punctuation and "&" do not matter when matching a panel name."""
    text = unicodedata.normalize("NFKD", panel).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def specialty_for(panel: str) -> str | None:
    """The specialty of an FDA panel, None when the panel is unknown."""
    return PANELS.get(panel_key(panel))


def company_key(company: str) -> str:
    """The name_key of a company with case, punctuation and trailing legal forms removed."""
    text = unicodedata.normalize("NFKD", company).encode("ascii", "ignore").decode().lower()
    text = text.replace(".", "").replace("&", " and ")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return name_key(" ".join(words))[:200]
