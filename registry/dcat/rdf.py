"""RDF nodes and their two serialisations, JSON-LD and Turtle (docs/interoperability.md §4).

A node is a subject IRI, its types and its properties; a value is an IRI (``Iri``) or a literal
(``Literal``: a text with a language, or a typed value). The JSON-LD carries its context inline,
so a harvester needs nothing else to read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}


@dataclass(frozen=True)
class Iri:
    """A resource, by its absolute IRI."""

    value: str


@dataclass(frozen=True)
class Literal:
    """A text in a language, or a value of an XSD type (``xsd:dateTime``…), or a plain text."""

    value: str
    language: str | None = None
    datatype: str | None = None


Value = Iri | Literal


@dataclass
class Node:
    """One subject: its IRI, its types (prefixed names) and its properties."""

    iri: str
    types: Sequence[str]
    properties: dict[str, list[Value]] = field(default_factory=dict)

    def add(self, predicate: str, *values: Value | None) -> Node:
        """Add values to a property (``None`` is skipped: an unknown value is left out)."""
        kept = [value for value in values if value is not None]
        if kept:
            self.properties.setdefault(predicate, []).extend(kept)
        return self


def safe_iri(value: str) -> str:
    """An IRI with the characters RDF forbids in one percent-encoded (both serialisations)."""
    for char in '<>"{}|^`\\ ':
        value = value.replace(char, f"%{ord(char):02X}")
    return value


def _json_value(value: Value) -> dict[str, str]:
    if isinstance(value, Iri):
        return {"@id": safe_iri(value.value)}
    out = {"@value": value.value}
    if value.language:
        out["@language"] = value.language
    if value.datatype:
        out["@type"] = value.datatype
    return out


def to_jsonld(nodes: Sequence[Node]) -> dict[str, Any]:
    """A JSON-LD document: the prefixes as context, every node in ``@graph``."""
    graph = []
    for node in nodes:
        item: dict[str, Any] = {"@id": safe_iri(node.iri), "@type": list(node.types)}
        for predicate, values in node.properties.items():
            item[predicate] = [_json_value(value) for value in values]
        graph.append(item)
    return {"@context": dict(PREFIXES), "@graph": graph}


def _escape(text: str) -> str:
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return "".join(escapes.get(char, char) for char in text)


def _iri(value: str) -> str:
    return f"<{safe_iri(value)}>"


def _turtle_value(value: Value) -> str:
    if isinstance(value, Iri):
        return _iri(value.value)
    text = f'"{_escape(value.value)}"'
    if value.language:
        return f"{text}@{value.language}"
    if value.datatype:
        return f"{text}^^{value.datatype}"
    return text


def to_turtle(nodes: Sequence[Node]) -> str:
    """The same graph in Turtle."""
    lines = [f"@prefix {prefix}: <{iri}> ." for prefix, iri in PREFIXES.items()]
    for node in nodes:
        lines.append("")
        parts = [f"a {', '.join(node.types)}"]
        for predicate, values in node.properties.items():
            parts.append(f"{predicate} {', '.join(_turtle_value(v) for v in values)}")
        lines.append(f"{_iri(node.iri)}\n    " + " ;\n    ".join(parts) + " .")
    return "\n".join(lines) + "\n"
