"""Tables flattened one cell a line (a table copied out of a Word file or a web page).

The header is a run of short lines each naming a column (项目名称 / 工作目标 / 牵头单位 /
责任单位 …; a name wrapped over two lines is joined), at least three, one an agency column. The
cells follow in reading order, one unit each; where a cell ends, the document shows in one of
three ways, found from the lines under the header:

- every cell ends with a pipe (``区住建局 |``; a line of pipes alone is empty cells);
- cells are separated by blank lines (the lines of one cell stand together);
- neither: each line is a unit, and the aligner joins a cell wrapped over lines.

The table ends at the signature under it (issuer and date) or at the next table's header.

>>> from graph_builder.ingest import source_from_bytes
>>> text = "序号\\n任务\\n牵头单位\\n配合单位\\n1\\n建设公园\\n市园林局\\n市财政局\\n"
>>> [(t.fields, len(t.units)) for t in SEGMENTER.tables(source_from_bytes(text.encode(), "t"), set())]
[(['seq', 'text', 'lead', 'cooperating'], 4)]
"""

from __future__ import annotations

import re

from ...ingest import SourceText
from ..cells import Cell, has_agency_form, squeeze
from ..columns import column_field, is_header_word, map_columns
from ..table import Table, TableCell, Unit
from .common import signature_lines, title_above

HEADER_ENDINGS = ("名称", "单位", "部门", "事项", "内容", "领导", "时限", "时间")
SEQ_CELL = re.compile(r"\d{1,6}|[一二三四五六七八九十]{1,3}")


def _cell_text(source: SourceText, number: int) -> str:
    return source.norm(number).strip().rstrip("|").strip()


def _fits_header(text: str) -> bool:
    """Short enough for a header cell: ten characters, or fourteen when it ends like a
    column's name (省重点民生实事项目名称), not like a title (十方面民生实事责任分解)."""
    text = squeeze(text)
    return 0 < len(text) <= 10 or (len(text) <= 14 and text.endswith(HEADER_ENDINGS))


def header_block(source: SourceText, claimed: set[int], start: int = 1) -> tuple[list[list[int]], list[str], list] | None:
    """The first run of header lines at or after ``start``: (lines of each header cell, their
    words, fields), or None."""
    run: list[tuple[str, list[int]]] = []
    numbers = list(range(start, len(source.lines) + 1))
    position = 0
    while position < len(numbers):
        number = numbers[position]
        position += 1
        raw = source.norm(number).strip()
        if not raw:
            continue
        if number in claimed:
            run = []
            continue
        text = _cell_text(source, number)
        if run and not text:
            continue  # an empty header cell written as a bare pipe (a merged or spanning cell)
        if _fits_header(text) and "|" not in text and not (run and SEQ_CELL.fullmatch(squeeze(text))) and (
            is_header_word(text) or (run and _unknown_column(text))
        ):
            run.append((squeeze(text), [number]))
            continue
        # A column's name wrapped over two lines (完成 / 时限).
        following = None
        if run and _fits_header(text) and len(squeeze(text)) <= 6:
            following = next((n for n in range(number + 1, len(source.lines) + 1) if source.norm(n).strip()), None)
        if following is not None:
            joined = squeeze(text) + squeeze(_cell_text(source, following))
            if _fits_header(joined) and is_header_word(joined) and not is_header_word(squeeze(_cell_text(source, following))):
                run.append((joined, [number, following]))
                position = following - start + 1
                continue
        if not SEQ_CELL.fullmatch(squeeze(text)):
            # Unless the first row's number follows, unknown words at the end of the run are
            # the first row's short cells, not columns.
            while run and not is_header_word(run[-1][0]):
                run.pop()
        found = _header(run)
        if found:
            return found
        run = []
    return _header(run)


def _unknown_column(text: str) -> bool:
    """A short word that may name a column no rule knows (完成数, 说明): no punctuation, no
    figure, no unit's name."""
    text = squeeze(text)
    return 0 < len(text) <= 8 and not re.search(r"[。,;:、\d]", text) and not has_agency_form(text)


