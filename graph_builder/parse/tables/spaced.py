"""Tables one row a line whose cells are separated by single spaces (a table copied out of a
PDF or a web page that kept one space between cells): ``1 建设公园 市园林局 市财政局``.

The header is a line of three or more column names separated by spaces, a name that is itself
spaced out (工 作 任 务) joined again. Every following line is cut at its spaces, one unit a
line; the aligner joins the words of a cell that held spaces and the lines of a row wrapped
over several (units one a line under the first). The table ends at the next header, the
signature, or two lines in a row that read as no part of a row (long text without a space
that starts no row).

>>> from graph_builder.ingest import source_from_bytes
>>> text = "序号 项目名称 主要责任单位 协同配合单位\\n1 建设公园 市园林局 市财政局\\n"
>>> [(t.fields, len(t.units)) for t in SEGMENTER.tables(source_from_bytes(text.encode(), "t"), set())]
[(['seq', 'text', 'lead', 'cooperating'], 1)]
"""

from __future__ import annotations

import re

from ...ingest import SourceText
from ..cell_types import SEQ
from ..columns import is_header_word, map_columns
from ..table import Table, Unit
from .common import cell, signature_lines, title_above

WORD = re.compile(r"\S+")
SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\))")


def header_words(normalized: str) -> list[str] | None:
    """The column names of a spaced header line (a name spaced out is joined), or None."""
    tokens = WORD.findall(normalized)
    if len(tokens) < 3 or any(len(t) > 14 for t in tokens):
        return None
    words: list[str] = []
    index = 0
    while index < len(tokens):
        if len(tokens[index]) == 1:
            # A name spaced out one character a token (工 作 任 务): the run joined.
            end = index
            while end < len(tokens) and len(tokens[end]) == 1:
                end += 1
            joined = "".join(tokens[index:end])
            if not is_header_word(joined):
                return None
            words.append(joined)
            index = end
            continue
        if not is_header_word(tokens[index]):
            return None
        words.append(tokens[index])
        index += 1
    return words if len(words) >= 3 else None


class SpacedRows:
    name = "spaced_table"

    def tables(self, source: SourceText, claimed: set[int]) -> list[Table]:
        found: list[Table] = []
        numbers = source.line_numbers
        index = 0
        while index < len(numbers):
            number = numbers[index]
            index += 1
            norm = source.norm(number)
            if number in claimed or " " not in norm.strip():
                continue
            words = header_words(norm)
            fields = map_columns(words) if words else None
            if not fields:
                continue
            title, section, title_line = title_above(source, number, claimed)
            table = Table(self.name, words, fields, [number], [], title=title, section=section)
            if title_line:
                table.lines.add(title_line)
            signature = signature_lines(source, number)
            strays = 0
            while index < len(numbers):
                line = numbers[index]
                text = source.norm(line)
                if not text.strip():
                    index += 1
                    continue
                if line in claimed:
                    index += 1
                    continue  # page furniture inside the table
                if line in signature or (header_words(text) and map_columns(header_words(text))):
                    break
                tokens = [(m.start(), m.end()) for m in WORD.finditer(text)]
                starts_row = bool(SEQ.match(text[tokens[0][0] : tokens[0][1]])) or bool(SECTION.match(text))
                stray = not starts_row and len(tokens) == 1 and len(text.strip()) > 30
                strays = strays + 1 if stray else 0
                if strays >= 2:
                    dropped = table.units.pop()
                    table.lines.discard(dropped.first_line)
                    break
                table.units.append(Unit([cell(source, line, a, b) for a, b in tokens]))
                table.lines.add(line)
                index += 1
            if table.units:
                found.append(table)
        return found


SEGMENTER = SpacedRows()
