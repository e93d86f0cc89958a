"""PDF files with a text layer (pdfplumber): text lines per page, ruled tables as pipe rows.

Each page's tables are found by pdfplumber (ruled grids with at least two rows and two
columns); every cell's text is read from its own box, so a cell stays one cell. A line that
fills the cell's width and wraps is joined without a space (a name broken by the wrap stays
whole); a shorter line ends a piece of its own and is joined with a space (one agency per
line). A cell that a merge covers is filled from the cell above when that cell reaches down
into it (vertical merge), else left empty (horizontal). The text outside the tables is read as
lines, and lines and tables are put in the order they stand on the page. Every line's origin
names its page; a table row also its table (counted through the document) and row. A table
at the top of a page with as many columns as the one that ended the page before, with nothing
but page furniture (``- 3 -``) between them, is that table going on: its rows count on.

A PDF in which no page has any text is a scan: govkg says so and asks for OCR instead of
reporting "no task found". An encrypted PDF asks for a copy without a password.
"""

from __future__ import annotations

import io

from ..ingest import IngestError
from . import Cell, LineOrigin, Lines, cell_text


class PdfReader:
    name = "pdf"
    suffixes = (".pdf",)

    def sniff(self, data: bytes) -> bool:
        return b"%PDF-" in data[:1024]

    def read(self, data: bytes, path: str) -> Lines:
        import pdfplumber

        out = Lines(format="pdf", encoding="pdf")
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
            pdf.pages  # noqa: B018 -- opening is lazy: this reads the document catalogue
        except Exception as error:
            if _encrypted(error):
                raise IngestError(f"{path}: is an encrypted PDF; save a copy without a password") from None
            raise
        with pdf:
            chars = 0
            state = _State()
            for page in pdf.pages:
                chars += len(page.chars)
                _page(page, out, state)
            if not chars:
                raise IngestError(f"{path}: is a scanned PDF without a text layer; run OCR first")
            info = pdf.metadata or {}
            title = info.get("Title")
            if isinstance(title, str) and title.strip():
                out.meta["title"] = title.strip()
        return out


class _State:
    """Tables counted through the document, and the one that may go on on the next page."""

    def __init__(self):
        self.tables = 0
        self.open: tuple[int, int, int, int] | None = None  # (table index, columns, rows so far, page)


# A line this short between two tables on consecutive pages is page furniture (- 3 -, 第3页).
FURNITURE = 12


def _encrypted(error: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect / PDFEncryptionError in its own type."""
    causes = [error, *getattr(error, "args", ())]
    return any("password" in type(c).__name__.lower() or "encrypt" in type(c).__name__.lower() for c in causes)


def _page(page, out: Lines, state: _State) -> None:
    number = page.page_number
    found = [t for t in page.find_tables() if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]
    boxes = [t.bbox for t in found]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    items: list[tuple[float, str, object]] = [(line["top"], "line", line["text"]) for line in text_page.extract_text_lines()]
    items += [(table.bbox[1], "table", table) for table in found]
    items.sort(key=lambda item: (item[0], item[1] == "table"))
    for _, kind, item in items:
        if kind == "line":
            out.add(item, LineOrigin(page=number))
            if len(item.strip()) > FURNITURE:
                state.open = None  # text between: the next table is a new one
            continue
        grid = _grid(page, item)
        width = max((len(r) for r in grid), default=0)
        if state.open and state.open[1] == width and state.open[3] == number - 1:
            index, _, offset, _ = state.open  # the table of the page before goes on
        else:
            state.tables += 1
            index, offset = state.tables, 0
        out.add_table(grid, LineOrigin(page=number, table=index), [offset + i for i in range(1, len(grid) + 1)])
        state.open = (index, width, offset + len(grid), number)


def _grid(page, table) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    last: dict[int, tuple[tuple, str]] = {}  # column -> (bbox, text) of the last real cell
    for row in table.rows:
        out: list[Cell] = []
        for column, bbox in enumerate(row.cells):
            if bbox is not None:
                text = _cell_text(page, bbox)
                out.append(Cell(text))
                last[column] = (bbox, text)
                continue
            top = row.bbox[1]
            above = last.get(column)
            if above and above[0][3] > top + 1:
                out.append(Cell(above[1], "vspan"))
            else:
                out.append(Cell(out[-1].text if out else "", "hspan"))
        rows.append(out)
    width = max((len(r) for r in rows), default=0)
    return [r + [Cell("")] * (width - len(r)) for r in rows]


def _cell_text(page, bbox) -> str:
    x0, top, x1, bottom = bbox
    px0, ptop, px1, pbottom = page.bbox
    box = (max(x0, px0), max(top, ptop), min(x1, px1), min(bottom, pbottom))
    if box[0] >= box[2] or box[1] >= box[3]:
        return ""
    lines = page.crop(box, strict=False).extract_text_lines()
    text = ""
    for index, line in enumerate(lines):
        piece = line["text"].strip()
        if index:
            previous = lines[index - 1]
            size = max((c.get("size", 10) for c in previous.get("chars", [])), default=10)
            wrapped = previous["x1"] >= box[2] - 2 * size
            text += "" if wrapped or text.endswith(("、", ",", "，", ";", "；")) else " "
        text += piece
    return cell_text([text])


READER = PdfReader()
