"""Word .docx files (python-docx): paragraphs and tables in document order.

The body's XML is walked in order, so a table stands between the paragraphs it stands between
in Word (python-docx's ``document.paragraphs`` and ``document.tables`` lose that order).
Content controls (``w:sdt``) are read through. A line break (``w:br``) inside a body paragraph
starts a new line; inside a table cell, paragraphs and line breaks become spaces. Merged cells:
``w:vMerge`` (vertical) is filled into the rows below and ``w:gridSpan`` (horizontal) leaves the
spanned columns empty, as ``readers`` describes. Word's automatic numbering (``w:numPr``) is
written out (``1.``, ``一、``, ``(一)``, ``①`` …) in paragraphs and in cells, since the numbers
the engine reads are not in the text otherwise.
"""

from __future__ import annotations

import io
import re
import zipfile

from . import Cell, LineOrigin, Lines, cell_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


class DocxReader:
    name = "docx"
    suffixes = (".docx", ".docm", ".dotx")

    def sniff(self, data: bytes) -> bool:
        return _zip_has(data, "word/document.xml")

    def read(self, data: bytes, path: str) -> Lines:
        import docx

        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        out = Lines(format="docx", encoding="docx")
        state = {"tables": 0}
        _walk(document.element.body, out, numbering, state)
        core = document.core_properties
        if core.title and core.title.strip():
            out.meta["title"] = core.title.strip()
        return out


def _zip_has(data: bytes, name: str) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return name in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _walk(container, out: Lines, numbering: "_Numbering", state: dict) -> None:
    for child in container:
        if child.tag == _q("p"):
            out.add(_collapse(numbering.label(child) + _paragraph_text(child)))
        elif child.tag == _q("tbl"):
            _table(child, out, numbering, state)
        elif child.tag == _q("sdt"):
            content = child.find(_q("sdtContent"))
            if content is not None:
                _walk(content, out, numbering, state)


def _collapse(text: str) -> str:
    """Whitespace runs within a line become one space (two would read as a cell gap)."""
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in text.split("\n"))


