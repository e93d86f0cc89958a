"""What every segmenter needs: cells cut from a line, the table's title above its header, and
the lines that end a table (a signature's date, the next table's title)."""

from __future__ import annotations

import re

from ...ingest import SourceText
from ..base import ATTACHMENT_HEADING, DATE_IN_TEXT, previous_text_line
from ..cells import Cell, has_agency_form, squeeze
from ..metadata import attachment_titles
from ..table import TableCell

NOTE = re.compile(r"^\((?:注|说明)[::]")
FULL_DATE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
TITLE_WORDS = re.compile(r"表|清单|分解|分工|项目|任务|实事|附件")


def cell(source: SourceText, line: int, start: int = 0, end: int | None = None) -> TableCell:
    """A cell of one line's text from ``start`` to ``end``, its spaces at either end left out."""
    norm = source.norm(line)
    end = len(norm) if end is None else end
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    return TableCell.on_line(source, line, start, end)


def title_above(source: SourceText, header_line: int, claimed: set[int]) -> tuple[str | None, str | None, int | None]:
    """(title, section, its line) of the heading just above a table's header, if one stands
    there: 附件2 and/or a short line naming the table (…任务分解表)."""
    previous = previous_text_line(source, header_line)
    title = section = None
    title_line = None
    for _ in range(3):
        if previous is None or previous in claimed:
            break
        text = squeeze(source.norm(previous)).strip("|")
        if NOTE.match(text):
            previous = previous_text_line(source, previous)  # a legend between title and header
            continue
        attachment = ATTACHMENT_HEADING.match(source.norm(previous).replace("|", ""))
        if attachment:
            # The attachment's title as the preamble lists it, else the table's own title.
            section = attachment_titles(source).get(attachment.group(1)) or title or text
            title_line = title_line or previous
            break
        if 4 <= len(text) <= 50 and "。" not in text and TITLE_WORDS.search(text) and title is None:
            title, title_line = re.sub(r"^附件\d*[::]?", "", text), previous
            previous = previous_text_line(source, previous)
            continue
        break
    return title, section or title, title_line


def signature_lines(source: SourceText, after: int) -> set[int]:
    """The date under a table (2024年2月1日 alone on its line) and the issuer's name above it."""
    lines: set[int] = set()
    for number in source.lines_with(DATE_IN_TEXT):
        if number <= after or not FULL_DATE.match(source.norm(number).strip().strip("|")):
            continue
        lines.add(number)
        previous = previous_text_line(source, number, after)
        if previous is not None and has_agency_form(squeeze(source.norm(previous)).strip("|")):
            lines.add(previous)
    return lines
