"""axe-core on the main pages (no serious or critical violation) and inert script payloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from registry.demo import DEMO_PASSWORD

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>"\'><svg onload=alert(2)>'


def _axe(page: Any) -> list[dict[str, Any]]:
    page.evaluate(AXE.read_text(encoding="utf-8") + ";0")
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _describe(violations: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    )


def _login(page: Any, base: str, email: str) -> None:
    page.goto(base + "/auth/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()


@pytest.fixture
def axe_page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


def _first_published(live_app: Any) -> tuple[str, int]:
    from registry.extensions import db
    from registry.models import AISystem, Assessment

    with live_app.app_context():
        row = db.session.execute(
            select(AISystem.slug, Assessment.id)
            .join(Assessment, Assessment.system_id == AISystem.id)
            .where(Assessment.status == "published", AISystem.status == "published")
            .limit(1)
        ).one()
    return row[0], row[1]


def test_main_pages_have_no_serious_accessibility_violation(
    live_app: Any, live_server: str, axe_page: Any
) -> None:
    slug, assessment_id = _first_published(live_app)
    pages = {
        "home": "/",
        "catalogue": "/systems?specialty=radiology",
        "system": f"/systems/{slug}",
        "assessment": f"/assessments/{assessment_id}",
        "dashboard-overview": "/dashboards/",
        "dashboard-evidence": "/dashboards/evidence",
        "dashboard-benefits": "/dashboards/benefits",
        "dashboard-sovereignty": "/dashboards/sovereignty",
        "dashboard-economics": "/dashboards/economics?specialty=radiology&ref=30000",
        "api-docs": "/api/v1/docs",
        "login": "/auth/login",
        "guides": "/guides",
        "guide-ai-act": "/guides/ai-act",
        "guide-checklist": "/guides/before-deploying",
    }
    problems = {}
    for name, path in pages.items():
        axe_page.goto(live_server + path)
        axe_page.wait_for_load_state("networkidle")
        violations = _axe(axe_page)
        if violations:
            problems[name] = _describe(violations)
        axe_page.screenshot(path=str(_shots() / f"a11y-{name}.png"), full_page=True)
    assert problems == {}


def test_declaration_pages_have_no_serious_accessibility_violation(
    live_server: str, axe_page: Any
) -> None:
    _login(axe_page, live_server, "industriel@demo.registre-ia-sante.fr")
    axe_page.goto(live_server + "/systems/mine")
    edit = axe_page.locator("#my-systems a:has-text('Modifier')").first
    edit_url = edit.get_attribute("href")
    problems = {}
    for step in ("identity", "regulatory", "ai_act", "review"):
        axe_page.goto(f"{live_server}{edit_url}?step={step}")
        violations = _axe(axe_page)
        if violations:
            problems[step] = _describe(violations)
    assert problems == {}


def test_script_payloads_in_free_text_are_inert(live_app: Any, live_server: str, page: Any) -> None:
    from registry.extensions import db
    from registry.models import AISystem, Organisation

    with live_app.app_context():
        maker = db.session.scalar(select(Organisation).where(Organisation.kind == "manufacturer"))
        system = AISystem(
            slug="payload-test",
            name=f"Payload {PAYLOAD}",
            manufacturer_id=maker.id,
            status="published",
            short_description=PAYLOAD,
            intended_purpose=PAYLOAD,
            target_population=PAYLOAD,
            known_limitations=PAYLOAD,
            human_oversight=PAYLOAD,
            representativeness=PAYLOAD,
            bias_mitigation=PAYLOAD,
            explainability=PAYLOAD,
            energy_method=PAYLOAD,
            other_reimbursement=PAYLOAD,
            price_unit=PAYLOAD,
            data_transfer_safeguards=PAYLOAD,
            external_validation_description=PAYLOAD,
            gpai_model_name=PAYLOAD,
            performance_dataset=PAYLOAD,
            specialty="radiology",
            ifu_url="javascript:alert(3)",
        )
        db.session.add(system)
        db.session.commit()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (
        "/systems/payload-test",
        "/systems?q=Payload",
        "/open-data",
        "/systems/payload-test?lang=en",
    ):
        page.goto(live_server + path)
        page.wait_for_load_state("networkidle")
    page.goto(live_server + "/systems/payload-test")
    links = page.locator("a[href^='javascript:']")
    for index in range(links.count()):
        links.nth(index).click()
    assert dialogs == []
    assert "<script>" in page.locator("#identity").inner_text()  # shown as text


def _shots() -> Path:
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
