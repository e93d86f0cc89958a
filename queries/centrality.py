"""Centrality and position of agencies.

On the one-mode co-involvement graph (weights = shared tasks):

- ``degree``: number of partners; ``strength``: Σ shared tasks over partners.
- ``betweenness``: share of shortest paths between other pairs that pass through the agency.
  Shortest paths use **distance = 1 / shared tasks** (agencies that share more tasks are
  closer); networkx would read a ``weight`` as a distance, so the distance is made explicit.
  Normalised as networkx does for undirected graphs: divided by (n−1)(n−2)/2.
- ``closeness``: (r−1)/Σd over the r agencies it reaches (itself included), scaled by
  (r−1)/(n−1) (Wasserman–Faust, networkx's default), with the same distances; it can exceed 1
  because agencies sharing several tasks are less than one unit apart.
- ``eigenvector``: leading eigenvector of the shared-task matrix, unit length. On a
  disconnected corpus (several cities) it concentrates on the component with the largest
  eigenvalue and is 0 elsewhere: filter by jurisdiction to compare within one.
- ``constraint`` (Burt): Σ_j (p_ij + Σ_q p_iq p_qj)², p = proportional tie strength.
- ``effective_size`` (Burt, Borgatti's form): degree − 2·ties among partners / degree.
- ``coreness``: k-core number; ``core`` is true for agencies in the highest k-core.

On the directed lead → cooperating graph (weights = tasks):

- ``pagerank`` (α = 0.85), ``hub`` and ``authority`` (HITS): hubs lead, authorities serve.

Betweenness, closeness and constraint are computed with python-igraph (seconds at 5,000
agencies where networkx takes minutes); the tests check them against networkx on small graphs.

Example: a path A–B–C where A–B share 2 tasks and B–C share 1.

>>> from queries.views import View, Involvement as I
>>> view = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating"), I("t2", "A", "lead"),
...     I("t2", "B", "cooperating"), I("t3", "B", "lead"), I("t3", "C", "cooperating")])
>>> rows = {r["agency_id"]: r for r in centrality(view)}
>>> rows["B"]["betweenness"], rows["A"]["betweenness"], rows["B"]["strength"]
(1.0, 0.0, 3)
"""

from __future__ import annotations

# igraph, numpy and scipy are imported where they are used: importing the query library
# (govkg --help, govkg query --list) must stay light.

from .views import View

MEASURES = (
    "degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "hub", "authority",
    "constraint", "effective_size", "coreness", "core",
)


def to_igraph(n: int, sources: np.ndarray, targets: np.ndarray, weights: np.ndarray, directed: bool = False) -> ig.Graph:
    """An igraph graph straight from edge arrays; ``distance`` = 1 / weight."""
    import igraph as ig
    import numpy as np

    result = ig.Graph(n=n, edges=np.column_stack([sources, targets]).tolist(), directed=directed)
    result.es["weight"] = weights.astype(float).tolist()
    result.es["distance"] = (1.0 / weights.astype(float)).tolist() if len(weights) else []
    return result


