"""The DCAT-AP catalogue of the open data (docs/interoperability.md §4): what the pure builder
``registry/dcat/`` needs, read here — the files' titles in French and English, their last
update, their addresses — from the same datasets and the same public scope as the files."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from registry import dcat
from registry.dcat.rdf import Node
from registry.services.opendata import DATASETS, Dataset, last_update
from registry.services.opendata.descriptors import LICENCE

FHIR_R4 = "http://hl7.org/fhir/R4"
OPENAPI = "https://spec.openapis.org/oas/v3.1.0"

# Title and description of the catalogue and of its two services (translated when read).
CATALOGUE = (
    _l("AI in Health Registry — open data"),
    _l(
        "Published AI systems in health, their published assessments and the evidence behind "
        "them, from the French public registry."
    ),
)
FHIR_API = (
    _l("FHIR R4 API of the registry"),
    _l(
        "The published AI systems as HL7 FHIR R4 DeviceDefinition resources and their "
        "manufacturers as Organization resources, read-only, without an account."
    ),
)
JSON_API = (
    _l("JSON API of the registry"),
    _l(
        "The published systems, assessments and evidence as JSON, with search and filters, "
        "described by an OpenAPI document."
    ),
)


def _both(text: Any) -> dcat.Text:
    """A text of the interface (a lazy string) in French and in English."""
    with force_locale("fr"):
        french = str(text)
    with force_locale("en"):
        english = str(text)
    return dcat.Text(french, english)


def _titled(texts: tuple[Any, Any]) -> dict[str, dcat.Text]:
    """A title and a description, each in French and in English."""
    title, description = texts
    return {"title": _both(title), "description": _both(description)}


def _keywords() -> list[dcat.Text]:
    return [
        _both(_l("artificial intelligence")),
        _both(_l("health")),
        _both(_l("medical device")),
        _both(_l("AI Act")),
        _both(_l("health technology assessment")),
    ]


def _file_titles(dataset: Dataset) -> tuple[dcat.Text, dcat.Text]:
    """The titles of a file's CSV and JSON forms."""
    return (
        _both(_l("%(title)s (CSV)", title=dataset.title)),
        _both(_l("%(title)s (JSON)", title=dataset.title)),
    )


def nodes() -> list[Node]:
    """The catalogue as RDF nodes."""
    page = url_for("opendata.index", _external=True)
    datasets = []
    for name, dataset in DATASETS.items():
        schema = url_for("opendata.schema", name=name, _external=True)
        csv_title, json_title = _file_titles(dataset)
        datasets.append(
            dcat.DatasetInfo(
                iri=f"{page}#dataset-{name}",
                identifier=f"registre-ia-sante-{name}",
                title=_both(dataset.title),
                description=_both(dataset.description),
                keywords=_keywords(),
                landing_page=f"{page}#file-{name}",
                modified=last_update(name),
                distributions=[
                    dcat.DistributionInfo(
                        f"{page}#distribution-{name}-csv",
                        csv_title,
                        url_for("opendata.download_csv", name=name, _external=True),
                        "text/csv",
                        schema,
                    ),
                    dcat.DistributionInfo(
                        f"{page}#distribution-{name}-json",
                        json_title,
                        url_for("opendata.download_json", name=name, _external=True),
                        "application/json",
                        schema,
                    ),
                ],
            )
        )
    fhir_base = url_for("api_fhir.Metadata", _external=True).removesuffix("/metadata")
    services = [
        dcat.ServiceInfo(
            iri=f"{page}#service-fhir",
            **_titled(FHIR_API),
            endpoint_url=fhir_base,
            endpoint_description=f"{fhir_base}/metadata",
            conforms_to=FHIR_R4,
            media_type="application/fhir+json",
            serves=[f"{page}#dataset-systems"],
        ),
        dcat.ServiceInfo(
            iri=f"{page}#service-api",
            **_titled(JSON_API),
            endpoint_url=url_for("api_systems.SystemList", _external=True).rsplit("/", 1)[0],
            endpoint_description=url_for("api-docs.openapi_json", _external=True),
            conforms_to=OPENAPI,
            media_type="application/json",
            serves=[dataset.iri for dataset in datasets],
        ),
    ]
    home = url_for("main.home", _external=True)
    info = dcat.CatalogInfo(
        iri=url_for("opendata.catalog_jsonld", _external=True),
        **_titled(CATALOGUE),
        homepage=page,
        publisher_iri=f"{home}#publisher",
        publisher_name="Registre IA Santé",
        licence_iri=LICENCE["path"],
        licence_title=LICENCE["title"],
        datasets=datasets,
        services=services,
    )
    return dcat.catalog(info)
