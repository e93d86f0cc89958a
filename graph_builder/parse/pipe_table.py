"""Pipe tables: ``序号 | 任务名称 | 牵头单位 | 配合单位 | … |`` one row per line.

Seen in the Hangzhou 2022 (traditional script) and Shangcheng 2019 documents. What the parser
copes with:

- a title line and an ``附件N |`` heading before each table, naming the table (the program's
  section); the preamble's ``附件:1. … 2. …`` list gives the full titles;
- continuation rows with no 序号, which belong to the project numbered above; such a table's
  programs are its numbered projects, otherwise consecutive rows with the same task name form
  one program;
- rows that lost a cell so that later cells shifted left (``| 区卫生健康局 | A类 | |``): a cell
  whose value is a category (A类) or a deadline (12月底) in another column is moved to its own
  column, leaving the skipped column empty (no phantom agency);
- a legend such as ``(注:A类指责任目标;B类指激励目标)``, kept as category labels.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..ingest import SourceText
from ..model import Leader
from .base import ATTACHMENT_HEADING, CATEGORY_VALUE, CHINESE_NUMBERED, PAREN_CHINESE_NUMBERED, SEQ_VALUE, ParseContext, is_deadline
from .cells import Cell, squeeze
from .columns import map_columns

ATTACHMENT_LIST = re.compile(r"^\s*(?:附件\s*[::])?\s*(\d+)\s*[.、.]\s*(.+?)\s*$")
CATEGORY_LEGEND = re.compile(r"([A-Z一二三四])类(?:指|为|是)([^;;,,)()]+)")


SPACED = re.compile(r"\t+|[ \u3000]{2,}")
_PIPES = re.compile(r"\|+")


def _cells(normalized: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a row, whatever separates the cells: pipes (a closing or
    doubled ``|`` opens no empty cell), tabs, or runs of two or more spaces.

    >>> line = "| 1 || 建设公园 | 市园林局 |"
    >>> [line[s:e].strip() for s, e in _cells(line)]
    ['1', '建设公园', '市园林局']
    >>> line = "1\t建设公园\t市园林局"
    >>> [line[s:e] for s, e in _cells(line)]
    ['1', '建设公园', '市园林局']
    """
    if "|" in normalized:
        bounds, start = [], 0
        for match in _PIPES.finditer(normalized):
            bounds.append((start, match.start()))
            start = match.end()
        bounds.append((start, len(normalized)))
        # Nothing before a leading pipe or after a closing one is a cell.
        if not normalized[bounds[0][0] : bounds[0][1]].strip():
            bounds = bounds[1:]
        if bounds and not normalized[bounds[-1][0] : bounds[-1][1]].strip():
            bounds = bounds[:-1]
        return bounds
    stripped_start = len(normalized) - len(normalized.lstrip())
    text = normalized.rstrip()
    bounds, start = [], stripped_start
    for match in SPACED.finditer(text, stripped_start):
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


# What every separator contains: a pipe, a tab, or two of the spaces SPACED counts.
_SEPARATOR_MARKS = ("|", "\t", "  ", "\u3000\u3000", " \u3000", "\u3000 ")


def _separators(normalized: str) -> int:
    """How many cell separators a line has (pipes, tabs or wide gaps)."""
    if "|" in normalized:
        return normalized.count("|")
    return len(SPACED.findall(normalized.strip()))


@lru_cache(maxsize=16384)
def _shape(normalized: str) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...], int]:
    """A line's cell bounds, their texts without spaces and its separator count: detection,
    the table scan and the row loop all look at every line, so each line is cut once."""
    bounds = _cells(normalized)
    return tuple(bounds), tuple(squeeze(normalized[s:e]) for s, e in bounds), _separators(normalized)


def _header_fields(normalized: str) -> list[str | None] | None:
    """The fields of a table header line (two separators or more), or None."""
    _, texts, separators = _shape(normalized)
    return map_columns(list(texts)) if separators >= 2 else None


def _is_pipe_row(normalized: str) -> bool:
    return _separators(normalized) >= 1


