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

from .registry import Query
from .views import View

SEED = 42


def communities(view: View, resolution: float = 1.0) -> list[dict]:
    import networkx as nx  # here, not at the top: importing the query library stays light

    graph = view.one_mode()
    if graph.number_of_edges() == 0:
        return [{"agency_id": n, "agency": view.label(n), "community": i + 1, "size": 1, "modularity": 0.0} for i, n in enumerate(view.agencies)]
    parts = nx.community.louvain_communities(graph, weight="shared", resolution=resolution, seed=SEED)
    parts = sorted((sorted(p, key=lambda a: (view.label(a), a)) for p in parts), key=lambda p: (-len(p), view.label(p[0])))
    modularity = nx.community.modularity(graph, parts, weight="shared", resolution=resolution)
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


QUERY = Query(
    name="communities",
    function=communities,
    order=50,
    description="Louvain communities (fixed seed) with modularity",
    help="Louvain communities (seed 42) with the partition's modularity.",
    columns=("community", "size", "agency", "modularity"),
    title="communities",
    top=0,
)
