"""What extraction made of each document's lines: the coverage report of ``govkg extract
--report`` and of ``govkg build``'s summary.

Every non-blank line has one role (``Extraction.line_roles``); the report counts them per
document — lines that became tasks, the document's own furniture (metadata, headings, table
headers, the preamble, page furniture), narrative, and skipped lines with their reasons — with
the readers that fired, the tasks that have a lead or no agency at all, and whether the
document's own words on who leads were read.

>>> from graph_builder.ingest import source_from_bytes
>>> from graph_builder.parse import parse_source
>>> text = "各单位:\\n1.建设公园。(市园林局牵头)\\n2.改造道路。\\n责任单位:市住建局\\n由市政府办公室牵头负责督查,每月通报。\\n"
>>> row = coverage(parse_source(source_from_bytes(text.encode(), "a.txt")))
>>> (row.task_lines, row.tasks, row.with_lead, row.without_agency, row.skipped)
(3, 2, 2, 0, 1)
>>> row.skipped_reasons
{'names a role (牵头负责) and agencies (市政府办公室) that landed in no task': 1}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .model import Extraction

# The document's own furniture: read and understood, but no task.
FURNITURE = ("metadata", "heading", "header", "preamble", "note", "footer")


@dataclass
class Coverage:
    document: str
    readers: list[str]
    lines: int  # non-blank lines
    task_lines: int
    furniture: int  # metadata, headings, table headers, preamble, notes, page furniture
    narrative: int
    skipped: int
    tasks: int
    with_lead: int
    without_agency: int
    convention: str  # the document's own words on who leads: "stated", "lenient" (read from a damaged sentence) or "none"
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    agency_names: int = 0  # unit names the document's lines hold (parse/agency_spans.py)
    agency_names_placed: int = 0  # of them, in a task

    @property
    def agency_names_share(self) -> float:
        return self.agency_names_placed / self.agency_names if self.agency_names else 1.0

    @property
    def other(self) -> int:
        return self.furniture + self.narrative

    def to_dict(self) -> dict:
        return {**self.__dict__, "agency_names_share": round(self.agency_names_share, 3)}


def coverage(extraction: Extraction) -> Coverage:
    """The coverage of one document."""
    roles = Counter(extraction.line_roles.values())
    document = extraction.document
    if document.lead_convention:
        convention = "lenient" if document.lead_convention_fuzzy else "stated"  # lenient: a damaged sentence
    else:
        convention = "none"
    return Coverage(
        document=document.path,
        readers=list(document.readers),
        lines=len(extraction.line_roles),
        task_lines=roles["task"],
        furniture=sum(roles[r] for r in FURNITURE),
        narrative=roles["narrative"],
        skipped=len(extraction.skipped),
        tasks=len(extraction.tasks),
        with_lead=sum(1 for t in extraction.tasks if t.lead),
        without_agency=sum(1 for t in extraction.tasks if not t.lead and not t.cooperating),
        convention=convention,
        skipped_reasons=dict(Counter(s.reason for s in extraction.skipped)),
        agency_names=document.agency_names,
        agency_names_placed=document.agency_names_placed,
    )


def coverage_report(extractions: list[Extraction]) -> list[Coverage]:
    """One row per document, in input order."""
    return [coverage(e) for e in extractions]


COLUMNS = ("document", "readers", "lines", "task_lines", "furniture", "narrative", "skipped", "tasks", "with_lead", "without_agency", "convention")
# The terminal table's columns: lines that became tasks, other lines read (furniture and
# narrative: no task) and skipped lines; tasks, tasks with a lead; the lead convention.
TABLE_COLUMNS = ("document", "readers", "task_lines", "other", "skipped", "tasks", "with_lead", "convention")
HEADERS = ("document", "readers", "task", "other", "skip", "tasks", "lead", "conv.")
