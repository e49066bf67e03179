"""The public catalogue: search, each filter, drafts hidden, pagination, query budget."""

from __future__ import annotations

import re

import pytest

from registry.services.search import facets
from registry.services.systems import catalogue
from registry.services.systems.catalogue import CatalogueQuery
from tests.factories import AssessmentFactory, OrganisationFactory, SystemFactory


def _names(client, query: str) -> list[str]:
    html = client.get(f"/systems?{query}").get_data(as_text=True)
    return re.findall(r'<h2 class="fr-card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_only_published_systems_are_listed(client) -> None:
    SystemFactory(name="Visible", status="published")
    SystemFactory(name="Brouillon caché", status="draft")
    SystemFactory(name="Soumis caché", status="submitted")
    assert _names(client, "") == ["Visible"]


def test_draft_system_page_is_not_found(client) -> None:
    draft = SystemFactory(status="draft")
    assert client.get(f"/systems/{draft.slug}").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=pulmo", ["Pulmo Scan"]),  # name
        ("q=ACME", ["Cardio Watch"]),  # manufacturer, case-insensitive
        ("q=sepsis", ["Sepsis Alert"]),  # intended purpose
    ],
)
def test_search_on_name_manufacturer_and_purpose(client, query: str, expected: list[str]) -> None:
    SystemFactory(name="Pulmo Scan", intended_purpose="Nodules pulmonaires.")
    SystemFactory(name="Cardio Watch", manufacturer=OrganisationFactory(name="Acme Santé"))
    SystemFactory(name="Sepsis Alert", intended_purpose="Prédiction du sepsis à 12 h.")
    assert _names(client, query) == expected


@pytest.mark.parametrize(
    ("field", "param", "value", "other"),
    [
        ("specialty", "specialty", "cardiology", "radiology"),
        ("clinical_function", "function", "triage_prioritisation", "diagnosis"),
        ("risk_class", "risk_class", "high_risk", "minimal_risk"),
        ("declared_class", "device_class", "IIb", "IIa"),
        ("coverage", "coverage", "pecan", "none"),
        ("hosting", "hosting", "on_premise", "cloud_non_eu"),
        ("source", "source", "fda_list", "declared"),
    ],
)
def test_each_filter_keeps_only_matching_systems(
    client, field: str, param: str, value: str, other: str
) -> None:
    SystemFactory(name="Match", **{field: value})
    SystemFactory(name="Other", **{field: other})
    assert _names(client, f"{param}={value}") == ["Match"]


def test_grade_filter_uses_latest_published_assessment(client) -> None:
    graded = SystemFactory(name="Graded A")
    AssessmentFactory(system=graded, clinical_grade="A")
    SystemFactory(name="Never assessed")
    assert _names(client, "grade=A") == ["Graded A"]
    assert _names(client, "grade=none") == ["Never assessed"]


def test_unknown_filter_value_is_explained_and_ignored(client) -> None:
    SystemFactory(name="Visible")
    html = client.get("/systems?specialty=astrologie&lang=en").get_data(as_text=True)
    assert "astrologie" in html and "not recognised" in html
    assert "Visible" in html


def test_pagination_splits_results(client) -> None:
    for number in range(25):
        SystemFactory(name=f"Système {number:02d}")
    first = _names(client, "")
    second = _names(client, "page=2")
    assert len(first) == 20 and len(second) == 5
    assert not set(first) & set(second)
    assert "25" in client.get("/systems").get_data(as_text=True)


def _catalogue_queries(client, count_queries) -> int:
    with count_queries() as statements:
        assert client.get("/systems?q=sys").status_code == 200
    return len(statements)


def test_catalogue_query_count_does_not_grow_with_systems(client, count_queries) -> None:
    for _ in range(10):
        AssessmentFactory()
    with_10 = _catalogue_queries(client, count_queries)
    for _ in range(90):
        AssessmentFactory()
    with_100 = _catalogue_queries(client, count_queries)
    assert with_10 == with_100
    assert with_100 <= 4


def test_system_page_shows_every_declared_section(client) -> None:
    system = SystemFactory(
        name="Sections",
        hosting="cloud_eu",
        hds_certified=True,
        energy_wh_per_1000=12.5,
        business_model="subscription",
        ai_act_answers={"is_ai_system": True, "medical_device": True, "device_class": "IIa"},
        risk_class="high_risk",
    )
    html = client.get(f"/systems/{system.slug}?lang=en").get_data(as_text=True)
    for section in (
        "identity",
        "regulatory",
        "ai-act",
        "transparency",
        "sovereignty",
        "frugality",
        "economics",
        "adoption",
        "versions",
        "evaluation",
    ):
        assert f'id="{section}"' in html
    assert "Cloud in the EU" in html and "12.5" in html and "Subscription" in html
    assert "Art" in html and "AIA-6" in html


