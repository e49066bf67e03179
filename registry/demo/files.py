"""Invented import files for the benchmark and the tests: a declarations CSV and an FDA list.

Both generators are deterministic (a seeded random generator) and write every row valid, so
that an import of the file creates one system per row. The declarations file has the columns of
the template (rows.COLUMNS), a few cells left empty as people do; the FDA file has the columns
of the FDA "AI-enabled medical devices" list, with companies spelt several ways.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from typing import Any

from registry.demo.names import _BRAND_HEADS, _BRAND_TAILS
from registry.services.imports import fda
from registry.services.imports.rows import ACCEPTED, COLUMNS, EXAMPLE

_PRODUCTS = (
    "Triage", "Scan", "Detect", "Predict", "Watch", "Assist", "Read", "Plan", "Score", "Notes",
)  # fmt: skip
_MDR_CLASSES = ("I", "IIa", "IIb", "III")
_IVDR_CLASSES = ("A", "B", "C", "D")
_COUNTRIES = ("FR", "DE", "NL", "BE", "IT", "ES", "US", "GB", "CH")
# Columns left empty in about one row out of five (the stored value, if any, is kept).
_OFTEN_EMPTY = (
    "current_version",
    "training_period",
    "representativeness",
    "external_validation_description",
    "performance_dataset",
    "price_unit",
    "training_materials_url",
)
_FDA_PANELS = (
    "Radiology", "Cardiovascular", "Neurology", "Hematology", "Clinical Chemistry",
    "Microbiology", "Pathology", "Ophthalmic", "Gastroenterology-Urology", "Anesthesiology",
    "General and Plastic Surgery", "Orthopedic", "Dental", "Ear, Nose, & Throat",
    "Obstetrics and Gynecology", "General Hospital", "Physical Medicine",
)  # fmt: skip
_FDA_PANEL_WEIGHTS = (75, 10, 4, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)
_FDA_FORMS = ("Inc.", "Inc", ", Inc.", "LLC", "Ltd.", "GmbH", "Corporation", "Co., Ltd.", "B.V.")
_FDA_WORDS = ("Medical", "Health", "Imaging", "Diagnostics", "AI", "Systems", "Technologies")


def _csv(header: tuple[str, ...] | list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _declaration(index: int, rng: random.Random) -> dict[str, str]:
    """One valid declaration row: the template example with varied codes, texts and numbers."""
    head, tail = rng.choice(_BRAND_HEADS), rng.choice(_BRAND_TAILS)
    product = rng.choice(_PRODUCTS)
    specialty = rng.choice(ACCEPTED["specialty"])
    row = dict(EXAMPLE)
    regime = rng.choice(("MDR", "MDR", "MDR", "IVDR"))
    row.update(
        {
            "name": f"{head}{tail} {product} {index:05d}",
            "short_description": f"{product} en {specialty.replace('_', ' ')}, version {index}.",
            "current_version": f"{rng.randint(1, 5)}.{rng.randint(0, 9)}",
            "intended_purpose": f"Aide au {product.lower()} pour les équipes de {specialty}; "
            + EXAMPLE["intended_purpose"],
            "clinical_function": rng.choice(ACCEPTED["clinical_function"]),
            "specialty": specialty,
            "age_groups": "|".join(rng.sample(ACCEPTED["age_groups"], rng.randint(1, 3))),
            "intended_users": "|".join(rng.sample(ACCEPTED["intended_users"], rng.randint(1, 2))),
            "care_settings": "|".join(rng.sample(ACCEPTED["care_settings"], rng.randint(1, 3))),
            "autonomy": rng.choice(ACCEPTED["autonomy"]),
            "input_data_types": "|".join(
                rng.sample(ACCEPTED["input_data_types"], rng.randint(1, 2))
            ),
            "ai_technique": rng.choice(ACCEPTED["ai_technique"]),
            "learning_mode": rng.choice(ACCEPTED["learning_mode"]),
            "regime": regime,
            "declared_class": rng.choice(_MDR_CLASSES if regime == "MDR" else _IVDR_CLASSES),
            "notified_body": f"{rng.randint(1, 2999):04d}",
            "ce_certificate_number": f"CE-{2018 + index % 7}-{index:05d}",
            "ce_certificate_date": (date(2018, 1, 1) + timedelta(days=index % 2500)).isoformat(),
            "training_data_countries": "|".join(rng.sample(_COUNTRIES, rng.randint(1, 3))),
            "training_sites": str(rng.randint(1, 60)),
            "training_patients": str(rng.randint(200, 500_000)),
            "performance_value": f"{rng.uniform(0.7, 0.99):.2f}",
            "hosting": rng.choice(ACCEPTED["hosting"]),
            "hosting_country": rng.choice(_COUNTRIES[:6]),
            "energy_wh_per_1000": f"{rng.uniform(0.5, 80):.1f}",
            "inference_hardware": rng.choice(ACCEPTED["inference_hardware"]),
            "parameter_count": str(rng.randint(10_000, 2_000_000_000)),
            "business_model": rng.choice(ACCEPTED["business_model"]),
            "price_amount": f"{rng.randint(0, 50_000)}.00",
            "coverage": rng.choice(ACCEPTED["coverage"]),
            "training_hours": str(rng.randint(0, 12)),
        }
    )
    for column in ("external_validation", "open_source", "hds_certified", "energy_measured"):
        row[column] = rng.choice(("true", "false"))
    for column in _OFTEN_EMPTY:
        if rng.random() < 0.2:
            row[column] = ""
    return row


def declarations_csv(rows: int = 10_000, seed: int = 1) -> bytes:
    """A declarations file of `rows` valid rows, every column of the template (UTF-8, BOM)."""
    rng = random.Random(seed)
    data = [_declaration(index, rng) for index in range(1, rows + 1)]
    return _csv(COLUMNS, [[row.get(column, "") for column in COLUMNS] for row in data])


def _fda_company(index: int, rng: random.Random) -> str:
    head, tail = rng.choice(_BRAND_HEADS), rng.choice(_BRAND_TAILS)
    return f"{head}{tail} {rng.choice(_FDA_WORDS)} {index}"


def _spelling(company: str, rng: random.Random) -> str:
    """The same company as the FDA list spells it from one submission to the next."""
    form = rng.choice(_FDA_FORMS)
    name = company.upper() if rng.random() < 0.1 else company
    return f"{name}{form}" if form.startswith(",") else f"{name} {form}"


def fda_csv(rows: int = 1_500, seed: int = 1) -> bytes:
    """An FDA AI-enabled device list of `rows` valid rows (about one company per three devices)."""
    rng = random.Random(seed)
    companies = [_fda_company(index, rng) for index in range(1, rows // 3 + 2)]
    prefixes = ("K",) * 18 + ("DEN",) + ("P",)
    lines: list[list[str]] = []
    for index in range(1, rows + 1):
        prefix = rng.choice(prefixes)
        # Distinct numbers within a file and, mostly, between the files of different seeds.
        number = f"{prefix}{(index * 7919 + seed * 100_003) % 1_000_000:06d}"
        if prefix == "P" and rng.random() < 0.5:
            number += f"/S{rng.randint(1, 40):03d}"
        decided = date(1995, 1, 1) + timedelta(days=rng.randint(0, 10_500))
        device = f"{rng.choice(_BRAND_HEADS)}{rng.choice(_BRAND_TAILS)} {rng.choice(_PRODUCTS)}"
        panel = rng.choices(_FDA_PANELS, weights=_FDA_PANEL_WEIGHTS)[0]
        code = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3))
        lines.append(
            [
                f"{decided:%m/%d/%Y}",
                number,
                device,
                _spelling(rng.choice(companies), rng),
                panel,
                code if rng.random() < 0.95 else "",
            ]
        )
    return _csv(fda.COLUMNS, lines)


def describe(content: bytes) -> dict[str, Any]:
    """Size of a generated file, for the benchmark's report."""
    return {"bytes": len(content), "lines": content.count(b"\n")}
