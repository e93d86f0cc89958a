"""One table model, and the one step that turns any table into tasks.

Every table layout ends here: a segmenter (``graph_builder/parse/tables/``) only finds a table's
header and cuts its lines into cells; a reader of another format (HTML, DOCX, XLSX, PDF) hands
its grid over as it is. Both give a ``Table``: the header's ``Column`` fields (which fix the
column count) and ``Unit`` s in reading order — a line's cells, or one cell of a table flattened
one cell a line — each cell a ``TableCell`` that keeps its pieces of text (line, offsets) and,
from a grid, its column and whether it spans from the row above.

``assemble_table`` then decides everything once, for every layout:

1. **Rows.** A unit whose first cell is the row number that comes next starts a row (an
   extract may skip numbers: a jump counts where the number after it follows). Between two such
   units the cells are cut into rows, wrapped cells and section headings by ``align.partition``:
   a line that goes on a cell, a sub-row without its number, a heading (一、…) between rows.
2. **Columns.** Each row's cells are placed in the columns by ``align.TableModel`` — typed
   cells, a per-table profile learned from the rows that have a cell in every column, gaps for
   merged or lost cells.
3. **Tasks.** A row is a task; a row without its number under a numbered row is a sub-task of
   it. A lead column the row has no cell for was merged into the row above: the sub-row
   inherits it (and the whole agency block when it has none of its own), marked inferred. A
   section row, or a text column whose cell spans several rows when a target column follows,
   is a program. Agency cells are read as lists (with ★ marking a lead), or as verb clauses
   (X牵头,Y配合); person, place, figure, year, evaluator and progress columns never give an
   agency.

It returns a ``TableReading``: the tasks it made and how well the table read (the agency names
its cells hold, those placed in tasks, the rows' mean cost), for choosing between readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ingest import SourceText
from ..model import Leader, Program, Task
from .align import TableModel, partition
from .base import CHINESE_NUMBERED, PAREN_CHINESE_NUMBERED, ParseContext, chinese_number
from .cell_types import cell_kinds, is_person
from .cells import Cell, squeeze, strip_marks
from .columns import AGENCY_FIELDS
from .metadata import restatements


@dataclass(slots=True)
class TableCell:
    """One cell a segmenter cut: its text over one or more lines, where it came from.

    A cell on one line is kept as its line and offsets (``source``, ``line``, ``start``,
    ``end``) and becomes a ``Cell`` with its pieces only when a task needs it: most cells of a
    long table are typed and placed, few are cut into names."""

    given: Cell | None = None  # a cell of several lines, made by its segmenter
    column: int | None = None  # known from a grid; None: the aligner places it
    spanned: bool = False  # a grid cell merged from the row above (its text repeated)
    source: SourceText | None = None
    line: int = 0
    start: int = 0
    end: int = 0
    _kinds: frozenset | None = None
    _text: str | None = None

    @classmethod
    def on_line(cls, source: SourceText, line: int, start: int, end: int, column: int | None = None, spanned: bool = False) -> "TableCell":
        return cls(None, column, spanned, source, line, start, end)

    @property
    def cell(self) -> Cell:
        if self.given is None:
            self.given = Cell.from_line(self.source, self.line, self.start, self.end)
        return self.given

    @property
    def normalized(self) -> str:
        if self.given is None:
            return self.source.norm(self.line)[self.start : self.end]
        return self.given.normalized

    @property
    def text(self) -> str:
        # Asked many times per cell (typing, placing, counting names): cut once.
        if self._text is None:
            self._text = squeeze(self.normalized)
        return self._text

    @property
    def lines(self) -> list[int]:
        return [self.line] if self.given is None else [p.line for p in self.given.pieces]

    @property
    def first_line(self) -> int:
        return self.line if self.given is None else self.given.pieces[0].line

    @property
    def kinds(self) -> frozenset:
        """What the cell may be (``cell_types.cell_kinds``), found once."""
        if self._kinds is None:
            self._kinds = cell_kinds(self.normalized)
        return self._kinds


@dataclass(slots=True)
class Unit:
    """A line's cells in reading order (a table one row a line), or one cell (one cell a line)."""

    cells: list[TableCell]

    @property
    def first_line(self) -> int:
        return self.cells[0].first_line


