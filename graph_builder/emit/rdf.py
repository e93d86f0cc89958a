"""The model as RDF, aligned with W3C ORG, CPOV, PROV-O, OWL-Time, SKOS and Web Annotation.

One function, ``quads``, turns the model into quads (pyoxigraph terms); two writers serialise
them: pyoxigraph (the bulk path: about a second for 10⁶ triples) and rdflib (for the
ontology, SHACL and small graphs). Both see the same quads, and a test checks that they write
the same triples.

Each lead/cooperating role is an n-ary ``org:Membership`` (agency, task, role) with
``prov:wasDerivedFrom`` its document and a ``govkg:sourceSpan``: an ``oa:SpecificResource``
with a ``oa:TextQuoteSelector`` (the mention as written) and an RFC 5147 ``oa:FragmentSelector``
(``line=75,76`` selects line 76) plus ``govkg:lineStart``/``govkg:lineEnd``. The direct
shortcuts ``govkg:leads`` / ``govkg:cooperatesOn`` are emitted too, for simple SPARQL.

IRIs are minted from the model's canonical ids under a base IRI (``--base-iri``): one
namespace per kind (``agency/``, ``task/`` …), the id's ``/`` written as ``.`` and the rest
percent-encoded (UTF-8, ``.`` and ``%`` too, so two ids never share an IRI), so each IRI is a plain URI and Turtle abbreviates it as
``agency:%E6%9D%AD…``. Quads are sorted, so the same input gives byte-identical output.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

import pyoxigraph as ox

from ontology.namespaces import DEFAULT_BASE_IRI, PREFIXES, instance_prefixes

from .. import jurisdictions as jurisdiction_registry
from ..ingest import to_simplified
from ..model import Corpus, Document, Task
from . import RDF_WRITERS  # the one list of RDF formats: a writer module each (emit/__init__.py)

FORMATS = {name: getattr(ox.RdfFormat, writer.OXIGRAPH) for name, writer in RDF_WRITERS.items()}
QUAD_FORMATS = {name for name, writer in RDF_WRITERS.items() if writer.NAMED_GRAPHS}  # jsonld: as TriG

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
XSD_STRING = PREFIXES["xsd"] + "string"
RFC5147 = ox.NamedNode("http://tools.ietf.org/rfc/rfc5147")


@lru_cache(maxsize=None)
def _term(curie: str) -> ox.NamedNode:
    prefix, local = curie.split(":", 1)
    return ox.NamedNode(PREFIXES[prefix] + local)


_ENCODED: dict[str, str] = {}


def local_name(identifier: str) -> str:
    """An id as one percent-encoded IRI segment: ``杭州市/建委`` -> ``%E6%9D%AD%E5%B7%9E%E5%B8%82.%E5%BB%BA%E5%A7%94``.

    Injective: ``/`` (the id's separator) is written ``.``, so a ``.`` of the id itself is
    percent-encoded (``%2E``), as is ``%`` and every character but ``A-Z a-z 0-9 - _ ~``; the id
    can be read back from the segment. RDF compares IRIs character by character (RDF 1.1
    Concepts, 3.2), so ``%2E`` and ``.`` are different IRIs.

    >>> local_name("市规划/建设局") != local_name("市规划.建设局")
    True
    >>> local_name("a/b.c%d")
    'a.b%2Ec%25d'

    One character at a time from a cache (minting is the hot loop of a large export).
    """
    out = []
    for char in identifier:
        encoded = _ENCODED.get(char)
        if encoded is None:
            special = {"/": ".", ".": "%2E"}  # quote() never encodes "."
            encoded = _ENCODED[char] = special.get(char) or quote(char, safe="-_~", errors="surrogatepass")
        out.append(encoded)
    return "".join(out)


class Minter:
    """Mints one IRI per (kind, id); raises ValueError if two different ids ever meet at one IRI."""

    def __init__(self, base: str = DEFAULT_BASE_IRI):
        if not re.match(r"^https?://\S+[/#]$", base):
            raise ValueError(f"base IRI must be an http(s) IRI ending in / or #, not {base!r}")
        self.base = base
        self._cache: dict[tuple[str, str], ox.NamedNode] = {}
        self._owner: dict[str, tuple[str, str]] = {}

    def __call__(self, kind: str, identifier: str) -> ox.NamedNode:
        key = (kind, identifier)
        node = self._cache.get(key)
        if node is None:
            iri = f"{self.base}{kind}/{local_name(identifier)}"
            owner = self._owner.setdefault(iri, key)
            if owner != key:
                raise ValueError(f"two ids mint one IRI {iri}: {owner[0]} {owner[1]!r} and {kind} {identifier!r}")
            node = self._cache[key] = ox.NamedNode(iri)
        return node


def _zh(text: str, script: str = "zh-Hans") -> ox.Literal:
    """A Chinese literal; ``script=None`` tells traditional from simplified (slower: OpenCC)."""
    if script is None:
        script = "zh-Hans" if to_simplified(text) == text else "zh-Hant"
    return ox.Literal(text, language=script)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_term("xsd:integer"))


def quads(corpus: Corpus, base: str = DEFAULT_BASE_IRI, named_graphs: bool = True) -> list:
    """Every statement of the graph, sorted by subject: quads with per-document statements in
    that document's named graph, or, with ``named_graphs=False``, plain triples (what the
    triple formats write; cheaper than turning quads into triples afterwards)."""
    mint = Minter(base)
    out: set = set()
    default = ox.DefaultGraph()
    if named_graphs:
        make = ox.Quad
    else:
        def make(subject, predicate, obj, graph):
            return ox.Triple(subject, predicate, obj)

    def add(subject, predicate: str, obj, graph=default):
        out.add(make(subject, _term(predicate), obj, graph))

    def typed(subject, *classes: str, graph=default):
        for cls in classes:
            out.add(make(subject, RDF_TYPE, _term(cls), graph))

    resolution = corpus.resolution
    used_jurisdictions: set[str] = set()

    def jurisdiction(jurisdiction_id: str | None):
        if not jurisdiction_id:
            return None
        used_jurisdictions.add(jurisdiction_id)
        return mint("jurisdiction", jurisdiction_id)

    # -- agencies and groups ---------------------------------------------------------------
    for agency in resolution.agencies.values():
        node = mint("agency", agency.id)
        typed(node, "govkg:Agency", "cv:PublicOrganisation", "org:Organization")
        add(node, "skos:prefLabel", _zh(agency.name, "zh-Hans"))
        add(node, "dct:identifier", ox.Literal(agency.id))
        for alias in sorted(agency.aliases):
            add(node, "skos:altLabel", _zh(re.sub(r"\s+", "", alias), None))
        add(node, "org:classification", _term(f"govkg:type-{agency.type}"))
        add(node, "dct:spatial", jurisdiction(agency.jurisdiction_id))
        add(node, "govkg:level", ox.Literal(agency.level))
        if agency.unit_of:
            parent = mint("agency", agency.unit_of)
            # Both: the published ORG Turtle's typo stops a reasoner deriving one from the other.
            add(node, "org:unitOf", parent)
            add(node, "org:subOrganizationOf", parent)
            add(parent, "org:hasUnit", node)
        if agency.located_in:
            add(node, "govkg:locatedIn", jurisdiction(agency.located_in))
    for group in resolution.groups.values():
        node = mint("group", group.id)
        typed(node, "govkg:AgencyGroup", "org:Organization")
        add(node, "skos:prefLabel", _zh(group.name, "zh-Hans"))
        add(node, "dct:identifier", ox.Literal(group.id))
        for alias in sorted(group.aliases):
            add(node, "skos:altLabel", _zh(re.sub(r"\s+", "", alias), None))
        add(node, "org:classification", _term("govkg:type-group"))
        add(node, "dct:spatial", jurisdiction(group.jurisdiction_id))
        add(node, "govkg:level", ox.Literal(group.level))
        add(node, "govkg:groupKind", ox.Literal(group.group_kind))
        add(node, "govkg:scope", ox.Literal(group.scope))
        for member in group.members:
            add(mint("agency", member), "org:memberOf", node)
            add(node, "org:hasMember", mint("agency", member))

    def node_of(node_id: str) -> ox.NamedNode:
        return mint("group", node_id) if node_id in resolution.groups else mint("agency", node_id)

    # -- reorganisations -------------------------------------------------------------------
    for event in resolution.successions:
        node = mint("change", event.id)
        typed(node, "org:ChangeEvent", "prov:Activity")
        for predecessor in event.predecessor_ids:
            add(node, "org:originalOrganization", mint("agency", predecessor))
        add(node, "org:resultingOrganization", mint("agency", event.successor_id))
        add(node, "dct:date", ox.Literal(str(event.year), datatype=_term("xsd:gYear")))
        add(node, "govkg:change", ox.Literal(event.change))
        add(node, "rdfs:comment", ox.Literal(event.source, language="en"))
        add(mint("agency", event.successor_id), "org:resultedFrom", node)
        for predecessor in event.predecessor_ids:
            add(mint("agency", predecessor), "org:changedBy", node)

    # -- documents, programs, tasks, memberships -------------------------------------------
    for extraction in corpus.extractions:
        document = extraction.document
        graph = mint("graph", document.id)
        doc_node = mint("document", document.id)
        _document(document, doc_node, graph, add, typed, mint, jurisdiction)
        for program in extraction.programs:
            node = mint("program", program.id)
            typed(node, "govkg:Program", "prov:Entity", graph=graph)
            add(node, "rdfs:label", _zh(program.label), graph)
            add(node, "dct:isPartOf", doc_node, graph)
            if program.seq:
                add(node, "govkg:seq", ox.Literal(program.seq), graph)
            if program.section:
                add(node, "govkg:section", _zh(program.section), graph)
            if program.description:
                add(node, "dct:description", _zh(program.description), graph)
        for task in extraction.tasks:
            _task(task, document, doc_node, graph, add, typed, mint, jurisdiction, node_of)

    # -- jurisdictions, with their ancestors -----------------------------------------------
    for known in jurisdiction_registry.with_ancestors(used_jurisdictions):
        node = mint("jurisdiction", known.id)
        typed(node, "govkg:Jurisdiction", "dct:Location")
        add(node, "skos:prefLabel", _zh(known.name, "zh-Hans"))
        add(node, "govkg:level", ox.Literal(known.level))
        if known.parent_id:
            add(node, "dct:isPartOf", mint("jurisdiction", known.parent_id))
    return sorted(out, key=_quad_key if named_graphs else _triple_key)


def _quad_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    # Subject first, so a triple format's statements about one subject stay together.
    return (quad.subject.value, quad.predicate.value, str(quad.object), str(quad.graph_name))


def _triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    return (triple.subject.value, triple.predicate.value, str(triple.object))


def _document(document: Document, node, graph, add, typed, mint, jurisdiction) -> None:
    typed(node, "foaf:Document", "prov:Entity")
    add(node, "rdfs:label", _zh(document.title or document.path), graph=ox.DefaultGraph())
    if document.title:
        add(node, "dct:title", _zh(document.title))
    if document.doc_number:
        add(node, "dct:identifier", _zh(document.doc_number))
    if document.date:
        add(node, "dct:issued", ox.Literal(document.date, datatype=_term("xsd:date")))
    if document.year:
        add(node, "govkg:year", ox.Literal(str(document.year), datatype=_term("xsd:gYear")))
    if document.issuer:
        publisher = mint("publisher", document.issuer)
        typed(publisher, "foaf:Agent")
        add(publisher, "rdfs:label", _zh(document.issuer))
        add(node, "dct:publisher", publisher)
    if document.jurisdiction:
        add(node, "dct:spatial", jurisdiction(document.jurisdiction.id))
    add(node, "govkg:layout", ox.Literal(document.layout))
    if document.format:
        add(node, "govkg:sourceFormat", ox.Literal(document.format))
    add(node, "dct:source", ox.Literal(document.path))
    add(node, "govkg:sha256", ox.Literal(document.sha256))
    for letter, label in sorted(document.category_labels.items()):
        concept = mint("category", f"{document.id}/{letter}")
        add(concept, "skos:definition", _zh(label), graph)


# Where a span stands in a document that was not plain text (see graph_builder.readers).
ORIGIN_PROPERTIES = (
    ("page", "govkg:page"),
    ("page_end", "govkg:pageEnd"),
    ("table", "govkg:tableNumber"),
    ("row", "govkg:row"),
    ("row_end", "govkg:rowEnd"),
    ("column", "govkg:column"),
)


def _origin(node, span, graph, add) -> None:
    for key, predicate in ORIGIN_PROPERTIES:
        value = getattr(span, key, None)
        if value is not None:
            add(node, predicate, _int(value), graph)
    if getattr(span, "sheet", None):
        add(node, "govkg:sheet", ox.Literal(span.sheet), graph)


def _task(task: Task, document: Document, doc_node, graph, add, typed, mint, jurisdiction, node_of) -> None:
    node = mint("task", task.id)
    typed(node, "govkg:Task", "org:OrganizationalCollaboration", "prov:Activity", graph=graph)
    add(node, "rdfs:label", _zh(task.text), graph)
    add(node, "dct:identifier", ox.Literal(task.id), graph)
    if task.target and task.target != task.text:
        add(node, "govkg:target", _zh(task.target), graph)
    add(node, "dct:isPartOf", mint("program", task.program_id) if task.program_id else doc_node, graph)
    add(node, "prov:wasDerivedFrom", doc_node, graph)
    add(node, "govkg:lineStart", _int(task.span.line_start), graph)
    add(node, "govkg:lineEnd", _int(task.span.line_end), graph)
    _origin(node, task.span, graph, add)
    if task.seq:
        add(node, "govkg:seq", ox.Literal(task.seq), graph)
    if task.jurisdiction:
        add(node, "dct:spatial", jurisdiction(task.jurisdiction.id), graph)
    if task.category:
        concept = mint("category", f"{document.id}/{task.category}")
        scheme = mint("category", document.id)
        typed(concept, "skos:Concept", graph=graph)
        typed(scheme, "skos:ConceptScheme", graph=graph)
        add(concept, "skos:prefLabel", _zh(task.category), graph)
        add(concept, "skos:inScheme", scheme, graph)
        add(node, "govkg:targetCategory", concept, graph)
    if task.deadline:
        instant = mint("deadline", f"{document.year or 'unknown'}/{task.deadline}")
        typed(instant, "time:Instant", graph=graph)
        add(instant, "rdfs:label", _zh(task.deadline), graph)
        month = re.match(r"^(?:(\d{4})年)?(\d{1,2})月", task.deadline)
        year = (month.group(1) if month and month.group(1) else None) or document.year
        if month and year:
            add(instant, "time:inXSDgYearMonth", ox.Literal(f"{int(year):04d}-{int(month.group(2)):02d}", datatype=_term("xsd:gYearMonth")), graph)
        add(node, "govkg:deadline", instant, graph)
    for leader in filter(None, [task.leader, *task.assisting_leaders]):
        person = mint("leader", leader.id)
        typed(person, "govkg:Leader", "foaf:Person", graph=graph)
        add(person, "foaf:name", _zh(leader.name), graph)
        if leader.title:
            add(person, "govkg:title", _zh(leader.title), graph)
        add(node, "govkg:overseenBy" if leader is task.leader else "govkg:assistedBy", person, graph)
    seen: set[tuple[str, str]] = set()
    for mention in task.mentions:
        if not mention.agency_id or (mention.role, mention.agency_id) in seen:
            continue
        seen.add((mention.role, mention.agency_id))
        member = node_of(mention.agency_id)
        membership_id = f"{task.id}/{mention.role}/{mention.agency_id}"
        membership = mint("membership", membership_id)
        typed(membership, "org:Membership", graph=graph)
        add(membership, "org:member", member, graph)
        add(membership, "org:organization", node, graph)
        add(membership, "org:role", _term("govkg:lead" if mention.role == "lead" else "govkg:cooperating"), graph)
        if mention.basis:
            add(membership, "govkg:roleBasis", ox.Literal(mention.basis), graph)
        add(membership, "prov:wasDerivedFrom", doc_node, graph)
        add(member, "govkg:leads" if mention.role == "lead" else "govkg:cooperatesOn", node, graph)
        span = mint("span", membership_id)
        typed(span, "oa:SpecificResource", graph=graph)
        add(span, "oa:hasSource", doc_node, graph)
        add(span, "govkg:lineStart", _int(mention.span.line_start), graph)
        add(span, "govkg:lineEnd", _int(mention.span.line_end), graph)
        _origin(span, mention.span, graph, add)
        quote_selector = mint("span", membership_id + "/quote")
        typed(quote_selector, "oa:TextQuoteSelector", graph=graph)
        add(quote_selector, "oa:exact", ox.Literal(mention.mention), graph)
        lines = mint("span", membership_id + "/lines")
        typed(lines, "oa:FragmentSelector", graph=graph)
        add(lines, "dct:conformsTo", RFC5147, graph)
        add(lines, "rdf:value", ox.Literal(f"line={mention.span.line_start - 1},{mention.span.line_end}"), graph)
        add(span, "oa:hasSelector", quote_selector, graph)
        add(span, "oa:hasSelector", lines, graph)
        add(membership, "govkg:sourceSpan", span, graph)


def prefixes(base: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    return {**PREFIXES, **instance_prefixes(base)}


_PERCENT_ESCAPE = re.compile(rb"(?<!\\)\\%")


def readable_turtle(text: bytes) -> bytes:
    """Undo the serializer's backslash before each ``%`` of a local name (``agency:\\%E6`` ->
    ``agency:%E6``): both are valid Turtle, the second is what a person can read and what
    other tools write. Inside a string literal a backslash is itself escaped (``\\\\``), so a
    backslash-percent that follows no backslash can only be a local name's."""
    if b"\\\\%" not in text:
        return text.replace(b"\\%", b"%")  # the common case, and much faster than the regex
    return _PERCENT_ESCAPE.sub(b"%", text)


