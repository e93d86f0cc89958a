"""Communities of agencies that work together: Louvain on the one-mode graph.

Weights are shared tasks; the seed is fixed (42) and the graph is built in a sorted node
order, so the same corpus gives the same communities on every run. Each record gives the
agency's community (numbered by size, largest first) and the partition's modularity.

Example: two triangles joined by one edge split into two communities.

>>> from queries.views import View, Involvement as I
>>> view = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating"), I("t1", "C", "cooperating"),
...     I("t2", "D", "lead"), I("t2", "E", "cooperating"), I("t2", "F", "cooperating"),
...     I("t3", "C", "lead"), I("t3", "D", "cooperating")])
>>> sorted({r["community"] for r in communities(view)}), sorted(r["agency_id"] for r in communities(view) if r["community"] == 1)
([1, 2], ['A', 'B', 'C'])

Definitions (``govkg query --explain NAME``; docs/measures.md is generated from them):

:measure community, modularity: groups of agencies that share more tasks with each other than expected; modularity scores the partition Louvain finds (seed 42).
:formula: Q = (1 / 2m) Σ_ij [s_ij − k_i k_j / 2m] δ(c_i, c_j), k_i = strength, m = Σ s_ij / 2
:normalisation: Q between −1/2 and 1; resolution 1.
:reference: Newman, M. E. J. & Girvan, M. (2004). Phys. Rev. E 69, 026113; Blondel, V. D. et al. (2008). Fast unfolding of communities in large networks. J. Stat. Mech. P10008.
"""

from __future__ import annotations

from .views import View, gc_paused

SEED = 42


def communities(view: View, resolution: float = 1.0) -> list[dict]:
    import networkx as nx  # here, not at the top: importing the query library stays light

    from .views import _add_edges

    # Louvain reads only the nodes, their order and the ``shared`` weights: a graph with just
    # these (same node and edge order as view.one_mode(), so the same communities) is cheaper.
    with gc_paused():
        rows_i, rows_j, shared, _ = view.one_mode_edges
        if len(rows_i) == 0:
            return [{"agency_id": n, "agency": view.label(n), "community": i + 1, "size": 1, "modularity": 0.0} for i, n in enumerate(view.agencies)]
        graph = nx.Graph()
        graph.add_nodes_from(view.agencies)
        _add_edges(graph, view.agencies, rows_i, rows_j, shared=shared)
        parts = nx.community.louvain_communities(graph, weight="shared", resolution=resolution, seed=SEED)
        parts = sorted((sorted(p, key=lambda a: (view.label(a), a)) for p in parts), key=lambda p: (-len(p), view.label(p[0])))
        modularity = _modularity(view, parts, resolution)
        rows = []
        for number, part in enumerate(parts, start=1):
            for agency in part:
                rows.append(
                    {
                        "agency_id": agency,
                        "agency": view.label(agency),
                        "community": number,
                        "size": len(part),
                        "modularity": round(modularity, 6),
                    }
                )
        return rows


def _modularity(view: View, parts: list[list[str]], resolution: float) -> float:
    """``nx.community.modularity(one_mode, parts, weight="shared")`` from the edge arrays, with
    the same floating-point operations in the same order (the weights are integers, so the
    sums are exact): the same value to the last bit, without networkx's walk over every
    community's edges in Python."""
    import numpy as np

    rows_i, rows_j, shared, _ = view.one_mode_edges
    n = len(view.agencies)
    index = {a: k for k, a in enumerate(view.agencies)}
    community = np.empty(n, dtype=np.int64)
    for number, part in enumerate(parts):
        community[[index[a] for a in part]] = number
    strength = np.bincount(rows_i, weights=shared, minlength=n) + np.bincount(rows_j, weights=shared, minlength=n)
    strength = strength.astype(np.int64)
    inside = community[rows_i] == community[rows_j]
    internal = np.bincount(community[rows_i][inside], weights=shared[inside], minlength=len(parts)).astype(np.int64).tolist()
    degree_sums = np.bincount(community, weights=strength, minlength=len(parts)).astype(np.int64).tolist()
    deg_sum = int(strength.sum())
    m = deg_sum / 2
    norm = 1 / deg_sum**2
    return sum(internal[c] / m - resolution * degree_sums[c] * degree_sums[c] * norm for c in range(len(parts)))
