"""The one model every emitter reads.

Plain dataclasses, filled by ``parse`` (documents, programs, tasks, mentions) and by
``resolve`` (canonical agencies, groups, jurisdictions, succession events). Emitters, the
query library and the visualisations read these objects; none of them re-parses text.

Ids are stable: they are derived from the document's content (its number, or a hash of its
bytes) and from positions in it, never from run order across documents or Python object ids,
so the same input gives the same ids on every run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

# The metadata of a field that the corpus file (graph_builder/store.py) stores only when some
# object of the corpus sets it: a corpus that uses no correction is stored as it was before
# corrections existed, byte for byte.
STORED_WHEN_SET = {"stored": "when set"}


@dataclass(frozen=True)
class SourceSpan:
    """Where something was read: 1-based inclusive line numbers in one file.

    For a document that was not plain text (see ``graph_builder.readers``) the lines are the
    ones its reader produced, and the span also names where they stand in the original: the
    PDF ``page``, the XLSX ``sheet``, the ``table`` (1-based, in document order; for XLSX the
    sheet's position) and its ``row`` (1-based; for XLSX the spreadsheet's own row number),
    with ``page_end``/``row_end`` when the span runs over several; an agency mention's span
    also the ``column`` of its cell. They are left out of
    ``to_dict`` when unset, so text input prints exactly what it always did.
    """

    path: str
    line_start: int
    line_end: int
    page: Optional[int] = None
    page_end: Optional[int] = None
    sheet: Optional[str] = None
    table: Optional[int] = None
    row: Optional[int] = None
    row_end: Optional[int] = None
    column: Optional[int] = None  # an agency mention's table column (1-based)

    ORIGIN_FIELDS = ("page", "page_end", "sheet", "table", "row", "row_end", "column")

    @classmethod
    def of_lines(cls, path: str, first: int, last: int) -> "SourceSpan":
        """``SourceSpan(path, first, last)``, made without the frozen class's field-by-field
        ``__init__`` (three times dearer): a long document has a span per task and per line.

        >>> SourceSpan.of_lines("a.txt", 3, 5) == SourceSpan("a.txt", 3, 5)
        True
        """
        span = object.__new__(cls)
        span.__dict__.update(_NO_ORIGIN, path=path, line_start=first, line_end=last)
        return span

    def to_dict(self) -> dict:
        out = {"path": self.path, "line_start": self.line_start, "line_end": self.line_end}
        if (self.page is None and self.page_end is None and self.sheet is None and self.table is None
                and self.row is None and self.row_end is None and self.column is None):
            return out  # plain text (every span of a text document): nothing else to look at
        for key in self.ORIGIN_FIELDS:
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


_NO_ORIGIN = dict.fromkeys(SourceSpan.ORIGIN_FIELDS)


@dataclass(frozen=True)
class Jurisdiction:
    """A government's territory: a city (市), a district or county (区/县), a street (街道).

    ``id`` is the path of names from the top, e.g. ``杭州市/上城区``.
    """

    id: str
    name: str
    level: str  # "province" | "city" | "district" | "county" | "street"
    parent_id: Optional[str] = None

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "level": self.level, "parent": self.parent_id}


@dataclass
class AgencyMention:
    """One agency name as it stands in one task's lead or cooperating list.

    ``mention`` is the surface text exactly as written (traditional script kept);
    ``name`` is the same name in simplified script with spaces and list punctuation removed.
    ``agency_id`` is filled by the resolution step.
    """

    mention: str
    name: str
    role: str  # "lead" | "cooperating"
    span: SourceSpan
    agency_id: Optional[str] = None
    is_collective: bool = False
    # Why a lead is a lead (and a co-operator not one): "marked" (the text says 牵头/配合),
    # "stated" (the document states that the first listed leads), "first_listed" (that
    # convention assumed), "single" (the only responsible unit), "joint" (按职责分工负责: all lead),
    # "corrected" (a row of the researcher's corrections file set it: see ``correction``).
    basis: Optional[str] = None
    # The id of the Correction (``FILE:ROW``) that set this mention, when one did.
    correction: Optional[str] = field(default=None, metadata=STORED_WHEN_SET)

    def to_dict(self) -> dict:
        out = {"mention": self.mention, "name": self.name}
        if self.agency_id is not None:
            out["agency_id"] = self.agency_id
        if self.basis is not None:
            out["basis"] = self.basis
        if self.correction is not None:
            out["correction"] = self.correction
        return out


@dataclass
class Leader:
    """A city or district leader named as being in charge of a group of tasks."""

    name: str
    title: str  # as written, simplified: 市长, 常务副市长, 副市长 ...
    jurisdiction_id: Optional[str] = None

    @property
    def id(self) -> str:
        return f"{self.jurisdiction_id or 'unknown'}/{self.name}"

    def to_dict(self) -> dict:
        return {"name": self.name, "title": self.title}


@dataclass
class Program:
    """A group of tasks the document itself draws: a project, a table, a leader's portfolio."""

    id: str
    seq: Optional[str]
    title: Optional[str]
    section: Optional[str] = None  # the attachment or table the program stands in
    description: Optional[str] = None  # the body text's restatement of it, if any
    span: Optional[SourceSpan] = None

    @property
    def label(self) -> str:
        if self.title:
            return self.title
        return f"项目{self.seq}" if self.seq else self.id

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "seq": self.seq,
            "title": self.title,
            "label": self.label,
            "section": self.section,
            "description": self.description,
        }