def serialize(corpus_quads: Iterable[ox.Quad], format: str, base: str = DEFAULT_BASE_IRI, output: str | Path | None = None):
    """Write with pyoxigraph: bytes, or into ``output``. Triple formats merge the graphs."""
    if format not in FORMATS:
        raise ValueError(f"unknown RDF format {format!r}; known: {', '.join(FORMATS)}")
    if format == "jsonld":  # compacted, with @context and named graphs (emit/jsonld.py)
        from .jsonld import serialize as jsonld_serialize

        data = jsonld_serialize(corpus_quads, base)
        if output is None:
            return data
        Path(output).write_bytes(data)
        return None
    items: Iterable = corpus_quads
    statements = corpus_quads if isinstance(corpus_quads, list) else list(corpus_quads)
    if statements and isinstance(statements[0], ox.Triple):
        if format in QUAD_FORMATS:
            raise ValueError(f"{format} needs quads: build them with quads(..., named_graphs=True)")
        items = statements
    elif format not in QUAD_FORMATS:
        # The quads are sorted by subject, predicate, object: a triple repeated across graphs
        # is adjacent, so dropping repeats keeps the order.
        triples, previous = [], None
        for quad in statements:
            triple = quad.triple
            if triple != previous:
                triples.append(triple)
                previous = triple
        items = triples
    elif format == "trig":
        items = sorted(statements, key=lambda q: str(q.graph_name))  # stable: one block per graph
    data = ox.serialize(items, format=FORMATS[format], prefixes=prefixes(base) if format in ("ttl", "trig") else None)
    if format in ("ttl", "trig"):
        data = readable_turtle(data)
    if output is None:
        return data
    Path(output).write_bytes(data)
    return None


