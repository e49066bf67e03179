"""The evaluation report PDF as an HTA body files it: what it says, its title and language, and
that only a public assessment ever has one."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from registry.extensions import db
from registry.models import InterestDeclaration
from tests.factories import AssessmentFactory, EvidenceFactory, SystemFactory, UserFactory
from tests.helpers import sign_in


def _text(response) -> tuple[PdfReader, str]:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _published(**values):
    second = UserFactory(role="evaluator", organisation=None, display_name="Bruno Relecteur")
    assessment = AssessmentFactory(
        system=SystemFactory(name="Pulmo Scan", intended_purpose="Détecter les nodules."),
        lead_evaluator=UserFactory(
            role="evaluator", organisation=None, display_name="Alice Auteur"
        ),
        second_evaluator=second,
        clinical_rating="II",
        clinical_grade="B",
        clinical_comparator="Lecture seule du radiologue",
        conclusion="Bénéfice clinique important.",
        limits="Une seule population étudiée.",
        published_at=datetime(2026, 3, 2, tzinfo=UTC),
        **values,
    )
    EvidenceFactory(
        assessment=assessment, title="Essai PULMO", design="rct_low_power", has_level=2,
        sample_size=1200, outcome="Sensibilité", effect_value=0.91, effect_unit="",
        ci_low=0.88, ci_high=0.94, doi="10.1000/pulmo",
    )  # fmt: skip
    return assessment


def test_a_published_assessment_reads_as_a_report(client) -> None:
    assessment = _published()
    reader, text = _text(client.get(f"/assessments/{assessment.id}/report.pdf?lang=en"))
    assert reader.metadata.title == "Evaluation report: Pulmo Scan"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    for words in (
        "Pulmo Scan",
        "version 1.0",
        "Alice Auteur",
        "Bruno Relecteur",
        "no link with",
        "Détecter les nodules.",
        "Lecture seule du radiologue",
        "II — important",
        "at least one favourable level-2 study",
        "Low-power RCT",
        "n = 1,200",
        "0.91 (0.88 – 0.94)",
        "[1] Essai PULMO",
        "DOI 10.1000/pulmo",
        "Une seule population étudiée.",
        "March 2, 2026",
    ):
        assert words in text, words
    french = _text(client.get(f"/assessments/{assessment.id}/report.pdf?lang=fr"))[1]
    assert "Rapport d'évaluation" in french and "2 mars 2026" in french


def test_a_declared_link_with_the_manufacturer_is_stated(client) -> None:
    assessment = _published()
    db.session.add(
        InterestDeclaration(
            user_id=assessment.lead_evaluator_id,
            organisation_id=assessment.system.manufacturer_id,
            kind="consulting",
            start_date=date(2015, 1, 1),
            end_date=date(2022, 6, 30),
        )
    )
    db.session.commit()
    text = _text(client.get(f"/assessments/{assessment.id}/report.pdf?lang=en"))[1]
    assert "declared link with" in text and "June 30, 2022" in text


def test_a_withdrawn_assessment_says_so_first(client) -> None:
    assessment = _published(status="withdrawn", withdrawal_reason="Erreur de calcul.")
    text = _text(client.get(f"/assessments/{assessment.id}/report.pdf?lang=en"))[1]
    assert text.index("withdrawn") < text.index("The system assessed")
    assert "Erreur de calcul." in text


@pytest.mark.parametrize("status", ["draft", "in_review", "validated", "rejected"])
def test_only_a_public_assessment_has_a_report(client, app, status) -> None:
    assessment = _published(status=status)
    assert client.get(f"/assessments/{assessment.id}/report.pdf").status_code == 404
    evaluator = sign_in(app, assessment.lead_evaluator)  # who may read it on its page
    assert evaluator.get(f"/assessments/{assessment.id}").status_code == 200
    assert evaluator.get(f"/assessments/{assessment.id}/report.pdf").status_code == 404
    assert "report.pdf" not in evaluator.get(f"/assessments/{assessment.id}").get_data(as_text=True)


def test_a_published_assessment_of_a_draft_system_has_none(client) -> None:
    assessment = _published()
    assessment.system.status = "draft"
    db.session.commit()
    assert client.get(f"/assessments/{assessment.id}/report.pdf").status_code == 404


def test_the_assessment_page_links_its_report(client) -> None:
    assessment = _published()
    html = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert f"/assessments/{assessment.id}/report.pdf" in html
