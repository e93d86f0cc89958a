"""Gould–Fernandez brokerage roles on the directed lead → cooperating graph.

Agency B brokers the ordered pair (A, C) when A → B and B → C, A ≠ C, and there is no direct
A → C tie. The role depends on the groups (jurisdiction, or agency type) of A, B and C:

- ``coordinator``: A, B, C all in one group;
- ``itinerant`` (consultant): A and C in one group, B in another;
- ``gatekeeper``: B and C in one group, A in another (B controls entry to its group);
- ``representative``: A and B in one group, C in another (B speaks for its group);
- ``liaison``: all three in different groups.

Example: A (city) → B (district) → C (district), no A → C: B is a gatekeeper.

>>> from queries.views import View, Involvement as I
>>> view = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating"),
...     I("t2", "B", "lead"), I("t2", "C", "cooperating")],
...     attributes={"A": {"jurisdiction": "city"}, "B": {"jurisdiction": "d"}, "C": {"jurisdiction": "d"}})
>>> [(r["agency_id"], r["gatekeeper"], r["total"]) for r in brokerage(view) if r["total"]]
[('B', 1, 1)]

Definitions (``govkg query --explain NAME``; docs/measures.md is generated from them):

:measure coordinator, itinerant, gatekeeper, representative, liaison, brokerage: how often the agency is the middle of an open lead → cooperating chain A → B → C (no A → C), by the groups of A, B and C; total is their sum.
:formula: coordinator: g(A) = g(B) = g(C); itinerant: g(A) = g(C) ≠ g(B); gatekeeper: g(B) = g(C) ≠ g(A); representative: g(A) = g(B) ≠ g(C); liaison: all different
:normalisation: none (counts of brokered ordered pairs; not divided by their expected values).
:reference: Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to brokerage in transaction networks. Sociological Methodology 19, 89–126.
"""

from __future__ import annotations

from .registry import Option, Query
from .views import View

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")


def _role(group_a, group_b, group_c) -> str:
    if group_a == group_b == group_c:
        return "coordinator"
    if group_a == group_c:
        return "itinerant"
    if group_b == group_c:
        return "gatekeeper"
    if group_a == group_b:
        return "representative"
    return "liaison"


def brokerage(view: View, group_by: str = "jurisdiction") -> list[dict]:
    """Counts of each role per agency; ``group_by`` is ``jurisdiction`` or ``type``."""
    if group_by not in ("jurisdiction", "type"):
        raise ValueError(f"group_by must be jurisdiction or type, not {group_by!r}")
    graph = view.directed()
    group = {node: view.attributes.get(node, {}).get(group_by) for node in graph.nodes}
    counts = {node: dict.fromkeys(ROLES, 0) for node in graph.nodes}
    for broker in graph.nodes:
        for source in graph.predecessors(broker):
            for target in graph.successors(broker):
                if source == target or graph.has_edge(source, target):
                    continue
                counts[broker][_role(group[source], group[broker], group[target])] += 1
    rows = []
    for node, roles in counts.items():
        rows.append({"agency_id": node, "agency": view.label(node), "group": group[node], **roles, "total": sum(roles.values())})
    rows.sort(key=lambda r: (-r["total"], r["agency"], r["agency_id"]))
    return rows


def _check_group_by(view: View, options: dict) -> None:
    if options["group_by"] not in ("jurisdiction", "type"):
        raise ValueError(f"--group-by must be jurisdiction or type, not {options['group_by']!r}")


QUERY = Query(
    name="brokerage",
    function=brokerage,
    order=40,
    description="Gould–Fernandez brokerage roles on the lead → cooperating graph",
    help="Gould–Fernandez brokerage roles (coordinator, itinerant, gatekeeper, representative, liaison).",
    options=(Option("group_by", str, "jurisdiction", "jurisdiction or type.", flags=("--group-by",)),),
    check_view=_check_group_by,
    columns=("agency", "group", "coordinator", "itinerant", "gatekeeper", "representative", "liaison", "total"),
    title="brokerage",
    typed_columns=(),
)
