"""Suggestions, manufacturer pages and similar systems: public systems only, in the right order."""

from __future__ import annotations

from tests.factories import OrganisationFactory, SystemFactory


def test_suggestions_offer_published_systems_makers_and_specialties(client) -> None:
    maker = OrganisationFactory(name="Hexagone Santé")
    SystemFactory(name="Hexascope", slug="hexascope", manufacturer=maker)
    SystemFactory(name="Hexabrouillon", status="draft", manufacturer=maker)
    OrganisationFactory(name="Hexa Sans Système")
    items = client.get("/api/v1/suggest?q=hexa").get_json()["items"]
    assert {"label": "Hexascope", "url": "/systems/hexascope", "kind": "system"} in items
    assert [i["label"] for i in items if i["kind"] == "manufacturer"] == ["Hexagone Santé"]
    assert not any("brouillon" in i["label"].lower() for i in items)
    english = client.get("/api/v1/suggest?q=derma&lang=en").get_json()["items"]
    assert {
        "label": "Dermatology",
        "url": "/systems?specialty=dermatology",
        "kind": "specialty",
    } in english
    assert client.get("/api/v1/suggest?q=h").get_json() == {"items": []}
    assert client.get("/api/v1/suggest").get_json() == {"items": []}
    assert client.get("/api/v1/suggest?q=" + "x" * 201).status_code == 422


def test_a_manufacturer_page_lists_its_published_systems_only(client) -> None:
    maker = OrganisationFactory(name="Fabricant Public")
    SystemFactory(name="Visible", slug="visible", manufacturer=maker, risk_class="high_risk")
    SystemFactory(name="Caché", manufacturer=maker, status="draft")
    html = client.get(f"/organisations/{maker.name_key}?lang=en").get_data(as_text=True)
    assert "Fabricant Public" in html and "Visible" in html and "Caché" not in html
    assert "High-risk" in html and 'id="organisation-certifications"' in html
    assert client.get("/organisations/inconnu").status_code == 404
    system_page = client.get("/systems/visible").get_data(as_text=True)
    assert f'href="/organisations/{maker.name_key}" id="manufacturer-link"' in system_page
    api = client.get(f"/api/v1/organisations/{maker.id}").get_json()
    assert api["slug"] == maker.name_key and api["url"].endswith(f"/organisations/{maker.name_key}")


def test_similar_systems_put_the_same_function_and_specialty_first(client) -> None:
    me = SystemFactory(
        name="Moi", slug="moi", specialty="cardiology", clinical_function="screening"
    )
    SystemFactory(name="Jumeau", specialty="cardiology", clinical_function="screening")
    SystemFactory(name="Cousin", specialty="neurology", clinical_function="screening")
    SystemFactory(name="Voisin", specialty="cardiology", clinical_function="monitoring")
    SystemFactory(
        name="Brouillon", specialty="cardiology", clinical_function="screening", status="draft"
    )
    html = client.get(f"/systems/{me.slug}").get_data(as_text=True)
    section = html[html.index('id="similar-systems"') :]
    order = [name for name in ("Jumeau", "Cousin", "Voisin") if name in section]
    assert order == ["Jumeau", "Cousin", "Voisin"]
    assert section.index("Jumeau") < section.index("Cousin") < section.index("Voisin")
    assert "Brouillon" not in section
    assert 'id="compare-similar"' in html and f"ids={me.id}," in html


def test_every_page_but_home_and_catalogue_has_a_search_box_in_its_header(client) -> None:
    system = SystemFactory(name="Entête", slug="entete")
    for path in (f"/systems/{system.slug}", "/guides", "/training"):
        html = client.get(path).get_data(as_text=True)
        header = html[html.index("<header") : html.index("</header>")]
        assert 'action="/systems"' in header and 'id="header-search-input" name="q"' in header
        assert "Rechercher dans le catalogue" in header  # French by default
        assert "data-suggest=" in header and "/static/suggest." in html
    english = client.get(f"/systems/{system.slug}?lang=en").get_data(as_text=True)
    assert "Search the catalogue" in english[: english.index("</header>")]
    for path in ("/", "/systems"):  # they have their own, larger box: one search per page
        html = client.get(path).get_data(as_text=True)
        assert "header-search-input" not in html
        assert html.count("/static/suggest.") == 1
