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
- ``eigenvector``: leading eigenvector of the shared-task matrix, computed in each connected
  component on its own and of unit length within it: on a corpus of several cities, each city's
  agencies are ranked among themselves (one matrix for all would give 0 outside the component
  with the largest eigenvalue).
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

Definitions (``govkg query --explain NAME``; docs/measures.md is generated from them):

:measure degree: number of partners in the co-operation network (agencies sharing at least one task).
:formula: C_D(i) = |{j : s_ij > 0}|, s_ij = tasks shared by i and j
:normalisation: none (raw count); divide by n − 1 for Freeman's normalised degree.
:reference: Freeman, L. C. (1978/79). Centrality in social networks: conceptual clarification. Social Networks 1, 215–239.

:measure strength: shared tasks summed over partners (weighted degree).
:formula: S(i) = Σ_j s_ij
:normalisation: none.
:reference: Barrat, A. et al. (2004). The architecture of complex weighted networks. PNAS 101, 3747–3752; Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Social Networks 32, 245–251.

:measure betweenness: share of shortest paths between other pairs of agencies that pass through the agency; distance = 1 / shared tasks.
:formula: C_B(i) = Σ_{s<t; s,t ≠ i} σ_st(i) / σ_st, with d_ij = 1 / s_ij
:normalisation: divided by (n − 1)(n − 2)/2, the number of pairs without i (0 to 1); paths exist only within a connected component.
:reference: Freeman, L. C. (1977). A set of measures of centrality based on betweenness. Sociometry 40, 35–41; Brandes, U. (2001). J. Math. Sociology 25, 163–177; distance 1/weight after Newman, M. E. J. (2001). Phys. Rev. E 64, 016132.

