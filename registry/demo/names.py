"""Invented names for the synthetic registry at scale: manufacturers (brands, legal forms,
Luhn-valid SIRENs), accounts and health facilities, as plain rows for a Core insert."""

from __future__ import annotations

from datetime import datetime

from registry.demo.generate import Row
from registry.text import name_key, slugify
from schemas.validators import luhn_valid

_BRAND_HEADS = (
    "Hexa", "Lumen", "Cardio", "Vita", "Nord", "Orphe", "Synta", "Alvéo", "Méri", "Quanti",
    "Neuro", "Onco", "Radi", "Medi", "Pulmo", "Dermo", "Opti", "Clini", "Bio", "Data",
)  # fmt: skip
_BRAND_TAILS = (
    "clin", "axe", "nef", "logue", "med", "on", "gme", "rix", "sens", "via",
    "scope", "tech", "lab", "ia", "gen", "nova", "care", "path", "mind", "sys",
)  # fmt: skip
_LEGAL_FORMS = {"FR": "SAS", "DE": "GmbH", "NL": "BV", "BE": "SRL", "IT": "Srl", "ES": "SL"}
#: Manufacturer countries: mostly French, a few European, some American (as in the demo).
COUNTRIES = ("FR", "DE", "NL", "BE", "IT", "ES", "US")
COUNTRY_WEIGHTS = (70, 8, 5, 4, 3, 3, 7)
REGIONS = (
    "Auvergne-Rhône-Alpes",
    "Bourgogne-Franche-Comté",
    "Bretagne",
    "Centre-Val de Loire",
    "Grand Est",
    "Hauts-de-France",
    "Île-de-France",
    "Normandie",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
)
FACILITY_KINDS = ("CHU", "Centre hospitalier", "Clinique", "Centre d'imagerie", "Maison de santé")


def siren(number: int) -> str:
    """A Luhn-valid 9-digit SIREN built from a serial number (unique per number)."""
    body = f"{30_000_000 + number * 37:08d}"
    for check in range(10):
        if luhn_valid(body + str(check)):
            return body + str(check)
    raise AssertionError("a Luhn check digit always exists")  # pragma: no cover


def organisation(
    org_id: int, name: str, kind: str, country: str, siren_number: int | None, now: datetime
) -> Row:
    """One organisation row (fictional, flagged is_demo)."""
    return {
        "id": org_id,
        "name": name,
        "name_key": name_key(name),
        "kind": kind,
        "country": country,
        "siren": siren(siren_number) if siren_number is not None and country == "FR" else None,
        "website": f"https://{slugify(name)[:40]}.example" if org_id % 3 else None,
        "is_demo": True,
        "created_at": now,
    }


def brands(count: int) -> list[str]:
    """``count`` distinct invented manufacturer brands."""
    found = []
    heads, tails = len(_BRAND_HEADS), len(_BRAND_TAILS)
    for number in range(count):
        brand = _BRAND_HEADS[number % heads] + _BRAND_TAILS[(number // heads) % tails]
        cycle = number // (heads * tails)
        found.append(f"{brand} {cycle + 1}" if cycle else brand)
    return found


def manufacturer_name(brand: str, country: str) -> str:
    """The legal name of an invented manufacturer."""
    form = _LEGAL_FORMS.get(country, "Inc." if country == "US" else "SA")
    return f"{brand} {form} (fictif)"


def user(
    user_id: int,
    email: str,
    display_name: str,
    role: str,
    organisation_id: int | None,
    password_hash: str,
    now: datetime,
) -> Row:
    """One account row; every bench account shares one password hash (hashed once)."""
    return {
        "id": user_id,
        "email": email,
        "display_name": display_name,
        "password_hash": password_hash,
        "role": role,
        "organisation_id": organisation_id,
        "active": True,
        "created_at": now,
        "last_login_at": None,
        "failed_logins": 0,
        "locked_until": None,
        "session_version": 0,
        "totp_secret": None,
        "totp_enabled": False,
    }


def facilities(count: int) -> list[tuple[str, str, str]]:
    """(name, FINESS, region) of invented health facilities."""
    found = []
    for number in range(count):
        kind = FACILITY_KINDS[number % len(FACILITY_KINDS)]
        region = REGIONS[(number * 7) % len(REGIONS)]
        found.append((f"{kind} synthétique n° {number + 1} (fictif)", f"{number + 1:09d}", region))
    return found
