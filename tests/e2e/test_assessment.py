"""Journey: evaluator A drafts and submits, cannot validate; B validates and publishes; public sees it."""

from __future__ import annotations

import re
from typing import Any

from registry.demo import DEMO_PASSWORD

STUDIES = (
    ("clinical", "Essai randomisé multicentrique (fictif)", "10.5555/e2e.1", "rct_high_power"),
    ("clinical", "Cohorte prospective (fictive)", "10.5555/e2e.2", "prospective_cohort"),
    ("organisational", "Étude avant-après (fictive)", "10.5555/e2e.3", "before_after_uncontrolled"),
)


def _login(page: Any, base: str, email: str) -> None:
    page.goto(base + "/auth/login?lang=en")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_assessment_from_draft_to_publication(live_server: str, page: Any, screenshot: Any) -> None:
    _login(page, live_server, "evaluatrice@demo.registre-ia-sante.fr")
    page.get_by_role("link", name="Work queue").click()
    page.get_by_role("tab", name=re.compile(r"^To start")).click()
    rows = page.locator("#to-start tbody tr")
    # A published system: an assessment is published only once its system is. The systems of
    # a manufacturer she declared a link with (Cardionef) are not offered at all.
    assert all("Cardionef" not in rows.nth(i).inner_text() for i in range(rows.count()))
    target = next(i for i in range(rows.count()) if "Published" in rows.nth(i).inner_text())
    system_name = rows.nth(target).locator("a").inner_text()
    rows.nth(target).get_by_role("button", name=re.compile(r"^Start an assessment")).click()

    page.select_option("#clinical_rating", "III")
    page.select_option("#clinical_sufficiency", "sufficient")
    page.fill("#clinical_comparator", "Usual care without software")
    page.select_option("#org_rating", "IV")
    page.select_option("#eco_conclusion", "uncertain")
    page.fill("#conclusion", "Moderate clinical benefit, to confirm (fictional).")
    page.get_by_role("button", name="Save the assessment").click()
    assessment_url = page.url

    for dimension, title, doi, design in STUDIES:
        page.get_by_role("link", name="Add evidence").click()
        page.select_option("#dimension", dimension)
        page.fill("#title", title)
        page.fill("#doi", doi)
        page.select_option("#design", design)
        page.select_option("#direction", "favourable")
        page.fill("#sample_size", "640")
        page.get_by_role("button", name="Save the evidence").click()
    assert page.locator("#evidence-table tbody tr").count() == 3
    assert "A — established proof" in page.locator("#dimension-table").inner_text()
    screenshot("20-assessment-draft")

    page.locator("#action-submit").click()
    assert page.locator("#action-validate").count() == 0  # the author cannot validate
    _logout(page)

    _login(page, live_server, "evaluateur2@demo.registre-ia-sante.fr")
    page.goto(assessment_url)
    page.locator("#action-validate").click()
    page.locator("#action-publish").click()
    _logout(page)

    page.goto(assessment_url + "?lang=fr")
    assert (
        page.locator("h1").inner_text() == f"Évaluation de {system_name}"
        or system_name in page.locator("h1").inner_text()
    )
    assert "III — modérée" in page.locator("#dimension-table").inner_text()
    screenshot("21-assessment-public-fr")
    page.goto(assessment_url + "?lang=en")
    assert "III — moderate" in page.locator("#dimension-table").inner_text()
    assert page.locator("#evidence-table tbody tr").count() == 3
    screenshot("22-assessment-public-en")