@dataclass
class Table:
    """A task table: header fields, the units under it, where it stands."""

    segmenter: str
    headers: list[str]
    fields: list[str | None]
    header_lines: list[int]
    units: list[Unit]
    title: str | None = None  # the heading above the table (附件2 / 十方面民生实事责任分解)
    section: str | None = None
    lines: set[int] = field(default_factory=set)  # every line the table holds
    grid: bool = False  # cells already in their columns (a reader's grid)


@dataclass
class Row:
    cells: list[list[TableCell]]  # per column, the cells placed there
    kind: str  # "row" | "section"
    lines: tuple[int, int]
    cost: float = 0.0
    numbered: bool = False

    def value(self, column: int) -> str:
        cells = self.cells[column]
        return cells[0].text if len(cells) == 1 else "".join(c.text for c in cells)


@dataclass
class TableReading:
    tasks: list[Task]
    agency_cells: int  # agency names the table's agency columns hold
    placed: int  # of them, placed in tasks
    cost: float  # the rows' mean placement cost
    rows: int

    @property
    def score(self) -> float:
        return self.placed - 0.5 * self.cost


# -- rows -------------------------------------------------------------------------------------

SECTION_LINE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|第[一二三四五六七八九十]+[部分章节类])")


def _seq_value(text: str) -> int | None:
    text = squeeze(text).rstrip(".、")
    if text.isdigit() and len(text) <= 6:
        return int(text)
    if text and all(c in "一二三四五六七八九十" for c in text) and len(text) <= 3:
        return chinese_number(text)
    return None


def _boundaries(table: Table, kinds: list[tuple[frozenset, ...]]) -> list[int]:
    """The units that start a numbered row: the number that comes next (or the first)."""
    if "seq" not in table.fields or table.fields.index("seq") != 0:
        return []
    values = [_seq_value(u.cells[0].text) if "seq" in k[0] else None for u, k in zip(table.units, kinds)]
    starts: list[int] = []
    expected: int | None = None
    for index, value in enumerate(values):
        if value is None:
            continue
        if expected is None or value == expected:
            starts.append(index)
            expected = value + 1
        elif expected < value < expected + 500:
            # A jump (an extract skips rows): a row only where the number after it follows.
            following = next((v for v in values[index + 1 : index + 1 + 6 * len(table.fields)] if v is not None), None)
            if following == value + 1 or (len(table.units[index].cells) >= 3 and len(table.units[index].cells) * 2 >= len(table.fields)):
                starts.append(index)
                expected = value + 1
    return starts


def _sections(table: Table) -> set[int]:
    """Units that may be a heading between rows: one short cell that opens like a heading."""
    found = set()
    for index, unit in enumerate(table.units):
        if len(unit.cells) == 1:
            text = unit.cells[0].text
            if len(text) <= 60 and SECTION_LINE.match(text) and "agency" not in cell_kinds(text):
                found.add(index)
    return found


def table_rows(table: Table) -> list[Row]:
    """The table's rows, each with its cells in their columns (see the module's docstring)."""
    kinds = [tuple(c.kinds for c in unit.cells) for unit in table.units]
    fields = tuple(table.fields)
    if table.grid:
        return [_grid_row(unit, len(fields)) for unit in table.units]
    starts = _boundaries(table, kinds)
    sections = _sections(table)
    # Segments: from each numbered row's start to the next; what stands before the first is
    # its own segment (a merged category's value, a section heading).
    cuts = sorted({0, *starts, len(table.units)})
    segments = [(a, b) for a, b in zip(cuts, cuts[1:]) if a < b]
    segment_rows = [tuple(k for unit in kinds[a:b] for k in unit) for a, b in segments]
    model = TableModel(fields).learn(segment_rows + [k for k in kinds if len(k) == len(fields)])
    rows = _cut(table, kinds, segments, set(starts), sections, model)
    # A second pass that knows which columns this table's rows leave out (a merged category,
    # a lead that spans its group's rows): their gaps cost what the first pass found them to.
    missing = _missing_rates(rows, len(fields))
    if len(rows) >= 4 and model.differs(missing):
        rows = _cut(table, kinds, segments, set(starts), sections, model.with_missing(missing))
    return rows


