"""Excel .xlsx files (openpyxl): each sheet is a table, each spreadsheet row a pipe row.

Merged cells are filled as ``readers`` describes: a vertically merged cell (a 牵头单位 shared by
several rows) is repeated in the rows below, so each row keeps its own lead; a merged 序号 is
left empty below, so the rows are sub-rows of one numbered item; a horizontally merged cell
stands in its first column; a row merged across the whole sheet (the title, a section heading)
is a plain line. Values are the cached results of formulas; dates are written 2024年6月30日
(the form the engine reads as a deadline); a whole number stored as 1.0 is ``1``. A sheet whose
name is not a default (Sheet1, 工作表1) is named on a line before its rows. Empty rows and
columns are left out. The origin of each line is the sheet's name and position and the
spreadsheet's own row number.
"""

from __future__ import annotations

import datetime
import io
import re

from . import Cell, LineOrigin, Lines, cell_text
from .docx import _zip_has

DEFAULT_SHEET = re.compile(r"^(sheet|工作表|表)\s*\d*$", re.I)


class XlsxReader:
    name = "xlsx"
    suffixes = (".xlsx", ".xlsm", ".xltx")

    def sniff(self, data: bytes) -> bool:
        return _zip_has(data, "xl/workbook.xml")

    def read(self, data: bytes, path: str) -> Lines:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        out = Lines(format="xlsx", encoding="xlsx")
        for position, sheet in enumerate(workbook.worksheets, 1):
            _sheet(sheet, position, out)
        title = workbook.properties.title if workbook.properties else None
        if title and title.strip():
            out.meta["title"] = title.strip()
        return out


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and not (value.hour or value.minute or value.second):
        value = value.date()
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    return cell_text(str(value).split("\n"))


def _sheet(sheet, position: int, out: Lines) -> None:
    merged: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) -> its merged range's top-left
    for area in sheet.merged_cells.ranges:
        for row in range(area.min_row, area.max_row + 1):
            for col in range(area.min_col, area.max_col + 1):
                if (row, col) != (area.min_row, area.min_col):
                    merged[(row, col)] = (area.min_row, area.min_col)
    values: dict[tuple[int, int], str] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                text = _value(cell.value)
                if text:
                    values[(cell.row, cell.column)] = text
    if not values:
        return
    columns = sorted({col for _, col in values})
    first_col, last_col = columns[0], columns[-1]
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for row_number in sorted({row for row, _ in values}):
        row: list[Cell] = []
        for col in range(first_col, last_col + 1):
            origin = merged.get((row_number, col))
            if origin is None:
                row.append(Cell(values.get((row_number, col), "")))
            elif origin[1] == col:
                row.append(Cell(values.get(origin, ""), "vspan"))
            else:
                row.append(Cell(values.get(origin, ""), "hspan"))
        rows.append(row)
        numbers.append(row_number)
    # A row that has no value of its own but continues merged cells (a sub-row whose own cells
    # are all empty) has no entry in ``values``; add it back.
    extra = sorted({r for r, _ in merged} - set(numbers))
    if extra:
        for row_number in extra:
            row = []
            for col in range(first_col, last_col + 1):
                origin = merged.get((row_number, col))
                if origin is None:
                    row.append(Cell(""))
                else:
                    row.append(Cell(values.get(origin, ""), "vspan" if origin[1] == col else "hspan"))
            rows.append(row)
            numbers.append(row_number)
        order = sorted(range(len(numbers)), key=lambda i: numbers[i])
        rows, numbers = [rows[i] for i in order], [numbers[i] for i in order]
    origin = LineOrigin(sheet=sheet.title, table=position)
    if not DEFAULT_SHEET.match(sheet.title.strip()):
        out.add(sheet.title.strip(), origin)
    out.add_table(rows, origin, numbers)


READER = XlsxReader()
