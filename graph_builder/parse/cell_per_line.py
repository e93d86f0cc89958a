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
from ..model import Leader, Program, Task
from .base import (
    CHINESE_NUMBERED, DATE_IN_TEXT, NUMBERED, PAREN_CHINESE_NUMBERED, ParseContext, chinese_number, is_deadline, list_continues,
    previous_text_line,
)
from .cells import Cell, has_agency_form, looks_like_agency_list, name_rules, squeeze
from .columns import column_field, map_columns

AGENCY_FIELDS = ("lead", "cooperating", "responsible")
# A 序号 cell: 12, or 一 in a table that numbers its rows in Chinese numerals. A long table
# numbers on past 9999; a row starts only at the number expected next (see parse).
SEQ_CELL = re.compile(r"\d{1,6}|[一二三四五六七八九十]{1,3}")
HEADER_ENDINGS = ("名称", "单位", "部门", "事项", "内容", "领导", "时限", "时间")


def _cell_text(source: SourceText, number: int) -> str:
    """A line as one cell: a trailing pipe (a table copied with its borders) is no text."""
    return _cell_of(source.norm(number))


def _cell_of(text: str) -> str:
    """:func:`_cell_text` of a line's normalised text."""
    return text.strip().rstrip("|").strip()


def _line_cell(source: SourceText, number: int) -> Cell:
    """The line as one cell, without a trailing border pipe."""
    line = source.norm(number)
    return Cell.from_line(source, number, 0, len(line.rstrip().rstrip("|").rstrip()))


def _is_header_word(text: str) -> bool:
    """A short header cell: a known column word, or an unknown one (备注, 说明) kept as other."""
    text = squeeze(text)  # spaces inside a cell (a masked gloss) are no length
    return 0 < len(text) <= 10 and "|" not in text and not re.search(r"[。,;:、]", text) and not re.fullmatch(r"[\d.\s]+", text)


def _fits_header(text: str) -> bool:
    """Short enough for a header cell: ten characters, or twelve when it ends like a column's
    name (省重点民生实事项目名称), not like a title (十方面民生实事责任分解)."""
    text = squeeze(text)
    return len(text) <= 10 or (len(text) <= 12 and text.endswith(HEADER_ENDINGS))


def _header_block(source: SourceText) -> tuple[list[int], list[str | None]] | None:
    """The first run of one-word header cells (known words, unknown ones kept as "other")
    that names at least two known fields, one of them an agency column."""
    run: list[int] = []
    for number in source.line_numbers:
        raw = source.norm(number).strip()
        if not raw or (not run and len(raw) > 12 and "|" not in raw and len(squeeze(raw)) > 12):
            continue  # too long for a header cell (_fits_header): no run opens here (most lines)
        norm = _cell_text(source, number)
        if run and not norm:
            continue  # an empty header cell written as a bare pipe (a merged or spanning cell)
        first_row = bool(run) and bool(SEQ_CELL.fullmatch(norm)) and "seq" in [column_field(_cell_text(source, n)) for n in run]
        if not first_row and _fits_header(norm) and "|" not in norm and (column_field(norm) or (run and _is_header_word(norm))):
            run.append(number)
            continue
        if not SEQ_CELL.fullmatch(norm):
            # Unless a numbered row follows, unknown words at the end of the run are the first
            # row's short cells, not header.
            while run and not column_field(_cell_text(source, run[-1])):
                run.pop()
        if len(run) >= 3:
            fields = map_columns([_cell_text(source, n) for n in run])
            if fields:
                return run, fields
        run = []
    return None


DEADLINE_CELL = re.compile(r"^(\d{4}年)?\d{1,2}月(份|底|末|前|中旬|上旬|下旬)*")


def _is_deadline_cell(text: str) -> bool:
    """A deadline cell, also with a few words after the date: 5月底前动工, 9月投入使用."""
    text = squeeze(text)
    return is_deadline(text) or (len(text) <= 12 and "。" not in text and bool(DEADLINE_CELL.match(text)))


def _short_agency(text: str, allow_stop: bool = False) -> bool:
    """One name such as 县残联 or 县代建中心 on a line of its own."""
    text = squeeze(text)
    if allow_stop:
        text = text.removesuffix("。")
    return 2 <= len(text) <= 20 and has_agency_form(text) and "。" not in text


def _is_person(text: str) -> bool:
    """A person's name, possibly with a title: 徐国江, 王五副区长 (2–4 characters before it)."""
    text = squeeze(text)
    titles = "|".join(re.escape(t) for t in name_rules()["leader_titles"])
    return bool(re.fullmatch(rf"[\u4e00-\u9fff]{{2,4}}({titles})?", text)) and not has_agency_form(text)


