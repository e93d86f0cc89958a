"""The table of queries: one entry per ``govkg query NAME``, declared by the module that
computes it. The CLI builds its commands from this table, and ``govkg query --list``,
``--explain``, docs/measures.md and the network page's measure list read it too, so adding a
measure is one module (and its test).

A measure module declares its entries in a top-level assignment ``QUERY = …`` (one ``Query``
or a tuple of them)::

    QUERY = Query(
        name="reach", function=reach, order=25,
        description="agencies within one and two steps of each agency (two-step reach)",
        columns=("agency", "partners", "two_step_reach", "two_step_reach_share"),
        page_measures=("two_step_reach",),
    )

``queries()`` imports the modules of the ``queries`` package whose source has such a line
(the others — views, tables, cypher, sparql … — are not imported) and collects their entries by
``order``. ``govkg --help`` and ``govkg query --list`` import every measure module, so a measure
module imports networkx, igraph, scipy … inside its functions (tests/test_startup.py checks it).

>>> table = queries()
>>> list(table)[:2], list(table)[-2:]
(['burden', 'centrality'], ['ego', 'compare'])
>>> table["pairs"].option("directed").flags
('--directed',)
>>> page_measures()["betweenness"].name
'centrality'
"""

from __future__ import annotations

import importlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Sequence, Union


@dataclass(frozen=True)
class Option:
    """An option a query takes besides the shared filters (``--doc``, ``--year`` … ``--by``):
    ``name`` is the keyword its functions receive; the CLI offers it as ``flags`` (typer's
    default ``--name`` when empty) or, with ``argument``, as a positional argument."""

    name: str
    type: Any = str  # str, int, bool or list[str] (a repeatable option)
    default: Any = None
    help: Union[str, None] = None
    flags: tuple = ()
    argument: bool = False
    required: bool = False


Columns = Union[Sequence[str], Callable[[bool, dict], Sequence[str]]]


@dataclass(frozen=True)
class Query:
    """One query of ``govkg query``.

    - ``function``: the documented library function (its module's ``Definitions`` section is
      what ``--explain`` and docs/measures.md read); ``run(view, **options)`` adapts it to the
      command's options when they differ (default: ``function(view, **options)``).
    - ``description``: one line for ``govkg query --list``; ``help``: the command's help text.
    - ``columns``: the columns shown, or ``columns(table, options)`` when they depend on the
      format (``table`` is the terminal table) or the options; agency id, type and attribute
      columns are added by ``queries.tables``. ``typed_columns``: the columns followed by their
      ``_type`` column in the terminal table.
    - ``check(options)`` before the documents are read, ``check_view(view, options)`` after:
      a ValueError is a bad option (the CLI prints it, exit 2).
    - ``title`` (or ``title(records, options)``) heads the table; ``file_name`` (or
      ``file_name(options)``) is the default file of ``--format xlsx|parquet``.
    - ``top``: default ``--top``; ``by``: whether ``--by`` is offered.
    - ``input``: ``"view"`` (records over one filtered view) or ``"corpus"``: ``run(corpus,
      collective=…, map_successors=…, **options)`` returns one dict of statistics.
    - ``page_measures``: the columns the network page may size its nodes by (records carry
      ``agency_id``).
    - ``order``: the place in ``govkg query --list``.
    """

    name: str
    function: Callable
    description: str
    columns: Columns = ()
    help: str = ""
    options: tuple = ()
    run: Union[Callable, None] = None
    check: Union[Callable[[dict], None], None] = None
    check_view: Union[Callable[[Any, dict], None], None] = None
    title: Union[str, Callable[[list, dict], str]] = ""
    file_name: Union[str, Callable[[dict], str]] = ""
    typed_columns: tuple = ("agency",)
    top: int = 20
    by: bool = True
    input: str = "view"
    page_measures: tuple = ()
    order: int = 100

    def option(self, name: str) -> Option:
        return next(o for o in self.options if o.name == name)

    def records(self, data, options: Union[dict, None] = None):
        """Run the query on a view (or, for ``input="corpus"``, a corpus) with its options."""
        return (self.run or self.function)(data, **(options or {}))

    def column_names(self, table: bool, options: Union[dict, None] = None) -> list:
        columns = self.columns(table, options or {}) if callable(self.columns) else self.columns
        return list(columns)

    def title_for(self, records: list, options: Union[dict, None] = None) -> str:
        return self.title(records, options or {}) if callable(self.title) else (self.title or self.name)

    def file_stem(self, options: Union[dict, None] = None) -> str:
        return self.file_name(options or {}) if callable(self.file_name) else (self.file_name or self.name)


_DECLARES = re.compile(r"^QUERY\s*=", re.MULTILINE)


@lru_cache(maxsize=1)
def _table() -> tuple:
    entries = []
    folder = os.path.dirname(__file__)
    for name in sorted(p.name[:-3] for p in os.scandir(folder) if p.name.endswith(".py") and not p.name.startswith("_")):
        with open(os.path.join(folder, f"{name}.py"), encoding="utf-8") as source:
            if name == "registry" or not _DECLARES.search(source.read()):
                continue  # not a measure module (views, tables, cypher …): not imported here
        declared = getattr(importlib.import_module(f"queries.{name}"), "QUERY", ())
        entries += [declared] if isinstance(declared, Query) else list(declared)
    names = [entry.name for entry in entries]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise RuntimeError(f"queries declared twice: {', '.join(repeated)}")
    return tuple(sorted(entries, key=lambda entry: (entry.order, entry.name)))


def queries() -> dict:
    """name -> Query, in ``govkg query --list`` order."""
    return {entry.name: entry for entry in _table()}


def page_measures() -> dict:
    """measure -> the Query whose records carry it: what the network page may size nodes by."""
    return {measure: entry for entry in _table() for measure in entry.page_measures}
