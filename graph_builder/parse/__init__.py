"""The extraction engine: one document's lines to an Extraction.

Tables first: the segmenters of ``parse/tables/`` find every task table (a reader's grid, pipe
rows, one cell a line, single spaces) and ``table.assemble_table`` reads each one into tasks;
the run-together reader reads tables whose cells have no separator at all; the prose reader
(``prose.py``) reads every line they left. Each table segmenter is also a layout of its own for
``--layout`` (see ``base.LayoutParser``), as are the modules of this package that define
``PARSER``.
"""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
import re
from functools import lru_cache
from typing import Callable

from .. import jurisdictions
from ..ingest import SourceText
from ..memory import gc_paused
from ..model import Document, Extraction, SkippedLine
from .agency_spans import agency_coverage
from .base import LayoutParser, ParseContext, ParseError
from .metadata import extract_metadata, jurisdiction_names
from .prose import page_chrome_lines
from .table import assemble_table
from .tables import find_tables
from .tables import registry as segmenters

__all__ = ["parse_source", "registry", "detect_layout", "ParseError", "LOOKED_FOR", "LineProgress"]


class TableLayout:
    """One table segmenter as a layout: its tables read by ``assemble_table``."""

    def __init__(self, segmenter):
        self.segmenter = segmenter
        self.name = segmenter.name

    def detect(self, source: SourceText) -> float:
        return 0.9 if self.segmenter.tables(source, set()) else 0.0

    def parse(self, context: ParseContext) -> None:
        for table in self.segmenter.tables(context.source, _claimed(context)):
            assemble_table(context, table)


@lru_cache(maxsize=1)
def registry() -> dict[str, LayoutParser]:
    """Every layout by name: each table segmenter, and each module here with ``PARSER``."""
    parsers: dict[str, LayoutParser] = {name: TableLayout(s) for name, s in segmenters().items()}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        parser = getattr(module, "PARSER", None)
        if parser is not None:
            parsers[parser.name] = parser
    return parsers


def _claimed(context: ParseContext) -> set[int]:
    """Lines no table may hold: page furniture and the document's metadata."""
    return {n for n, role in context.line_roles.items() if role in ("footer", "metadata")}


# The run-together reader reads tables whose cells have no separator at all, on what the
# tables left; the prose reader then reads every line left. The list reader is for documents
# that name no agency at all (a news article's project lists), where it knows more (one list
# per government).
TABLE_READERS = ("run_together",)
PROSE_READER = "prose"
LIST_READER = "numbered_list"
LOOKED_FOR = (
    "enumerated items (1. 1、 (1) 一、 (一) ① 第一条), labelled lines (牵头单位:/责任单位:/配合单位:), "
    "responsibility clauses ((X牵头,Y配合)) and task tables (序号/任务/牵头单位 headers)"
)


def detect_layout(source: SourceText) -> tuple[LayoutParser, dict[str, float]]:
    """The single reader that fits best (kept for ``--layout`` users and diagnostics)."""
    scores = {name: parser.detect(source) for name, parser in registry().items()}
    best = max(scores, key=lambda name: (scores[name], name))
    return registry()[best], scores


def document_id(source: SourceText, doc_number: str | None) -> str:
    """Readable and stable: the document number (杭政办函-2017-33), else a content hash."""
    if doc_number:
        return re.sub(r"[〔〕\[\]()【】\s]+", "-", doc_number).strip("-").replace("号", "")
    return "doc-" + hashlib.sha256(source.sha256.encode()).hexdigest()[:12]


def _new_context(source: SourceText, lead_policy: str, given_id: str | None = None) -> ParseContext:
    document = Document(id="", path=source.path, layout="", script=source.script, encoding=source.encoding, sha256=source.sha256)
    context = ParseContext(source=source, document=document, lead_policy=lead_policy)
    extract_metadata(context)
    for number in page_chrome_lines(source):
        context.mark(number, "footer", overwrite=True)
    document.id = given_id or document_id(source, document.doc_number_simplified)
    city, district = jurisdiction_names(document.issuer or "")
    document.jurisdiction = jurisdictions.find(city, district) if (city or district) else None
    if document.jurisdiction is None:
        document.jurisdiction = jurisdictions.by_doc_prefix(document.doc_number_simplified)
    return context


