"""Put a row's cells into the header's columns: the assignment of least cost.

Every table layout ends here, whatever separated its cells. A row arrives as the kinds of its
cells in reading order (``cell_types.cell_kinds``); the header says how many columns there are
and what each holds (``columns.column_field``). The aligner chooses, by dynamic programming,
the monotone assignment of cells to columns that costs least, where

- a cell in a column costs ``-ln P(kind | field)`` for the kind of the cell that fits best
  (``table_model.yaml`` ``affinity``, blended with what the table's own unambiguous rows show:
  a per-table profile, so a column that holds short names in this table learns to);
- a column that gets no cell costs its ``missing`` cost (a merged cell, or one lost in copying);
- a second cell in the same column (a cell wrapped over lines, one unit a line) costs its
  ``continued`` cost, nothing after a cell that ends with a list separator;
- a cell past the last column costs ``extra``; an empty cell may also stand for nothing.

So a person in a lead column, a place in an agency column or long text in a figure column is a
misalignment the cost sees, and a row that lost a cell is read with a gap where the cell is
missing, not shifted.

>>> model = TableModel(("seq", "text", "lead", "cooperating", "progress"))
>>> from graph_builder.parse.cell_types import cell_kinds
>>> row = [cell_kinds(t) for t in ("2", "为全县重点人群免费开展结直肠癌筛查7400人。", "已完成。完成筛查人数3495人,完成率47.23%。")]
>>> model.align(tuple(row)).columns  # the lead cell was merged into the row above: a gap, not a shift
((0,), (1,), (), (), (2,))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

INFINITE = float("inf")


@lru_cache(maxsize=1)
def parameters() -> dict:
    """table_model.yaml, read once."""
    return yaml.safe_load(resources.files("graph_builder.data").joinpath("table_model.yaml").read_text("utf-8"))


def _cost(probability: float) -> float:
    return -math.log(max(probability, 1e-9))


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a row's cells went: for each column, the indices of its cells (several when a
    cell goes on over lines; none when the row has no cell there); cells past the last column;
    and what the assignment cost."""

    columns: tuple[tuple[int, ...], ...]
    extra: tuple[int, ...]
    cost: float

    def filled(self, column: int) -> bool:
        return bool(self.columns[column])


