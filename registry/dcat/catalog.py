"""The catalogue's nodes (DCAT-AP 3): one dcat:Catalog, a dcat:Dataset per open data file with
its dcat:Distributions, and the APIs as dcat:DataService (docs/interoperability.md §4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from registry.dcat.rdf import Iri, Literal, Node

EU = "http://publications.europa.eu/resource/authority"
IANA = "https://www.iana.org/assignments/media-types"
THEMES = (f"{EU}/data-theme/HEAL", f"{EU}/data-theme/TECH")
LANGUAGES = (f"{EU}/language/FRA", f"{EU}/language/ENG")
PUBLIC = f"{EU}/access-right/PUBLIC"
CONTINUOUS = f"{EU}/frequency/UPDATE_CONT"
FRANCE = f"{EU}/country/FRA"
FILE_TYPES = {"text/csv": "CSV", "application/json": "JSON"}


@dataclass(frozen=True)
class Text:
    """A text in French and in English."""

    fr: str
    en: str

    def literals(self) -> tuple[Literal, Literal]:
        return Literal(self.fr, language="fr"), Literal(self.en, language="en")


@dataclass(frozen=True)
class DistributionInfo:
    """One downloadable form of a dataset."""

    iri: str
    title: Text
    url: str
    media_type: str
    conforms_to: str | None = None  # the Table Schema of the file


@dataclass(frozen=True)
class DatasetInfo:
    """One open data file."""

    iri: str
    identifier: str
    title: Text
    description: Text
    keywords: Sequence[Text]
    landing_page: str
    modified: datetime | None
    distributions: Sequence[DistributionInfo]


@dataclass(frozen=True)
class ServiceInfo:
    """An API serving some of the datasets."""

    iri: str
    title: Text
    description: Text
    endpoint_url: str
    endpoint_description: str
    conforms_to: str
    media_type: str
    serves: Sequence[str]  # dataset IRIs


@dataclass(frozen=True)
class CatalogInfo:
    """The catalogue and what it lists."""

    iri: str
    title: Text
    description: Text
    homepage: str
    publisher_iri: str
    publisher_name: str
    licence_iri: str
    licence_title: str
    datasets: Sequence[DatasetInfo]
    services: Sequence[ServiceInfo]


def _date(value: datetime | None) -> Literal | None:
    if value is None:
        return None
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    text = value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Literal(text, datatype="xsd:dateTime")


def catalog(info: CatalogInfo) -> list[Node]:
    """Every node of the catalogue, the catalogue first."""
    licence = Iri(info.licence_iri)
    publisher = Iri(info.publisher_iri)
    dates = [d.modified for d in info.datasets if d.modified is not None]
    root = Node(info.iri, ["dcat:Catalog"])
    root.add("dct:title", *info.title.literals())
    root.add("dct:description", *info.description.literals())
    root.add("dct:publisher", publisher)
    root.add("foaf:homepage", Iri(info.homepage))
    root.add("dct:language", *(Iri(language) for language in LANGUAGES))
    root.add("dct:license", licence)
    root.add("dct:modified", _date(max(dates)) if dates else None)
    root.add("dct:spatial", Iri(FRANCE))
    root.add("dcat:themeTaxonomy", Iri(f"{EU}/data-theme"))
    root.add("dcat:dataset", *(Iri(d.iri) for d in info.datasets))
    root.add("dcat:service", *(Iri(s.iri) for s in info.services))
    nodes = [root]
    nodes.append(
        Node(info.publisher_iri, ["foaf:Agent"])
        .add("foaf:name", Literal(info.publisher_name))
        .add("foaf:homepage", Iri(info.homepage))
    )
    nodes.append(
        Node(info.licence_iri, ["dct:LicenseDocument"]).add(
            "rdfs:label", Literal(info.licence_title)
        )
    )
    standards: dict[str, Node] = {}
    for dataset in info.datasets:
        nodes += _dataset(dataset, publisher, licence, standards)
    for service in info.services:
        node = Node(service.iri, ["dcat:DataService"])
        node.add("dct:title", *service.title.literals())
        node.add("dct:description", *service.description.literals())
        node.add("dcat:endpointURL", Iri(service.endpoint_url))
        node.add("dcat:endpointDescription", Iri(service.endpoint_description))
        node.add("dct:conformsTo", Iri(service.conforms_to))
        node.add("dcat:servesDataset", *(Iri(iri) for iri in service.serves))
        node.add("dct:publisher", publisher)
        node.add("dct:license", licence)
        node.add("dct:accessRights", Iri(PUBLIC))
        node.add("dcat:mediaType", Iri(f"{IANA}/{service.media_type}"))
        node.add("dcat:theme", *(Iri(theme) for theme in THEMES))
        nodes.append(node)
    return nodes + list(standards.values())


def _dataset(
    dataset: DatasetInfo, publisher: Iri, licence: Iri, standards: dict[str, Node]
) -> list[Node]:
    node = Node(dataset.iri, ["dcat:Dataset"])
    node.add("dct:identifier", Literal(dataset.identifier))
    node.add("dct:title", *dataset.title.literals())
    node.add("dct:description", *dataset.description.literals())
    node.add("dcat:keyword", *(lit for keyword in dataset.keywords for lit in keyword.literals()))
    node.add("dct:publisher", publisher)
    node.add("dcat:theme", *(Iri(theme) for theme in THEMES))
    node.add("dct:language", *(Iri(language) for language in LANGUAGES))
    node.add("dct:modified", _date(dataset.modified))
    node.add("dct:accessRights", Iri(PUBLIC))
    node.add("dct:accrualPeriodicity", Iri(CONTINUOUS))
    node.add("dct:spatial", Iri(FRANCE))
    node.add("dcat:landingPage", Iri(dataset.landing_page))
    node.add("dcat:distribution", *(Iri(d.iri) for d in dataset.distributions))
    nodes = [node]
    for distribution in dataset.distributions:
        item = Node(distribution.iri, ["dcat:Distribution"])
        item.add("dct:title", *distribution.title.literals())
        item.add("dcat:accessURL", Iri(distribution.url))
        item.add("dcat:downloadURL", Iri(distribution.url))
        item.add("dcat:mediaType", Iri(f"{IANA}/{distribution.media_type}"))
        file_type = FILE_TYPES.get(distribution.media_type)
        item.add("dct:format", Iri(f"{EU}/file-type/{file_type}") if file_type else None)
        item.add("dct:license", licence)
        item.add("dct:modified", _date(dataset.modified))
        if distribution.conforms_to:
            item.add("dct:conformsTo", Iri(distribution.conforms_to))
            standards.setdefault(
                distribution.conforms_to,
                Node(distribution.conforms_to, ["dct:Standard"]).add(
                    "rdfs:label", Literal(f"Table Schema ({dataset.identifier})")
                ),
            )
        nodes.append(item)
    return nodes
