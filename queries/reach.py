"""Two-step reach: how many agencies each agency can reach through at most one intermediary.

An agency's partners (agencies sharing a task with it) are the ones it can ask directly; the
partners of its partners are one introduction away. Two-step reach counts both, on the one-mode
co-operation network of the view (a tie = at least one shared task; weights are not used), and
its share is that count over the other agencies in the view. A bureau with few partners of its
own can still reach most of a district through them; a street office listed on many tasks with
the same few bureaus cannot.

Example: a path A–B–C–D (A and B share t1, B and C t2, C and D t3).

>>> from queries.views import View, Involvement as I
>>> view = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating"), I("t2", "B", "lead"),
...     I("t2", "C", "cooperating"), I("t3", "C", "lead"), I("t3", "D", "cooperating")])
>>> [(r["agency_id"], r["partners"], r["two_step_reach"], r["two_step_reach_share"]) for r in reach(view)]
[('B', 2, 3, 1.0), ('C', 2, 3, 1.0), ('A', 1, 2, 0.666667), ('D', 1, 2, 0.666667)]

Definitions (``govkg query --explain NAME``; docs/measures.md is generated from them):

:measure two_step_reach: agencies within two steps of the agency in the co-operation network: its partners and its partners' partners (the agency itself not counted).
:formula: R2(i) = |{j ≠ i : d(i, j) ≤ 2}|, d the number of ties on the shortest path (a tie = s_ij > 0)
:normalisation: none (a count); unweighted.
:reference: Borgatti, S. P. (2006). Identifying sets of key players in a social network. Computational and Mathematical Organization Theory 12, 21–34 (m-reach, m = 2); Hanneman, R. A. & Riddle, M. (2005). Introduction to Social Network Methods, ch. 9 ("two-step reach").

:measure two_step_reach_share: the share of the other agencies in the view that the agency reaches within two steps.
:formula: R2(i) / (n − 1)
:normalisation: 0 to 1 (0 when the view has one agency).
:reference: Borgatti, S. P. (2006), as above; UCINET's ego-network "2-step reach" (percentage of all actors within two steps).
"""

from __future__ import annotations

# numpy and scipy are imported inside reach(): importing a query module stays light.

from .registry import Query
from .views import View


def reach(view: View) -> list[dict]:
    """One record per agency: partners, two-step reach and its share; sorted by two-step reach,
    then partners (largest first), then name."""
    import numpy as np
    from scipy import sparse

    n = len(view.agencies)
    if n == 0:
        return []
    rows_i, rows_j, _, _ = view.one_mode_edges
    ties = sparse.coo_matrix((np.ones(len(rows_i), dtype=np.int64), (rows_i, rows_j)), shape=(n, n)).tocsr()
    ties = ((ties + ties.T) > 0).astype(np.int64)
    within_two = (ties + ties @ ties).tocsr()
    within_two = (within_two - sparse.diags(within_two.diagonal(), dtype=np.int64)).tocsr()
    within_two.eliminate_zeros()
    partners = np.diff(ties.indptr)
    reached = np.diff(within_two.indptr)
    rows = [
        {
            "agency_id": agency,
            "agency": view.label(agency),
            "partners": int(partners[i]),
            "two_step_reach": int(reached[i]),
            "two_step_reach_share": round(int(reached[i]) / (n - 1), 6) if n > 1 else 0.0,
        }
        for i, agency in enumerate(view.agencies)
    ]
    rows.sort(key=lambda r: (-r["two_step_reach"], -r["partners"], r["agency"], r["agency_id"]))
    return rows


QUERY = Query(
    name="reach",
    function=reach,
    order=25,
    description="agencies each agency reaches directly (partners) and through one intermediary (two-step reach)",
    help="Two-step reach: the agencies each one reaches through at most one intermediary, and their share.\n\n"
    "Definitions and references: `govkg query --explain two_step_reach`.",
    columns=("agency", "partners", "two_step_reach", "two_step_reach_share"),
    title="two-step reach",
    page_measures=("two_step_reach",),
)