class TableModel:
    """The costs of one table: its columns' fields, the prior of ``table_model.yaml`` and,
    once ``learn`` has seen the table's unambiguous rows, its own profile."""

    def __init__(self, fields: tuple, profile: list[dict[str, float]] | None = None, weight: float = 0.0):
        self.fields = tuple(f or "other" for f in fields)
        data = parameters()
        floor = data["floor"]
        self._affinity = [dict(data["affinity"].get(f, data["affinity"]["other"])) for f in self.fields]
        if profile:
            for column, seen in enumerate(profile):
                prior = self._affinity[column]
                for kind in set(prior) | set(seen):
                    prior[kind] = (1 - weight) * prior.get(kind, floor) + weight * seen.get(kind, 0.0)
        self._floor = floor
        self._empty = [_cost(data["empty"].get(f, data["empty"]["default"])) for f in self.fields]
        self.missing = [_cost(data["missing"].get(f, data["missing"]["default"])) for f in self.fields]
        # A text column before a target column names a group of rows (项目名称 | 工作目标):
        # its cell spans the rows of the group, so most rows have none.
        texts = [c for c, name in enumerate(self.fields) if name in ("text", "target")]
        for column, name in enumerate(self.fields):
            if name == "text" and "target" in self.fields[column + 1 :]:
                self.missing[column] = _cost(data["missing"]["group"])
            elif name in ("text", "target") and column != texts[0]:
                # A second text column (措施, 目标): a row may well have none.
                self.missing[column] = _cost(data["missing"]["default"])
        self._switch = data["kind_switch"]
        self._continued = [_cost(data["continued"].get(f, data["continued"]["default"])) for f in self.fields]
        self._extra = _cost(data["extra"])
        self._extra_empty = _cost(data["extra_empty"])
        self._drop_empty = _cost(data["extra_empty"]) + 0.5
        self._emit_cache: dict = {}
        self._align_cache: dict = {}

    def learn(self, rows: list[tuple[frozenset, ...]]) -> "TableModel":
        """A model that also knows this table's columns from its rows that have exactly one
        cell per column (no gap to guess): the share of them in which each column held each
        kind, weighted by how many such rows there are."""
        width = len(self.fields)
        # Only rows whose cells each fit their place by the prior: a sub-row that lost its
        # number and ends with empty cells has as many cells as columns, but shifted.
        full = [row for row in set(rows) if len(row) == width and all(self.emit(k, c) < 3.0 for c, k in enumerate(row))]
        full = [row for row in rows if row in set(full)]
        if len(full) < 2:
            return self
        profile: list[dict[str, float]] = [{} for _ in range(width)]
        for row in full:
            for column, kinds in enumerate(row):
                for kind in kinds:
                    if kind != "open":
                        profile[column][kind] = profile[column].get(kind, 0.0) + 1.0 / len(full)
        weight = min(0.6, len(full) / (len(full) + 4))
        return TableModel(self.fields, profile, weight)

    def differs(self, rates: list[float], margin: float = 0.25) -> bool:
        """Whether the rows show some column missing far more often than the prior says."""
        return any(rate - math.exp(-cost) > margin for rate, cost in zip(rates, self.missing))

    def with_missing(self, rates: list[float]) -> "TableModel":
        """This model with each column's missing cost blended with the rate the table shows."""
        model = TableModel.__new__(TableModel)
        model.__dict__.update(self.__dict__)
        model.missing = [_cost(0.5 * math.exp(-cost) + 0.5 * rate) for cost, rate in zip(self.missing, rates)]
        model._emit_cache, model._align_cache = dict(self._emit_cache), {}
        return model

    def emit(self, kinds: frozenset, column: int) -> float:
        """What a cell of these kinds costs in ``column``."""
        key = (kinds, column)
        found = self._emit_cache.get(key)
        if found is None:
            if "empty" in kinds:
                found = self._empty[column]
            else:
                affinity = self._affinity[column]
                found = _cost(max((affinity.get(k, self._floor) for k in kinds if k != "open"), default=self._floor))
            self._emit_cache[key] = found
        return found

    def emissions(self, kinds: frozenset) -> list[float]:
        """What a cell of these kinds costs in each column."""
        found = self._emit_cache.get(kinds)
        if found is None:
            found = self._emit_cache[kinds] = [self.emit(kinds, column) for column in range(len(self.fields))]
        return found

    def align(self, row: tuple[frozenset, ...]) -> Placement:
        """The least-cost placement of ``row`` (the kinds of its cells) in the columns."""
        found = self._align_cache.get(row)
        if found is None:
            found = self._align_cache[row] = self._align(row)
        return found

    def _align(self, row: tuple[frozenset, ...]) -> Placement:
        m, n = len(row), len(self.fields)
        # best[i][j][f]: cost of placing the first i cells with columns < j decided, f = 1 when
        # cell i-1 went into column j-1 (so the next cell may go on in it).
        best = [[[INFINITE, INFINITE] for _ in range(n + 1)] for _ in range(m + 1)]
        back: dict = {}
        best[0][0][0] = 0.0

        def relax(i, j, f, cost, step):
            if cost < best[i][j][f]:
                best[i][j][f] = cost
                back[(i, j, f)] = step

        for i in range(m + 1):
            for j in range(n + 1):
                for f in (0, 1):
                    here = best[i][j][f]
                    if here == INFINITE:
                        continue
                    if j < n:
                        relax(i, j + 1, 0, here + self.missing[j], (i, j, f, None, None))
                    if i == m:
                        continue
                    kinds = row[i]
                    if j < n:
                        relax(i + 1, j + 1, 1, here + self.emit(kinds, j), (i, j, f, i, j))
                    if f and j > 0 and "empty" not in kinds:
                        going_on = 0.0 if "open" in row[i - 1] else self._continued[j - 1]
                        if going_on and ("agency" in kinds) != ("agency" in row[i - 1]):
                            going_on += self._switch  # text wraps into text, a list into units
                        relax(i + 1, j, 1, here + going_on + self.emit(kinds, j - 1), (i, j, f, i, j - 1))
                    if "empty" in kinds:
                        relax(i + 1, j, f if j < n else 0, here + (self._extra_empty if j == n else self._drop_empty), (i, j, f, i, -1))
                    elif j == n:
                        relax(i + 1, n, 0, here + self._extra, (i, j, f, i, n))
        end = min((0, 1), key=lambda f: best[m][n][f])
        cost = best[m][n][end]
        columns: list[list[int]] = [[] for _ in range(n)]
        extra: list[int] = []
        state = (m, n, end)
        while state != (0, 0, 0):
            i, j, f, cell, column = back[state]
            if cell is not None and column is not None and 0 <= column < n:
                columns[column].append(cell)
            elif cell is not None and column == n:
                extra.append(cell)
            state = (i, j, f)
        return Placement(tuple(tuple(reversed(c)) for c in columns), tuple(reversed(extra)), cost)