@dataclass
class Task:
    """One assigned piece of work with the agencies that lead it and co-operate on it."""

    id: str
    seq: Optional[str]
    program_id: Optional[str]
    text: str
    span: SourceSpan
    jurisdiction: Optional[Jurisdiction]
    target: Optional[str] = None
    category: Optional[str] = None
    deadline: Optional[str] = None
    leader: Optional[Leader] = None
    assisting_leaders: list[Leader] = field(default_factory=list)
    lead: list[AgencyMention] = field(default_factory=list)
    cooperating: list[AgencyMention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def mentions(self) -> list[AgencyMention]:
        return [*self.lead, *self.cooperating]

    def roles(self) -> list[AgencyMention]:
        """The resolved mentions, each (role, agency) once: a unit listed twice in one role on
        one task counts once, by its first mention. What every count of who leads or co-operates
        on what reads (the property graph, the agency table)."""
        seen: set[tuple[str, str]] = set()
        out = []
        for mention in self.mentions:
            key = (mention.role, mention.agency_id)
            if mention.agency_id and key not in seen:
                seen.add(key)
                out.append(mention)
        return out

    def to_dict(self, programs: dict[str, Program] | None = None) -> dict:
        program = (programs or {}).get(self.program_id) if self.program_id else None
        return {
            "id": self.id,
            "seq": self.seq,
            "program": program.label if program else self.program_id,
            "program_id": self.program_id,
            "text": self.text,
            "target": self.target,
            "category": self.category,
            "deadline": self.deadline,
            "leader": self.leader.name if self.leader else None,
            "leader_title": self.leader.title if self.leader else None,
            "assisting_leaders": [leader.name for leader in self.assisting_leaders],
            "jurisdiction": self.jurisdiction.id if self.jurisdiction else None,
            "source": self.span.to_dict(),
            "lead": [m.to_dict() for m in self.lead],
            "cooperating": [m.to_dict() for m in self.cooperating],
            "notes": list(self.notes),
        }


@dataclass
class SkippedLine:
    """A non-blank input line that did not land in the graph, and why."""

    path: str
    line: int
    text: str
    reason: str
    # Where the line stands in a document that was not plain text: a SourceSpan with its page,
    # table, row (see graph_builder.readers); its keys are added to to_dict only when set.
    origin: Optional[SourceSpan] = None

    def to_dict(self) -> dict:
        out = {"path": self.path, "line": self.line, "text": self.text, "reason": self.reason}
        if self.origin is not None:
            out.update({k: v for k, v in self.origin.to_dict().items() if k not in ("path", "line_start", "line_end")})
        return out


# Roles a non-blank line can play. Every non-blank line gets exactly one, so nothing is lost
# silently: "skipped" lines carry a reason and are reported.
LINE_ROLES = (
    "metadata",  # document header fields: number, date, issuer, title
    "preamble",  # prose before the task list (addressees, instructions)
    "heading",  # a section, attachment, program or leader heading
    "header",  # a table header row
    "task",  # part of a task: its text, target, agencies, deadline
    "note",  # a legend or footnote the parser read (e.g. category definitions)
    "narrative",  # prose between or after task lists that assigns no task
    "footer",  # distribution list, print line, page furniture
    "skipped",  # could not be used: see the reason
)


@dataclass
class Document:
    """One input file and what its header says about it."""

    id: str
    path: str
    layout: str
    script: str  # "simplified" | "traditional"
    encoding: str
    title: Optional[str] = None
    issuer: Optional[str] = None
    doc_number: Optional[str] = None  # as written, e.g. 杭政辦函〔2022〕20號
    doc_number_simplified: Optional[str] = None
    date: Optional[str] = None  # ISO 8601
    year: Optional[int] = None
    jurisdiction: Optional[Jurisdiction] = None
    lead_convention: Optional[str] = None  # the document's own words on who leads
    lead_convention_fuzzy: bool = False  # read leniently: the sentence is damaged or reworded
    warnings: list[str] = field(default_factory=list)  # "path:line: …", reported, not errors
    readers: list[str] = field(default_factory=list)  # the readers that found tasks in it
    category_labels: dict[str, str] = field(default_factory=dict)
    sha256: str = ""
    format: Optional[str] = None  # html | docx | xlsx | pdf; None for plain text
    # Unit names its lines hold (parse/agency_spans.py), and how many of them landed in a task.
    agency_names: int = 0
    agency_names_placed: int = 0

    @property
    def agency_names_share(self) -> float:
        return self.agency_names_placed / self.agency_names if self.agency_names else 1.0

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "path": self.path,
            "layout": self.layout,
            "script": self.script,
            "encoding": self.encoding,
            "title": self.title,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "doc_number_simplified": self.doc_number_simplified,
            "date": self.date,
            "year": self.year,
            "jurisdiction": self.jurisdiction.to_dict() if self.jurisdiction else None,
            "lead_convention": self.lead_convention,
            "lead_convention_fuzzy": self.lead_convention_fuzzy,
            "warnings": list(self.warnings),
            "readers": list(self.readers),
            "category_labels": dict(self.category_labels),
            "sha256": self.sha256,
            **({"format": self.format} if self.format else {}),
        }