class PipeTableParser:
    name = "pipe_table"

    def detect(self, source: SourceText) -> float:
        text = source.normalized_text
        if not any(mark in text for mark in _SEPARATOR_MARKS):
            return 0.0  # no separator anywhere (most prose): a few searches of the text, no line cut
        # Lines with fewer than two separators (most, in a document with no table) are counted
        # out before any cell is cut.
        tabular = [line for line in source.normalized if _separators(line) >= 2]
        headers = sum(1 for line in tabular if _header_fields(line))
        rows = len(tabular)
        return 0.0 if not headers else min(1.0, 0.6 + 0.01 * rows)

    def parse(self, context: ParseContext) -> None:
        source = context.source
        attachments: dict[str, str] = {}
        fields: list[str | None] | None = None
        section: str | None = None
        numbers = source.line_numbers  # a range: slicing it copies nothing, so parsing stays linear
        at_line = context.at_line
        for position, number in enumerate(numbers):
            if at_line is not None:
                at_line(number)
            norm = source.norm(number)
            if not norm.strip():
                continue
            bounds, cell_texts, separators = _shape(norm)
            texts = list(cell_texts)
            pipe_row = separators >= 1
            if pipe_row and (header := map_columns(texts)):
                fields = header
                context.mark(number, "header", overwrite=True)
                table_rows = self._table_rows(source, numbers[position + 1 :])
                grouping = self._grouping(source, table_rows, fields)
                program_state = {"key": None, "program": None}
                continue
            if number in context.line_roles:
                continue
            heading = ATTACHMENT_HEADING.match(norm)
            if heading:
                section = attachments.get(heading.group(1), section)
                context.mark(number, "heading")
                continue
            legend = CATEGORY_LEGEND.findall(norm)
            if legend and not pipe_row:
                for letter, label in legend:
                    context.document.category_labels[f"{letter}类"] = label.strip()
                context.mark(number, "note")
                continue
            if fields is None:
                # The preamble's list of attachments ("附件:1. …" then "2. …") names the tables.
                listed = ATTACHMENT_LIST.match(norm)
                if listed and ("附件" in norm or attachments):
                    attachments[listed.group(1)] = listed.group(2).strip()
                if self._next_is_header(source, numbers[position + 1 :]):
                    section = squeeze(norm)
                    context.mark(number, "heading")
                else:
                    context.mark(number, "preamble")
                continue
            if not pipe_row:
                if self._next_is_header(source, numbers[position + 1 :]):
                    section = squeeze(norm)
                    context.mark(number, "heading")
                else:
                    context.skip(number, "text line inside a table that is not a row")
                continue
            filled = sum(1 for t in texts if t)
            if filled < 3 and not (grouping == "seq" and filled >= 1 and program_state["program"]):
                context.skip(number, "table row with fewer than three cells")
                continue
            self._row(context, number, bounds, texts, fields, section, grouping, program_state)

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _next_is_header(source: SourceText, following: list[int]) -> bool:
        for number in following:
            norm = source.norm(number)
            if not norm.strip():
                continue
            return bool(_header_fields(norm))
        return False

    @staticmethod
    def _table_rows(source: SourceText, following: list[int]) -> list[list[str]]:
        rows = []
        for number in following:
            norm = source.norm(number)
            if not norm.strip():
                continue
            _, cell_texts, separators = _shape(norm)
            if separators < 2:
                if CHINESE_NUMBERED.match(norm) or PAREN_CHINESE_NUMBERED.match(norm):
                    continue  # a section heading between rows (一、教育): the table goes on
                break
            cells = list(cell_texts)
            if map_columns(cells):
                break
            rows.append(cells)
        return rows

    @staticmethod
    def _grouping(source: SourceText, rows: list[list[str]], fields: list[str | None]) -> str:
        """How rows group into programs: "seq" when some rows continue a numbered project,
        "text" when rows repeat a task name, else "row"."""
        if fields and fields[0] == "seq" and any(row and not SEQ_VALUE.match(row[0]) for row in rows):
            return "seq"
        if "text" in fields and "target" in fields:
            return "text"
        return "row"

    def _align(self, bounds: list[tuple[int, int]], texts: list[str], fields: list[str | None]):
        """Assign cells to fields, repairing a missing 序号 and shifted typed cells."""
        slots: list[tuple[int, int] | None] = list(bounds)
        values = list(texts)
        # A 序号 cell that is there but empty (| | 子任务 | … |, a sub-row under a merged
        # number) fills its column; a row without it has lost the cell and is shifted.
        empty_seq_cell = values and not values[0] and len(values) >= len(fields)
        if fields[0] == "seq" and values and not SEQ_VALUE.match(values[0]) and not empty_seq_cell:
            slots.insert(0, None)
            values.insert(0, "")
        # Drop trailing empty cells beyond the header's width.
        while len(values) > len(fields) and not values[-1]:
            values.pop()
            slots.pop()
        while len(values) < len(fields):
            values.append("")
            slots.append(None)
        assigned = dict()
        for index, field_name in enumerate(fields):
            if field_name:
                assigned.setdefault(field_name, []).append(index)
        # Typed values standing in the wrong column move to their own, if that one is empty.
        for field_name, test in (("category", CATEGORY_VALUE.match), ("deadline", is_deadline)):
            for target_index in assigned.get(field_name, []):
                if values[target_index]:
                    continue
                for index, value in enumerate(values):
                    if index != target_index and value and fields[index] != field_name and test(value):
                        values[target_index], values[index] = value, ""
                        slots[target_index], slots[index] = slots[index], None
                        break
        extra = [(i, v) for i, v in enumerate(values) if i >= len(fields) and v]
        return slots[: len(fields)], values[: len(fields)], extra

    def _row(self, context, number, bounds, texts, fields, section, grouping, program_state) -> None:
        source = context.source
        slots, values, extra = self._align(bounds, texts, fields)
        by_field: dict[str, tuple[str, tuple[int, int] | None]] = {}
        for field_name, value, slot in zip(fields, values, slots):
            if field_name and field_name not in by_field:
                by_field[field_name] = (value, slot)
        seq = by_field.get("seq", ("", None))[0] or None
        text = by_field.get("text", ("", None))[0]
        target = by_field.get("target", ("", None))[0] or None
        if not text and not target:
            context.skip(number, "table row with no task text")
            return

        # A continuation row (no 序号) stays in the project numbered above it.
        key = program_state["key"] if grouping == "seq" and not seq else {"seq": seq, "text": text, "row": number}[grouping]
        if key != program_state["key"] or program_state["program"] is None:
            title = text if grouping == "text" else None
            program_state["program"] = context.new_program(
                seq if grouping == "seq" else None, title, number, section=section
            )
            program_state["key"] = key
        program = program_state["program"]
        if grouping == "seq" and not seq:
            seq = program.seq

        task = context.new_task(text=text or target, lines=(number, number), program=program, seq=seq)
        task.target = target
        task.category = by_field.get("category", ("", None))[0] or None
        task.deadline = by_field.get("deadline", ("", None))[0] or None
        if "leader" in by_field and by_field["leader"][0]:
            task.leader = Leader(by_field["leader"][0], "", context.document.jurisdiction.id if context.document.jurisdiction else None)
        agency_cells = {}
        for role in ("lead", "cooperating", "responsible"):
            value, slot = by_field.get(role, ("", None))
            if value and slot:
                agency_cells[role] = Cell.from_line(source, number, *slot)
        if seq and not by_field.get("seq", ("", None))[0] and not agency_cells and program_state.get("cells"):
            # A sub-row under a numbered row whose agency cells were merged: inherit them.
            agency_cells = dict(program_state["cells"])
            task.notes.append("agencies inherited from the merged cell of the row above (inferred)")
        elif by_field.get("seq", ("", None))[0]:
            program_state["cells"] = agency_cells
        for role, cell in agency_cells.items():
            context.add_agencies(task, cell, role)
        for index, value in extra:
            task.notes.append(f"extra cell beyond the header: {value}")
        context.mark(number, "task", overwrite=True)


PARSER = PipeTableParser()