def partition(units: list[tuple[frozenset, ...]], model: TableModel, sections: set[int] | None = None,
              row_cost: float = 1.0, section_cost: float = 0.7, line_join_cost: float = 3.0) -> list[tuple[int, int, str]]:
    """Cut a run of units (lines, or cells a line) into rows: ``(first, end, kind)`` with kind
    ``row`` or ``section`` (a heading standing between rows, only at the indices in
    ``sections``). The cut of least total cost, each row costing its placement and
    ``row_cost``, and a unit of several cells that goes on the row above ``line_join_cost``
    (a line of a table one row a line is a row, unless its cells fit the row above far
    better): so a wrapped cell goes on in its row, and a line that reads as a row of its own
    (a sub-row) starts one.

    One pass over the cells (a Viterbi search): the states are the aligner's (columns passed,
    whether the last cell went into the last of them), a row may end at the end of any unit,
    and each state carries the unit its row started at.

    >>> from graph_builder.parse.cell_types import cell_kinds
    >>> model = TableModel(("text", "lead", "cooperating"))
    >>> lines = ["新建公园3个", "市园林局", "市财政局", "改造道路", "为民办实事", "市住建局"]
    >>> partition([(cell_kinds(t),) for t in lines], model)
    [(0, 3, 'row'), (3, 6, 'row')]
    """
    n = len(model.fields)
    sections = sections or set()
    if not sections and (len(units) == 1 or all(len(unit) == n for unit in units)):
        # One line a row, each with a cell per column (most tables one row a line): nothing
        # to cut. Joining two such lines would cost a line join and cells going on in full
        # columns, more than any row of its own.
        return [(u, u + 1, "row") for u in range(len(units))]
    missing = model.missing
    tail = [0.0] * (n + 1)  # what leaving out every column from j on costs
    for j in range(n - 1, -1, -1):
        tail[j] = tail[j + 1] + missing[j]
    count = len(units)
    boundary = [INFINITE] * (count + 1)  # best cost with a row ending before unit u
    choice: list[tuple[int, str]] = [(0, "row")] * (count + 1)
    boundary[0] = 0.0
    size = (n + 1) * 2
    cost = [INFINITE] * size  # state (j, f) at index 2 * j + f
    origin = [0] * size
    previous: frozenset | None = None  # the last cell's kinds, for a cell going on in its column
    for u, unit in enumerate(units):
        if len(unit) > 1 and previous is not None:
            cost = [c + line_join_cost for c in cost]
        if boundary[u] + row_cost < cost[0]:
            cost[0], origin[0] = boundary[u] + row_cost, u
        for kinds in unit:
            # Columns left out before this cell (j only grows: one sweep closes the skips).
            for j in range(n):
                for f in (0, 1):
                    here = cost[2 * j + f] + missing[j]
                    if here < cost[2 * (j + 1)]:
                        cost[2 * (j + 1)], origin[2 * (j + 1)] = here, origin[2 * j + f]
            new = [INFINITE] * size
            new_origin = [0] * size
            empty = "empty" in kinds
            emitted = model.emissions(kinds)
            for j in range(n + 1):
                for f in (0, 1):
                    here = cost[2 * j + f]
                    if here == INFINITE:
                        continue
                    start = origin[2 * j + f]
                    if j < n:
                        step = here + emitted[j]
                        if step < new[2 * (j + 1) + 1]:
                            new[2 * (j + 1) + 1], new_origin[2 * (j + 1) + 1] = step, start
                    if f and j > 0 and not empty and previous is not None:
                        going_on = 0.0 if "open" in previous else model._continued[j - 1]
                        if going_on and ("agency" in kinds) != ("agency" in previous):
                            going_on += model._switch
                        step = here + going_on + emitted[j - 1]
                        if step < new[2 * j + 1]:
                            new[2 * j + 1], new_origin[2 * j + 1] = step, start
                    if empty:
                        target = 2 * j + (f if j < n else 0)
                        step = here + (model._extra_empty if j == n else model._drop_empty)
                        if step < new[target]:
                            new[target], new_origin[target] = step, start
                    elif j == n:
                        step = here + model._extra
                        if step < new[2 * n]:
                            new[2 * n], new_origin[2 * n] = step, start
            cost, origin = new, new_origin
            previous = kinds
        for j in range(n + 1):
            for f in (0, 1):
                total = cost[2 * j + f] + tail[j]
                if total < boundary[u + 1]:
                    boundary[u + 1], choice[u + 1] = total, (origin[2 * j + f], "row")
        if u in sections and boundary[u] + section_cost < boundary[u + 1]:
            boundary[u + 1], choice[u + 1] = boundary[u] + section_cost, (u, "section")
    rows = []
    end = count
    while end > 0:
        first, kind = choice[end]
        rows.append((first, end, kind))
        end = first
    return list(reversed(rows))
