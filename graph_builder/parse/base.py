"""The interface every layout parser implements, and the context it fills.

A parser is a module in this package that exposes ``PARSER``, an object with a ``name``, a
``detect(source) -> float`` that scores how well the document's *content* fits the layout
(0 = not at all), and a ``parse(context)`` that adds programs and tasks to the context and
gives each line it reads a role. Adding a layout is adding one module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional, Protocol

from ..ingest import SourceText
from ..model import (
    AgencyMention,
    Document,
    Jurisdiction,
    Leader,
    Program,
    SkippedLine,
    SourceSpan,
    Task,
)
from .cells import Cell, has_lead_mark, is_collective, is_standing_note, restore_elided_prefix, split_agencies, strip_marks


class LayoutParser(Protocol):
    name: str

    def detect(self, source: SourceText) -> float: ...

    def parse(self, context: "ParseContext") -> None: ...


class ParseError(Exception):
    """A document no parser can read; the message names the file (and line, when known)."""


@dataclass
class ParseContext:
    source: SourceText
    document: Document
    programs: list[Program] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    line_roles: dict[int, str] = field(default_factory=dict)
    lead_policy: str = "first-listed"  # or "stated-only"
    # Called with each line number (and the offset in it, where a reader reads several items
    # on one line) as a reader's pass goes through the document (see ``parse.LineProgress``);
    # None when nobody asked for progress, the usual case.
    at_line: Optional[Callable[..., None]] = None
    # Spans are immutable: one object for each (first line, last line) read, shared by the
    # tasks and mentions on those lines (building one costs more than reading a name).
    _spans: dict = field(default_factory=dict, repr=False, compare=False)

    def span(self, first: int, last: int) -> SourceSpan:
        key = (first, last)
        found = self._spans.get(key)
        if found is None:
            found = self._spans[key] = SourceSpan.of_lines(self.source.path, first, last)
        return found

    # -- line accounting ---------------------------------------------------------------
    def mark(self, line: int, role: str, *, overwrite: bool = False) -> None:
        if overwrite or line not in self.line_roles:
            self.line_roles[line] = role

    def mark_cell(self, cell: Cell, role: str = "task") -> None:
        for piece in cell.pieces:
            self.mark(piece.line, role, overwrite=True)

    def skip(self, line: int, reason: str) -> None:
        self.line_roles[line] = "skipped"
        self.skipped.append(SkippedLine(self.source.path, line, self.source.line(line).strip(), reason))

    def unclaimed(self) -> list[int]:
        roles = self.line_roles  # most lines have one: looked up before the text is stripped
        return [n for n, text in enumerate(self.source.normalized, 1) if n not in roles and text.strip()]

    # -- building the model --------------------------------------------------------------
    def new_program(
        self,
        seq: str | None,
        title: str | None,
        line: int | None,
        section: str | None = None,
    ) -> Program:
        program = Program(
            id=f"{self.document.id}/p{len(self.programs) + 1}",
            seq=seq,
            title=title,
            section=section,
            span=self.span(line, line) if line else None,
        )
        self.programs.append(program)
        return program

    def new_task(
        self,
        *,
        text: str,
        lines: tuple[int, int],
        program: Program | None,
        seq: str | None = None,
        jurisdiction: Jurisdiction | None = None,
    ) -> Task:
        task = Task(
            id=f"{self.document.id}/t{len(self.tasks) + 1}",
            seq=seq,
            program_id=program.id if program else None,
            text=text,
            span=self.span(lines[0], lines[1]),
            jurisdiction=jurisdiction or self.document.jurisdiction,
        )
        self.tasks.append(task)
        return task

    def continue_cell(self, task: Task, open_cell: tuple[Cell, str], line: int) -> tuple[Cell, str] | None:
        """Add ``line`` to an agency cell that a trailing list separator left open; once the
        cell closes, add its agencies to ``task``. Returns the cell while it stays open."""
        cell, role = open_cell
        cell.add(self.source, line)
        if list_continues(self.source.norm(line)):
            return open_cell
        self.add_agencies(task, cell, role)
        return None

    def extend_span(self, task: Task, line: int) -> None:
        span = task.span
        # A span that already covers the line is kept (spans are immutable: no copy needed);
        # one with origin fields is rebuilt without them, as it always was.
        if line < span.line_start or line > span.line_end or not _plain(span):
            first, last = min(span.line_start, line), max(span.line_end, line)
            task.span = self.span(first, last) if span.path == self.source.path else SourceSpan(span.path, first, last)

    def add_agencies(self, task: Task, cell: Cell, role: str) -> None:
        """Split ``cell`` and add its agencies to ``task`` in ``role``.

        ``role`` is "lead", "cooperating", "joint" (按职责分工负责: every unit leads) or
        "responsible": a list whose roles the text does not mark. A single responsible unit
        leads; of several, the first listed leads — the order Chinese documents follow, which
        many state in their own words (``lead_convention``) — unless the lead policy is
        ``stated-only``, which assigns a lead only where the text marks or states it. Each
        mention records the basis of its role (see ``AgencyMention.basis``).
        """
        items = [item for item in split_agencies(cell) if not is_standing_note(item.name)]
        starred: set[int] = set()
        if has_lead_mark(cell.normalized):
            # ★ beside a unit marks the lead (a table with no 牵头 column): the mark is no part
            # of the name.
            for index, item in enumerate(items):
                if strip_marks(item.mention) != item.mention:
                    starred.add(index)
                item.mention, item.name = strip_marks(item.mention).strip(), strip_marks(item.name).strip()
            items = [item for item in items if item.name]
            if role == "marked" and not starred:
                role = "responsible"
        if (task.lead or task.cooperating) and items:
            # A list that names its level once across the clause: 市民政局牵头,卫生局配合.
            anchor = (task.lead or task.cooperating)[0].name
            for item, name in zip(items, restore_elided_prefix([anchor, *(i.name for i in items)])[1:]):
                item.name = name
        if role == "responsible":
            if len(items) == 1 and not task.lead:
                roles, basis = ["lead"], "single"
            elif self.document.lead_convention and items and not task.lead:
                roles, basis = ["lead"] + ["cooperating"] * (len(items) - 1), "stated"
            elif self.lead_policy == "first-listed" and items and not task.lead:
                roles, basis = ["lead"] + ["cooperating"] * (len(items) - 1), "first_listed"
            else:
                roles, basis = ["cooperating"] * len(items), "marked" if task.lead else None
                if items and not task.lead:
                    task.notes.append("责任单位 listed without a stated lead convention: no lead assigned")
        elif role == "marked":
            roles, basis = ["lead" if i in starred else "cooperating" for i in range(len(items))], "marked"
        elif role == "joint":
            roles, basis = ["lead"] * len(items), "joint"
        else:
            roles, basis = [role] * len(items), "marked"
        spans = self._spans
        for item, item_role in zip(items, roles):
            span = spans.get((item.line, item.line)) or self.span(item.line, item.line)
            # Positional (mention, name, role, span, agency_id, is_collective, basis): one per
            # agency named, and keywords cost a third more.
            mention = AgencyMention(item.mention, item.name, item_role, span, None, is_collective(item.name), basis)
            (task.lead if item_role == "lead" else task.cooperating).append(mention)
        roles_of_lines = self.line_roles
        for piece in cell.pieces:
            self.extend_span(task, piece.line)
            roles_of_lines[piece.line] = "task"  # mark_cell: the cell's lines are the task's


def _plain(span: SourceSpan) -> bool:
    """A span with no origin field (page, sheet, table, row, column) set."""
    return (span.page is None and span.page_end is None and span.sheet is None and span.table is None
            and span.row is None and span.row_end is None and span.column is None)


# Shared patterns -------------------------------------------------------------------------

LIST_SEPARATORS_AT_END = ("、", ",", ";")


def list_continues(text: str) -> bool:
    """Whether an agency list ends with a separator, so that it goes on on the next line."""
    return text.rstrip().endswith(LIST_SEPARATORS_AT_END)


# A numbered item: "1.", "1、", "1。", "12." at the start of a line.
NUMBERED = re.compile(r"^\s*(\d{1,3})\s*[.、。．]\s*(?!\d)(.*)$")
CHINESE_NUMBERED = re.compile(r"^\s*([一二三四五六七八九十]+)\s*、\s*(.*)$")
PAREN_CHINESE_NUMBERED = re.compile(r"^\s*\(([一二三四五六七八九十]+)\)\s*(.*)$")
ATTACHMENT_HEADING = re.compile(r"^\s*附件\s*(\d*)\s*\|?\s*$")
# The preamble's list of attachments (附件:1. … then 2. …), which names the tables.
ATTACHMENT_LIST = re.compile(r"^\s*(?:附件\s*[::])?\s*(\d+)\s*[.、.]\s*(.+?)\s*$")
# A legend of a category column: (注:A类指责任目标;B类指激励目标).
CATEGORY_LEGEND = re.compile(r"([A-Z一二三四])类(?:指|为|是)([^;;,,)()]+)")
CATEGORY_VALUE = re.compile(r"^[A-Z一二三四]类$")
DEADLINE_VALUE = re.compile(
    r"^(\d{4}年)?(\d{1,2}月)?(底|末|前|中旬|上旬|下旬|份|\d{1,2}日)?(前)?$|^(年底|年内|全年|长期|持续推进|长期坚持)$"
)
# A date within one line (2024年3月1日), what a signature's date line holds: such lines are
# found by one search of the whole text (SourceText.lines_with).
DATE_IN_TEXT = re.compile(r"\d{4}[^\S\n]*年[^\S\n]*\d{1,2}[^\S\n]*月[^\S\n]*\d{1,2}[^\S\n]*日")


def previous_text_line(source: SourceText, number: int, after: int = 0) -> int | None:
    """The last line before ``number`` (and after ``after``) that is not blank, or None."""
    for previous in range(number - 1, after, -1):
        if source.norm(previous).strip():
            return previous
    return None


# A 序号 cell: a table of 12,000 rows numbers on past 9999.
SEQ_VALUE = re.compile(r"^\d{1,6}$")

CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def chinese_number(text: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return CHINESE_DIGITS.get(tens, 1) * 10 + (CHINESE_DIGITS.get(ones, 0) if ones else 0)
    return CHINESE_DIGITS.get(text, 0)


def is_deadline(text: str) -> bool:
    text = re.sub(r"\s+", "", text)
    return bool(text) and bool(DEADLINE_VALUE.match(text)) and any(ch.isdigit() or ch in "年底内期" for ch in text)


@lru_cache(maxsize=8)
def _leader_patterns(titles: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """The leader heading's patterns for these titles, compiled once (not once a heading)."""
    title_pattern = "|".join(re.escape(t) for t in titles)
    return (
        re.compile(rf"^([\u4e00-\u9fff]{{2,4}}?)({title_pattern})(?:牵头|负责|分管|领衔)"),
        re.compile(rf"[((]([\u4e00-\u9fff]{{2,4}}?)({title_pattern})协助"),
    )


