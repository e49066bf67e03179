"""Journey: an industrial changes a published system; the public reads the reviewed text until an
administrator publishes the change; the History then says what changed, in words."""

from __future__ import annotations

from typing import Any

import pyotp

from registry.demo import DEMO_PASSWORD
from tests.e2e.conftest import SCREENSHOTS

ADMIN_EMAIL = "admin.e2e@demo.registre-ia-sante.fr"
ADMIN_SECRET = pyotp.random_base32()


def _login(page: Any, base: str, email: str, secret: str | None = None) -> None:
    page.goto(base + "/auth/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    if secret:
        page.fill("#code", pyotp.TOTP(secret).now())
        page.locator("main button[type=submit]").click()


def _admin(live_app: Any) -> None:
    from registry.extensions import db
    from registry.models import User
    from registry.services import users

    with live_app.app_context():
        if db.session.query(User).filter_by(email=ADMIN_EMAIL).first() is None:
            admin = users.create(ADMIN_EMAIL, "Relecteur E2E (fictif)", DEMO_PASSWORD, "admin")
            admin.totp_secret = ADMIN_SECRET
            admin.totp_enabled = True
            db.session.commit()


def test_changes_of_a_published_system_wait_for_review(
    live_app: Any, live_server: str, browser: Any, page: Any, screenshot: Any
) -> None:
    public = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR").new_page()
    url = live_server + "/systems/hexaclin-thorax"
    public.goto(url)
    before = public.locator("#economics").inner_text()
    assert "Financement hospitalier (GHS)" in before  # revision 2 of the demo

    _login(page, live_server, "industriel@demo.registre-ia-sante.fr")
    page.goto(url)
    page.locator("[data-action='system.edit']").click()
    page.goto(live_server + "/systems/hexaclin-thorax/edit?step=economics")
    assert page.locator("#revision-notice").is_visible()
    page.select_option("#coverage", "lppr")
    page.locator("main button[value=economics]").click()
    page.goto(live_server + "/systems/hexaclin-thorax/edit?step=review")
    page.locator("[data-action='system.submit']").click()
    assert page.locator("#pending-banner").is_visible()
    assert "LPPR" in page.locator("#pending-changes-list").inner_text()
    screenshot("20-owner-pending-changes")

    public.reload()
    assert "LPPR" not in public.locator("#economics").inner_text()  # still the reviewed text

    _admin(live_app)
    reviewer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    admin_page = reviewer.new_page()
    _login(admin_page, live_server, ADMIN_EMAIL, ADMIN_SECRET)
    admin_page.goto(live_server + "/systems/review")
    admin_page.locator("#changes + .fr-table a", has_text="Hexaclin Thorax").click()
    admin_page.locator("[data-action='system.publish']").click()
    assert admin_page.locator("#pending-banner").count() == 0
    reviewer.close()

    public.reload()
    assert "LPPR" in public.locator("#economics").inner_text()
    history = public.locator("#history").inner_text()
    assert (
        "Modifications publiées (révision 3)" in history and "Prise en charge en France" in history
    )
    for code in ("lppr", "coverage", "None", "True"):
        assert code not in history
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    public.locator("#history").screenshot(path=str(SCREENSHOTS / "21-public-history-390.png"))