def _cut(table: Table, kinds, segments, started: set[int], sections: set[int], model: TableModel) -> list[Row]:
    fields = table.fields
    rows: list[Row] = []
    for a, b in segments:
        local_sections = {i - a for i in sections if a <= i < b and i not in started}
        for first, end, kind in partition(kinds[a:b], model, local_sections):
            units = table.units[a + first : a + end]
            cells = [c for u in units for c in u.cells]
            lines = (min(c.first_line for c in cells), max(n for c in cells for n in c.lines))
            if kind == "section":
                rows.append(Row([[c] for c in cells] + [[] for _ in range(len(fields) - len(cells))], "section", lines))
                continue
            placement = model.align(tuple(k for u in kinds[a + first : a + end] for k in u))
            placed = [[cells[i] for i in column] for column in placement.columns]
            for i in placement.extra:
                placed.append([cells[i]])  # past the last column: kept as a note
            numbered = first == 0 and (a + first) in started and bool(placed[0])
            rows.append(Row(placed, "row", lines, placement.cost, numbered))
    return rows


def _missing_rates(rows: list[Row], width: int) -> list[float]:
    """For each column, the share of the rows that have no cell in it, or an empty one."""
    task_rows = [r for r in rows if r.kind == "row"]
    if not task_rows:
        return [0.0] * width
    rates = []
    for column in range(width):
        empty = sum(1 for r in task_rows if not any("empty" not in c.kinds for c in r.cells[column]))
        rates.append(empty / len(task_rows))
    return rates


def _grid_row(unit: Unit, width: int) -> Row:
    placed: list[list[TableCell]] = [[] for _ in range(width)]
    for cell in unit.cells:
        if cell.column is not None and cell.column < width:
            placed[cell.column].append(cell)
        else:
            placed.append([cell])
    lines = (unit.first_line, max(n for c in unit.cells for n in c.lines))
    filled = [i for i, column in enumerate(placed[:width]) if column]
    if filled == [0] and width > 1 and _seq_value(placed[0][0].text) is None:
        return Row(placed, "section", lines)  # one cell across the table: a section title
    numbered = bool(placed[0]) and not placed[0][0].spanned and _seq_value(placed[0][0].text) is not None
    return Row(placed, "row", lines, 0.0, numbered)


# -- tasks ------------------------------------------------------------------------------------


@dataclass
class _State:
    program: Program | None = None  # the group of rows the next task falls in
    section_program: Program | None = None  # the section heading above them
    table_program: Program | None = None
    section: str | None = None
    numbered: Row | None = None  # the last numbered row
    numbered_task: Task | None = None
    agency_cells: dict[int, list[TableCell]] = field(default_factory=dict)  # last value per agency column
    category: str | None = None
    leader: str | None = None
    group_text: str | None = None


