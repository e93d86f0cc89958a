"""Cells that a spreadsheet will not run: the one place govkg neutralises CSV formula injection.

Agency names and task text come from documents anyone can publish, so a name such as
``=HYPERLINK("http://…","市财政局")`` must not become a live formula when a researcher opens
a CSV in Excel or LibreOffice. As OWASP recommends, a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading apostrophe, which spreadsheets read as "text".
A plain number (``-0.25``, ``+3``, ``1e-5``) cannot be a formula and is left alone.

Used by every CSV/TSV written for people: ``--format csv`` of every command and ``build``'s
``skipped.tsv``. Not used for the ``neo4j-admin database import`` files
(``emit/neo4j_csv.py``): neo4j-admin stores each cell verbatim, so an apostrophe would become
part of the agency's name in the database; those files are import data, kept exact.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: str) -> str:
    """``value`` as a spreadsheet shows it, never as a formula.

    >>> safe_cell('=HYPERLINK("http://x","市财政局")')
    '\\'=HYPERLINK("http://x","市财政局")'
    >>> [safe_cell(v) for v in ("+1-2", "@SUM(A1)", "\\tx", "-0.25", "市财政局", "")]
    ["'+1-2", "'@SUM(A1)", "'\\tx", '-0.25', '市财政局', '']
    """
    if value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values) -> list[str]:
    """Every cell of a row through :func:`safe_cell` (``None`` as an empty cell)."""
    return [safe_cell("" if v is None else str(v)) for v in values]