class LineProgress:
    """How far parsing is through a document, as ``callback(done, total)`` in characters: each
    reader's pass goes through the document once, so ``total`` is its length (line breaks
    included) times the passes planned (a pass found to be needed later adds one length). A
    reader reports the line it is at, and the offset in it where it reads several items on
    one line (a whole document on one line). ``done`` only grows, is reported about a
    thousand times a document at most, and ends at ``total`` (``finish``)."""

    def __init__(self, callback: Callable[[int, int], None], source: SourceText, passes: int):
        self.callback = callback
        self.starts = [0]  # offset of each line's first character, line 1 first
        for line in source.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.length = max(1, self.starts[-1])
        self.total = self.length * max(1, passes)
        self.base = self.done = 0
        self.step = max(1, self.total // 1000)
        self.next = 0

    def add_pass(self) -> None:
        self.total += self.length

    def begin_pass(self, pass_index: int) -> None:
        self.base = pass_index * self.length

    def line(self, number: int, offset: int = 0) -> None:
        position = self.base + min(self.starts[min(number, len(self.starts)) - 1] + offset, self.length)
        if position >= self.next and position > self.done:
            self.done = position
            self.next = position + self.step
            self.callback(position, self.total)

    def finish(self) -> None:
        if self.done < self.total:
            self.done = self.total
            self.callback(self.total, self.total)


def _run(context: ParseContext, names: list[str], tracker: LineProgress | None = None, first_pass: int = 0) -> list[str]:
    """Run readers in order on one context; the names of those that found tasks."""
    fired = []
    for index, name in enumerate(names):
        before = len(context.tasks)
        saved = (dict(context.line_roles), list(context.skipped), len(context.programs))
        if tracker is not None:
            tracker.begin_pass(first_pass + index)
            context.at_line = tracker.line
        registry()[name].parse(context)
        context.at_line = None
        if len(context.tasks) > before:
            fired.append(name)
        elif name in TABLE_READERS:
            # A reader that found no task leaves no trace: its marks would hide the lines
            # from the readers after it.
            context.line_roles, context.skipped = saved[0], saved[1]
            del context.programs[saved[2] :]
    return fired


def _read_tables(context: ParseContext, tracker: LineProgress | None = None) -> list[str]:
    """Read every task table of the document; the names of the segmenters whose tables gave
    tasks. A table that gives no task leaves no trace (its marks would hide its lines from the
    prose reader)."""
    if tracker is not None:
        tracker.begin_pass(0)
        context.at_line = tracker.line
    fired: list[str] = []
    for table in find_tables(context.source, _claimed(context)):
        saved = (dict(context.line_roles), list(context.skipped), len(context.programs), len(context.tasks))
        reading = assemble_table(context, table)
        if reading.tasks:
            if table.segmenter not in fired:
                fired.append(table.segmenter)
        else:
            context.line_roles, context.skipped = saved[0], saved[1]
            del context.programs[saved[2] :]
    context.at_line = None
    return fired


def _release_prose(context: ParseContext) -> None:
    """Hand the lines a table reader did not use as table lines back to the prose reader."""
    keep = {"task", "header", "metadata", "footer", "note", "heading"}
    released = {
        n for n, role in context.line_roles.items()
        if role not in keep and not (role == "skipped" and "|" in context.source.norm(n))
    }
    context.skipped = [s for s in context.skipped if s.line not in released]
    for number in released:
        del context.line_roles[number]


# The collector paused: parsing makes objects and frees few (the reader's item tree goes as a
# whole at the end); on a long document the collections it set off walked every object made so
# far, a quarter of the time of `govkg extract`.
@gc_paused()
def parse_source(
    source: SourceText,
    layout: str | None = None,
    lead_policy: str = "first-listed",
    document_id: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Extraction:
    """Parse one document into an Extraction; every non-blank line ends up with a role.

    Table readers claim their regions, the prose reader reads the rest; ``layout`` forces a
    single reader instead. ``lead_policy`` is ``first-listed`` (the first of several
    responsible units leads) or ``stated-only`` (a lead only where the text marks or states it).
    ``document_id``, when given, is the document's id instead of the one read from its number
    (the pipeline gives one when another document already holds that number): the program and
    task ids are minted from it, so no id is rewritten after parsing.
    ``progress(done, total)``, if given, is called as the readers go through the document's
    lines (see ``LineProgress``: increasing, ending with ``done == total``), for a bar on a
    long document; the result is the same with or without it.
    """
    if lead_policy not in ("first-listed", "stated-only"):
        raise ParseError(f"{source.path}: unknown lead policy {lead_policy!r}; known: first-listed, stated-only")
    if layout:
        if layout not in registry():
            raise ParseError(f"{source.path}: unknown layout {layout!r}; known: {', '.join(sorted(registry()))}")
        context = _new_context(source, lead_policy, document_id)
        tracker = LineProgress(progress, source, 1) if progress else None
        fired = _run(context, [layout], tracker)
    else:
        context = _new_context(source, lead_policy, document_id)
        tables = [name for name in TABLE_READERS if registry()[name].detect(source) > 0]
        tracker = LineProgress(progress, source, len(tables) + 2) if progress else None
        fired = _read_tables(context, tracker)
        fired += [name for name in _run(context, tables, tracker, 1) if name not in fired]
        _release_prose(context)
        fired += _run(context, [PROSE_READER], tracker, len(tables) + 1)
        if not any(task.mentions for task in context.tasks) and registry()[LIST_READER].detect(source) > 0:
            listed = _new_context(source, lead_policy, document_id)
            if tracker is not None:
                tracker.add_pass()
            listed_fired = _run(listed, [LIST_READER], tracker, len(tables) + 2)
            if len(listed.tasks) >= len(context.tasks):
                context, fired = listed, listed_fired
    if tracker is not None:
        tracker.finish()
    if not context.tasks:
        raise ParseError(f"{source.path}: no task found; looked for {LOOKED_FOR}")
    for task in context.tasks:
        _one_role_per_agency(task)
    document = context.document
    document.layout = "+".join(fired)
    document.readers = fired
    if len(fired) > 1:
        _renumber(context)
    if document.title is None:
        # No title line (a portal page, a bare attachment): the first heading names it.
        headings = [n for n, role in sorted(context.line_roles.items()) if role == "heading"]
        titled = [
            source.norm(n).strip() for n in headings
            if 4 < len(source.norm(n).strip()) <= 60 and not re.search(r"[。;]", source.norm(n))
        ]
        title = re.sub(r"\s+", "", titled[0]).rstrip("|").strip() if titled else None
        # A heading that lists the attachment names it: 附件:1.2019年…分解表 -> 2019年…分解表.
        document.title = re.sub(r"^附件\d*[::]?(\d+[.、.])?", "", title) or title if title else None
    for number in context.unclaimed():
        context.skip(number, f"not recognised by the {document.layout} reader")
    _report_stray_rows(context)
    _report_lost_agencies(context)
    context.skipped.sort(key=lambda s: s.line)
    extraction = Extraction(
        document=document,
        programs=context.programs,
        tasks=context.tasks,
        skipped=context.skipped,
        line_roles=dict(sorted(context.line_roles.items())),
    )
    found = agency_coverage(source, extraction)
    document.agency_names, document.agency_names_placed = found.names, found.placed
    return extraction


# Roles of lines whose agencies are not expected in a task: page furniture, table headers,
# the document's own metadata.
_NOT_TASK_TEXT = {"footer", "header", "metadata", "skipped"}


def _report_lost_agencies(context: ParseContext) -> None:
    """Nothing lost silently: a line that names a role (牵头, 配合单位:) with agency names after
    or before it, none of which landed in a task, is reported with its reason (a labelled part
    glued to the task's text, a notice's own 由X牵头), whatever role the line has otherwise."""
    from .prose import responsibility_in_line

    landed = {m.span.line_start for t in context.tasks for m in t.mentions}
    roles = context.line_roles
    for number, text in enumerate(context.source.normalized, 1):
        # Under five characters no line holds a role word and a whole name (three or more).
        if len(text) < 5 or number in landed or roles.get(number) in _NOT_TASK_TEXT:
            continue
        found = responsibility_in_line(context.source, number)
        if not found:
            continue
        marker, names = found
        reason = f"names a role ({marker}) and agencies ({'、'.join(names[:3])}) that landed in no task"
        if context.line_roles.get(number) == "task":
            # The task's text landed, its agencies did not: reported, the line stays a task line.
            context.skipped.append(SkippedLine(context.source.path, number, context.source.line(number).strip(), reason))
        else:
            context.skip(number, reason)  # a notice's own 由X负责: nothing of the line is in the graph


def _report_stray_rows(context: ParseContext) -> None:
    """Nothing lost silently: a line cut into cells by pipes that no table holds (a row after
    the table's end, a row with no header above it) is reported, not read as prose."""
    roles = context.line_roles
    for number in context.source.lines_with(_PIPE_ROW):
        if roles.get(number) in ("narrative", "preamble"):
            context.skip(number, "a table row outside any table (no header above it names its columns)")


_PIPE_ROW = re.compile(r"\|[^|\n]*\S[^|\n]*\|")


def _one_role_per_agency(task) -> None:
    """An agency named as lead and again among the co-operating units (a 责任单位 column that
    repeats the 牵头单位) leads; a unit listed twice in one role counts once."""
    names = [m.name for m in task.lead] + [m.name for m in task.cooperating]
    if len(set(names)) == len(names):
        return  # every unit named once (most tasks): nothing to drop
    seen: set[tuple[str, str]] = set()
    leads = {m.name for m in task.lead}
    for role, mentions in (("lead", task.lead), ("cooperating", task.cooperating)):
        kept = []
        for mention in mentions:
            if (role == "cooperating" and mention.name in leads) or (role, mention.name) in seen:
                continue
            seen.add((role, mention.name))
            kept.append(mention)
        mentions[:] = kept


def _renumber(context: ParseContext) -> None:
    """Several readers found tasks: number programs and tasks in document order."""
    context.tasks.sort(key=lambda t: (t.span.line_start, t.span.line_end))
    programs = sorted(context.programs, key=lambda p: (p.span.line_start if p.span else 0))
    new_ids = {p.id: f"{context.document.id}/p{i}" for i, p in enumerate(programs, 1)}
    for program in programs:
        program.id = new_ids[program.id]
    context.programs = programs
    for index, task in enumerate(context.tasks, 1):
        task.id = f"{context.document.id}/t{index}"
        task.program_id = new_ids.get(task.program_id, task.program_id)