def _header(run: list[tuple[str, list[int]]]) -> tuple[list[list[int]], list[str], list] | None:
    """The header a run of header-like lines makes, or None. A 序号 opens a header: lines
    before it are the table's title (重点项目推进情况), not columns."""
    words = [w for w, _ in run]
    if "序号" in words[1:]:
        run = run[words.index("序号") :]
        words = [w for w, _ in run]
    if len(run) > 3 and column_field(words[0]) and column_field(words[0]) == column_field(words[1]) and words[0] in words[1]:
        run, words = run[1:], words[1:]  # 任务 above 工作任务: the table's title, not a column
    if len(run) < 3:
        return None
    fields = map_columns(words)
    return ([lines for _, lines in run], words, fields) if fields else None


class CellLines:
    name = "cell_per_line"

    def tables(self, source: SourceText, claimed: set[int]) -> list[Table]:
        found: list[Table] = []
        start = 1
        while True:
            block = header_block(source, claimed, start)
            if block is None:
                return found
            header_cells, words, fields = block
            header_lines = [n for lines in header_cells for n in lines]
            last_header = header_lines[-1]
            title, section, title_line = title_above(source, header_lines[0], claimed)
            table = Table(self.name, words, fields, header_lines, [], title=title, section=section)
            if title_line:
                table.lines.add(title_line)
            following = header_block(source, claimed, last_header + 1)
            end = min(following[0][0]) - 1 if following else len(source.lines)
            if following and table.title is None:
                pass
            signature = signature_lines(source, last_header)
            body = [n for n in range(last_header + 1, end + 1) if n not in claimed and n not in signature]
            if following:
                # The next table's title belongs to it, not to this table's last row.
                next_title = title_above(source, min(following[0][0]), claimed)[2]
                body = [n for n in body if next_title is None or n < next_title]
            stop = min(signature) if signature else None
            if stop is not None:
                body = [n for n in body if n < stop]
            table.units = list(self._units(source, body))
            table.lines |= set(body)
            if table.units:
                found.append(table)
            start = end + 1

    @staticmethod
    def _units(source: SourceText, lines: list[int]):
        texts = [(n, source.norm(n).strip()) for n in lines]
        filled = [(n, t) for n, t in texts if t]
        if not filled:
            return
        piped = sum(1 for _, t in filled if t.endswith("|")) >= 0.6 * len(filled)
        gaps = [b - a for (a, _), (b, _) in zip(filled, filled[1:])]
        blank_separated = bool(gaps) and sum(1 for g in gaps if g > 1) >= 0.6 * len(gaps)
        pending = Cell()
        for number, text in filled:
            if piped:
                # A pipe ends the cell; the lines before it without one are the same cell's.
                body = text.rstrip("|").rstrip()
                pipes = len(text) - len(text.rstrip("|"))
                if body:
                    _add(source, pending, number)
                if pipes and pending.pieces:
                    yield Unit([TableCell(pending)])
                    pending = Cell()
                    pipes -= 1
                for _ in range(pipes):
                    yield Unit([TableCell(_empty(source, number))])
                continue
            if blank_separated:
                if pending.pieces and number - pending.pieces[-1].line > 1:
                    yield Unit([TableCell(pending)])
                    pending = Cell()
                _add(source, pending, number)
                continue
            cell = Cell()
            _add(source, cell, number)
            yield Unit([TableCell(cell)])
        if pending.pieces:
            yield Unit([TableCell(pending)])


def _add(source: SourceText, cell: Cell, number: int) -> None:
    """A line's text (without a trailing pipe) added to ``cell``."""
    norm = source.norm(number)
    end = len(norm.rstrip().rstrip("|").rstrip())
    start = len(norm) - len(norm.lstrip())
    cell.add(source, number, min(start, end), end)


def _empty(source: SourceText, number: int) -> Cell:
    """An empty cell standing on ``number`` (a bare pipe)."""
    norm = source.norm(number)
    position = norm.rfind("|")
    return Cell.from_line(source, number, position, position)


# The fields a header names, for a test that wants them without cutting the table.
__all__ = ["SEGMENTER", "header_block", "column_field"]

SEGMENTER = CellLines()
