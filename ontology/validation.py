"""SHACL validation of a govkg graph against ``shapes.ttl`` (pySHACL), with readable reports."""

from __future__ import annotations

from dataclasses import dataclass

import rdflib

from .namespaces import ontology_path, shapes_path


@dataclass
class Violation:
    focus: str
    label: str
    path: str
    message: str
    severity: str

    def to_dict(self) -> dict:
        return self.__dict__.copy()


def _short(iri: str) -> str:
    from .namespaces import PREFIXES

    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def validate(data_graph: rdflib.Graph) -> tuple[bool, list[Violation]]:
    """Validate ``data_graph`` with the ontology added to it (so the SKOS concepts and roles it
    defines are known). Returns (conforms, violations)."""
    import pyshacl

    shapes = rdflib.Graph().parse(str(shapes_path()), format="turtle")
    combined = rdflib.Graph()
    for triple in data_graph:
        combined.add(triple)
    combined.parse(str(ontology_path()), format="turtle")
    conforms, report, _ = pyshacl.validate(combined, shacl_graph=shapes, inference="none", allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    violations = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        label = data_graph.value(focus, skos.prefLabel) or data_graph.value(focus, rdflib.RDFS.label) or ""
        violations.append(
            Violation(
                focus=str(focus),
                label=str(label),
                path=_short(str(report.value(result, sh.resultPath) or "")),
                message=str(report.value(result, sh.resultMessage) or ""),
                severity=str(report.value(result, sh.resultSeverity) or "").rsplit("#", 1)[-1],
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return bool(conforms), violations
