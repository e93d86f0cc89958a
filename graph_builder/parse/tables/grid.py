"""Tables a reader of another format handed over as a grid (HTML, DOCX, XLSX, PDF).

The reader knows each cell's column and whether it is the lower part of a vertically merged
cell (``readers.LineOrigin.columns``, ``spanned``), so nothing is guessed: the table's rows are
its rows, each cell in its column. The header is the last row, among the first rows, that names
task fields (a two-row header with a spanning group cell above names the columns in its lower
row).

>>> from graph_builder.readers import Lines, Cell, LineOrigin, source_from_lines
>>> lines = Lines("html")
>>> lines.add_table([[Cell("序号"), Cell("任务"), Cell("牵头单位")], [Cell("1"), Cell("建设公园"), Cell("市园林局")]], LineOrigin(table=1))
>>> source = source_from_lines(lines, b"", "t.html")
>>> [(t.fields, len(t.units)) for t in SEGMENTER.tables(source, set())]
[(['seq', 'text', 'lead'], 1)]
"""

from __future__ import annotations

from ...ingest import SourceText
from ..cells import Cell, squeeze
from ..columns import map_columns
from ..table import Table, TableCell, Unit


def _grid_cells(source: SourceText, number: int) -> list[TableCell] | None:
    """The cells of a reader's table row written on line ``number``, each in its column."""
    origin = source.origins[number - 1]
    line = source.norm(number)
    if not origin.columns:
        stripped = len(line) - len(line.lstrip())
        return [TableCell.on_line(source, number, stripped, len(line.rstrip()), 0)]
    bounds, start = [], line.index("|") + 1
    for index in range(start, len(line)):
        if line[index] == "|":
            bounds.append((start, index))
            start = index + 1
    if len(bounds) != len(origin.columns):
        return None
    cells = []
    spanned = origin.spanned or (False,) * len(bounds)
    for (a, b), column, merged in zip(bounds, origin.columns, spanned):
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        cells.append(TableCell.on_line(source, number, a, b, column - 1, merged))
    return cells


class ReaderGrids:
    name = "grid"

    def tables(self, source: SourceText, claimed: set[int]) -> list[Table]:
        origins = source.origins or []
        if not any(o is not None and o.table is not None for o in origins):
            return []
        grids: dict[tuple, list[int]] = {}
        for number, origin in enumerate(origins, 1):
            if origin is not None and origin.table is not None and number not in claimed:
                grids.setdefault((origin.sheet, origin.table), []).append(number)
        found = []
        for lines in grids.values():
            header_at = None
            for position, number in enumerate(lines[:6]):
                cells = _grid_cells(source, number)
                if cells and map_columns([squeeze(c.normalized) for c in cells]):
                    header_at = position
                elif header_at is not None:
                    break
            if header_at is None:
                continue
            header_line = lines[header_at]
            header_cells = _grid_cells(source, header_line)
            width = max(c.column for c in header_cells) + 1
            words = [""] * width
            for c in header_cells:
                words[c.column] = squeeze(c.normalized)
            fields = map_columns(words)
            # Rows above the header within the grid (a title merged across the sheet) name it.
            above = [squeeze(source.norm(n)).strip("|") for n in lines[:header_at]]
            title = next((t for t in above if 4 <= len(t) <= 60), None)
            table = Table(self.name, words, fields, [header_line], [], title=title, section=title)
            table.lines |= set(lines[:header_at])
            table.grid = True
            for number in lines[header_at + 1 :]:
                cells = _grid_cells(source, number)
                if cells and any(c.normalized.strip() for c in cells):
                    table.units.append(Unit(cells))
                    table.lines.add(number)
            if table.units:
                found.append(table)
        return found


SEGMENTER = ReaderGrids()