def centrality(view: View) -> list[dict]:
    """Every measure for every agency, sorted by betweenness, then degree, then name."""
    import numpy as np
    from scipy import sparse

    nodes = view.agencies
    n = len(nodes)
    if n == 0:
        return []
    rows_i, rows_j, shared, _ = view.one_mode_edges
    graph = to_igraph(n, rows_i, rows_j, shared)
    lead_i, coop_j, tasks = view.directed_edges
    directed = to_igraph(n, lead_i, coop_j, tasks, directed=True)

    degree = graph.degree()
    strength = graph.strength(weights="weight")
    betweenness = graph.betweenness(weights="distance", directed=False)
    scale = (n - 1) * (n - 2) / 2
    betweenness = [b / scale if scale > 0 else 0.0 for b in betweenness]
    closeness = _closeness(graph)
    constraint = graph.constraint(weights="weight") if graph.ecount() else [float("nan")] * n
    triangles_local = graph.transitivity_local_undirected(mode="zero")
    effective_size = [
        (d - 2 * (c * d * (d - 1) / 2) / d) if d else float("nan")
        for d, c in zip(degree, triangles_local)
    ]
    coreness = graph.coreness()
    top_core = max(coreness) if coreness else 0

    symmetric = sparse.coo_matrix((shared.astype(float), (rows_i, rows_j)), shape=(n, n))
    eigenvector = _eigenvector(symmetric + symmetric.T, nodes)
    if directed.ecount():
        ranks = directed.personalized_pagerank(damping=0.85, weights="weight", directed=True)
        pagerank = dict(zip(nodes, ranks))
    else:
        pagerank = {v: 1 / n for v in nodes}
    hubs, authorities = _hits(sparse.csr_matrix((tasks.astype(float), (lead_i, coop_j)), shape=(n, n)), nodes)

    rows = []
    for i, node in enumerate(nodes):
        rows.append(
            {
                "agency_id": node,
                "agency": view.label(node),
                "degree": degree[i],
                "strength": int(strength[i]),
                "betweenness": round(betweenness[i], 6),
                "closeness": round(float(closeness[i]), 6),
                "eigenvector": round(eigenvector[node], 6),
                "pagerank": round(pagerank.get(node, 0.0), 6),
                "hub": round(hubs[node], 6),
                "authority": round(authorities[node], 6),
                "constraint": None if np.isnan(constraint[i]) else round(constraint[i], 6),
                "effective_size": None if np.isnan(effective_size[i]) else round(effective_size[i], 6),
                "coreness": coreness[i],
                "core": coreness[i] == top_core and top_core > 0,
            }
        )
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["agency"], r["agency_id"]))
    return rows


def _closeness(graph: ig.Graph) -> list[float]:
    import numpy as np

    n = graph.vcount()
    if n <= 1:
        return [0.0] * n
    reachable_closeness = graph.closeness(weights="distance", normalized=True)
    membership = graph.connected_components().membership
    sizes = np.bincount(membership)
    result = []
    for i, value in enumerate(reachable_closeness):
        reached = sizes[membership[i]]
        if reached <= 1 or value != value:  # NaN for isolated nodes
            result.append(0.0)
        else:
            result.append(value * (reached - 1) / (n - 1))
    return result


def _eigenvector(matrix, nodes: list[str]) -> dict[str, float]:
    import numpy as np

    if matrix.nnz == 0:
        return {v: 0.0 for v in nodes}
    from scipy.sparse.linalg import eigsh

    if len(nodes) < 3:
        values, vectors = np.linalg.eigh(matrix.toarray())
        vector = vectors[:, -1]
    else:
        values, vectors = eigsh(matrix, k=1, which="LA", v0=np.ones(len(nodes)))
        vector = vectors[:, 0]
    vector = np.abs(vector)
    norm = np.linalg.norm(vector)
    return {v: float(x / norm) if norm else 0.0 for v, x in zip(nodes, vector)}


def _hits(matrix, nodes: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """HITS as the leading singular vectors of the lead → cooperator matrix (what networkx
    computes), each scaled to sum 1."""
    import numpy as np

    if matrix.nnz == 0:
        zero = {v: 0.0 for v in nodes}
        return zero, dict(zero)
    from scipy.sparse.linalg import svds

    if min(matrix.shape) < 3:
        u, s, vt = np.linalg.svd(matrix.toarray())
        hub, authority = u[:, 0], vt[0, :]
    else:
        u, s, vt = svds(matrix, k=1, v0=np.ones(len(nodes)))
        hub, authority = u[:, 0], vt[0, :]
    hub, authority = np.abs(hub), np.abs(authority)
    hub = hub / hub.sum() if hub.sum() else hub
    authority = authority / authority.sum() if authority.sum() else authority
    return dict(zip(nodes, map(float, hub))), dict(zip(nodes, map(float, authority)))
