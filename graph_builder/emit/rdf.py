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

import operator
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

import pyoxigraph as ox

from ontology.namespaces import DEFAULT_BASE_IRI, PREFIXES, instance_prefixes

from .. import jurisdictions as jurisdiction_registry
from ..ingest import to_simplified
from ..memory import gc_paused
from ..model import Corpus, Document, Task
from . import RDF_WRITERS  # the one list of RDF formats: a writer module each (emit/__init__.py)

FORMATS = {name: getattr(ox.RdfFormat, writer.OXIGRAPH) for name, writer in RDF_WRITERS.items()}
QUAD_FORMATS = {name for name, writer in RDF_WRITERS.items() if writer.NAMED_GRAPHS}  # jsonld: as TriG

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
RDF_TYPE_IRI = PREFIXES["rdf"] + "type"
DEFAULT_GRAPH = str(ox.DefaultGraph())  # 'DEFAULT': sorts as the quads' graph names did
XSD_STRING = PREFIXES["xsd"] + "string"
RFC5147 = ox.NamedNode("http://tools.ietf.org/rfc/rfc5147")


@lru_cache(maxsize=None)
def _term(curie: str) -> ox.NamedNode:
    prefix, local = curie.split(":", 1)
    return ox.NamedNode(PREFIXES[prefix] + local)


class _Encoded(dict):
    """Code point -> its encoding in a local name, filled on first use (a ``str.translate``
    table: the id is encoded in C, not a character at a time in Python)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        special = {"/": ".", ".": "%2E"}  # quote() never encodes "."
        encoded = self[code] = special.get(char) or quote(char, safe="-_~", errors="surrogatepass")
        return encoded


_ENCODED = _Encoded()


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

    ``str.translate`` with a cache of each character's encoding (minting is the hot loop of a
    large export).
    """
    return identifier.translate(_ENCODED)


class Minter:
    """Mints one IRI per (kind, id); raises ValueError if two different ids ever meet at one IRI.
    ``mint(kind, id)`` gives a pyoxigraph NamedNode, ``mint.iri(kind, id)`` the IRI string."""

    def __init__(self, base: str = DEFAULT_BASE_IRI):
        if not re.match(r"^https?://\S+[/#]$", base):
            raise ValueError(f"base IRI must be an http(s) IRI ending in / or #, not {base!r}")
        self.base = base
        self._cache: dict[tuple[str, str], str] = {}
        self._owner: dict[str, tuple[str, str]] = {}
        self._locals: dict[str, str] = {}

    def _local(self, part: str) -> str:
        local = self._locals.get(part)
        if local is None:
            local = self._locals[part] = local_name(part)
        return local

    def iri(self, kind: str, identifier: str, *parts: str) -> str:
        """The IRI string; ``parts``, when given, are the pieces of ``identifier`` between its
        ``/``: their encodings are cached and joined by ``.``, which is the encoding of the
        whole (local_name encodes one character at a time) for ids that share long pieces
        (a membership is task/role/agency)."""
        key = (kind, identifier)
        iri = self._cache.get(key)
        if iri is None:
            if parts:
                local = ".".join([self._local(part) for part in parts])
            else:
                local = local_name(identifier)
            iri = f"{self.base}{kind}/{local}"
            owner = self._owner.setdefault(iri, key)
            if owner != key:
                raise ValueError(f"two ids mint one IRI {iri}: {owner[0]} {owner[1]!r} and {kind} {identifier!r}")
            self._cache[key] = iri
        return iri

    def __call__(self, kind: str, identifier: str) -> ox.NamedNode:
        return ox.NamedNode(self.iri(kind, identifier))


# Statements are built as strings (the bulk of an export: ~1.5 µs per pyoxigraph object made in
# Python, 10⁶ of them), in the N-Triples forms pyoxigraph prints: an IRI as itself (a term
# that is not a literal), a literal as ``"text"``, ``"text"@lang`` or ``"text"^^<datatype>``.
# Text with a character N-Triples escapes goes through pyoxigraph, so the forms are its own.
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


@lru_cache(maxsize=None)
def _language_suffix(language: str) -> str:
    return str(ox.Literal("", language=language))[2:]  # '@zh-hans': pyoxigraph's form of the tag


