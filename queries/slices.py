"""Honest defaults: how many separate pieces a view has, and one measure per slice.

A corpus of several cities is several networks: closeness and eigenvector centrality compare
agencies only within one connected component (eigenvector is 0 outside the component with the
largest eigenvalue). ``components`` says how many pieces there are; ``by_slice`` runs a query
once per jurisdiction, document or year and labels each row with its slice.

>>> from queries.views import View, Involvement as I
>>> view = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating"), I("t2", "C", "lead"),
...     I("t2", "D", "cooperating"), I("t2", "E", "cooperating")],
...     task_meta={"t1": {"jurisdiction": "x"}, "t2": {"jurisdiction": "y"}})
>>> components(view)
[3, 2]
>>> from queries.burden import burden
>>> [(r["jurisdiction"], r["agency_id"]) for r in by_slice(view, "jurisdiction", burden)][:3]
[('x', 'B'), ('x', 'A'), ('y', 'D')]
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from scipy.sparse.csgraph import connected_components

from .views import View

SLICES = ("jurisdiction", "document", "year")


def components(view: View) -> list[int]:
    """Sizes of the connected components of the agency network, largest first."""
    n = len(view.agencies)
    if n == 0:
        return []
    incidence = view.incidence
    count, labels = connected_components(incidence @ incidence.T, directed=False)
    return sorted(np.bincount(labels, minlength=count).tolist(), reverse=True)


def components_note(view: View) -> str | None:
    """One sentence for the user when the view is several separate networks; None when it is one."""
    sizes = components(view)
    if len(sizes) <= 1:
        return None
    connected = [s for s in sizes if s > 1]
    isolated = len(sizes) - len(connected)
    shown = ", ".join(map(str, connected[:12])) + (", …" if len(connected) > 12 else "")
    parts = f"agencies per component: {shown}" if connected else "no ties"
    if isolated:
        parts += f"; {isolated} isolated agenc{'y' if isolated == 1 else 'ies'} (only on tasks without partners)"
    return (f"note: this view is {len(sizes)} separate networks ({parts}); closeness and eigenvector compare "
            f"agencies only within one network. --jurisdiction ID or --by jurisdiction|document|year computes per slice.")


def subview(view: View, tasks: set[str]) -> View:
    """The part of ``view`` on ``tasks``, with the same labels and attributes."""
    involvements = [i for i in view.involvements if i.task in tasks]
    agencies = {i.agency for i in involvements}
    return View(
        involvements,
        labels={a: l for a, l in view.labels.items() if a in agencies},
        attributes={a: v for a, v in view.attributes.items() if a in agencies},
        task_program={t: p for t, p in view.task_program.items() if t in tasks},
        task_labels={t: l for t, l in view.task_labels.items() if t in tasks},
        task_meta={t: m for t, m in view.task_meta.items() if t in tasks},
    )


def slices(view: View, by: str) -> dict[str, View]:
    """Slice value -> sub-view: tasks grouped by their ``jurisdiction``, ``document`` or ``year``."""
    if by not in SLICES:
        raise ValueError(f"--by must be one of {', '.join(SLICES)}, not {by!r}")
    groups: dict[str, set[str]] = {}
    for task in view.tasks:
        value = view.task_meta.get(task, {}).get(by)
        groups.setdefault("" if value is None else str(value), set()).add(task)
    return {value: subview(view, tasks) for value, tasks in sorted(groups.items())}


def by_slice(view: View, by: str, run: Callable[[View], list[dict]], top: int = 0) -> list[dict]:
    """``run`` on every slice; each row starts with the slice (column named ``by``); ``top``
    rows per slice (0 = all)."""
    rows = []
    for value, part in slices(view, by).items():
        records = run(part)
        for record in records[:top] if top else records:
            rows.append({by: value, **record})
    return rows
