"""Query results as tables for papers: agency attributes on every row, a type filter, CSV with
an optional byte-order mark (Excel on Windows), and .xlsx.

Every record that names an agency by id (``agency_id``, ``agency_a_id``, ``lead_id``,
``partner_id`` …) gains that agency's ``type``, ``jurisdiction`` and ``level`` beside it
(``agency_type``, ``agency_a_type`` …).

>>> from queries.views import View, Involvement as I
>>> view = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating")],
...     attributes={"A": {"type": "bureau", "jurisdiction": "x", "level": "city"}, "B": {"type": "street"}})
>>> rows = with_agency_attributes([{"agency_a_id": "A", "agency_b_id": "B"}], view)
>>> rows[0]["agency_a_type"], rows[0]["agency_b_type"], rows[0]["agency_a_jurisdiction"]
('bureau', 'street', 'x')
>>> len(filter_types(rows, view, ["bureau"]))  # every agency of the row must be a bureau
0
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .views import View

ATTRIBUTES = ("type", "jurisdiction", "level")


def _id_keys(record: dict) -> list[tuple[str, str]]:
    """(id key, prefix) for every agency id in the record: agency_id -> agency, lead_id -> lead."""
    return [(key, key[: -len("_id")]) for key in record if key.endswith("_id") and key not in ("ego_id",)]


def with_agency_attributes(records: list[dict], view: View) -> list[dict]:
    """Copies of ``records`` with ``<prefix>_type``, ``_jurisdiction``, ``_level`` after each id."""
    out = []
    for record in records:
        row = {}
        for key, value in record.items():
            row[key] = value
            if key.endswith("_id") and key != "ego_id" and value in view.attributes:
                prefix = key[: -len("_id")]
                for name in ATTRIBUTES:
                    row[f"{prefix}_{name}"] = view.attributes[value].get(name)
        out.append(row)
    return out


def agency_columns(columns: list[str], records: list[dict]) -> list[str]:
    """``columns`` with each agency's id before its name and type/jurisdiction/level after it."""
    if not records:
        return columns
    sample = records[0]
    out: list[str] = []
    for column in columns:
        id_key = f"{column}_id"
        if id_key in sample and id_key not in columns:
            out.append(id_key)
        out.append(column)
        if id_key in sample:
            out += [f"{column}_{name}" for name in ATTRIBUTES if f"{column}_{name}" in sample and f"{column}_{name}" not in columns]
    return out


def filter_types(records: list[dict], view: View, types: list[str]) -> list[dict]:
    """The records whose agencies (every one the row names) all have one of ``types``."""
    if not types:
        return records
    wanted = set(types)
    kept = []
    for record in records:
        ids = [record[key] for key, _ in _id_keys(record)]
        if ids and all(view.attributes.get(i, {}).get("type") in wanted for i in ids):
            kept.append(record)
    return kept


def cell(value):
    """A value as the terminal and CSV tables show it: lists joined with 、, floats to 4 figures."""
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)


def to_csv(records: list[dict], columns: list[str], excel: bool = False, safe: bool = True) -> bytes:
    """CSV bytes; ``excel`` adds the UTF-8 byte-order mark Excel needs to read Chinese; ``safe``
    (the default) writes a cell that would start a spreadsheet formula with a leading ' .

    >>> to_csv([{"agency": "=HYPERLINK(1)", "tasks": -2}], ["agency", "tasks"]).decode().splitlines()
    ['agency,tasks', "'=HYPERLINK(1),-2"]
    """
    from graph_builder.emit.spreadsheet import safe_row

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if excel else "\n")
    writer.writerow(columns)
    for record in records:
        row = [cell(record.get(c)) for c in columns]
        writer.writerow(safe_row(row) if safe else row)
    return buffer.getvalue().encode("utf-8-sig" if excel else "utf-8")


def write_xlsx(records: list[dict], columns: list[str], path: Path | str, title: str = "govkg") -> Path:
    """An .xlsx workbook: one sheet, bold frozen header, numbers as numbers, lists joined."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (title or "govkg")[:31].replace("/", "-").replace("→", "-")
    sheet.append(columns)
    for record in records:
        row = []
        for column in columns:
            value = record.get(column)
            if isinstance(value, (list, tuple, set)):
                value = "、".join(str(v) for v in value)
            row.append(value)
        sheet.append(row)
    for item in sheet[1]:
        item.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        width = max([len(str(column))] + [len(cell(r.get(column))) * 2 for r in records[:200]])
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(max(width, 6), 50)
    workbook.save(path)
    return Path(path)


def write_parquet(records: list[dict], columns: list[str], path: Path | str) -> Path:
    """A Parquet file for R (arrow), pandas or DuckDB: one column each, types kept (numbers as
    numbers, a missing value as null), lists joined as in the CSV.

    >>> import tempfile, pyarrow.parquet as pq
    >>> target = Path(tempfile.mkdtemp()) / "burden.parquet"
    >>> _ = write_parquet([{"agency": "市财政局", "tasks": 3}, {"agency": "市教育局", "tasks": None}], ["agency", "tasks"], target)
    >>> pq.read_table(target).to_pylist()
    [{'agency': '市财政局', 'tasks': 3}, {'agency': '市教育局', 'tasks': None}]
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    def value(v):
        return "、".join(str(x) for x in v) if isinstance(v, (list, tuple, set)) else v

    table = pa.Table.from_pylist([{c: value(r.get(c)) for c in columns} for r in records], schema=None) if records else pa.table({c: pa.array([], pa.string()) for c in columns})
    pq.write_table(table, path)
    return Path(path)
