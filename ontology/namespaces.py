"""Namespaces of the govkg ontology and the vocabularies it aligns with."""

from __future__ import annotations

from importlib import resources

GOVKG = "https://w3id.org/govkg/ontology#"
DEFAULT_BASE_IRI = "https://w3id.org/govkg/id/"

PREFIXES = {
    "govkg": GOVKG,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "oa": "http://www.w3.org/ns/oa#",
}

# Instance namespaces under the base IRI, one per kind of node, so Turtle can abbreviate
# every instance as prefix:local.
INSTANCE_KINDS = ("agency", "group", "jurisdiction", "document", "program", "task", "membership", "span", "leader", "category", "deadline", "change", "publisher", "graph")


def instance_prefixes(base: str) -> dict[str, str]:
    return {kind: f"{base}{kind}/" for kind in INSTANCE_KINDS}


def ontology_path():
    return resources.files("ontology").joinpath("govkg.ttl")


def shapes_path():
    return resources.files("ontology").joinpath("shapes.ttl")