def assemble_table(context: ParseContext, table: Table) -> TableReading:
    """Tasks from ``table`` added to ``context``; see the module's docstring."""
    fields = table.fields
    for number in table.header_lines:
        context.mark(number, "header", overwrite=True)
    rows = table_rows(table)
    text_columns = [i for i, f in enumerate(fields) if f == "text"]
    target_columns = [i for i, f in enumerate(fields) if f == "target"]
    agency_columns = [i for i, f in enumerate(fields) if f in AGENCY_FIELDS]
    seq_column = 0 if fields and fields[0] == "seq" else None
    # A text column before a target column whose cell spans rows names the group (the
    # program), the target column each task (项目名称 | 工作目标 | 牵头单位).
    program_column = None
    if text_columns and target_columns and text_columns[0] < target_columns[0]:
        task_rows = [r for r in rows if r.kind == "row"]
        if task_rows and sum(1 for r in task_rows if r.cells[text_columns[0]]) < len(task_rows):
            program_column = text_columns[0]
    grouping = _grouping(rows, seq_column, text_columns, target_columns, program_column)
    descriptions: dict[int, str] | None = None  # the body's restatements of numbered groups
    state = _State(section=table.section)
    tasks: list[Task] = []
    agency_names = placed = 0
    cost = 0.0
    at_line = context.at_line
    for row in rows:
        if at_line is not None:
            at_line(row.lines[0])
        lines_of_row = {n for column in row.cells for c in column for n in c.lines}
        for number in lines_of_row:
            context.mark(number, "task", overwrite=True)
        if row.kind == "section":
            title = "".join(c.text for column in row.cells for c in column)
            state.section_program = context.new_program(None, title, row.lines[0], section=table.section)
            state.program = None
            state.numbered = state.numbered_task = None
            for number in lines_of_row:
                context.mark(number, "heading", overwrite=True)
            continue
        cost += row.cost
        if program_column is not None and row.cells[program_column]:
            title = row.value(program_column)
            seq = row.value(seq_column) if seq_column is not None and row.cells[seq_column] else None
            state.program = context.new_program(*_numbered_title(seq, title), row.lines[0], section=table.section)
            if state.program.seq and state.program.seq.isdigit():
                if descriptions is None:
                    descriptions = restatements(context.source, min(table.header_lines or [row.lines[0]]))
                state.program.description = descriptions.get(int(state.program.seq))
        text = _first_value(row, [c for c in text_columns if c != program_column]) or _first_value(row, target_columns)
        if not text and program_column is not None and row.cells[program_column]:
            text = row.value(program_column)
        own_agencies = [c for c in agency_columns if row.cells[c] and any(_is_agency_cell(x) for x in row.cells[c])]
        if not text:
            listed = [c for c in own_agencies if any({"agency", "clause", "open"} & x.kinds for x in row.cells[c])]
            if listed and tasks and not row.numbered and not table.grid:
                # Agency cells alone on their row: the cells of the task above go on.
                _add_agency_cells(context, tasks[-1], row, fields, listed)
                agency_names += _count_names(row, listed)
                placed += _count_names(row, listed)
                continue
            if row.numbered or (seq_column is not None and _first_value(row, [seq_column])):
                # A numbered row with no text: a group whose cells the rows below inherit.
                state.numbered = row
                for column in own_agencies:
                    state.agency_cells[column] = row.cells[column]
                _remember(state, row, fields)
                if row.numbered and not own_agencies:
                    seq = row.value(seq_column) if seq_column is not None else None
                    state.program = context.new_program(seq, None, row.lines[0], section=table.section)
                continue
            for number in sorted(lines_of_row):
                if any("empty" not in c.kinds for column in row.cells for c in column):
                    context.skip(number, "table row with no task text")
                else:
                    context.mark(number, "task", overwrite=True)  # a row of empty cells
            continue
        if row.numbered and not own_agencies and agency_columns and _filled(row) < min(3, len(fields)):
            for number in sorted(lines_of_row):
                context.skip(number, "table row with fewer than three cells")
            continue
        sub_row = seq_column is not None and not row.numbered and state.numbered is not None
        seq = row.value(seq_column) if seq_column is not None and row.numbered else None
        if sub_row and state.numbered is not None and state.numbered.cells[seq_column]:
            seq = state.numbered.value(seq_column)
        # The program: a numbered item with sub-rows (grouping "seq"), a run of rows repeating
        # one task name (grouping "text"), a section heading, else the table itself.
        if grouping == "seq" and row.numbered:
            state.program = context.new_program(seq, None, row.lines[0], section=table.section)
        elif grouping == "text" and text != state.group_text:
            state.program = context.new_program(None, text, row.lines[0], section=table.section)
            state.group_text = text
        program = state.program or state.section_program or _table_program(context, table, state)
        # The task's lines: its row's, without a group cell that names its program.
        own_lines = [n for i, column in enumerate(row.cells) if i != program_column for c in column for n in c.lines]
        task_lines = (min(own_lines), max(own_lines)) if own_lines else row.lines
        task = context.new_task(text=text, lines=task_lines, program=program, seq=seq)
        tasks.append(task)
        if target_columns and text_columns and program_column is None:
            task.target = _first_value(row, target_columns) or None
        elif target_columns:
            task.target = _first_value(row, target_columns) or None
        _remember(state, row, fields)
        task.category = state.category
        if state.leader:
            task.leader = Leader(state.leader, "", task.jurisdiction.id if task.jurisdiction else None)
        for column, value in enumerate(fields):
            if value == "deadline" and row.cells[column]:
                task.deadline = row.value(column)
        if row.numbered:
            state.numbered, state.numbered_task = row, task
        # Agencies: its own cells; a lead column the row has none for was merged above.
        inherited = []
        whole_block = not own_agencies
        for column in agency_columns:
            if column in own_agencies or column not in state.agency_cells:
                continue
            # A lead column with no cell (a gap) was merged into the row above; under a
            # numbered row an empty one was too (the sub-row's share of the merged cell).
            # Co-operating units are inherited only by a sub-row with no unit of its own.
            lead_like = fields[column] in ("lead", "responsible")
            if (lead_like and (not row.cells[column] or sub_row)) or (whole_block and sub_row):
                inherited.append(column)
        _add_agency_cells(context, task, row, fields, own_agencies, inherited, state)
        if inherited:
            task.notes.append("agencies inherited from the merged cell of the row above (inferred)")
        for column in own_agencies:
            state.agency_cells[column] = row.cells[column]
        for column in agency_columns:
            if row.numbered and column not in inherited and column not in own_agencies and fields[column] in ("lead", "responsible"):
                state.agency_cells.pop(column, None)  # a numbered row with an empty lead: none to inherit
        names = _count_names(row, own_agencies)
        agency_names += names
        placed += names
        for extra in row.cells[len(fields):]:
            task.notes.append(f"extra cell beyond the header: {''.join(c.text for c in extra)}")
    # A group's cell (the program's name) is a heading, not part of a task.
    if program_column is not None:
        for row in rows:
            for cell in row.cells[program_column] if row.kind == "row" else ():
                for number in cell.lines:
                    context.mark(number, "heading", overwrite=True)
    # The table's own lines no row holds: its title above the header.
    row_lines = {n for r in rows for column in r.cells for c in column for n in c.lines}
    for number in sorted(table.lines - row_lines - set(table.header_lines)):
        if context.source.norm(number).strip():
            context.mark(number, "heading", overwrite=True)
    task_rows = sum(1 for r in rows if r.kind == "row") or 1
    return TableReading(tasks, agency_names, placed, cost / task_rows, task_rows)


