"""Compacted JSON-LD (``graph.jsonld``): a real ``@context`` and one named graph per document,
as in TriG. A corpus writer (see ``graph_builder.emit``).

The document is written directly from the quads (no JSON-LD processor: compaction of
10⁵ statements with one takes minutes), in the shape a JSON-LD 1.1 processor would produce:

.. code-block:: json

    {"@context": {"govkg": "https://w3id.org/govkg/ontology#", "org": "http://www.w3.org/ns/org#", …,
                  "agency": "https://w3id.org/govkg/id/agency/", …},
     "@graph": [
       {"@id": "agency:…", "@type": "org:Organization", "skos:prefLabel": {"@value": "…", "@language": "zh-Hans"}},
       {"@id": "graph:…", "@graph": [ …the statements of one document… ]}]}

Node objects of the default graph come first, then one object per named graph (its ``@id`` the
graph IRI, its ``@graph`` the statements TriG puts in that graph). IRIs are compacted with the
longest matching prefix; ``rdf:type`` is ``@type``; a plain string is a JSON string; a
language-tagged or typed literal keeps its tag or datatype (``{"@value": "3", "@type":
"xsd:integer"}``), so expanding the document gives back exactly the quads.

>>> import pyoxigraph as ox
>>> q = ox.Quad(ox.NamedNode("https://w3id.org/govkg/id/agency/a"), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
...             ox.Literal("市体育局"), ox.NamedNode("https://w3id.org/govkg/id/graph/d1"))
>>> doc = to_jsonld([q])
>>> doc["@graph"][0]["@id"], doc["@graph"][0]["@graph"]
('graph:d1', [{'@id': 'agency:a', 'skos:prefLabel': '市体育局'}])
"""

from __future__ import annotations

import json
from typing import Iterable

from ontology.namespaces import DEFAULT_BASE_IRI, PREFIXES, instance_prefixes

NAME = "jsonld"
SUFFIX = ".jsonld"
DESCRIPTION = "JSON-LD"
OXIGRAPH = "JSON_LD"  # its pyoxigraph.RdfFormat
RDFLIB = "json-ld"  # its rdflib format name
NAMED_GRAPHS = True  # one named graph per document, as in TriG

RDF_TYPE = PREFIXES["rdf"] + "type"
XSD_STRING = PREFIXES["xsd"] + "string"


def write(corpus, target, **options):
    """Write ``corpus`` as compacted JSON-LD into ``target`` (a path, or a binary stream); the
    files written. Options as :func:`.rdf.write`: ``base_iri``, ``engine``, ``statements``."""
    from . import rdf  # here: rdf reads the registry this module is part of

    return rdf.write(corpus, target, NAME, **options)


def context(base: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """The ``@context``: the vocabularies (govkg, org, prov, dct, skos, …) and the instance
    namespaces under ``base`` (agency:, task:, graph:, …)."""
    return {**PREFIXES, **instance_prefixes(base)}


class _Compactor:
    def __init__(self, prefixes: dict[str, str]):
        # longest namespace first, so agency/… wins over the base
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def __call__(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace):].startswith("//"):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri


def to_jsonld(statements: Iterable, base: str = DEFAULT_BASE_IRI) -> dict:
    """The compacted JSON-LD document (a dict) for quads or triples."""
    import pyoxigraph as ox  # here: the CLI reads this writer's NAME and SUFFIX for --help

    prefixes = context(base)
    compact = _Compactor(prefixes)

    def value(term):
        if isinstance(term, ox.NamedNode):
            return {"@id": compact(term.value)}
        if isinstance(term, ox.Literal):
            if term.language:
                return {"@value": term.value, "@language": term.language}
            if term.datatype.value == XSD_STRING:
                return term.value
            return {"@value": term.value, "@type": compact(term.datatype.value)}
        if isinstance(term, ox.BlankNode):
            return {"@id": f"_:{term.value}"}
        raise TypeError(f"unexpected term {term!r}")

    graphs: dict[str | None, dict[str, dict]] = {}
    for statement in statements:
        graph_name = getattr(statement, "graph_name", None)
        key = None if graph_name is None or isinstance(graph_name, ox.DefaultGraph) else graph_name.value
        subject = statement.subject
        subject_id = f"_:{subject.value}" if isinstance(subject, ox.BlankNode) else compact(subject.value)
        node = graphs.setdefault(key, {}).setdefault(subject_id, {"@id": subject_id})
        predicate = statement.predicate.value
        if predicate == RDF_TYPE and isinstance(statement.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact(statement.object.value))
        else:
            node.setdefault(compact(predicate), []).append(value(statement.object))

    def finish(nodes: dict[str, dict]) -> list[dict]:
        out = []
        for subject_id in sorted(nodes):
            node = nodes[subject_id]
            for key, values in node.items():
                if key != "@id" and len(values) == 1:
                    node[key] = values[0]
            out.append(node)
        return out

    top = finish(graphs.pop(None, {}))
    for key in sorted(graphs):
        top.append({"@id": compact(key), "@graph": finish(graphs[key])})
    return {"@context": prefixes, "@graph": top}


def serialize(statements: Iterable, base: str = DEFAULT_BASE_IRI) -> bytes:
    """The compacted JSON-LD as UTF-8 bytes (Chinese kept as written, not \\u-escaped)."""
    return (json.dumps(to_jsonld(statements, base), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