def _paragraph_text(p) -> str:
    """The text of a paragraph as Word shows it: runs, hyperlinks, tabs, line breaks; deleted
    revisions and field codes left out."""
    parts: list[str] = []
    for node in p.iter():
        tag = node.tag
        if tag == _q("t"):
            if not _inside(node, p, (_q("del"),)):
                parts.append(node.text or "")
        elif tag in (_q("br"), _q("cr")):
            if not _inside(node, p, (_q("del"),)):
                parts.append("\n")
        elif tag == _q("tab"):
            if node.getparent() is not None and node.getparent().tag == _q("r"):
                parts.append(" ")
        elif tag == _q("noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


def _inside(node, stop, tags) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _table(tbl, out: Lines, numbering: "_Numbering", state: dict) -> None:
    state["tables"] += 1
    index = state["tables"]
    grid: list[list[Cell]] = []
    above: dict[int, str] = {}  # grid column -> text of the vertically merged cell above
    for tr in _rows(tbl):
        row: list[Cell] = []
        properties = tr.find(_q("trPr"))
        before = _val_int(properties, "gridBefore") if properties is not None else 0
        row.extend(Cell("") for _ in range(before))
        cells = [
            cell
            for child in tr
            for cell in ([child] if child.tag == _q("tc") else child.iterfind(f"{_q('sdtContent')}/{_q('tc')}") if child.tag == _q("sdt") else [])
        ]
        for tc in cells:
            tc_pr = tc.find(_q("tcPr"))
            span = _val_int(tc_pr, "gridSpan") or 1 if tc_pr is not None else 1
            merge = tc_pr.find(_q("vMerge")) if tc_pr is not None else None
            column = len(row)
            if merge is not None and merge.get(_q("val"), "continue") != "restart":
                text = above.get(column, "")
                row.append(Cell(text, "vspan"))
            else:
                text = cell_text(_cell_pieces(tc, numbering))
                row.append(Cell(text))
                above[column] = text
            row.extend(Cell(text, "hspan") for _ in range(span - 1))
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    grid = [r + [Cell("")] * (width - len(r)) for r in grid]
    out.add_table(grid, LineOrigin(table=index))


def _rows(tbl):
    """The table's own rows (a nested table's rows are read as the text of their cell), also
    those wrapped in a content control."""
    for child in tbl:
        if child.tag == _q("tr"):
            yield child
        elif child.tag == _q("sdt"):
            content = child.find(_q("sdtContent"))
            if content is not None:
                yield from (row for row in content if row.tag == _q("tr"))


def _cell_pieces(tc, numbering: "_Numbering") -> list[str]:
    pieces = []
    for p in tc.iter(_q("p")):
        text = numbering.label(p) + _paragraph_text(p)
        pieces.extend(text.split("\n"))
    return pieces


def _val_int(properties, tag: str) -> int:
    node = properties.find(_q(tag)) if properties is not None else None
    if node is None:
        return 0
    try:
        return int(node.get(_q("val"), "0"))
    except ValueError:
        return 0


# -- automatic numbering ------------------------------------------------------------------

CHINESE = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return CHINESE[n]
    if n < 20:
        return "十" + (CHINESE[n % 10] if n % 10 else "")
    if n < 100:
        return CHINESE[n // 10] + "十" + (CHINESE[n % 10] if n % 10 else "")
    return str(n)


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified", "taiwaneseCounting"):
        if fmt == "ideographTraditional":
            return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
        return _chinese(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt in ("lowerRoman", "upperRoman"):
        numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out, rest = "", n
        for value, letters in numerals:
            while rest >= value:
                out, rest = out + letters, rest - value
        return out if fmt == "lowerRoman" else out.upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Counters for Word's list numbering, so ``1.``/``一、`` labels appear in the text."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract = {}
        for node in root.findall(_q("abstractNum")):
            levels = {}
            for lvl in node.findall(_q("lvl")):
                fmt = lvl.find(_q("numFmt"))
                text = lvl.find(_q("lvlText"))
                start = lvl.find(_q("start"))
                levels[int(lvl.get(_q("ilvl"), "0"))] = (
                    fmt.get(_q("val"), "decimal") if fmt is not None else "decimal",
                    text.get(_q("val"), "") if text is not None else "",
                    int(start.get(_q("val"), "1")) if start is not None else 1,
                )
            abstract[node.get(_q("abstractNumId"))] = levels
        for num in root.findall(_q("num")):
            ref = num.find(_q("abstractNumId"))
            if ref is not None:
                self.levels[num.get(_q("numId"))] = abstract.get(ref.get(_q("val")), {})
        # Paragraph styles that carry numbering (a heading style numbered 一、).
        try:
            styles = document.styles.element
            for style in styles.findall(_q("style")):
                num_pr = style.find(f"{_q('pPr')}/{_q('numPr')}")
                if num_pr is not None:
                    num_id = num_pr.find(_q("numId"))
                    ilvl = num_pr.find(_q("ilvl"))
                    if num_id is not None:
                        self.styles[style.get(_q("styleId"))] = (
                            num_id.get(_q("val")),
                            int(ilvl.get(_q("val"), "0")) if ilvl is not None else 0,
                        )
        except (AttributeError, KeyError, NotImplementedError):
            pass

    def label(self, p) -> str:
        properties = p.find(_q("pPr"))
        if properties is None or not self.levels:
            return ""
        num_pr = properties.find(_q("numPr"))
        num_id, ilvl = None, 0
        if num_pr is not None:
            node = num_pr.find(_q("numId"))
            num_id = node.get(_q("val")) if node is not None else None
            level = num_pr.find(_q("ilvl"))
            ilvl = int(level.get(_q("val"), "0")) if level is not None else 0
        else:
            style = properties.find(_q("pStyle"))
            if style is not None and style.get(_q("val")) in self.styles:
                num_id, ilvl = self.styles[style.get(_q("val"))]
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def number(match):
            level = int(match.group(1)) - 1
            if level not in levels:
                return ""
            value = counters.get(level, levels[level][2])
            return _format(value, levels[level][0] if level != ilvl else fmt)

        return re.sub(r"%(\d)", number, text)


READER = DocxReader()