@dataclass
class Correction:
    """One row of a researcher's corrections file (``govkg build --corrections FILE``) as it met
    one document: ``applied``; ``redundant``, when the extraction already says what it says; or
    ``stale`` — not applied, because the document or its task no longer reads as it did when the
    row was written — with what was done or why not.

    Its ``id`` (``FILE:ROW``) is the provenance of every mention it set (``AgencyMention.correction``).
    """

    source: str  # the corrections file, as given
    row: int  # the row's line in that file (the header is line 1)
    action: str  # set-lead | add-agency | remove-agency | split-agency | merge-agencies | drop-task | add-task | confirm
    status: str  # "applied" | "redundant" | "stale"
    detail: str  # what was done, or why it was not
    task_id: Optional[str] = None  # the task it changed (for add-task, the task it made)
    note: Optional[str] = None  # the researcher's own note on the row

    @property
    def id(self) -> str:
        return f"{self.source}:{self.row}"

    def to_dict(self) -> dict:
        return {"id": self.id, "action": self.action, "status": self.status, "task": self.task_id, "detail": self.detail,
                **({"note": self.note} if self.note else {})}


@dataclass
class Extraction:
    """Everything read from one document."""

    document: Document
    programs: list[Program]
    tasks: list[Task]
    skipped: list[SkippedLine]
    line_roles: dict[int, str]  # line number -> one of LINE_ROLES, for every non-blank line
    # The rows of a corrections file that named this document, in the file's order.
    corrections: list[Correction] = field(default_factory=list, metadata=STORED_WHEN_SET)

    @property
    def mentions(self) -> list[AgencyMention]:
        return [m for task in self.tasks for m in task.mentions]

    def role_counts(self) -> dict[str, int]:
        counts = {role: 0 for role in LINE_ROLES}
        for role in self.line_roles.values():
            counts[role] += 1
        return {role: n for role, n in counts.items() if n}

    def to_dict(self) -> dict:
        programs = {p.id: p for p in self.programs}
        return {
            "document": self.document.to_dict(),
            "programs": [p.to_dict() for p in self.programs],
            "tasks": [t.to_dict(programs) for t in self.tasks],
            "skipped": [s.to_dict() for s in self.skipped],
            "line_roles": self.role_counts(),
            **({"corrections": [c.to_dict() for c in self.corrections]} if self.corrections else {}),
        }


# -- Resolution: canonical agencies ------------------------------------------------------


