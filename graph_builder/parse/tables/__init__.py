"""Table segmenters: each finds a layout's task tables and cuts their lines into cells.

A segmenter is a module here with ``SEGMENTER``: an object with a ``name`` and
``tables(source, claimed) -> list[Table]`` that finds the header of each task table in the
lines not yet ``claimed`` and hands over its cells (``graph_builder.parse.table.Unit``); it
decides nothing else. Rows, columns, merged cells and tasks are decided once for every layout
by ``table.assemble_table``. A new flattened table form is one new module here.

The registry asks them in ``ORDER`` (a reader's own grid first: it is exact), each on the
lines the ones before it left.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

ORDER = ("grid", "pipes", "cell_lines", "spaced")


@lru_cache(maxsize=1)
def registry() -> dict:
    """Every segmenter in this package, by name, in ``ORDER`` (then any other, by name)."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        segmenter = getattr(module, "SEGMENTER", None)
        if segmenter is not None:
            found[segmenter.name] = segmenter
    ordered = {name: found[name] for name in ORDER if name in found}
    ordered.update({name: s for name, s in sorted(found.items()) if name not in ordered})
    return ordered


def find_tables(source, claimed: set[int] | None = None) -> list:
    """Every task table of the document, each segmenter on the lines the earlier ones left."""
    claimed = set(claimed or ())
    tables = []
    for segmenter in registry().values():
        for table in segmenter.tables(source, claimed):
            tables.append(table)
            claimed |= table.lines | set(table.header_lines)
    return sorted(tables, key=lambda t: t.header_lines[0] if t.header_lines else min(t.lines))