def test_search_pages_carry_the_total_and_a_page_past_the_end_shows_the_last(client) -> None:
    """A search counts and pages in one pass; a page beyond the results falls back to the last."""
    for number in range(23):
        SystemFactory(name=f"Sepsis {number:02d}", intended_purpose="Alerte.")
    SystemFactory(name="Autre chose", intended_purpose="Radiographie.")
    first = client.get("/api/v1/systems?q=sepsis&per_page=10").get_json()
    assert first["meta"] == {"total": 23, "page": 1, "per_page": 10, "pages": 3}
    assert [s["name"] for s in first["items"]][:2] == ["Sepsis 00", "Sepsis 01"]
    beyond = client.get("/api/v1/systems?q=sepsis&per_page=10&page=9").get_json()
    assert beyond["meta"]["page"] == 3
    assert [s["name"] for s in beyond["items"]] == ["Sepsis 20", "Sepsis 21", "Sepsis 22"]
    assert _names(client, "q=sepsis&page=3") == ["Sepsis 20", "Sepsis 21", "Sepsis 22"]
    nothing = client.get("/api/v1/systems?q=introuvable").get_json()
    assert nothing["meta"]["total"] == 0 and nothing["items"] == []


def test_the_catalogue_order_ignores_case(client) -> None:
    for name in ("beta", "Alpha", "gamma", "Delta"):
        SystemFactory(name=name)
    assert _names(client, "") == ["Alpha", "beta", "Delta", "gamma"]
    assert _names(client, "q=a") == ["Alpha", "beta", "Delta", "gamma"]


PURPOSES = (
    "Dépistage du cancer du sein par mammographie.",
    "Dépistage précoce en radiologie thoracique.",
    "Lecture d'IRM cérébrale et de scanner.",
)


@pytest.mark.parametrize("q", ["dépistage cancer", "radiologie"])  # radiologie: a wide plan
@pytest.mark.parametrize(
    "chosen",
    [
        {},
        {"specialty": "radiology"},
        {"status": "withdrawn"},
        {"specialty": "radiology", "grade": "none"},
    ],
)
def test_a_search_page_with_its_counts_matches_the_page_and_counts_apart(q, chosen) -> None:
    """The catalogue reads a search's page and its facet counts in one statement (the match
    done once): the same systems in the same order, the same total and the same counts as
    the page (the API's) and the counts computed each on its own."""
    for number in range(14):
        SystemFactory(
            name=f"Système {number:02d}",
            intended_purpose=PURPOSES[number % 3],
            specialty="radiology" if number % 2 else "dermatology",
            status="withdrawn" if number % 5 == 0 else "published",
        )
    SystemFactory(name="Hors sujet", intended_purpose="Planification des blocs.")
    for page in (1, 2, 9):
        query = CatalogueQuery(q=q, filters=chosen, page=page, per_page=3)
        together = catalogue.search(query, with_counts=True)
        apart = catalogue.search(query)
        assert [s.id for s in together.items] == [s.id for s in apart.items]
        assert (together.total, together.page, together.grades) == (
            apart.total,
            apart.page,
            apart.grades,
        )
        assert together.counts == facets.counts(q, chosen)
        assert together.items or together.total == 0
        if not chosen:
            assert together.total > 3  # more than one page of three


def test_searches_of_the_same_shape_each_get_their_own_words_filters_and_page() -> None:
    """A search's statements are built once per shape and run with each search's values
    (docs/performance.md): searches one after the other, with other words, filters and pages,
    each find what they alone would find, never what the previous one asked for."""
    cardiac = SystemFactory(name="Cardio Rythme", intended_purpose="Analyse de l'ECG.")
    lungs = SystemFactory(
        name="Poumon Scan",
        intended_purpose="Analyse des nodules pulmonaires au scanner.",
        specialty="pulmonology",
    )
    skin = SystemFactory(
        name="Derma Photo",
        intended_purpose="Photographie des grains de beauté.",
        specialty="dermatology",
    )
    for q, chosen, expected in [
        ("ECG", {}, [cardiac.id]),
        ("nodules", {}, [lungs.id]),
        ("scanner", {"specialty": "pulmonology"}, [lungs.id]),
        ("scanner", {"specialty": "dermatology"}, []),
        ("photographie", {"specialty": "dermatology"}, [skin.id]),
        ("ECG", {}, [cardiac.id]),
    ]:
        page = catalogue.search(CatalogueQuery(q=q, filters=chosen), with_counts=True)
        assert ([s.id for s in page.items], page.total) == (expected, len(expected)), (q, chosen)
        assert page.counts == facets.counts(q, chosen)
    # One search, page by page: each page's bounds are its own too.
    pages = [
        catalogue.search(CatalogueQuery(q="analyse", page=n, per_page=1), with_counts=True)
        for n in (1, 2)
    ]
    assert sorted(p.items[0].id for p in pages) == sorted([cardiac.id, lungs.id])


def test_two_typos_one_after_the_other_are_each_corrected_to_their_own_word() -> None:
    """The correction's statement is built once per number of words: the second typo is
    corrected with its own letters, not the first one's."""
    SystemFactory(name="Lecteur", intended_purpose="Radiologie thoracique assistée.")
    SystemFactory(name="Écoute", intended_purpose="Cardiologie de ville.")
    found = [
        catalogue.search(CatalogueQuery(q=q), with_counts=True) for q in ("radiolgie", "cardiolgie")
    ]
    assert [(p.corrected_from, p.searched) for p in found] == [
        ("radiolgie", "radiologie"),
        ("cardiolgie", "cardiologie"),
    ]
