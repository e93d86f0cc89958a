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


@dataclass(frozen=True)
class SourceSpan:
    """Where something was read: 1-based inclusive line numbers in one file."""

    path: str
    line_start: int
    line_end: int

    def to_dict(self) -> dict:
        return {"path": self.path, "line_start": self.line_start, "line_end": self.line_end}


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

    def to_dict(self) -> dict:
        out = {"mention": self.mention, "name": self.name}
        if self.agency_id is not None:
            out["agency_id"] = self.agency_id
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

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "text": self.text, "reason": self.reason}


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
    category_labels: dict[str, str] = field(default_factory=dict)
    sha256: str = ""

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
            "category_labels": dict(self.category_labels),
            "sha256": self.sha256,
        }


@dataclass
class Extraction:
    """Everything read from one document."""

    document: Document
    programs: list[Program]
    tasks: list[Task]
    skipped: list[SkippedLine]
    line_roles: dict[int, str]  # line number -> one of LINE_ROLES, for every non-blank line

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
        }
