"""The professional's notice of a published system (docs/domain.md §11.5): page and PDF."""

from __future__ import annotations

import io
import re
from html import unescape
from typing import Any

import pytest
from pypdf import PdfReader

from registry import vocab
from registry.extensions import db
from registry.models import TrainingOffer
from registry.services import notices
from tests.factories import AssessmentFactory, EvidenceFactory, SystemFactory
from tests.helpers import complete_system
from tests.plain_language import words

SECTIONS = notices.SECTION_KEYS


def _full() -> Any:
    system = complete_system(
        "published",
        name="Détecteur « Éclair »",
        age_groups=["adult"],
        explainability="Carte de chaleur.",
    )
    assessment = AssessmentFactory(system=system, clinical_grade="B", org_grade="C")
    EvidenceFactory(
        assessment=assessment,
        outcome_kind="sensitivity",
        effect_value=87.0,
        effect_unit="%",
        sample_size=1200,
        year=2024,
    )
    EvidenceFactory(
        assessment=assessment,
        outcome_kind="specificity",
        effect_value=0.9,
        effect_unit=None,
        has_level=3,
    )
    offer = TrainingOffer(
        slug="prise-en-main",
        title="Prise en main de l'outil",
        provider="Organisme de test",
        audiences=["nurses"],
        format="virtual_class",
        duration_hours=3,
        url="https://formation.example/prise-en-main",
    )
    offer.systems = [system]
    db.session.add(offer)
    db.session.commit()
    return system


def _bare() -> Any:
    """A published system that declared almost nothing."""
    return SystemFactory(
        status="published",
        name="Outil muet",
        short_description=None,
        intended_purpose=None,
        clinical_function=None,
        risk_class=None,
        manufacturer__website=None,
    )


def _sections(html: str) -> dict[str, str]:
    found = re.findall(r'data-section="(\w+)"(.*?)</section>', html, re.S)
    return {key: unescape(re.sub(r"<[^>]+>", " ", body)) for key, body in found}


def test_every_section_is_there_in_french(client) -> None:
    system = _full()
    response = client.get(f"/systems/{system.slug}/notice")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    sections = _sections(html)
    assert list(sections) == list(SECTIONS)
    assert "Notice pour les professionnels : Détecteur « Éclair »" in unescape(html)
    assert "Aide au tri des patients aux urgences." in sections["purpose"]
    assert "Infirmier ou infirmière" in sections["people"]
    assert "Il n'est pas déclaré pour : nouveau-nés, enfants, personnes âgées." in (
        sections["limits"].replace("\u2019", "'")
    )
    assert "Non évalué chez l'enfant." in sections["limits"]
    assert "L'infirmier valide chaque niveau proposé." in sections["oversight"]
    assert (
        "Sur 100 patients qui ont la maladie, l'outil en repère environ 87 et en manque 13."
        in (sections["performance"])
    )
    assert "en signale à tort environ 10" in sections["performance"]  # specificity 0.9
    assert "B — présomption scientifique" in sections["performance"]
    assert re.search(r'href="http://localhost/assessments/\d+"', html)
    assert "Risque limité (transparence)" in sections["ai_act"]
    assert "article 50" in sections["ai_act"]
    assert "Prise en main de l'outil" in sections["training"]
    assert "/training" in html
    assert "Signalez un problème au fabricant" in sections["contact"]
    assert 'href="http://localhost/guides/reporting"' in html
    assert "data-missing" not in html.split('data-section="oversight"')[0]


def test_every_section_says_what_is_missing(client) -> None:
    system = _bare()
    sections = _sections(client.get(f"/systems/{system.slug}/notice").get_data(as_text=True))
    for key in ("purpose", "people", "limits", "oversight", "performance", "ai_act", "training"):
        assert "Manquant" in sections[key], key
    assert "Le fabricant n'a pas déclaré ce que fait l'outil." in sections["purpose"]
    assert "Aucune évaluation n'est encore publiée" in sections["performance"]
    assert "La classe AI Act n'a pas pu être déterminée" in sections["ai_act"]
    assert "Le fabricant n'a pas donné de site ni de contact" in sections["contact"]
    assert "None" not in " ".join(sections.values())


def test_english_notice(client) -> None:
    system = _full()
    html = unescape(client.get(f"/systems/{system.slug}/notice?lang=en").get_data(as_text=True))
    assert "Professional's notice: Détecteur « Éclair »" in html
    assert (
        "Out of 100 patients who have the condition, the tool finds about 87 and misses 13." in html
    )
    assert "Limited risk (transparency)" in html
    assert "Texts declared by the manufacturer are shown as typed, in French." in html


@pytest.mark.parametrize("status", ["draft", "submitted", "withdrawn"])
def test_no_notice_for_a_system_that_is_not_published(client, status: str) -> None:
    system = SystemFactory(status=status)
    assert client.get(f"/systems/{system.slug}/notice").status_code == 404
    assert client.get(f"/systems/{system.slug}/notice.pdf").status_code == 404
    assert client.get("/systems/unknown/notice").status_code == 404


def test_the_system_page_links_to_the_notice(client) -> None:
    system = _full()
    html = client.get(f"/systems/{system.slug}").get_data(as_text=True)
    assert f'href="/systems/{system.slug}/notice"' in html
    assert f'href="/systems/{system.slug}/notice.pdf"' in html
    assert 'href="/training/prise-en-main"' in html  # the offer, in the Adoption section


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_pdf_is_one_a4_page_with_the_name_and_class(client, language: str) -> None:
    system = _full()
    response = client.get(f"/systems/{system.slug}/notice.pdf?lang={language}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210,
        297,
    )
    text = reader.pages[0].extract_text()
    assert "Détecteur « Éclair »" in text
    assert vocab.label(vocab.RISK_CLASSES, system.risk_class, language) in text
    assert ("Sur 100 patients" if language == "fr" else "Out of 100 patients") in text
    assert reader.metadata.title.endswith("Détecteur « Éclair »")
    assert reader.trailer["/Root"]["/Lang"] == language


def test_the_notice_reads_the_published_revision_not_pending_changes(client, app) -> None:
    system = _full()
    from registry.services import revisions

    copy = revisions.working_copy(system, None)
    copy.short_description = "Changement pas encore relu."
    revisions.store(copy)
    db.session.commit()
    html = client.get(f"/systems/{system.slug}/notice").get_data(as_text=True)
    assert "Changement pas encore relu." not in html
    assert "Aide au tri des patients aux urgences." in html


@pytest.mark.parametrize("language", ["fr", "en"])
def test_our_sentences_are_short(app, language: str) -> None:
    """The plain-language rule of the guides, on every sentence the notice writes itself."""
    for system in (_full(), _bare()):
        with app.test_request_context(f"/?lang={language}"):
            app.preprocess_request()
            notice = notices.build(system.slug, language)
        sentences = [
            part
            for text in notice.our_sentences()
            for part in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ö«])", text)
            if words(part)
        ]
        counts = [words(sentence) for sentence in sentences]
        assert sum(counts) / len(counts) <= 20, (language, sum(counts) / len(counts))
        assert max(counts) <= 25, max(zip(counts, sentences, strict=True))
