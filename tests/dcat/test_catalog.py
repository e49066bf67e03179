"""The DCAT-AP catalogue as a harvester reads it: parsed with rdflib, JSON-LD and Turtle the
same graph, the mandatory properties of DCAT-AP 3 present, only public data counted."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from registry import dcat
from registry.dcat.rdf import Iri, Node
from registry.dcat.rdf import Literal as Lit
from tests.factories import AssessmentFactory, EvidenceFactory, SystemFactory

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
HEALTH = "http://publications.europa.eu/resource/authority/data-theme/HEAL"

#: DCAT-AP 3.0 mandatory properties, per class.
MANDATORY = {
    DCAT.Catalog: (DCT.title, DCT.description, DCT.publisher),
    DCAT.Dataset: (DCT.title, DCT.description),
    DCAT.Distribution: (DCAT.accessURL,),
    DCAT.DataService: (DCAT.endpointURL, DCT.title),
    FOAF.Agent: (FOAF.name,),
}


def _graph(client, path: str, fmt: str) -> Graph:
    response = client.get(path)
    assert response.status_code == 200
    return Graph().parse(data=response.get_data(as_text=True), format=fmt)


def _languages(graph: Graph, subject, predicate) -> set[str]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def test_the_catalogue_meets_dcat_ap_3_and_both_formats_agree(client) -> None:
    EvidenceFactory(assessment=AssessmentFactory(system=SystemFactory()))
    graph = _graph(client, "/open-data/catalog.jsonld", "json-ld")
    turtle = _graph(client, "/open-data/catalog.ttl", "turtle")
    assert len(graph) == len(turtle) > 100 and graph.isomorphic(turtle)
    for kind, properties in MANDATORY.items():
        subjects = list(graph.subjects(RDF.type, kind))
        assert subjects, kind
        for subject in subjects:
            for predicate in properties:
                assert (subject, predicate, None) in graph, (subject, predicate)
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    datasets = set(graph.objects(catalog, DCAT.dataset))
    names = {str(graph.value(d, DCT.identifier)) for d in datasets}
    assert names == {
        f"registre-ia-sante-{n}" for n in ("systems", "assessments", "evidence", "training")
    }
    for dataset in datasets:
        assert _languages(graph, dataset, DCT.title) == {"fr", "en"}
        assert _languages(graph, dataset, DCT.description) == {"fr", "en"}
        assert graph.value(dataset, DCT.modified) is not None
        assert (dataset, DCAT.theme, URIRef(HEALTH)) in graph
        for distribution in graph.objects(dataset, DCAT.distribution):
            url = str(graph.value(distribution, DCAT.downloadURL))
            assert client.get(url).status_code == 200
            schema = str(graph.value(distribution, DCT.conformsTo))
            assert client.get(schema).get_json()["primaryKey"] == ["id"]
            assert graph.value(distribution, DCAT.mediaType) is not None
            assert "etalab" in str(graph.value(distribution, DCT.license))
    services = {str(graph.value(s, DCAT.endpointURL)) for s in graph.objects(catalog, DCAT.service)}
    fhir = next(url for url in services if url.endswith("/api/v1/fhir"))
    assert client.get(f"{fhir}/metadata").status_code == 200
    assert "etalab" in str(graph.value(catalog, DCT.license))


def test_private_work_never_dates_the_catalogue(client) -> None:
    draft = SystemFactory(status="draft")
    AssessmentFactory(system=draft, status="draft", published_at=None)
    SystemFactory(status="submitted")
    graph = _graph(client, "/open-data/catalog.jsonld", "json-ld")
    assert not list(graph.subject_objects(DCT.modified))  # nothing public yet
    published = SystemFactory()
    graph = _graph(client, "/open-data/catalog.jsonld", "json-ld")
    systems = next(graph.subjects(DCT.identifier, Literal("registre-ia-sante-systems")))
    assert graph.value(systems, DCT.modified).toPython().date() == published.updated_at.date()
    assert str(graph.value(systems, DCAT.landingPage)).endswith("/open-data#file-systems")


def test_the_open_data_page_links_the_catalogue(client) -> None:
    html = client.get("/open-data").get_data(as_text=True)
    assert 'rel="alternate" type="application/ld+json"' in html
    assert "/open-data/catalog.jsonld" in html and "/open-data/catalog.ttl" in html


@pytest.mark.parametrize("text", ['a "quoted"\\ text\nover two lines', "<b> & é"])
def test_turtle_escapes_what_a_text_may_hold(text: str) -> None:
    node = Node("https://x.example/a b", ["dcat:Dataset"]).add("dct:title", Lit(text, "fr"))
    node.add("dct:source", Iri("https://x.example/<y>"), None)
    graph = Graph().parse(data=dcat.to_turtle([node]), format="turtle")
    assert str(next(graph.objects(None, DCT.title))) == text
    jsonld = Graph().parse(data=__import__("json").dumps(dcat.to_jsonld([node])), format="json-ld")
    assert str(next(jsonld.objects(None, DCT.title))) == text
