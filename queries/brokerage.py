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
    nodes = view.agencies
    group = {node: view.attributes.get(node, {}).get(group_by) for node in nodes}
    counts = _role_counts(view, [group[node] for node in nodes])
    rows = []
    for k, node in enumerate(nodes):
        roles = dict(zip(ROLES, counts[k]))
        rows.append({"agency_id": node, "agency": view.label(node), "group": group[node], **roles, "total": sum(roles.values())})
    rows.sort(key=lambda r: (-r["total"], r["agency"], r["agency_id"]))
    return rows


def _role_counts(view: View, groups: list) -> list[list[int]]:
    """Per agency index, the counts of ROLES, with sparse products instead of a loop over every
    two-step path A → B → C (millions at 5,000 agencies).

    For broker B, with A ranging over its predecessors and C over its successors: the paths
    where A and C are both in B's group, or A in it and C not, ... come from counting
    predecessors and successors in each group; from these come the open paths by taking away
    the pairs with A = C (mutual ties A ⇄ B) and the closed ones (A → C exists), which are
    counted per class by Σ_A X_AB (Y Aᵀ)_BA for X, Y the ties of A → B and B → C within or
    across groups. Exact: integer arithmetic throughout."""
    import numpy as np
    from scipy import sparse

    n = len(groups)
    if n == 0:
        return []
    codes: dict = {}
    group = np.array([codes.setdefault(g, len(codes)) for g in groups], dtype=np.int64)
    sources, targets, _ = view.directed_edges
    # binary lead → cooperator ties, no self-loops (directed_edges has none)
    ties = sparse.csr_matrix((np.ones(len(sources), dtype=np.int64), (sources, targets)), shape=(n, n))
    ties.data[:] = 1
    same = group[sources] == group[targets]

    def part(mask) -> sparse.csr_matrix:
        return sparse.csr_matrix((np.ones(int(mask.sum()), dtype=np.int64), (sources[mask], targets[mask])), shape=(n, n))

    within, across = part(same), part(~same)
    membership = sparse.csr_matrix((np.ones(n, dtype=np.int64), (np.arange(n), group)), shape=(n, len(codes)))
    into = (ties.T @ membership).tocsr()  # [B, g]: predecessors of B in group g
    out = (ties @ membership).tocsr()  # [B, g]: successors of B in group g
    rows = np.arange(n)
    in_own = np.asarray(into[rows, group]).ravel().astype(np.int64)
    out_own = np.asarray(out[rows, group]).ravel().astype(np.int64)
    in_all = np.asarray(into.sum(axis=1)).ravel().astype(np.int64)
    out_all = np.asarray(out.sum(axis=1)).ravel().astype(np.int64)
    same_ac = np.asarray(into.multiply(out).sum(axis=1)).ravel().astype(np.int64)  # A and C in one group
    # every A → B → C pair (A = C and A → C included), by class
    coordinator = in_own * out_own
    itinerant = same_ac - coordinator
    gatekeeper = (in_all - in_own) * out_own
    representative = in_own * (out_all - out_own)
    liaison = in_all * out_all - coordinator - itinerant - gatekeeper - representative

    def closed(x, y, z) -> np.ndarray:
        """Σ over A, C of x[A, B] y[B, C] z[A, C], per B."""
        return np.asarray(x.T.multiply(y @ z.T).sum(axis=1)).ravel().astype(np.int64)

    # pairs with A = C: mutual ties; A and C in one group, so coordinator or itinerant
    coordinator -= np.asarray(within.T.multiply(within).sum(axis=1)).ravel().astype(np.int64)
    itinerant -= np.asarray(across.T.multiply(across).sum(axis=1)).ravel().astype(np.int64)
    # closed pairs (A → C), A ≠ C
    coordinator -= closed(within, within, ties)
    representative -= closed(within, across, ties)
    gatekeeper -= closed(across, within, ties)
    itinerant -= closed(across, across, within)
    liaison -= closed(across, across, across)
    return np.column_stack([coordinator, itinerant, gatekeeper, representative, liaison]).tolist()


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