FIGURE = re.compile(r"\s*\d")
EMPTY_CELLS = {"/", "／", "—", "——", "-", "无"}
FULL_DATE = re.compile(r"\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


def _signature_lines(source: SourceText, after: int) -> set[int]:
    """The date under a table (2024年2月1日 alone on its line) and the issuer's name above it."""
    lines: set[int] = set()
    for number in source.lines_with(DATE_IN_TEXT):
        if number <= after or not FULL_DATE.match(_cell_text(source, number)):
            continue
        lines.add(number)
        previous = previous_text_line(source, number, after)
        if previous is not None and has_agency_form(squeeze(_cell_text(source, previous))) and previous not in lines:
            lines.add(previous)
    return lines


def _seq_value(text: str) -> int | None:
    """The number in a 序号 cell (12, 一), or None."""
    if not SEQ_CELL.fullmatch(text):
        return None
    return int(text) if text.isdigit() else chinese_number(text)


def _copy(cell: Cell) -> Cell:
    return Cell(pieces=list(cell.pieces))


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
        signature = _signature_lines(source, header_lines[-1])

        program: Program | None = None
        task: Task | None = None
        row_task: Task | None = None  # the first task of the current numbered row
        row_cells: list[tuple[Cell, str]] = []  # the agency cells of the current task
        inherited = False
        agency_cells = 0  # agency cells the current task has
        open_cell: tuple[Cell, str] | None = None  # an agency cell continuing on the next line
        text_cell: Cell | None = None
        last_was_agency = False
        expected_seq: int | None = None  # the first row may start at any number (an excerpt)
        seq: str | None = None
        last_agency_column = max(i for i, f in enumerate(fields) if f in AGENCY_FIELDS)
        trailing_columns = len(fields) - last_agency_column - 1  # progress, remarks, deadline …
        trailing_seen = 0
        text_cell_closed: set[int] = set()
        named = [f for f in fields if f and f != "seq"]
        text_first = bool(named) and named[0] == "text"
        # Agency columns before the text column (牵头单位 | 项目名称 | 业主单位): their cells
        # come before the row's text and hold for every task of the row (a merged cell).
        text_index = fields.index("text") if "text" in fields else len(fields)
        leading_fields = [f for f in fields[:text_index] if f in AGENCY_FIELDS]
        post_fields = [f for f in fields[text_index + 1 :] if f in AGENCY_FIELDS] or agency_fields
        leading_cells: list[tuple[Cell, str]] = []

        def finish() -> None:
            nonlocal row_cells
            self._finish_text(task, text_cell, fields)
            for cell, role in row_cells:
                context.add_agencies(task, cell, role)
            row_cells = []

        at_line = context.at_line
        normalized, roles = source.normalized, context.line_roles
        has_seq, has_leader, has_deadline = "seq" in fields, "leader" in fields, "deadline" in fields
        for number in range(header_lines[-1] + 1, len(normalized) + 1):
            if at_line is not None:
                at_line(number)
            raw = normalized[number - 1].strip()
            if not raw or roles.get(number) == "footer":
                continue  # half the lines of a table copied a cell a line are blank
            norm = _cell_of(raw)
            if number in signature:
                # The issuer and the date under the table: the document's, no cell of a row.
                finish()
                task, text_cell, agency_cells, open_cell = None, None, 0, None
                context.mark(number, "metadata", overwrite=True)
                continue
            if norm in EMPTY_CELLS:
                norm = ""  # "/" or "—" written in an empty cell
            if not norm:
                # An empty cell written as a bare pipe: it fills a column.
                if task is not None:
                    trailing_seen += 1 if agency_cells else 0
                    context.mark(number, "task")
                else:
                    context.mark(number, "header" if number < header_lines[-1] + 2 else "narrative")
                continue
            if open_cell is not None:
                open_cell[0].pieces += _line_cell(source, number).pieces
                context.extend_span(task, number)
                if not list_continues(norm):
                    open_cell = None
                continue
            in_trailing_cells = task is not None and agency_cells and trailing_seen < trailing_columns and not inherited
            seq_value = _seq_value(norm) if has_seq else None
            if seq_value is not None and (expected_seq is None or expected_seq <= seq_value < expected_seq + 200) and not (
                in_trailing_cells and seq_value != expected_seq  # a figure in a progress column
            ):
                # A row starts at the next 序号 value (an extract may skip numbers: 3, 68, 69).
                # A row starts at the next 序号 value.
                finish()
                task, text_cell, agency_cells, row_task, inherited = None, None, 0, None, False
                seq = norm
                expected_seq = seq_value + 1
                leading_cells = []
                trailing_seen = 0
                context.mark(number, "task")
                last_was_agency = False
                continue
            if has_seq and CHINESE_NUMBERED.match(norm):
                # A section heading (一、…) standing between numbered rows: no cell of a row.
                finish()
                task, text_cell, agency_cells, inherited = None, None, 0, False
                program = context.new_program(None, squeeze(norm), number)
                context.mark(number, "heading")
                last_was_agency = False
                continue
            heading = None if has_seq else _is_program_heading(norm)
            if heading:
                finish()
                program = context.new_program(heading.group(1), heading.group(2).strip(), number)
                program.description = descriptions.get(int(heading.group(1)))
                context.mark(number, "heading")
                task, text_cell, agency_cells = None, None, 0
                last_was_agency = False
                continue
            # In a numbered row that still owes an agency column, a single name may end with
            # a full stop (区投资促进中心。); elsewhere such a line is a task's text.
            owes_agency = has_seq and task is not None and 0 < agency_cells < len(post_fields)
            # The cell after 序号 is the task's text when the header puts the text first
            # (建设农村公办幼儿园(所) ends like a unit's name but stands in the text column).
            text_column_next = task is None and seq is not None and text_first
            figure = bool(FIGURE.match(norm))  # 2所, 3600人: a quantity, not a unit's name
            item_cell = bool(NUMBERED.match(norm) or PAREN_CHINESE_NUMBERED.match(norm))  # (二)改造人行道
            if not text_column_next and not figure and not item_cell and (looks_like_agency_list(norm) or (last_was_agency and _short_agency(norm, allow_stop=owes_agency))):
                if task is None and seq is not None and len(leading_cells) < len(leading_fields):
                    leading_cells.append((_line_cell(source, number), leading_fields[len(leading_cells)]))
                    context.mark(number, "task")
                    continue
                if task is None:
                    context.skip(number, "agency cell with no task text before it")
                    continue
                if inherited:
                    # The sub-task has cells of its own; the row's leading cells still hold.
                    row_cells, inherited, agency_cells = [(_copy(c), r) for c, r in leading_cells], False, 0
                cell = _line_cell(source, number)
                if agency_cells and (agency_cells >= len(post_fields) or (last_was_agency and len(post_fields) == 1)):
                    # Consecutive agency lines under one agency column are one cell.
                    row_cells[-1][0].add(source, number)
                else:
                    if agency_cells == 0:
                        self._finish_text(task, text_cell, fields)
                    row_cells.append((cell, post_fields[agency_cells]))
                    agency_cells += 1
                context.extend_span(task, number)
                context.mark(number, "task")
                if list_continues(norm):
                    open_cell = (row_cells[-1][0], row_cells[-1][1])
                last_was_agency = True
                continue
            last_was_agency = False
            if task is not None and has_leader and not agency_cells and _is_person(norm):
                # The 责任领导 cell: a person's name (with a title) between text and agencies.
                task.leader = Leader(squeeze(norm), "", task.jurisdiction.id if task.jurisdiction else None)
                self._finish_text(task, text_cell, fields)
                text_cell_closed.add(id(task))
                context.extend_span(task, number)
                context.mark(number, "task")
                continue
            if task is not None and has_deadline and _is_deadline_cell(norm):
                task.deadline = squeeze(norm)
                context.extend_span(task, number)
                context.mark(number, "task")
                trailing_seen += 1
                continue
            if task is not None and agency_cells and has_seq and trailing_seen < trailing_columns and not inherited and not item_cell:
                # A cell of a column after the agency columns (progress, remarks): not a task.
                trailing_seen += 1
                context.mark(number, "task")
                continue
            if task is not None and agency_cells == 0 and not inherited and id(task) not in text_cell_closed:
                # More of the same text cell: the cell spans lines.
                text_cell.add(source, number)
                context.extend_span(task, number)
                context.mark(number, "task")
                continue
            parent_cells = list(row_cells) if (has_seq and task is not None) else []
            finish()
            text_cell = _line_cell(source, number)
            task = context.new_task(text=text_cell.text, lines=(number, number), program=program, seq=seq)
            agency_cells = 0
            inherited = False
            trailing_seen = 0
            row_cells = [(_copy(c), r) for c, r in leading_cells]
            if parent_cells:
                # A row without 序号 under a numbered row: a sub-task of it, whose missing
                # (merged) agency cells are inherited from the row above.
                row_cells = [(_copy(cell), role) for cell, role in parent_cells]
                agency_cells = len(row_cells)
                inherited = True
                task.notes.append("agencies inherited from the merged cell of the row above (inferred)")
            context.mark(number, "task")
        if open_cell is not None:
            open_cell = None
        finish()
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