def _table_program(context: ParseContext, table: Table, state: _State) -> Program:
    """The program a table's tasks fall in when nothing groups them: the table itself, named by
    its title."""
    if state.table_program is None:
        state.table_program = context.new_program(None, table.title, table.header_lines[0] if table.header_lines else None,
                                                  section=table.section)
    return state.table_program


def _grouping(rows: list[Row], seq_column, text_columns, target_columns, program_column) -> str | None:
    """How the rows group into programs: "seq" when rows without a number go on a numbered one
    (its sub-rows), "text" when consecutive rows repeat one task name beside their own targets,
    else None (by section, or the table)."""
    task_rows = [r for r in rows if r.kind == "row"]
    if seq_column is not None and any(r.numbered for r in task_rows):
        first = next(i for i, r in enumerate(task_rows) if r.numbered)
        if any(not r.numbered and any(r.cells[c] for c in text_columns + target_columns) for r in task_rows[first:]):
            return "seq"
    if program_column is None and text_columns and target_columns:
        names = [r.value(text_columns[0]) for r in task_rows]
        if any(a == b and a for a, b in zip(names, names[1:])):
            return "text"
    return None


_ITEM_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.、]\s*(?=\S)")


def _numbered_title(seq: str | None, title: str) -> tuple[str | None, str]:
    """A group's number and title: 1.持续深化治水治气 -> ("1", "持续深化治水治气")."""
    match = _ITEM_NUMBER.match(title)
    if match and seq is None:
        return match.group(1), title[match.end() :]
    return seq, title


