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

from graph_builder.memory import gc_paused

from .registry import Query
from .views import View

SEED = 42


def communities(view: View, resolution: float = 1.0) -> list[dict]:
    with gc_paused():
        rows_i, rows_j, shared, _ = view.one_mode_edges
        if len(rows_i) == 0:
            return [{"agency_id": n, "agency": view.label(n), "community": i + 1, "size": 1, "modularity": 0.0} for i, n in enumerate(view.agencies)]
        parts = _louvain(view, resolution)
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


def _louvain(view: View, resolution: float) -> list[set[str]]:
    """``nx.community.louvain_communities(view.one_mode(), weight="shared", resolution,
    seed=SEED)``, the same partition, faster: networkx's own steps (``_one_level``,
    ``_gen_graph``) driven as ``louvain_partitions`` drives them, with the working graph built
    straight from the edge arrays (the copy networkx makes: same node and edge order, weights
    as ``weight``) and the modularity of each level computed in one pass over the edges
    (networkx walks each community's edges through views: a third of the time). The modularity
    only decides when to stop; it is computed with the same operations, so it is the same
    number. With a networkx whose internals differ, networkx's own function runs."""
    import networkx as nx

    from .views import _add_edges

    nodes = view.agencies
    rows_i, rows_j, shared, _ = view.one_mode_edges
    try:
        from networkx.algorithms.community.louvain import _gen_graph, _one_level
        import inspect

        simple = list(inspect.signature(_one_level).parameters) == ["G", "m", "partition", "resolution", "is_directed", "seed"]
    except ImportError:
        simple = False
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    if not simple:
        _add_edges(graph, nodes, rows_i, rows_j, shared=shared)
        return nx.community.louvain_communities(graph, weight="shared", resolution=resolution, seed=SEED)
    _add_edges(graph, nodes, rows_i, rows_j, weight=shared)
    seed = nx.utils.create_py_random_state(SEED)
    threshold = 0.0000001  # networkx's default
    partition = [{u} for u in graph.nodes()]
    mod = _graph_modularity(graph, partition, resolution)
    m = graph.size(weight="weight")
    partition, inner_partition, improvement = _one_level(graph, m, partition, resolution, False, seed)
    last = [p.copy() for p in partition]
    while True:
        new_mod = _graph_modularity(graph, inner_partition, resolution)
        if new_mod - mod <= threshold:
            return last
        mod = new_mod
        graph = _gen_graph(graph, inner_partition)
        partition, inner_partition, improvement = _one_level(graph, m, partition, resolution, False, seed)
        if not improvement:
            return last
        last = [p.copy() for p in partition]


def _graph_modularity(graph, communities: list, resolution: float) -> float:
    """``nx.community.modularity(graph, communities, weight="weight", resolution)`` for an
    undirected graph with integer weights (self-loops allowed): the same integer sums (a
    self-loop counts twice in a degree, once inside its community) and the same floating-point
    operations in the same order. One pass over the adjacency dicts (the graph's own storage:
    its views cost a function call per edge)."""
    community_of = {}
    for number, community in enumerate(communities):
        for node in community:
            community_of[node] = number
    degree = {}
    twice = [0] * len(communities)  # weight inside each community, a plain edge counted from both ends
    loops = [0] * len(communities)
    for u, neighbours in graph._adj.items():
        own = community_of[u]
        total = 0
        for v, data in neighbours.items():
            weight = data.get("weight", 1)
            total += weight
            if v == u:
                loops[own] += weight
            elif community_of[v] == own:
                twice[own] += weight
        if u in neighbours:
            total += neighbours[u].get("weight", 1)
        degree[u] = total
    deg_sum = sum(degree.values())
    m = deg_sum / 2
    norm = 1 / deg_sum**2
    result = 0
    for number, community in enumerate(communities):
        degree_sum = sum(degree[u] for u in community)
        result += (twice[number] // 2 + loops[number]) / m - resolution * degree_sum * degree_sum * norm
    return result


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
