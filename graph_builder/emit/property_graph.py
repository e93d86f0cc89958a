"""The model as property-graph tables: one list of rows per node label and per relationship
type, read by every Cypher back end (the Neo4j Bolt loader, LadybugDB's COPY, neo4j-admin CSV).

Schema (``id`` properties are the model's canonical ids, shared with the RDF IRIs):

| label | properties |
|---|---|
| Agency | id, name, canonical, jurisdiction, type, level, aliases, mentioned |
| AgencyGroup | id, name, group_kind, scope, jurisdiction, level, aliases |
| Task | id, text, target, category, deadline, seq, document_id, jurisdiction, line_start, line_end |
| Program | id, title, seq, section, document_id |
| Document | id, title, doc_number, date, year, issuer, layout, path, jurisdiction |
| Jurisdiction | id, name, level |
| Leader | id, name, title, jurisdiction |

| relationship | from → to | properties |
|---|---|---|
| LEADS, COOPERATES_ON | Agency or AgencyGroup → Task | key, document_id, line_start, line_end, mention, basis (why the role: marked, stated, first_listed, single, joint, corrected), correction (the corrections file's ``FILE:ROW`` that set it; null otherwise) |
| PART_OF | Task → Program, Program → Document, Task → Document | key |
| ISSUED_BY | Document → Jurisdiction | key, issuer |
| IN_JURISDICTION | Agency, AgencyGroup, Task → Jurisdiction; Jurisdiction → its parent | key |
| MEMBER_OF | Agency → AgencyGroup | key |
| SUCCEEDED_BY | Agency → Agency | key, year, change, source |
| UNIT_OF | Agency (branch) → Agency | key |
| OVERSEES | Leader → Task | key, role (lead or assist) |

Every relationship has a ``key`` unique within its type, so a re-load can tell which
relationships are still in the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import jurisdictions as jurisdiction_registry
from ..model import Corpus

NODE_PROPERTIES: dict[str, dict[str, str]] = {
    "Agency": {"id": "STRING", "name": "STRING", "canonical": "STRING", "jurisdiction": "STRING", "type": "STRING", "level": "STRING", "aliases": "STRING[]", "mentioned": "BOOLEAN"},
    "AgencyGroup": {"id": "STRING", "name": "STRING", "group_kind": "STRING", "scope": "STRING", "jurisdiction": "STRING", "level": "STRING", "aliases": "STRING[]"},
    "Task": {"id": "STRING", "text": "STRING", "target": "STRING", "category": "STRING", "deadline": "STRING", "seq": "STRING", "document_id": "STRING", "jurisdiction": "STRING", "line_start": "INT64", "line_end": "INT64"},
    "Program": {"id": "STRING", "title": "STRING", "seq": "STRING", "section": "STRING", "document_id": "STRING"},
    "Document": {"id": "STRING", "title": "STRING", "doc_number": "STRING", "date": "STRING", "year": "INT64", "issuer": "STRING", "layout": "STRING", "path": "STRING", "jurisdiction": "STRING"},
    "Jurisdiction": {"id": "STRING", "name": "STRING", "level": "STRING"},
    "Leader": {"id": "STRING", "name": "STRING", "title": "STRING", "jurisdiction": "STRING"},
}

REL_PROPERTIES: dict[str, dict[str, str]] = {
    "LEADS": {"key": "STRING", "document_id": "STRING", "line_start": "INT64", "line_end": "INT64", "mention": "STRING", "basis": "STRING", "correction": "STRING"},
    "COOPERATES_ON": {"key": "STRING", "document_id": "STRING", "line_start": "INT64", "line_end": "INT64", "mention": "STRING", "basis": "STRING", "correction": "STRING"},
    "PART_OF": {"key": "STRING"},
    "ISSUED_BY": {"key": "STRING", "issuer": "STRING"},
    "IN_JURISDICTION": {"key": "STRING"},
    "MEMBER_OF": {"key": "STRING"},
    "SUCCEEDED_BY": {"key": "STRING", "year": "INT64", "change": "STRING", "source": "STRING"},
    "UNIT_OF": {"key": "STRING"},
    "OVERSEES": {"key": "STRING", "role": "STRING"},
}

# (type, from label, to label) pairs the schema allows; LadybugDB needs them declared.
REL_ENDPOINTS: dict[str, list[tuple[str, str]]] = {
    "LEADS": [("Agency", "Task"), ("AgencyGroup", "Task")],
    "COOPERATES_ON": [("Agency", "Task"), ("AgencyGroup", "Task")],
    "PART_OF": [("Task", "Program"), ("Program", "Document"), ("Task", "Document")],
    "ISSUED_BY": [("Document", "Jurisdiction")],
    "IN_JURISDICTION": [("Agency", "Jurisdiction"), ("AgencyGroup", "Jurisdiction"), ("Task", "Jurisdiction"), ("Jurisdiction", "Jurisdiction")],
    "MEMBER_OF": [("Agency", "AgencyGroup")],
    "SUCCEEDED_BY": [("Agency", "Agency")],
    "UNIT_OF": [("Agency", "Agency")],
    "OVERSEES": [("Leader", "Task")],
}


@dataclass
class Relationships:
    """Rows of one relationship type between two labels: start id, end id, properties."""

    type: str
    start_label: str
    end_label: str
    rows: list[dict] = field(default_factory=list)  # {"start": id, "end": id, "props": {...}}


@dataclass
class PropertyGraph:
    nodes: dict[str, list[dict]]
    relationships: list[Relationships]

    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    def relationship_count(self) -> int:
        return sum(len(r.rows) for r in self.relationships)

    def counts_by_label(self) -> dict[str, int]:
        return {label: len(rows) for label, rows in self.nodes.items()}

    def counts_by_type(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for group in self.relationships:
            counts[group.type] = counts.get(group.type, 0) + len(group.rows)
        return counts


def as_property_graph(data: Corpus | PropertyGraph) -> PropertyGraph:
    """The tables of a corpus, or tables already made (one ``property_graph`` shared by several
    stores, a benchmark's synthetic graph)."""
    return data if isinstance(data, PropertyGraph) else property_graph(data)


def property_graph(corpus: Corpus) -> PropertyGraph:
    """Tables for every node and relationship of the corpus, in a stable order."""
    resolution = corpus.resolution
    nodes: dict[str, dict[str, dict]] = {label: {} for label in NODE_PROPERTIES}
    rels: dict[tuple[str, str, str], dict[str, dict]] = {}

    def node(label: str, **props) -> None:
        nodes[label][props["id"]] = props

    def rel(type_: str, start_label: str, start: str, end_label: str, end: str, key: str | None = None, **props) -> None:
        key = key or f"{start_label}:{start}->{end}"
        rels.setdefault((type_, start_label, end_label), {})[key] = {"start": start, "end": end, "props": {"key": key, **props}}

    used_jurisdictions: set[str] = set()

    def jurisdiction(label: str, node_id: str, jurisdiction_id: str | None) -> None:
        if jurisdiction_id:
            used_jurisdictions.add(jurisdiction_id)
            rel("IN_JURISDICTION", label, node_id, "Jurisdiction", jurisdiction_id)

    for agency in resolution.agencies.values():
        node("Agency", id=agency.id, name=agency.name, canonical=agency.canonical, jurisdiction=agency.jurisdiction_id,
             type=agency.type, level=agency.level, aliases=sorted(agency.aliases), mentioned=agency.mentioned)
        jurisdiction("Agency", agency.id, agency.jurisdiction_id)
        if agency.unit_of:
            rel("UNIT_OF", "Agency", agency.id, "Agency", agency.unit_of)
    for group in resolution.groups.values():
        node("AgencyGroup", id=group.id, name=group.name, group_kind=group.group_kind, scope=group.scope,
             jurisdiction=group.jurisdiction_id, level=group.level, aliases=sorted(group.aliases))
        jurisdiction("AgencyGroup", group.id, group.jurisdiction_id)
        for member in group.members:
            rel("MEMBER_OF", "Agency", member, "AgencyGroup", group.id)
    for event in resolution.successions:
        for predecessor in event.predecessor_ids:
            rel("SUCCEEDED_BY", "Agency", predecessor, "Agency", event.successor_id, year=event.year, change=event.change, source=event.source)

    for extraction in corpus.extractions:
        document = extraction.document
        node("Document", id=document.id, title=document.title, doc_number=document.doc_number, date=document.date,
             year=document.year, issuer=document.issuer, layout=document.layout, path=document.path,
             jurisdiction=document.jurisdiction.id if document.jurisdiction else None)
        if document.jurisdiction:
            used_jurisdictions.add(document.jurisdiction.id)
            rel("ISSUED_BY", "Document", document.id, "Jurisdiction", document.jurisdiction.id, issuer=document.issuer)
        for program in extraction.programs:
            node("Program", id=program.id, title=program.label, seq=program.seq, section=program.section, document_id=document.id)
            rel("PART_OF", "Program", program.id, "Document", document.id)
        for task in extraction.tasks:
            task_jurisdiction = task.jurisdiction.id if task.jurisdiction else None
            node("Task", id=task.id, text=task.text, target=task.target, category=task.category, deadline=task.deadline,
                 seq=task.seq, document_id=document.id, jurisdiction=task_jurisdiction,
                 line_start=task.span.line_start, line_end=task.span.line_end)
            if task.program_id:
                rel("PART_OF", "Task", task.id, "Program", task.program_id)
            else:
                rel("PART_OF", "Task", task.id, "Document", document.id)
            jurisdiction("Task", task.id, task_jurisdiction)
            for leader in filter(None, [task.leader, *task.assisting_leaders]):
                node("Leader", id=leader.id, name=leader.name, title=leader.title, jurisdiction=leader.jurisdiction_id)
                rel("OVERSEES", "Leader", leader.id, "Task", task.id, role="lead" if leader is task.leader else "assist")
            for mention in task.roles():  # a unit listed twice in one role on one task counts once
                label = "AgencyGroup" if mention.agency_id in resolution.groups else "Agency"
                type_ = "LEADS" if mention.role == "lead" else "COOPERATES_ON"
                key = f"{task.id}/{mention.role}/{mention.agency_id}"
                rel(type_, label, mention.agency_id, "Task", task.id, key=key, document_id=document.id,
                    line_start=mention.span.line_start, line_end=mention.span.line_end,
                    mention=re.sub(r"\s+", "", mention.mention), basis=mention.basis or "", correction=mention.correction)

    for known in jurisdiction_registry.with_ancestors(used_jurisdictions):
        node("Jurisdiction", id=known.id, name=known.name, level=known.level)
        if known.parent_id:
            rel("IN_JURISDICTION", "Jurisdiction", known.id, "Jurisdiction", known.parent_id)

    return PropertyGraph(
        nodes={label: [rows[k] for k in sorted(rows)] for label, rows in nodes.items()},
        relationships=[
            Relationships(type_, start, end, [rows[k] for k in sorted(rows)])
            for (type_, start, end), rows in sorted(rels.items())
        ],
    )