def _remember(state: _State, row: Row, fields: list[str | None]) -> None:
    """A category or leader cell holds for the rows below it that have none (a merged cell)."""
    for column, value in enumerate(fields):
        if value == "category" and row.cells[column]:
            state.category = row.value(column)
        if value == "leader" and row.cells[column]:
            text = " ".join(c.normalized.strip() for c in row.cells[column])
            state.leader = squeeze(text) if is_person(text) or len(squeeze(text)) <= 12 else None


def _first_value(row: Row, columns: list[int]) -> str:
    for column in columns:
        if column < len(row.cells) and row.cells[column]:
            value = row.value(column)
            if value and "empty" not in cell_kinds(value):
                return value
    return ""


def _is_agency_cell(cell: TableCell) -> bool:
    """A cell that names units (a list, a verb clause), not an empty or a text cell."""
    kinds = cell.kinds
    return "empty" not in kinds and ("agency" in kinds or "clause" in kinds or "open" in kinds or "short" in kinds and len(cell.text) <= 12)


def _filled(row: Row) -> int:
    return sum(1 for column in row.cells for c in column if "empty" not in c.kinds)


def _count_names(row: Row, columns: list[int]) -> int:
    """How many units the cells name, about (their list separators plus one each)."""
    return sum(1 + len(_LIST_SEPARATORS.findall(c.text.strip("、,;"))) for col in columns for c in row.cells[col])


_LIST_SEPARATORS = re.compile(r"[、,;]+")


def _add_agency_cells(context: ParseContext, task: Task, row: Row, fields, columns: list[int], inherited=(), state: _State | None = None) -> None:
    """Each agency cell's units, in its column's role (a verb clause by its own words)."""
    from .prose import parse_responsibility  # a clause in a cell reads as one in running text

    order = sorted([*columns, *inherited])
    for column in order:
        role = fields[column]
        own = column in columns
        cells = row.cells[column] if own else [TableCell(_copy(c.cell)) for c in state.agency_cells[column]]
        if len(cells) == 1:
            joined = cells[0].cell if own else cells[0].given  # most cells: one, read as it is
            kinds = cells[0].kinds
        else:
            joined = Cell(pieces=[p for c in cells for p in c.cell.pieces])
            kinds = cell_kinds(joined.normalized) if joined.pieces else frozenset()
        if not joined.pieces:
            continue
        if "clause" in kinds and "agency" not in kinds and len(joined.pieces) == 1:
            piece = joined.pieces[0]
            start = context.source.norm(piece.line).find(piece.normalized)
            clause = parse_responsibility(context.source, piece.line, start, start + len(piece.normalized)) if start >= 0 else None
            if clause and clause.assignments:
                for assignment in clause.assignments:
                    context.add_agencies(task, assignment.cell, assignment.role if assignment.role != "responsible" else role)
                continue
        if strip_marks(joined.normalized) != joined.normalized and role in ("responsible", "cooperating"):
            role = "marked"  # ★ marks the unit that leads: context.add_agencies reads the marks
        context.add_agencies(task, joined, role)


def _copy(cell: Cell) -> Cell:
    return Cell(pieces=list(cell.pieces))
