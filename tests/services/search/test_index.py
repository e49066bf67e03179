"""The index follows what the public reads: publication, revisions, withdrawal, renaming."""

from __future__ import annotations

from typing import Any

import pytest
from markupsafe import Markup

from registry.extensions import db as _db
from registry.models import AISystem
from registry.search import text as words_of
from registry.services import organisations, publication
from registry.services import systems as service
from registry.services.search import facets
from tests.factories import OrganisationFactory, SystemFactory, UserFactory
from tests.helpers import admin_user, complete_system


def _found(q: str, **filters: str) -> list[str]:
    page = service.search(service.CatalogueQuery(q=q, filters=filters, per_page=50))
    return [s.name for s in page.items]


@pytest.fixture
def maker() -> Any:
    return OrganisationFactory(name="Fabricant Index")


@pytest.fixture
def owner(maker) -> Any:
    return UserFactory(role="industrial", organisation=maker)


def test_a_draft_is_found_only_once_published(maker, owner) -> None:
    system = complete_system("draft", manufacturer=maker, name="Glaucomètre", slug="glauco")
    assert _found("glaucomètre") == []
    publication.submit(system, owner)
    assert _found("glaucomètre") == []  # submitted: not public yet
    publication.publish(system, admin_user())
    assert _found("glaucometre") == ["Glaucomètre"]


def test_pending_changes_stay_out_of_the_index_until_published(maker, owner) -> None:
    system = complete_system("published", manufacturer=maker, name="Tri Révisé", slug="tri")
    service.save_step(system, "identity", {"intended_purpose": "Tri des brûlures graves."}, owner)
    assert _found("brûlures") == []  # the owner's revision is not public
    publication.submit(_db.session.get(AISystem, system.id), owner)
    publication.publish(_db.session.get(AISystem, system.id), admin_user())
    assert _found("brulure") == ["Tri Révisé"]


def test_a_withdrawn_system_leaves_the_catalogue_search(maker) -> None:
    system = complete_system("published", manufacturer=maker, name="Ancien Outil", slug="ancien")
    assert _found("ancien outil") == ["Ancien Outil"]
    publication.withdraw(system, "Produit arrêté.", admin_user())
    assert _found("ancien outil") == []
    assert _found("ancien outil", status="withdrawn") == ["Ancien Outil"]


def test_renaming_the_manufacturer_renames_it_in_the_index(maker, owner) -> None:
    SystemFactory(name="Scope", manufacturer=maker)
    profile = {"name": "Zéphyrine Médical", "kind": maker.kind, "country": "FR"}
    organisations.update(maker, profile, owner)
    assert _found("zephyrine") == ["Scope"]
    assert _found("fabricant index") == []


def test_rebuild_from_the_command_line_gives_the_same_results(app) -> None:
    SystemFactory(name="Pneumoscope", intended_purpose="Lecture des radiographies thoraciques.")
    before = _found("radiographie thoracique")
    result = app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0 and "1 systems" in result.output
    assert _found("radiographie thoracique") == before == ["Pneumoscope"]


def test_a_system_holding_only_a_narrower_phrase_is_found_while_its_text_holds_it(app) -> None:
    """« radiologie » expands to narrower terms, some of them phrases (« imagerie médicale »):
    a system whose text holds only such a phrase is found (on PostgreSQL, through the phrase's
    lexeme in its document), also after a rebuild, and no longer once its text loses it; the
    phrase's words apart are not the phrase."""
    elsewhere = {"specialty": "general_practice", "clinical_function": "research"}
    system = SystemFactory(
        name="Lecteur Ville",
        intended_purpose="Lecture assistée en imagerie médicale de ville.",
        **elsewhere,
    )
    SystemFactory(
        name="Veille",
        intended_purpose="Imagerie du sommeil, suivi médical à domicile.",
        **elsewhere,
    )
    assert _found("radiologie") == ["Lecteur Ville"]
    assert app.test_cli_runner().invoke(args=["search", "rebuild"]).exit_code == 0
    assert _found("radiologie") == ["Lecteur Ville"]
    system.intended_purpose = "Lecture assistée des dossiers de ville."
    _db.session.commit()
    assert _found("radiologie") == []


def test_a_snippet_escapes_the_text_and_marks_the_matched_words() -> None:
    plan = words_of.plan("nodules")
    html = words_of.snippet('<script>alert("x")</script> Détection de nodules & masses', plan)
    assert isinstance(html, Markup)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>nodules</mark> &amp; masses" in html


def test_a_query_of_punctuation_or_quotes_is_harmless(client) -> None:
    SystemFactory(name="Scope")
    for q in ['"', "'", "*", "(", "OR", "NEAR(", "a:b", "\\", "-", "é\x00"]:
        assert client.get("/systems", query_string={"q": q}).status_code == 200


def test_facets_count_with_the_search_and_the_other_filters() -> None:
    SystemFactory(name="A", intended_purpose="Dépistage du mélanome.", specialty="dermatology")
    SystemFactory(name="B", intended_purpose="Dépistage du cancer du sein.", specialty="radiology")
    SystemFactory(
        name="C",
        intended_purpose="Dépistage du cancer du poumon.",
        specialty="radiology",
        clinical_function="screening",
    )
    SystemFactory(name="D", intended_purpose="Planification.", specialty="radiology")
    counts = facets.counts("dépistage", {"specialty": "radiology"})
    assert counts["specialty"] == {"dermatology": 1, "radiology": 2}  # its own filter ignored
    assert counts["function"] == {"diagnosis": 1, "screening": 1}  # within radiology
    assert counts["grade"] == {"none": 2}


def test_a_published_assessment_updates_the_grade_counts() -> None:
    from tests.factories import AssessmentFactory

    system = SystemFactory(name="Gradé", intended_purpose="Dépistage.")
    assert facets.counts("", {})["grade"] == {"none": 1}
    AssessmentFactory(system=system, status="published", clinical_grade="A")
    assert facets.counts("", {})["grade"] == {"A": 1}
    assert facets.counts("dépistage", {"grade": "A"})["specialty"] == {"radiology": 1}


def test_the_status_filter_counts_the_published_and_the_withdrawn(client) -> None:
    SystemFactory(name="Actif", intended_purpose="Dépistage.", specialty="radiology")
    SystemFactory(
        name="Retiré", intended_purpose="Dépistage.", specialty="radiology", status="withdrawn"
    )
    SystemFactory(
        name="Autre", intended_purpose="Planification.", specialty="cardiology", status="withdrawn"
    )
    SystemFactory(name="Brouillon", intended_purpose="Dépistage.", status="draft")
    assert facets.counts("", {})["status"] == {"published": 1, "withdrawn": 2}
    assert facets.counts("dépistage", {})["status"] == {"published": 1, "withdrawn": 1}
    assert facets.counts("", {"specialty": "cardiology"})["status"] == {"withdrawn": 1}
    withdrawn = facets.counts("", {"status": "withdrawn"})
    assert withdrawn["specialty"] == {"cardiology": 1, "radiology": 1}
    assert withdrawn["status"] == {"published": 1, "withdrawn": 2}
    html = client.get("/systems?specialty=radiology&lang=en").get_data(as_text=True)
    assert 'value="withdrawn" data-count="1">Withdrawn from the registry (1)</option>' in html
    assert 'data-count="1" selected>Published in the registry (1)</option>' in html
    html = client.get("/systems?specialty=neurology&lang=en").get_data(as_text=True)
    assert 'value="withdrawn" data-count="0" disabled class="registry-option--empty">' in html