:measure closeness: inverse mean distance to the agencies it can reach, scaled by the share of the network it reaches; distance = 1 / shared tasks.
:formula: C_C(i) = (r − 1) / Σ_j d_ij × (r − 1) / (n − 1), r = agencies in i's component (itself included)
:normalisation: Wasserman–Faust scaling for disconnected graphs (networkx's default); can exceed 1 because agencies sharing several tasks are less than one unit apart. Compare only within one component (see --by jurisdiction).
:reference: Freeman (1978/79); Wasserman, S. & Faust, K. (1994). Social Network Analysis, §5.3.

:measure eigenvector: an agency is central when its partners are central: the leading eigenvector of the shared-task matrix.
:formula: λ_c x_c = S_c x_c, x_c ≥ 0, λ_c the largest eigenvalue of S_c, the shared-task matrix of each connected component c
:normalisation: unit Euclidean length within each connected component (an isolated agency: 0). Values compare agencies within one component; across components they say how central each is in its own network.
:reference: Bonacich, P. (1972). Factoring and weighting approaches to status scores and clique identification. J. Math. Sociology 2, 113–120.

:measure pagerank: random-walk importance on the lead → cooperating graph (weights = tasks), so agencies that many leads call on score high.
:formula: PR(i) = (1 − α)/n + α Σ_j PR(j) w_ji / Σ_k w_jk, α = 0.85 (dangling agencies jump uniformly)
:normalisation: sums to 1.
:reference: Brin, S. & Page, L. (1998). The anatomy of a large-scale hypertextual Web search engine. Computer Networks 30, 107–117.

:measure hub, authority: HITS on the lead → cooperating graph: hubs lead many good cooperators, authorities serve many good leads.
:formula: hub = leading left singular vector of W, authority = leading right singular vector, W_ij = tasks i leads with j co-operating
:normalisation: each scaled to sum 1.
:reference: Kleinberg, J. M. (1999). Authoritative sources in a hyperlinked environment. J. ACM 46, 604–632.

:measure constraint: how much an agency's ties lead to partners who are tied to each other (low = it spans structural holes).
:formula: c_i = Σ_{j ≠ i} (p_ij + Σ_{q ≠ i, j} p_iq p_qj)², p_ij = s_ij / Σ_k s_ik
:normalisation: none; 1 for an agency with one partner, about 1/degree when none of its partners are tied to each other, and above 1 in small dense neighbourhoods; empty for isolated agencies.
:reference: Burt, R. S. (1992). Structural Holes: The Social Structure of Competition. Harvard University Press, ch. 2.

:measure effective_size: partners that are not redundant: degree minus the average number of ties each partner has to the others.
:formula: ES_i = n_i − 2 t_i / n_i, n_i = degree, t_i = ties among i's partners (unweighted)
:normalisation: none (0 to degree); empty for isolated agencies.
:reference: Burt (1992); Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures. Connections 20(1), 35–38.

:measure coreness, core: the largest k such that the agency is in a k-core (a subgraph where every agency has ≥ k partners); core marks the highest core.
:formula: coreness(i) = max{k : i ∈ k-core}
:normalisation: none (an integer).
:reference: Seidman, S. B. (1983). Network structure and minimum degree. Social Networks 5, 269–287.
"""

from __future__ import annotations

# igraph, numpy and scipy are imported where they are used: importing the query library
# (govkg --help, govkg query --list) must stay light.

from graph_builder.memory import gc_paused

from .registry import Option, Query
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

    with gc_paused():
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
    """Each connected component's leading eigenvector, of unit length within the component."""
    import numpy as np

    if matrix.nnz == 0:
        return {v: 0.0 for v in nodes}
    from scipy.sparse.csgraph import connected_components

    count, labels = connected_components(matrix, directed=False)
    result = {v: 0.0 for v in nodes}
    matrix = matrix.tocsr()
    for component in range(count):
        members = np.flatnonzero(labels == component)
        if len(members) < 2:
            continue  # an isolated agency has no partner to be central among
        vector = _leading_vector(matrix[members][:, members])
        for index, value in zip(members, vector):
            result[nodes[index]] = float(value)
    return result


def _leading_vector(matrix):
    import numpy as np
    from scipy.sparse.linalg import eigsh

    if matrix.shape[0] < 3:
        values, vectors = np.linalg.eigh(matrix.toarray())
        vector = vectors[:, -1]
    else:
        values, vectors = eigsh(matrix, k=1, which="LA", v0=np.ones(matrix.shape[0]))
        vector = vectors[:, 0]
    vector = np.abs(vector)
    norm = np.linalg.norm(vector)
    return vector / norm if norm else vector


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


def ranked(view: View, measure: list[str] | None = None) -> list[dict]:
    """``centrality`` sorted by the first of ``measure`` (largest first, then name) when given.

    >>> from queries.views import View, Involvement as I
    >>> view = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating"), I("t2", "B", "lead"),
    ...     I("t2", "C", "cooperating"), I("t3", "A", "lead"), I("t3", "C", "cooperating"), I("t3", "D", "cooperating")])
    >>> [r["agency"] for r in ranked(view, ["pagerank"])]
    ['C', 'B', 'D', 'A']
    """
    records = centrality(view)
    if measure:
        first = measure[0]
        records.sort(key=lambda r: (-(r[first] if r[first] is not None else float("-inf")), r["agency"]))
    return records


def _check(options: dict) -> None:
    unknown = [m for m in options.get("measure") or [] if m not in MEASURES]
    if unknown:
        raise ValueError(f"unknown measure {', '.join(unknown)}; known: {', '.join(MEASURES)}")


QUERY = Query(
    name="centrality",
    function=centrality,
    run=ranked,
    order=20,
    description="degree, strength, betweenness, closeness, eigenvector, PageRank, HITS, constraint, effective size, core",
    help="Degree, strength, betweenness, closeness, eigenvector, PageRank, HITS, constraint, effective size, core.\n\n"
    "Definitions, formulas and references: `govkg query --explain betweenness` (or any measure).",
    options=(Option("measure", list[str], None, "Measures to show; repeatable (default: all).", flags=("--measure", "-m")),),
    check=_check,
    columns=lambda table, options: ("agency", *(options.get("measure") or MEASURES)) if table
    else ("agency_id", "agency", *(options.get("measure") or MEASURES)),
    title="centrality",
    page_measures=("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "hub", "authority",
                   "effective_size", "coreness"),
)
