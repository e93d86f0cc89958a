"""Tables flattened to one cell per line (a table copied out of a Word file or a web page).

Seen in the Hangzhou 2017 document: a header of one word per line (项目名称 / 工作目标 / 牵头单位 /
责任单位), then the cells in reading order. A numbered line (``1.持续深化治水治气``) is a merged
项目名称 cell and opens a program; each task is a text cell followed by one agency cell per agency
column. What makes it hard, and how the parser decides:

- a cell can span lines: a line that ends with a list separator (``市城管委、``) continues on the
  next line, and a text line that follows a task's text before any agency cell is more text;
- a row can lack its last agency cell: after the lead cell, a line that does not read as an
  agency list starts the next task (or program);
- the body text restates the projects as ``(一)…``; those paragraphs are the programs'
  descriptions, not extra tasks.
"""

from __future__ import annotations

import re

from ..ingest import SourceText
from ..model import Program, Task
from .base import NUMBERED, PAREN_CHINESE_NUMBERED, ParseContext, chinese_number, is_deadline, list_continues
from .cells import Cell, looks_like_agency_list
from .columns import column_field, map_columns

AGENCY_FIELDS = ("lead", "cooperating", "responsible")


def _header_block(source: SourceText) -> tuple[list[int], list[str | None]] | None:
    """The lines of the first run of one-word header cells that make a task-table header."""
    run: list[int] = []
    for number in source.line_numbers:
        norm = source.norm(number).strip()
        if not norm:
            continue
        if len(norm) <= 10 and "|" not in norm and column_field(norm):
            run.append(number)
            continue
        if len(run) >= 3:
            fields = map_columns([source.norm(n).strip() for n in run])
            if fields:
                return run, fields
        run = []
    return None


def _is_program_heading(text: str) -> re.Match | None:
    match = NUMBERED.match(text)
    if match and len(match.group(2)) <= 25 and "。" not in text and not looks_like_agency_list(match.group(2)):
        return match
    return None


class CellPerLineParser:
    name = "cell_per_line"

    def detect(self, source: SourceText) -> float:
        found = _header_block(source)
        return 0.9 if found else 0.0

    def parse(self, context: ParseContext) -> None:
        source = context.source
        header_lines, fields = _header_block(source)
        agency_fields = [f for f in fields if f in AGENCY_FIELDS]
        first_header = header_lines[0]
        for number in header_lines:
            context.mark(number, "header", overwrite=True)

        descriptions = self._preamble(context, first_header)

        program: Program | None = None
        task: Task | None = None
        agency_cells = 0  # agency cells the current task has
        open_cell: tuple[Cell, str] | None = None  # an agency cell continuing on the next line
        text_cell: Cell | None = None
        for number in source.line_numbers:
            if number <= header_lines[-1]:
                continue
            norm = source.norm(number).strip()
            if not norm:
                continue
            if open_cell is not None:
                open_cell = context.continue_cell(task, open_cell, number)
                continue
            heading = _is_program_heading(norm)
            if heading:
                self._finish_text(task, text_cell, fields)
                program = context.new_program(heading.group(1), heading.group(2).strip(), number)
                program.description = descriptions.get(int(heading.group(1)))
                context.mark(number, "heading")
                task, text_cell, agency_cells = None, None, 0
                continue
            if looks_like_agency_list(norm):
                if task is None:
                    context.skip(number, "agency cell with no task text before it")
                    continue
                if agency_cells >= len(agency_fields):
                    context.skip(number, f"more agency cells than the header's {len(agency_fields)} agency columns")
                    continue
                if agency_cells == 0:
                    self._finish_text(task, text_cell, fields)
                role = agency_fields[agency_cells]
                agency_cells += 1
                cell = Cell.from_line(source, number)
                if list_continues(norm):
                    open_cell = (cell, role)
                else:
                    context.add_agencies(task, cell, role)
                continue
            if task is not None and is_deadline(norm) and "deadline" in fields:
                task.deadline = re.sub(r"\s+", "", norm)
                context.extend_span(task, number)
                context.mark(number, "task")
                continue
            if task is not None and agency_cells == 0:
                # More of the same text cell: the cell spans lines.
                text_cell.add(source, number)
                context.extend_span(task, number)
                context.mark(number, "task")
                continue
            self._finish_text(task, text_cell, fields)
            text_cell = Cell.from_line(source, number)
            task = context.new_task(text=text_cell.text, lines=(number, number), program=program)
            agency_cells = 0
            context.mark(number, "task")
        if open_cell is not None:
            context.add_agencies(task, *open_cell)
        self._finish_text(task, text_cell, fields)
        if task is not None and not task.lead and "lead" in agency_fields:
            task.notes.append("no lead cell found")

    @staticmethod
    def _finish_text(task: Task | None, text_cell: Cell | None, fields: list[str | None]) -> None:
        if task is None or text_cell is None:
            return
        task.text = text_cell.text
        if "target" in fields:
            task.target = task.text

    @staticmethod
    def _preamble(context: ParseContext, first_header: int) -> dict[int, str]:
        """Mark the lines before the table; return the body's ``(一)…`` restatements by number."""
        source = context.source
        descriptions: dict[int, str] = {}
        before = [n for n in source.line_numbers if n < first_header and source.norm(n).strip()]
        for position, number in enumerate(before):
            norm = source.norm(number).strip()
            restated = PAREN_CHINESE_NUMBERED.match(norm)
            if restated and "。" in norm:
                descriptions.setdefault(chinese_number(restated.group(1)), restated.group(2).strip())
            is_table_title = position == len(before) - 1
            context.mark(number, "heading" if is_table_title or norm == "附件" else "preamble")
        return descriptions


PARSER = CellPerLineParser()