def to_rdflib(corpus_quads: Iterable[ox.Quad]):
    """The same quads as an rdflib Dataset (for pySHACL and small graphs)."""
    import rdflib

    def convert(term):
        if isinstance(term, ox.NamedNode):
            return rdflib.URIRef(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return rdflib.Literal(term.value, lang=term.language)
            if term.datatype.value == XSD_STRING:
                return rdflib.Literal(term.value)  # a plain literal, as parsers read it
            return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
        raise TypeError(f"unexpected term {term!r}")

    dataset = rdflib.Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    contexts = {}
    for quad in corpus_quads:
        graph_name = getattr(quad, "graph_name", None)  # plain triples go to the default graph
        key = None if graph_name is None or isinstance(graph_name, ox.DefaultGraph) else graph_name.value
        if key not in contexts:
            contexts[key] = dataset.default_graph if key is None else dataset.graph(rdflib.URIRef(key))
        contexts[key].add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    return dataset


def serialize_rdflib(corpus_quads: list[ox.Quad], format: str, base: str = DEFAULT_BASE_IRI) -> bytes:
    """Write with rdflib (slow beyond ~10⁵ triples; kept for small graphs and cross-checks)."""
    dataset = to_rdflib(corpus_quads)
    for prefix, namespace in instance_prefixes(base).items():
        dataset.bind(prefix, namespace)
    rdflib_format = RDF_WRITERS[format].RDFLIB
    if format in QUAD_FORMATS:
        return dataset.serialize(format=rdflib_format, encoding="utf-8")
    return union_graph(dataset, bind_prefixes=True).serialize(format=rdflib_format, encoding="utf-8")


def union_graph(dataset, bind_prefixes: bool = False):
    """The triples of every graph of an rdflib ``dataset`` in one rdflib Graph (what SHACL
    validates and a triple format writes); with ``bind_prefixes``, the dataset's prefixes too."""
    import rdflib

    merged = rdflib.Graph()
    if bind_prefixes:
        for prefix, namespace in dataset.namespaces():
            merged.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads():
        merged.add((s, p, o))
    return merged


def write(corpus: Corpus, target, format: str, base_iri: str | None = None, engine: str = "oxigraph",
          statements: list | None = None) -> list[Path]:
    """``corpus`` as RDF ``format`` into ``target`` (a path, or a binary stream such as standard
    output); the files written. ``statements``: the quads, when several formats are written from
    one set (they must have named graphs for a format with ``NAMED_GRAPHS``); ``engine``:
    oxigraph (fast) or rdflib (small graphs)."""
    base = base_iri or DEFAULT_BASE_IRI
    if statements is None:
        statements = quads(corpus, base, named_graphs=format in QUAD_FORMATS)
    if engine == "oxigraph":
        data = serialize(statements, format, base)
    elif engine == "rdflib":
        data = serialize_rdflib(statements, format, base)
    else:
        raise ValueError(f"unknown engine {engine!r}: oxigraph or rdflib")
    if hasattr(target, "write"):
        target.write(data)
        return []
    Path(target).write_bytes(data)
    return [Path(target)]