@dataclass
class Agency:
    """One real-world body, after variants, typos and scripts are resolved.

    ``id`` is ``<jurisdiction id>/<canonical name>`` (杭州市/城乡建设委员会), stable across runs.
    """

    id: str
    name: str  # display name: jurisdiction + canonical (杭州市城乡建设委员会)
    canonical: str  # canonical name without the jurisdiction (城乡建设委员会)
    jurisdiction_id: str
    level: str  # "city" | "district" | "county" | "street"
    type: str  # government, party, bureau, soe, people, street, branch, judicial, vertical
    aliases: set[str] = field(default_factory=set)  # every surface form seen, as written
    names: set[str] = field(default_factory=set)  # the simplified names behind them
    unit_of: Optional[str] = None  # parent agency id, for a branch
    located_in: Optional[str] = None  # jurisdiction id where a branch sits
    mentioned: bool = True  # False for a successor known only from the succession data

    kind = "agency"  # the node's kind; AgencyGroup.kind is "group"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "canonical": self.canonical,
            "jurisdiction": self.jurisdiction_id,
            "type": self.type,
            "level": self.level,
            "aliases": sorted(self.aliases),
            "unit_of": self.unit_of,
            "located_in": self.located_in,
        }


@dataclass
class AgencyGroup:
    """A collective unit (各街道办事处, 各区、县(市)政府(管委会)) as one node.

    Three names that look alike, each read by the outputs under its own key: ``kind`` is the
    node's kind, ``"group"`` (an ``Agency``'s is ``"agency"``); ``type`` is the column that
    agencies fill with their agency type, ``"group"`` for every group so that one table holds
    both; ``group_kind`` is which collective it is (``street_offices``, ``departments`` …,
    from ``groups.yaml``).
    """

    id: str
    name: str
    group_kind: str  # district_county_governments, street_offices, departments ...
    scope: str  # "all" (各) or "some" (有关/相关)
    jurisdiction_id: str
    level: str
    member_type: Optional[str] = None
    aliases: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    members: list[str] = field(default_factory=list)  # agency ids the corpus names

    kind = "group"
    type = "group"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "group_kind": self.group_kind,
            "scope": self.scope,
            "jurisdiction": self.jurisdiction_id,
            "type": self.type,
            "level": self.level,
            "aliases": sorted(self.aliases),
            "members": list(self.members),
        }


@dataclass
class SuccessionEvent:
    """A reorganisation: predecessors renamed, merged or folded into a successor."""

    id: str
    jurisdiction_id: str
    predecessor_ids: list[str]
    successor_id: str
    year: int
    change: str  # rename | merge | absorb
    source: str

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "jurisdiction": self.jurisdiction_id,
            "predecessors": list(self.predecessor_ids),
            "successor": self.successor_id,
            "year": self.year,
            "change": self.change,
            "source": self.source,
        }


@dataclass
class Decision:
    """One resolution decision a researcher may want to review or override."""

    action: str  # alias | fuzzy-merge | split | script | qualifier | override | rejected
    mention: str
    result: str  # agency id(s)
    score: Optional[float]
    evidence: str

    def to_dict(self) -> dict:
        return {
            "action": self.action,
            "mention": self.mention,
            "result": self.result,
            "score": None if self.score is None else round(self.score, 1),
            "evidence": self.evidence,
        }


@dataclass
class Resolution:
    agencies: dict[str, Agency] = field(default_factory=dict)
    groups: dict[str, AgencyGroup] = field(default_factory=dict)
    successions: list[SuccessionEvent] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    def node(self, node_id: str) -> "Agency | AgencyGroup":
        return self.agencies.get(node_id) or self.groups[node_id]

    def successor_map(self) -> dict[str, str]:
        """Predecessor agency id -> its latest successor's id (chains followed)."""
        direct = {p: e.successor_id for e in self.successions for p in e.predecessor_ids}
        result = {}
        for predecessor in direct:
            current, seen = predecessor, set()
            while current in direct and current not in seen:
                seen.add(current)
                current = direct[current]
            result[predecessor] = current
        return result


@dataclass
class Corpus:
    """Extractions plus their resolution: what every emitter, query and page reads."""

    extractions: list[Extraction]
    resolution: Resolution

    @property
    def documents(self) -> list[Document]:
        return [e.document for e in self.extractions]

    @property
    def tasks(self) -> list[Task]:
        return [t for e in self.extractions for t in e.tasks]

    @property
    def programs(self) -> list[Program]:
        return [p for e in self.extractions for p in e.programs]

    def document_of(self, task: Task) -> Document:
        return self._task_documents()[task.id]

    def _task_documents(self) -> dict[str, Document]:
        cache = getattr(self, "_task_doc_cache", None)
        if cache is None:
            cache = {t.id: e.document for e in self.extractions for t in e.tasks}
            object.__setattr__(self, "_task_doc_cache", cache)
        return cache
