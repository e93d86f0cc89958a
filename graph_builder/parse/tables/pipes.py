"""Tables one row a line, cells separated by pipes, tabs or runs of two or more spaces:
``| 1 | 建设公园 | 市园林局 | 市财政局 |`` or ``1\\t建设公园\\t市园林局``.

The header is the first such line whose cells name task fields. Its rows are the lines that
follow with a separator; a line without one inside the table (a section heading 一、…, the rest
of a wrapped cell) is a unit of one cell, and two such lines in a row, or the next header, end
the table. Between two pipes with nothing in them stands an empty cell.

>>> from graph_builder.ingest import source_from_bytes
>>> text = "序号 | 任务 | 牵头单位 | 配合单位 |\\n1 | 建设公园 | 市园林局 | 市财政局 |\\n2 | 改造道路 || 市城管局 |"
>>> [t.fields for t in SEGMENTER.tables(source_from_bytes(text.encode(), "t"), set())]
[['seq', 'text', 'lead', 'cooperating']]
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...ingest import SourceText
from ..base import ATTACHMENT_HEADING
from ..cells import squeeze
from ..columns import map_columns
from ..table import SECTION_LINE, Table, Unit
from .common import cell, signature_lines, title_above

SPACED = re.compile(r"\t+|[ \u3000]{2,}")
_SEPARATOR_MARKS = ("|", "\t", "  ", "\u3000\u3000", " \u3000", "\u3000 ")


@lru_cache(maxsize=16384)
def cell_bounds(normalized: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each cell of a row: between pipes (an empty pair is an empty cell;
    nothing before a leading pipe or after a closing one is a cell), else between tabs or wide
    gaps.

    >>> line = "| 1 || 建设公园 | 市园林局 |"
    >>> [line[s:e].strip() for s, e in cell_bounds(line)]
    ['1', '', '建设公园', '市园林局']
    """
    if "|" in normalized:
        bounds, start = [], 0
        for index, char in enumerate(normalized):
            if char == "|":
                bounds.append((start, index))
                start = index + 1
        bounds.append((start, len(normalized)))
        if bounds and not normalized[bounds[0][0] : bounds[0][1]].strip():
            bounds = bounds[1:]
        if bounds and not normalized[bounds[-1][0] : bounds[-1][1]].strip():
            bounds = bounds[:-1]
        return tuple(bounds)
    text = normalized.rstrip()
    start = len(normalized) - len(normalized.lstrip())
    bounds = []
    for match in SPACED.finditer(text, start):
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return tuple(bounds)


def separators(normalized: str) -> int:
    """How many cell separators a line has (pipes, tabs or wide gaps)."""
    if "|" in normalized:
        return normalized.count("|")
    return len(SPACED.findall(normalized.strip()))


def header_fields(normalized: str) -> list[str | None] | None:
    """The fields of a header line (two separators or more), or None."""
    if separators(normalized) < 2:
        return None
    cells = [squeeze(normalized[s:e]) for s, e in cell_bounds(normalized)]
    # Asked of every row (is it the next table's header?): a row whose cells are mostly longer
    # than any column's name (fourteen characters) is none, whatever its words.
    long_cells = sum(1 for c in cells if len(c) > 14)
    if long_cells * 3 > sum(1 for c in cells if c) * 1 and long_cells:
        return None
    return map_columns(cells)


class PipeRows:
    name = "pipe_table"

    def tables(self, source: SourceText, claimed: set[int]) -> list[Table]:
        if not any(mark in source.normalized_text for mark in _SEPARATOR_MARKS):
            return []  # no separator anywhere (most prose): no line is cut
        found: list[Table] = []
        numbers = source.line_numbers
        index = 0
        while index < len(numbers):
            number = numbers[index]
            index += 1
            norm = source.norm(number)
            if number in claimed or not norm.strip():
                continue
            fields = header_fields(norm)
            if not fields:
                continue
            bounds = cell_bounds(norm)
            title, section, title_line = title_above(source, number, claimed)
            table = Table(self.name, [squeeze(norm[s:e]) for s, e in bounds], fields, [number], [], title=title, section=section)
            if title_line:
                table.lines.add(title_line)
            signature = signature_lines(source, number)
            loose = 0  # lines without a separator in a row
            while index < len(numbers):
                line = numbers[index]
                text = source.norm(line)
                if not text.strip():
                    index += 1
                    continue
                if line in claimed:
                    index += 1
                    continue  # page furniture inside the table (a Markdown rule under the header)
                if line in signature or header_fields(text) or ATTACHMENT_HEADING.match(text.replace("|", "")):
                    break  # the next table (its header, or the 附件N above it) or the signature
                if separators(text) >= 1:
                    table.units.append(Unit([cell(source, line, s, e) for s, e in cell_bounds(text)]))
                    loose = 0
                else:
                    # A line without a separator stays in the table only as a heading between
                    # rows, or as the rest of a row whose last cell is still open.
                    following = next((n for n in numbers[index + 1 :] if source.norm(n).strip()), None)
                    previous = source.norm(table.units[-1].cells[-1].first_line).rstrip() if table.units else "|"
                    heading = SECTION_LINE.match(text.strip())
                    if loose or following is None or separators(source.norm(following)) < 1 or header_fields(source.norm(following)) or (
                        not heading and previous.endswith("|")
                    ):
                        break
                    table.units.append(Unit([cell(source, line)]))
                    loose += 1
                table.lines.add(line)
                index += 1
            if table.units:
                found.append(table)
        return found


SEGMENTER = PipeRows()
