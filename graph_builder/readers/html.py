"""HTML pages (lxml): block elements are lines, data tables are pipe rows, the page's title and
publication date are kept.

- ``script``, ``style``, ``nav`` and other parts that are no text of the document are skipped;
- a ``<table>`` is a data table when it holds no other table and has at least two columns:
  its rows become pipe rows (``rowspan`` filled into the rows below, ``colspan`` left empty, see
  ``readers``); ``<br>`` and paragraphs inside a cell become spaces, so a cell stays one cell;
- a layout table (one holding tables, or one column wide) is read as ordinary blocks;
- the title comes from ``<meta name="ArticleTitle">`` (Chinese government portals), else
  ``<title>`` without its ``_site name`` tail; when the body does not repeat it, it becomes the
  first line, so the engine's metadata reader finds it as it would in text. ``PubDate`` /
  ``publishdate`` give the date, ``ContentSource`` the issuer (used only when the text names none).
"""

from __future__ import annotations

import re

from ..ingest import IngestError, decode
from . import Cell, LineOrigin, Lines, cell_text

SKIP = {"script", "style", "nav", "noscript", "template", "iframe", "svg", "object", "head", "select", "button", "title", "meta", "link"}
BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
}
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
TITLE_META = ("articletitle", "dc.title", "og:title")
DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "dc.date", "article:published_time")
ISSUER_META = ("contentsource", "source", "dc.publisher")
DATE = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")


class HtmlReader:
    name = "html"
    suffixes = (".html", ".htm", ".shtml", ".xhtml")

    def sniff(self, data: bytes) -> bool:
        head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return head.startswith((b"<!doctype html", b"<html")) or (
            head.startswith(b"<?xml") and b"<html" in head
        )

    def read(self, data: bytes, path: str) -> Lines:
        import lxml.html

        text, encoding = _decode(data, path)
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a str with an encoding declaration
        root = lxml.html.document_fromstring(text or "<html></html>")
        out = Lines(format="html", encoding=encoding)
        walker = _Walker(out)
        body = root.find("body")
        walker.block(body if body is not None else root)
        walker.flush()
        _metadata(root, out)
        return out


def _decode(data: bytes, path: str) -> tuple[str, str]:
    declared = CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk", "x-gbk"):
            name = "gb18030"  # the superset: GB2312-labelled pages use GBK characters
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode(data, path)
    except IngestError:
        return data.decode("utf-8", errors="replace"), "utf-8"


class _Walker:
    def __init__(self, out: Lines):
        self.out = out
        self.buffer: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        # Whitespace runs become one space: two spaces would read as a cell gap to the engine.
        text = re.sub(r"\s+", " ", "".join(self.buffer))
        self.buffer = []
        self.out.add(text.strip())

    def block(self, node) -> None:
        """Read ``node``'s content (not its tail)."""
        if node.text:
            self.buffer.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            tag = tag.lower()
            if not tag or tag in SKIP:
                pass
            elif tag == "br":
                self.flush()
            elif tag in ("pre", "xmp", "plaintext"):
                # Preformatted text keeps its lines and its spacing (a table typed with spaces).
                self.flush()
                for line in child.text_content().split("\n"):
                    self.out.add(line.rstrip())
            elif tag == "table" and _is_data_table(child):
                self.flush()
                self.table(child)
            elif tag in BLOCK:
                self.flush()
                self.block(child)
                self.flush()
            else:
                self.block(child)
            if child.tail:
                self.buffer.append(child.tail)

    def table(self, table) -> None:
        self.tables += 1
        rows = _grid(table)
        caption = table.find("caption")
        if caption is not None:
            self.out.add(cell_text(_cell_lines(caption)), LineOrigin(table=self.tables))
        self.out.add_table(rows, LineOrigin(table=self.tables))


def _rows(table):
    """The table's own rows (not those of a nested table), in order."""
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if isinstance(row.tag, str) and row.tag.lower() == "tr")


def _cells(row):
    return [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


def _is_data_table(table) -> bool:
    if any(True for _ in table.iterdescendants("table")):
        return False
    return any(len(_cells(row)) >= 2 for row in _rows(table))


def _cell_lines(cell) -> list[str]:
    """A cell's text, one piece per line break or block inside it."""
    pieces: list[str] = []
    buffer: list[str] = []

    def walk(node):
        if node.text:
            buffer.append(node.text)
        for child in node:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag in SKIP or not tag:
                pass
            elif tag == "br" or tag in BLOCK:
                pieces.append("".join(buffer))
                buffer.clear()
                walk(child)
                pieces.append("".join(buffer))
                buffer.clear()
            else:
                walk(child)
            if child.tail:
                buffer.append(child.tail)

    walk(cell)
    pieces.append("".join(buffer))
    return [p for p in pieces if p.strip()]


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(re.sub(r"\D", "", cell.get(name, "1")) or 1), 1000))
    except ValueError:
        return 1


def _grid(table) -> list[list[Cell]]:
    """Rows of cells with rowspan/colspan resolved onto a grid."""
    grid: list[list[Cell]] = []
    pending: dict[tuple[int, int], Cell] = {}  # (row, column) -> a lower part of a rowspan cell
    for r, row in enumerate(_rows(table)):
        out: list[Cell] = []
        column = 0
        cells = _cells(row)
        position = 0
        while position < len(cells) or any(key[0] == r and key[1] >= column for key in pending):
            if (r, column) in pending:
                out.append(pending.pop((r, column)))
                column += 1
                continue
            if position >= len(cells):
                column += 1
                continue
            cell = cells[position]
            position += 1
            text = cell_text(_cell_lines(cell))
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            for offset in range(colspan):
                out.append(Cell(text) if offset == 0 else Cell(text, "hspan"))
                for below in range(1, rowspan):
                    pending[(r + below, column + offset)] = Cell(text, "vspan" if offset == 0 else "hspan")
            column += colspan
        grid.append(out)
    width = max((len(row) for row in grid), default=0)
    return [row + [Cell("")] * (width - len(row)) for row in grid]


def _metadata(root, out: Lines) -> None:
    metas = {}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        value = (meta.get("content") or "").strip()
        if key and value and key not in metas:
            metas[key] = value
    title = next((metas[k] for k in TITLE_META if metas.get(k)), None)
    if not title:
        node = root.find(".//title")
        if node is not None and node.text_content().strip():
            title = re.split(r"\s*[_|]\s*|\s+-\s+", node.text_content().strip())[0].strip()
    if title:
        out.meta["title"] = title
        compact = re.sub(r"\s+", "", title)
        if not any(compact in re.sub(r"\s+", "", line) for line in out.lines[:40]):
            out.lines.insert(0, title)
            out.origins.insert(0, None)
    for key in DATE_META:
        match = DATE.search(metas.get(key, ""))
        if match:
            year, month, day = match.groups()
            out.meta["date"] = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
            break
    issuer = next((metas[k] for k in ISSUER_META if metas.get(k)), None)
    if issuer:
        out.meta["issuer"] = issuer


READER = HtmlReader()