def _literal(text: str, language: str | None = None, datatype: str | None = None) -> str:
    """A literal as N-Triples (``str()`` of the pyoxigraph Literal)."""
    if _NEEDS_ESCAPE.search(text):
        if language:
            return str(ox.Literal(text, language=language))
        return str(ox.Literal(text, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(text))
    if language:
        return f'"{text}"{_language_suffix(language)}'
    if datatype and datatype != XSD_STRING:
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


def _zh(text: str, script: str = "zh-Hans") -> str:
    """A Chinese literal; ``script=None`` tells traditional from simplified (slower: OpenCC)."""
    if script is None:
        script = "zh-Hans" if to_simplified(text) == text else "zh-Hant"
    return _literal(text, language=script)


def _int(value: int) -> str:
    return _literal(str(value), datatype=_iri("xsd:integer"))


def _str(value: str) -> str:
    return _literal(value)


@lru_cache(maxsize=None)
def _iri(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local


def quads(corpus: Corpus, base: str = DEFAULT_BASE_IRI, named_graphs: bool = True, union_default_graph: bool = False) -> "Statements":
    """Every statement of the graph, sorted by subject: quads with per-document statements in
    that document's named graph, or, with ``named_graphs=False``, plain triples (what the
    triple formats write; cheaper than turning quads into triples afterwards).

    ``union_default_graph`` puts every statement of a document's graph in the default graph as
    well: a store that loads the TriG or N-Quads file and answers plain SPARQL (no ``GRAPH ?g``)
    from the default graph alone, as Oxigraph, Fuseki and GraphDB do unless told otherwise,
    then sees every relation, and each statement keeps its document's graph.

    A sequence of pyoxigraph Quads (Triples), made when first read: ``serialize`` writes the
    statements straight from their N-Triples forms (sorted as the pyoxigraph terms would be)."""
    with gc_paused():
        return _statements(corpus, base, named_graphs, union_default_graph and named_graphs)


def _statements(corpus: Corpus, base: str, named_graphs: bool, union_default_graph: bool = False) -> "Statements":
    minter = Minter(base)
    mint = minter.iri
    # subject -> its statements without the subject: sorting the subjects, then each subject's
    # few statements, is much cheaper than sorting 10⁶ strings that share long prefixes
    out: dict[str, set[str]] = defaultdict(set)
    default = DEFAULT_GRAPH
    if union_default_graph:
        def add(subject: str, predicate: str, obj: str, graph: str = default):
            term = obj if obj[0] == '"' else f"<{obj}>"
            statements = out[subject]
            statements.add(f"{_iri(predicate)}\0{term}\0{graph}")
            statements.add(f"{_iri(predicate)}\0{term}\0{default}")

        def typed(subject: str, *classes: str, graph: str = default):
            for cls in classes:
                out[subject].add(f"{RDF_TYPE_IRI}\0<{_iri(cls)}>\0{graph}")
                out[subject].add(f"{RDF_TYPE_IRI}\0<{_iri(cls)}>\0{default}")
    elif named_graphs:
        def add(subject: str, predicate: str, obj: str, graph: str = default):
            term = obj if obj[0] == '"' else f"<{obj}>"
            out[subject].add(f"{_iri(predicate)}\0{term}\0{graph}")

        def typed(subject: str, *classes: str, graph: str = default):
            for cls in classes:
                out[subject].add(f"{RDF_TYPE_IRI}\0<{_iri(cls)}>\0{graph}")
    else:
        def add(subject: str, predicate: str, obj: str, graph: str = default):
            term = obj if obj[0] == '"' else f"<{obj}>"
            out[subject].add(f"{_iri(predicate)}\0{term}")

        def typed(subject: str, *classes: str, graph: str = default):
            for cls in classes:
                out[subject].add(f"{RDF_TYPE_IRI}\0<{_iri(cls)}>")

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
        add(node, "dct:identifier", _str(agency.id))
        for alias in sorted(agency.aliases):
            add(node, "skos:altLabel", _zh(re.sub(r"\s+", "", alias), None))
        add(node, "org:classification", _iri(f"govkg:type-{agency.type}"))
        add(node, "dct:spatial", jurisdiction(agency.jurisdiction_id))
        add(node, "govkg:level", _str(agency.level))
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
        add(node, "dct:identifier", _str(group.id))
        for alias in sorted(group.aliases):
            add(node, "skos:altLabel", _zh(re.sub(r"\s+", "", alias), None))
        add(node, "org:classification", _iri("govkg:type-group"))
        add(node, "dct:spatial", jurisdiction(group.jurisdiction_id))
        add(node, "govkg:level", _str(group.level))
        add(node, "govkg:groupKind", _str(group.group_kind))
        add(node, "govkg:scope", _str(group.scope))
        for member in group.members:
            add(mint("agency", member), "org:memberOf", node)
            add(node, "org:hasMember", mint("agency", member))

    def node_of(node_id: str) -> str:
        return mint("group", node_id) if node_id in resolution.groups else mint("agency", node_id)

    # -- reorganisations -------------------------------------------------------------------
    for event in resolution.successions:
        node = mint("change", event.id)
        typed(node, "org:ChangeEvent", "prov:Activity")
        for predecessor in event.predecessor_ids:
            add(node, "org:originalOrganization", mint("agency", predecessor))
        add(node, "org:resultingOrganization", mint("agency", event.successor_id))
        add(node, "dct:date", _literal(str(event.year), datatype=_iri("xsd:gYear")))
        add(node, "govkg:change", _str(event.change))
        add(node, "rdfs:comment", _literal(event.source, language="en"))
        add(mint("agency", event.successor_id), "org:resultedFrom", node)
        for predecessor in event.predecessor_ids:
            add(mint("agency", predecessor), "org:changedBy", node)

    # -- documents, programs, tasks, memberships -------------------------------------------
    for extraction in corpus.extractions:
        document = extraction.document
        graph = f"<{mint('graph', document.id)}>"
        doc_node = mint("document", document.id)
        _document(document, doc_node, graph, add, typed, mint, jurisdiction)
        for program in extraction.programs:
            node = mint("program", program.id)
            typed(node, "govkg:Program", "prov:Entity", graph=graph)
            add(node, "rdfs:label", _zh(program.label), graph)
            add(node, "dct:isPartOf", doc_node, graph)
            if program.seq:
                add(node, "govkg:seq", _str(program.seq), graph)
            if program.section:
                add(node, "govkg:section", _zh(program.section), graph)
            if program.description:
                add(node, "dct:description", _zh(program.description), graph)
        corrections = _corrections(extraction, doc_node, graph, add, typed, mint) if extraction.corrections else None
        for task in extraction.tasks:
            _task(task, document, doc_node, graph, add, typed, mint, jurisdiction, node_of, corrections)

    # -- jurisdictions, with their ancestors -----------------------------------------------
    for known in jurisdiction_registry.with_ancestors(used_jurisdictions):
        node = mint("jurisdiction", known.id)
        typed(node, "govkg:Jurisdiction", "dct:Location")
        add(node, "skos:prefLabel", _zh(known.name, "zh-Hans"))
        add(node, "govkg:level", _str(known.level))
        if known.parent_id:
            add(node, "dct:isPartOf", mint("jurisdiction", known.parent_id))
    # (NUL sorts first, so subject by subject, then the rest, is the order of the whole strings)
    return Statements([f"{subject}\0{rest}" for subject in sorted(out) for rest in sorted(out[subject])], named_graphs)


def _quad_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    # Subject first, so a triple format's statements about one subject stay together.
    return (quad.subject.value, quad.predicate.value, str(quad.object), str(quad.graph_name))


def _triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    return (triple.subject.value, triple.predicate.value, str(triple.object))


def _document(document: Document, node, graph, add, typed, mint, jurisdiction) -> None:
    typed(node, "foaf:Document", "prov:Entity")
    add(node, "rdfs:label", _zh(document.title or document.path), graph=DEFAULT_GRAPH)
    if document.title:
        add(node, "dct:title", _zh(document.title))
    if document.doc_number:
        add(node, "dct:identifier", _zh(document.doc_number))
    if document.date:
        add(node, "dct:issued", _literal(document.date, datatype=_iri("xsd:date")))
    if document.year:
        add(node, "govkg:year", _literal(str(document.year), datatype=_iri("xsd:gYear")))
    if document.issuer:
        publisher = mint("publisher", document.issuer)
        typed(publisher, "foaf:Agent")
        add(publisher, "rdfs:label", _zh(document.issuer))
        add(node, "dct:publisher", publisher)
    if document.jurisdiction:
        add(node, "dct:spatial", jurisdiction(document.jurisdiction.id))
    add(node, "govkg:layout", _str(document.layout))
    if document.format:
        add(node, "govkg:sourceFormat", _str(document.format))
    add(node, "dct:source", _str(document.path))
    add(node, "govkg:sha256", _str(document.sha256))
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
        add(node, "govkg:sheet", _str(span.sheet), graph)


def _corrections(extraction, doc_node, graph, add, typed, mint) -> dict[str, str]:
    """Each applied row of a corrections file as a ``govkg:Correction`` (a ``prov:Activity``) in
    the document's graph, with the file (``dct:source``) and its row as its source; the IRIs by
    correction id, for the memberships and tasks the rows generated (``prov:wasGeneratedBy``).
    Stale and redundant rows changed nothing and are left out (extraction.json keeps them)."""
    iris = {}
    for correction in extraction.corrections:
        if correction.status != "applied":
            continue
        # Minted from the document and the file's name, not its path: the same IRI on every machine.
        node = mint("correction", f"{extraction.document.id}/{Path(correction.source).name}:{correction.row}")
        iris[correction.id] = node
        typed(node, "govkg:Correction", "prov:Activity", graph=graph)
        add(node, "govkg:correctionAction", _str(correction.action), graph)
        add(node, "dct:source", _str(correction.source), graph)
        add(node, "govkg:correctionRow", _int(correction.row), graph)
        add(node, "prov:used", doc_node, graph)
        add(node, "rdfs:comment", _literal(correction.detail, language="en"), graph)
        if correction.note:
            add(node, "skos:editorialNote", _str(correction.note), graph)
        if correction.task_id:
            task = mint("task", correction.task_id)
            if correction.action == "drop-task":
                add(node, "prov:invalidated", task, graph)
            elif correction.action == "add-task":
                add(task, "prov:wasGeneratedBy", node, graph)
            else:
                add(node, "prov:used", task, graph)
    return iris


def _task(task: Task, document: Document, doc_node, graph, add, typed, mint, jurisdiction, node_of, corrections=None) -> None:
    node = mint("task", task.id)
    typed(node, "govkg:Task", "org:OrganizationalCollaboration", "prov:Activity", graph=graph)
    add(node, "rdfs:label", _zh(task.text), graph)
    add(node, "dct:identifier", _str(task.id), graph)
    if task.target and task.target != task.text:
        add(node, "govkg:target", _zh(task.target), graph)
    add(node, "dct:isPartOf", mint("program", task.program_id) if task.program_id else doc_node, graph)
    add(node, "prov:wasDerivedFrom", doc_node, graph)
    add(node, "govkg:lineStart", _int(task.span.line_start), graph)
    add(node, "govkg:lineEnd", _int(task.span.line_end), graph)
    _origin(node, task.span, graph, add)
    if task.seq:
        add(node, "govkg:seq", _str(task.seq), graph)
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
            add(instant, "time:inXSDgYearMonth", _literal(f"{int(year):04d}-{int(month.group(2)):02d}", datatype=_iri("xsd:gYearMonth")), graph)
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
        parts = (task.id, mention.role, mention.agency_id)
        membership = mint("membership", membership_id, *parts)
        typed(membership, "org:Membership", graph=graph)
        add(membership, "org:member", member, graph)
        add(membership, "org:organization", node, graph)
        add(membership, "org:role", _iri("govkg:lead" if mention.role == "lead" else "govkg:cooperating"), graph)
        if mention.basis:
            add(membership, "govkg:roleBasis", _str(mention.basis), graph)
        if mention.correction and corrections and mention.correction in corrections:
            add(membership, "prov:wasGeneratedBy", corrections[mention.correction], graph)
        add(membership, "prov:wasDerivedFrom", doc_node, graph)
        add(member, "govkg:leads" if mention.role == "lead" else "govkg:cooperatesOn", node, graph)
        span = mint("span", membership_id, *parts)
        typed(span, "oa:SpecificResource", graph=graph)
        add(span, "oa:hasSource", doc_node, graph)
        add(span, "govkg:lineStart", _int(mention.span.line_start), graph)
        add(span, "govkg:lineEnd", _int(mention.span.line_end), graph)
        _origin(span, mention.span, graph, add)
        quote_selector = mint("span", membership_id + "/quote", *parts, "quote")
        typed(quote_selector, "oa:TextQuoteSelector", graph=graph)
        add(quote_selector, "oa:exact", _str(mention.mention), graph)
        lines = mint("span", membership_id + "/lines", *parts, "lines")
        typed(lines, "oa:FragmentSelector", graph=graph)
        add(lines, "dct:conformsTo", RFC5147.value, graph)
        add(lines, "rdf:value", _str(f"line={mention.span.line_start - 1},{mention.span.line_end}"), graph)
        add(span, "oa:hasSelector", quote_selector, graph)
        add(span, "oa:hasSelector", lines, graph)
        add(membership, "govkg:sourceSpan", span, graph)


_split = operator.methodcaller("split", "\0")


class Statements(Sequence):
    """The sorted statements of ``quads``: a sequence of pyoxigraph Quads (or Triples) made on
    first use, held as strings: subject IRI, predicate IRI, object as N-Triples and (quads) graph
    as ``str()`` of the graph name, joined by NUL, which no term contains and which sorts before
    every character, so the strings sort as ``_quad_key``/``_triple_key`` sort the terms (and
    faster than tuples). ``serialize`` writes N-Triples and N-Quads from the strings and hands Turtle
    and TriG to pyoxigraph's parser and serializer in one pass, never making the objects in
    Python one by one."""

    def __init__(self, rows: list[str], named_graphs: bool):
        self.rows = rows
        self.named_graphs = named_graphs
        self._objects: list | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        return self.objects()[index]

    def __iter__(self):
        return iter(self.objects())

    def __eq__(self, other) -> bool:
        if isinstance(other, Statements):
            return self.named_graphs == other.named_graphs and self.rows == other.rows
        return isinstance(other, (list, tuple, Sequence)) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"<Statements: {len(self.rows)} {'quads' if self.named_graphs else 'triples'}>"

    def objects(self) -> list:
        if self._objects is None:
            with gc_paused():
                self._objects = self._parse()
        return self._objects

    def _parse(self) -> list:
        parsed = ox.parse(self.text(), format=ox.RdfFormat.N_QUADS)
        return list(parsed) if self.named_graphs else [quad.triple for quad in parsed]

    def text(self, rows: list[str] | None = None) -> bytes:
        """N-Quads (N-Triples for triples or default-graph quads) of ``rows`` (default: all), as
        pyoxigraph writes them."""
        rows = self.rows if rows is None else rows
        if rows and rows[0].count("\0") == 3:
            lines = [f"<{s}> <{p}> {o} .\n" if g == DEFAULT_GRAPH else f"<{s}> <{p}> {o} {g} .\n" for s, p, o, g in map(_split, rows)]
        else:
            lines = [f"<{s}> <{p}> {o} .\n" for s, p, o in map(_split, rows)]
        return "".join(lines).encode("utf-8")

    def triples(self) -> list[str]:
        """The statements as triples in order, a triple repeated across graphs once (the quads
        are sorted by subject, predicate, object, so repeats are adjacent)."""
        if not self.named_graphs:
            return self.rows
        triples, previous = [], None
        for row in self.rows:
            triple = row[: row.rindex("\0")]
            if triple != previous:
                triples.append(triple)
                previous = triple
        return triples


# -- Turtle from the statement strings ---------------------------------------------------------
# pyoxigraph's Turtle, written in Python from the sorted strings: one subject per block, ";"
# between predicates, "," between objects, prefixed names where pyoxigraph writes them. The
# common terms (an IRI whose namespace is a prefix and whose local part needs no escape but
# "%"; a plain, language-tagged or typed literal without escapes) are formatted here; any other
# term is formatted by pyoxigraph itself (one small serialisation, cached), so the output is
# pyoxigraph's byte for byte (tests/test_rdf_speed.py compares them). With prefixes that nest
# or repeat a namespace, pyoxigraph writes the whole document.
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_%](?:[A-Za-z0-9_%.\-]*[A-Za-z0-9_%\-])?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_PROBE_S, _PROBE_P = "urn:govkg:probe-s", "urn:govkg:probe-p"
XSD_INTEGER = PREFIXES["xsd"] + "integer"
_XSD_SHORT = {PREFIXES["xsd"] + name for name in ("decimal", "double", "boolean")}  # written bare by pyoxigraph's rules


def _oxigraph_form(term: str, prefixes_: dict[str, str]) -> str:
    """How pyoxigraph's Turtle writes the term (N-Triples form) as an object."""
    probe = f"<{_PROBE_S}> <{_PROBE_P}> {term} .\n".encode("utf-8")
    data = ox.serialize(ox.parse(probe, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE, prefixes=prefixes_)
    line = data.decode("utf-8").rsplit("\n", 2)[-2]
    head = f"<{_PROBE_S}> <{_PROBE_P}> "
    if not line.startswith(head) or not line.endswith(" ."):
        raise ValueError(f"unexpected Turtle for {term}: {line}")
    return line[len(head):-2]


def _turtle(rows: list[str], prefixes_: dict[str, str]) -> bytes | None:
    """Turtle of sorted triple strings, as pyoxigraph writes it (before readable_turtle); None
    when the prefixes are not the simple kind this handles."""
    namespaces: dict[str, str] = {}
    for prefix, namespace in prefixes_.items():
        if namespace in namespaces or not namespace.endswith(("/", "#")):
            return None
        namespaces[namespace] = prefix
    if any(a != b and b.startswith(a) for a in namespaces for b in namespaces):
        return None
    if not rows:
        return b""
    probe = ox.serialize([ox.Triple(ox.NamedNode(_PROBE_S), ox.NamedNode(_PROBE_P), ox.NamedNode(_PROBE_S))],
                         format=ox.RdfFormat.TURTLE, prefixes=prefixes_).decode("utf-8")
    header = probe[: probe.index(f"<{_PROBE_S}>")]
    iris: dict[str, str] = {RDF_TYPE_IRI: "a"}  # predicates: rdf:type is "a"
    objects: dict[str, str] = {}

    def iri(value: str) -> str:
        form = objects.get(value)
        if form is None:
            cut = max(value.rfind("/"), value.rfind("#")) + 1
            prefix, local = namespaces.get(value[:cut]), value[cut:]
            if prefix is not None and _PLAIN_LOCAL.fullmatch(local):
                form = prefix + ":" + local.replace("%", "\\%")
            else:
                form = _oxigraph_form(f"<{value}>", prefixes_)
            objects[value] = form
        return form

    def predicate(value: str) -> str:
        form = iris.get(value)
        if form is None:
            form = iris[value] = iri(value)
        return form

    def obj(term: str) -> str:
        if term[0] == "<":
            form = objects[term] = iri(term[1:-1])
            return form
        end = term.rindex('"')
        text, suffix = term[1:end], term[end + 1:]
        if "\\" in text:
            form = objects[term] = _oxigraph_form(term, prefixes_)
            return form
        if not suffix or suffix[0] == "@":
            return term
        datatype = suffix[3:-1]
        if datatype == XSD_INTEGER and _INTEGER.fullmatch(text):
            return text
        if datatype in _XSD_SHORT:
            form = objects[term] = _oxigraph_form(term, prefixes_)
            return form
        return f'"{text}"^^{iri(datatype)}'

    out = [header]
    append = out.append
    previous_subject = previous_predicate = None
    forms = objects.get  # IRIs and unusual literals, by their N-Triples form (or IRI, for subjects)
    for subject, pred, term in map(_split, rows):
        form = forms(term) or obj(term)
        if subject != previous_subject:
            if previous_subject is not None:
                append(" .\n")
            append(f"{forms(subject) or iri(subject)} {iris.get(pred) or predicate(pred)} {form}")
            previous_subject, previous_predicate = subject, pred
        elif pred != previous_predicate:
            append(f" ;\n\t{iris.get(pred) or predicate(pred)} {form}")
            previous_predicate = pred
        else:
            append(f" , {form}")
    append(" .\n")
    return "".join(out).encode("utf-8")


def _serialize_statements(statements: Statements, format: str, base: str) -> bytes:
    if format in QUAD_FORMATS and not statements.named_graphs:
        raise ValueError(f"{format} needs quads: build them with quads(..., named_graphs=True)")
    if format == "nt":
        return statements.text(statements.triples())
    if format == "nq":
        return statements.text()
    if format == "ttl":
        data = _turtle(statements.triples(), prefixes(base))
        if data is not None:
            return readable_turtle(data)
        text, syntax = statements.text(statements.triples()), ox.RdfFormat.N_TRIPLES
    else:  # trig: stable by graph, one block per graph
        text, syntax = statements.text(sorted(statements.rows, key=lambda row: row[row.rindex("\0") + 1 :])), ox.RdfFormat.N_QUADS
    data = ox.serialize(ox.parse(text, format=syntax), format=FORMATS[format], prefixes=prefixes(base))
    return readable_turtle(data)


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
    if isinstance(corpus_quads, Statements):
        with gc_paused():
            data = _serialize_statements(corpus_quads, format, base)
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
          statements: list | None = None, union_default_graph: bool = False) -> list[Path]:
    """``corpus`` as RDF ``format`` into ``target`` (a path, or a binary stream such as standard
    output); the files written. ``statements``: the quads, when several formats are written from
    one set (they must have named graphs for a format with ``NAMED_GRAPHS``); ``engine``:
    oxigraph (fast) or rdflib (small graphs); ``union_default_graph``: see :func:`quads`."""
    base = base_iri or DEFAULT_BASE_IRI
    if statements is None:
        statements = quads(corpus, base, named_graphs=format in QUAD_FORMATS, union_default_graph=union_default_graph)
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