def parse_leader_heading(text: str, titles: list[str], jurisdiction_id: str | None) -> tuple[Leader, list[Leader]] | None:
    """一、钱三雄市长牵头重点工作(许继清副市长协助推进) -> (Leader 钱三雄 市长, [Leader 许继清 副市长])."""
    main_pattern, assisting_pattern = _leader_patterns(tuple(titles))
    main = main_pattern.match(text)
    if not main:
        return None
    leader = Leader(main.group(1), main.group(2), jurisdiction_id)
    assisting: list[Leader] = []
    for name, title in assisting_pattern.findall(text):
        if name != leader.name and all(a.name != name for a in assisting):
            assisting.append(Leader(name, title, jurisdiction_id))
    return leader, assisting


def find_inline_responsibility(text: str) -> tuple[int, str] | None:
    """The trailing parenthetical of a task that names who leads, e.g.
    "(市发改委牵头,市财政局、市住建局配合)"; returns (its start offset, its inner text).
    """
    stripped = text.rstrip(" 。;.")
    if not stripped.endswith(")"):
        return None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        char = stripped[index]
        if char == ")":
            depth += 1
        elif char == "(":
            depth -= 1
            if depth == 0:
                inner = stripped[index + 1 : -1]
                if re.search(r"牵头|配合|负责|责任单位|协办|参与", inner):
                    return index, inner
                return None
    return None


INLINE_ROLE = re.compile(
    r"^(?:牵头单位[::])?(?P<lead>.+?)(?:牵头|负责|主办)(?:[,;,;]\s*(?:配合单位[::])?(?P<coop>.+?)(?:配合|参与|协办|协助|协同))?$"
)
