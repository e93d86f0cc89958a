"""Readers of input formats, behind one registry: each turns a file's bytes into the lines the
extraction engine reads, plus where each line stands in the original.

The engine (``graph_builder.parse``) reads numbered lines and knows nothing of formats. So every
reader produces the same thing:

- a paragraph is a line;
- a table row is one pipe row ``| 序号 | 任务 | 牵头单位 | 配合单位 |``, which the engine's table
  readers already understand. A line break inside a cell (``<br>``, a Word paragraph, Alt+Enter in
  Excel) becomes a space, so a cell stays one cell (the agency splitter splits on spaces too);
  a ``|`` inside a cell becomes ``/``;
- merged cells: a vertically merged cell is *filled* into the rows below (each row keeps its
  own lead and cooperating agencies even when it has its own 序号), except a merged 序号
  (a bare number), which is left empty below so that the engine reads the rows as sub-rows of
  one numbered item; a horizontally merged cell stands in its first column and leaves the
  others empty; a row that is one cell across the table (a section title) is a plain line;
- per line, a ``LineOrigin``: PDF page, table index, row index, XLSX sheet name.

``read_document`` picks the reader by magic bytes first and the file's suffix second (a
``.doc`` that is really an HTML page is read as HTML), falls back to plain text in every
encoding ``ingest`` supports, and refuses legacy formats (.doc, .xls, .wps, .et, RTF) and
scanned PDFs with one line saying what to do. ``apply_origins`` copies the origins into the
source spans of an Extraction after parsing, so the parser stays unaware of them.

A new format is one module here with ``READER`` (``name``, ``suffixes``, ``sniff(data) -> bool``,
``read(data, path) -> Lines``) and one entry in ``READERS``.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from dataclasses import dataclass, field, replace
from typing import Optional, Protocol

from ..ingest import IngestError, SourceText, detect_script, normalize_lines, source_from_bytes
from ..model import SourceSpan


@dataclass(frozen=True)
class LineOrigin:
    """Where one line stands in the original file (all optional)."""

    page: Optional[int] = None  # PDF page, 1-based
    sheet: Optional[str] = None  # XLSX sheet name
    table: Optional[int] = None  # 1-based, in document order (XLSX: the sheet's position)
    row: Optional[int] = None  # 1-based row in its table (XLSX: the spreadsheet row number)
    # For a pipe row: the table column (1-based) of each cell written on the line, in order,
    # and whether each is a vertically merged cell's lower part (its text repeated from above).
    columns: Optional[tuple[int, ...]] = None
    spanned: Optional[tuple[bool, ...]] = None


@dataclass
class Lines:
    """What a reader returns: lines, one origin per line, and what the file says of itself."""

    format: str
    lines: list[str] = field(default_factory=list)
    origins: list[Optional[LineOrigin]] = field(default_factory=list)
    encoding: Optional[str] = None  # the text encoding, where the format has one (HTML)
    meta: dict = field(default_factory=dict)  # title, date (ISO), issuer

    def add(self, text: str, origin: Optional[LineOrigin] = None) -> None:
        for piece in text.split("\n"):
            piece = piece.rstrip()
            if piece.strip():
                self.lines.append(piece)
                self.origins.append(origin)

    def add_table(self, rows: list[list["Cell"]], origin: LineOrigin, row_numbers: list[int] | None = None) -> None:
        """Add a table given as rows of cells (see ``Cell``) as pipe rows."""
        for index, row in enumerate(rows):
            number = row_numbers[index] if row_numbers else index + 1
            line, columns = _table_row(row)
            if line:
                spanned = tuple(row[c - 1].kind == "vspan" for c in columns) if columns else None
                self.add(line, replace(origin, row=number, columns=columns, spanned=spanned))


@dataclass
class Cell:
    """One grid position of a table: its text and how it came to be there.

    ``kind`` is "value" (a cell of its own or the first position of a merged one), "hspan" (a
    later column of a horizontally merged cell) or "vspan" (a lower row of a vertically merged
    cell; ``text`` is the merged cell's text).
    """

    text: str
    kind: str = "value"


SEQ_NUMBER = re.compile(r"^\s*\d{1,4}\s*[.、]?\s*$")


def cell_text(pieces: list[str]) -> str:
    """The lines of one cell as one: joined by a space, pipes made harmless, spaces collapsed."""
    text = " ".join(p.strip() for p in pieces if p and p.strip())
    text = text.replace("|", "/").replace("｜", "/")
    return re.sub(r"[ \t\r\n\u00a0]+", " ", text).strip()


def table_row(row: list[Cell]) -> str:
    """One table row as one line: a pipe row, or plain text when only its first cell has text
    (a section title across the table). Empty when the row has no text at all.

    >>> table_row([Cell("1"), Cell("建设公园"), Cell("市园林局"), Cell("市财政局")])
    '| 1 | 建设公园 | 市园林局 | 市财政局 |'
    >>> table_row([Cell(""), Cell("新增绿道"), Cell("市园林局", "vspan"), Cell("")])
    '|  | 新增绿道 | 市园林局 |  |'
    >>> table_row([Cell("一、教育"), Cell("一、教育", "hspan"), Cell("", "hspan")])
    '一、教育'
    >>> table_row([Cell("2", "vspan"), Cell("子任务"), Cell("市园林局")])
    '| 子任务 | 市园林局 |'
    """
    return _table_row(row)[0]


def _table_row(row: list[Cell]) -> tuple[str, Optional[tuple[int, ...]]]:
    """``table_row`` and the table column of each cell it writes (None for a plain line)."""
    values = []
    for cell in row:
        if cell.kind == "hspan":
            values.append("")
        elif cell.kind == "vspan" and SEQ_NUMBER.match(cell.text):
            values.append("")  # a merged 序号: sub-rows of one numbered item
        else:
            values.append(cell.text)
    filled = [i for i, v in enumerate(values) if v]
    if not filled:
        return "", None
    if filled == [0] and (len(values) == 1 or row[0].kind == "value"):
        return values[0], None
    columns = tuple(range(1, len(values) + 1))
    if row[0].kind == "vspan" and not values[0]:
        # Under a merged 序号 the row is written as a text table writes a continuation row,
        # without the 序号 cell (the engine puts it back: an empty first cell would shift it).
        values, columns = values[1:], columns[1:]
    return "| " + " | ".join(values) + " |", columns


class Reader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def sniff(self, data: bytes) -> bool: ...

    def read(self, data: bytes, path: str) -> Lines: ...


# Modules in this package, in the order their ``sniff`` is asked.
READERS = ("pdf", "docx", "xlsx", "html")

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
LEGACY = {
    ".doc": "a legacy Word 97-2003 .doc file; save it as .docx",
    ".wps": "a WPS Writer .wps file; save it as .docx",
    ".dot": "a legacy Word 97-2003 template; save it as .docx",
    ".xls": "a legacy Excel 97-2003 .xls file; save it as .xlsx",
    ".et": "a WPS Spreadsheets .et file; save it as .xlsx",
    ".xlt": "a legacy Excel 97-2003 template; save it as .xlsx",
    ".ppt": "a PowerPoint file, which govkg does not read; save it as .pdf",
    ".pptx": "a PowerPoint file, which govkg does not read; save it as .pdf",
    ".rtf": "an RTF file; save it as .docx",
    ".ofd": "an OFD file; export it as .pdf (with a text layer) or .docx",
}


def _reader(name: str) -> Reader:
    return importlib.import_module(f"{__name__}.{name}").READER


def registry() -> dict[str, Reader]:
    """Every format reader, by name (plain text is the fallback, not a reader here)."""
    return {name: _reader(name) for name in READERS}


def reader_for(data: bytes, suffix: str = "") -> Optional[Reader]:
    """The reader of ``data``: by its magic bytes, else by ``suffix``; None means plain text.
    Raises IngestError (without the file name) for formats govkg does not read."""
    suffix = suffix.lower()
    if data.startswith(OLE2):
        raise _Refused(LEGACY.get(suffix, "a legacy Office 97-2003 file (.doc/.xls); save it as .docx/.xlsx"))
    if data.lstrip()[:5] == b"{\\rtf":
        raise _Refused(LEGACY[".rtf"])
    for name in READERS:
        reader = _reader(name)
        if reader.sniff(data):
            return reader
    if suffix in LEGACY:
        raise _Refused(LEGACY[suffix])
    for name in READERS:
        reader = _reader(name)
        if suffix in reader.suffixes and name != "html":
            # A .docx/.xlsx/.pdf whose bytes are not that format.
            raise _Refused(f"not a valid {suffix} file (its bytes are not {name.upper()})")
        if suffix in reader.suffixes:
            return reader
    return None


class _Refused(Exception):
    pass


def read_document(data: bytes, path: str, suffix: str = "") -> SourceText:
    """Bytes of one file to a SourceText, whatever the format; IngestError names the file."""
    try:
        reader = reader_for(data, suffix)
    except _Refused as refused:
        raise IngestError(f"{path}: is {refused}") from None
    if reader is None:
        return source_from_bytes(data, path)
    try:
        lines = reader.read(data, path)
    except IngestError:
        raise
    except Exception as error:  # a damaged file: one line, naming the format
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise IngestError(f"{path}: cannot read as {reader.name.upper()}: {detail}") from None
    if not lines.lines:
        raise IngestError(f"{path}: no text found in this {reader.name.upper()} file")
    return source_from_lines(lines, data, path)


def source_from_lines(lines: Lines, data: bytes, path: str) -> SourceText:
    normalized = normalize_lines(lines.lines)
    return SourceText(
        path=path,
        encoding=lines.encoding or lines.format,
        lines=list(lines.lines),
        normalized=normalized,
        sha256=hashlib.sha256(data).hexdigest(),
        script=detect_script(lines.lines, normalized),
        origins=list(lines.origins),
        format=lines.format,
        meta=dict(lines.meta),
    )


# -- after parsing ---------------------------------------------------------------------------


def column_of(text: str, line: str, origin: Optional[LineOrigin]) -> Optional[int]:
    """The table column of the one cell of pipe row ``line`` that holds ``text``, if just one does.

    >>> column_of("市财政局", "| 1 | 建设公园 | 市园林局 | 市财政局 |", LineOrigin(columns=(1, 2, 3, 4)))
    4
    >>> column_of("市园林局", "| 子任务 | 市园林局 |", LineOrigin(columns=(2, 3)))
    3
    """
    if not origin or not origin.columns or not text:
        return None
    cells = line.strip()[1:-1].split(" | ")
    if len(cells) != len(origin.columns):
        return None
    found = [column for cell, column in zip(cells, origin.columns) if text in cell]
    return found[0] if len(found) == 1 else None


def span_with_origin(span, origins: list[Optional[LineOrigin]], lines: list[str] | None = None, text: str | None = None):
    """``span`` with the page, sheet, table and row of its lines; and, for a mention (``text``,
    as written) on one table row, the column of its cell."""
    if span is None or not origins:
        return span
    found = [origins[n - 1] for n in range(span.line_start, span.line_end + 1) if 0 < n <= len(origins) and origins[n - 1]]
    if not found:
        return span
    first, last = found[0], found[-1]
    same_table = first.table == last.table and first.sheet == last.sheet
    return replace(
        span,
        page=first.page,
        page_end=last.page if last.page != first.page else None,
        sheet=first.sheet,
        table=first.table if same_table else None,
        row=first.row if same_table else None,
        row_end=last.row if same_table and last.row != first.row else None,
        column=(
            column_of(text, lines[span.line_start - 1], first)
            if text and lines and span.line_start == span.line_end
            else None
        ),
    )


def apply_origins(extraction, source: SourceText) -> None:
    """Copy the reader's origins into the spans of ``extraction`` and its metadata into the
    document (a no-op for plain text)."""
    if source.format is None:
        return
    document = extraction.document
    document.format = source.format
    meta = source.meta or {}
    if not document.date and meta.get("date"):
        document.date = meta["date"]
        document.year = document.year or int(meta["date"][:4])
    if not document.issuer and meta.get("issuer"):
        document.issuer = meta["issuer"]
    origins = source.origins or []
    if not any(origins):
        return
    for program in extraction.programs:
        program.span = span_with_origin(program.span, origins)
    for skipped in extraction.skipped:
        span = span_with_origin(SourceSpan(skipped.path, skipped.line, skipped.line), origins)
        if span.to_dict().keys() - {"path", "line_start", "line_end"}:
            skipped.origin = span
    for task in extraction.tasks:
        task.span = span_with_origin(task.span, origins)
        for mention in task.mentions:
            mention.span = span_with_origin(mention.span, origins, source.lines, mention.mention)
