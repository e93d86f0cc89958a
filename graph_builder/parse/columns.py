"""Table columns: which header words mean which task field.

Shared by the table layouts (pipe tables, one-cell-per-line tables), so a table with a
责任领导 or 完成时限 column is read the same way whatever its layout.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .cells import markers_copy


@lru_cache(maxsize=1)
def _header_knowledge() -> tuple[list[tuple[str, tuple[str, ...]]], list[dict], frozenset, re.Pattern, frozenset, tuple]:
    data = markers_copy()
    words = [(field_name, tuple(values)) for field_name, values in data["header_words"].items()]
    # One pattern for "contains a header word" and the endings, so that the data cells of a long
    # table (most of what this function sees) are turned away without trying every word.
    inside = re.compile("|".join(sorted((re.escape(w) for _, values in words for w in values if len(w) > 1), key=len, reverse=True)))
    exact = frozenset(w for _, values in words for w in values)
    endings = tuple(e for rule in data["header_endings"] for e in rule["endings"])
    return words, data["header_endings"], frozenset(data["not_header_words"]), inside, exact, endings


@lru_cache(maxsize=65536)
def column_field(header_cell: str) -> str | None:
    """The task field a header cell names, or None ("other": 备注, 进展情况).

    >>> column_field("牵头单位"), column_field("任 务 名 称"), column_field("预计完成 时 间")
    ('lead', 'text', 'deadline')
    >>> column_field("协同推进单位"), column_field("具体工作举措"), column_field("备注")
    ('cooperating', 'text', None)
    """
    word = re.sub(r"\s+", "", header_cell)
    if not word or len(word) > 12:
        return None
    words, endings, not_header, inside, exact, all_endings = _header_knowledge()
    if word in not_header:
        return None
    if word not in exact and not inside.search(word) and not word.endswith(all_endings):
        return None  # no header word in it and no header ending: a data cell
    for field_name, values in words:
        if any(word == w or (len(w) > 1 and w in word) for w in values):
            return field_name
    for rule in endings:
        if word.endswith(tuple(rule["endings"])):
            for qualified, qualifiers in (rule.get("qualifiers") or {}).items():
                if any(q in word for q in qualifiers):
                    return qualified
            return rule["field"]
    return None


def map_columns(header_cells: list[str]) -> list[str | None] | None:
    """Fields of a header row, or None when the row is not a task table's header.

    A header must name at least two known fields, one of them an agency column. When there is
    a lead column, a 责任单位 column beside it is the co-operating units (as in the Hangzhou
    2017 table); without one, 责任单位 is read by the document's own lead convention.
    """
    fields = [column_field(cell) for cell in header_cells]
    known = [f for f in fields if f]
    if len(known) < 2 or not {"lead", "cooperating", "responsible"} & set(known):
        return None
    if "lead" in fields:
        fields = ["cooperating" if f == "responsible" else f for f in fields]
    return fields
