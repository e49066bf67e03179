"""A DCAT-AP 3 catalogue of the open data (docs/interoperability.md §4): pure, plain data in,
RDF out as JSON-LD or Turtle. The reading is in ``registry/services/opendata/dcat.py``.

Modules: ``catalog`` (the catalogue's nodes from plain descriptions), ``rdf`` (the node type and
the two serialisations).
"""

from registry.dcat.catalog import (
    CatalogInfo,
    DatasetInfo,
    DistributionInfo,
    ServiceInfo,
    Text,
    catalog,
)
from registry.dcat.rdf import to_jsonld, to_turtle

__all__ = [
    "CatalogInfo",
    "DatasetInfo",
    "DistributionInfo",
    "ServiceInfo",
    "Text",
    "catalog",
    "to_jsonld",
    "to_turtle",
]
