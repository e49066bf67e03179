"""French by default, English one click away, the choice remembered."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale

from tests.factories import SystemFactory


def test_home_is_french_by_default(client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="fr"' in html
    assert "Registre IA Santé" in html and "Se connecter" in html


def test_language_switch_is_remembered_across_pages(client) -> None:
    html = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en"' in html and "Sign in" in html
    catalogue = client.get("/systems").get_data(as_text=True)
    assert '<html lang="en"' in catalogue and "Catalogue of AI systems" in catalogue
    back = client.get("/systems?lang=fr").get_data(as_text=True)
    assert '<html lang="fr"' in back and "Catalogue des systèmes d" in back


def test_switch_link_keeps_the_current_page_and_filters(client) -> None:
    html = client.get("/systems?specialty=radiology").get_data(as_text=True)
    assert 'href="/systems?specialty=radiology&amp;lang=en"' in html


def test_vocabulary_labels_follow_the_language(client) -> None:
    system = SystemFactory(specialty="ophthalmology")
    assert "Ophtalmologie" in client.get(f"/systems/{system.slug}").get_data(as_text=True)
    assert "Ophthalmology" in client.get(f"/systems/{system.slug}?lang=en").get_data(as_text=True)


def test_dates_are_formatted_per_locale(client) -> None:
    from datetime import date

    from registry.extensions import db
    from registry.models import SystemVersion

    system = SystemFactory()
    db.session.add(SystemVersion(system_id=system.id, label="2.0", release_date=date(2026, 3, 5)))
    db.session.commit()
    assert "5 mars 2026" in client.get(f"/systems/{system.slug}").get_data(as_text=True)
    assert "Mar 5, 2026" in client.get(f"/systems/{system.slug}?lang=en").get_data(as_text=True)


def test_large_counts_are_written_the_locale_s_way(client, monkeypatch) -> None:
    """A national registry counts in thousands: 12 345 in French, 12,345 in English."""
    from registry.services import systems as catalogue
    from registry.services.search import facets

    counts = {key: {} for key in (*facets.KEYS, facets.STATUS)}
    page = catalogue.Page(items=[], total=12345, page=1, per_page=20, counts=counts)
    monkeypatch.setattr(catalogue, "search", lambda query, with_counts=False: page)
    assert "12\u202f345 systèmes publiés" in client.get("/systems").get_data(as_text=True)
    assert "12,345 published systems" in client.get("/systems?lang=en").get_data(as_text=True)


def test_a_template_written_in_french_during_an_english_page_stays_french_and_the_page_english(
    app,
) -> None:
    """Templates look their catalogue up once per request and language: a text written in
    French inside an English request (a notification e-mail) is French, and what the request
    renders after it is English again."""
    plural = "{{ ngettext('%(num)s published system', '%(num)s published systems', 2) }}"
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        before = render_template_string("{{ _('Apply') }} " + plural)
        with force_locale("fr"):
            french = render_template_string("{{ _('Apply') }} " + plural)
        after = render_template_string("{{ _('Apply') }} " + plural)
    assert (before, french, after) == (
        "Apply 2 published systems",
        "Appliquer 2 systèmes publiés",
        "Apply 2 published systems",
    )
