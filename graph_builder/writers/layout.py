"""How the agency network is drawn, shared by the network page (``visualizations``) and the
GEXF export, so that Gephi opens the picture the page shows: node positions, colours and sizes.

Positions: each connected component is laid out on its own by Fruchterman–Reingold (igraph, seeded,
so the same view gives the same picture), scaled to a disc whose area grows with its number of
nodes — a dense jurisdiction is no smaller tangle than a sparse one of the same size — and the
discs are packed in rows, largest first. Coordinates are those of the page's canvas (y grows
downwards); the GEXF writer turns y round for Gephi, whose y grows upwards.

>>> import networkx as nx
>>> g = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")]); g.add_node("lone")
>>> spots = positions(g)
>>> sorted(spots) == sorted(g) and spots == positions(g)
True
>>> colours(["杭州市", "湖州市", "杭州市"])
{'杭州市': '#4e79a7', '湖州市': '#f28e2b'}
>>> node_size(5, 10), node_size(0, 10), node_size(3, 0)
(25.0, 10.0, 10.0)
"""

from __future__ import annotations

import math

PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#1f77b4", "#17becf", "#bcbd22", "#8c564b",
]
TASK_COLOUR = "#cccccc"  # a task node of the two-mode network
TASK_SIZE = 6
SEED = 23
NODE_SPACING = 60.0  # a component of n nodes gets a disc of radius NODE_SPACING · √n
GAP = 80.0  # between two discs


def colours(keys) -> dict[str, str]:
    """key (a jurisdiction or an agency type) -> its colour, in the sorted order of the keys."""
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(sorted(set(keys)))}


def node_size(value: float, top: float) -> float:
    """A node's size from its measure: 10 for nothing, 40 for the largest."""
    return round(10 + 30 * (value / top if top else 0.0), 3)


def positions(graph, seed: int = SEED) -> dict:
    """node -> (x, y) for every node of ``graph`` (directions ignored), deterministic."""
    import networkx as nx  # here: the CLI imports the writers for --help

    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(graph.nodes, key=str))
    undirected.add_edges_from(sorted((tuple(sorted((u, v), key=str)) for u, v in graph.edges()), key=str))
    discs = []
    for component in sorted(nx.connected_components(undirected), key=lambda c: (-len(c), min(map(str, c)))):
        nodes = sorted(component, key=str)
        radius = NODE_SPACING * math.sqrt(len(nodes)) if len(nodes) > 1 else NODE_SPACING / 2
        extent = 1.2 * radius if len(nodes) > 1 else radius
        if len(nodes) == 1:
            local = {nodes[0]: (0.0, 0.0)}
        else:
            local = _fit(_spread(nodes, list(undirected.edges(nodes)), seed), radius)
        discs.append((extent, local))
    return _pack(discs)


def _spread(nodes: list, edges: list, seed: int) -> dict:
    """One component laid out by igraph's Fruchterman–Reingold (in C: 500 agencies and 15,600
    edges in about half a second), from starting points drawn by a seeded generator, with
    igraph's random source seeded too and given back as it was."""
    import random

    import igraph

    index = {node: i for i, node in enumerate(nodes)}
    graph = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in edges])
    start = random.Random(seed)
    initial = [[start.uniform(-1, 1), start.uniform(-1, 1)] for _ in nodes]
    state = random.getstate()
    try:
        random.seed(seed)  # python-igraph draws from Python's random module
        layout = graph.layout_fruchterman_reingold(seed=initial, niter=500, grid="nogrid")
    finally:
        random.setstate(state)
    return {node: tuple(layout[index[node]]) for node in nodes}


def _fit(spread: dict, radius: float) -> dict:
    """Centre a layout on (0, 0) and scale it so that nine nodes in ten lie within ``radius``
    (a few pendant nodes far out would otherwise squeeze the rest into the middle); the others
    are drawn in to at most 1.2 × ``radius``."""
    xs = [float(p[0]) for p in spread.values()]
    ys = [float(p[1]) for p in spread.values()]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    distances = sorted(math.hypot(x - cx, y - cy) for x, y in zip(xs, ys))
    reach = distances[int(0.9 * (len(distances) - 1))] or distances[-1] or 1.0
    out = {}
    for node, x, y in zip(spread, xs, ys):
        dx, dy = (x - cx) / reach * radius, (y - cy) / reach * radius
        length = math.hypot(dx, dy)
        if length > 1.2 * radius:
            dx, dy = dx / length * 1.2 * radius, dy / length * 1.2 * radius
        out[node] = (dx, dy)
    return out


def _pack(discs: list[tuple[float, dict]]) -> dict:
    """Discs in rows, largest first, rows about as wide as the whole is tall."""
    if not discs:
        return {}
    area = sum((2 * r + GAP) ** 2 for r, _ in discs)
    width = max(math.sqrt(area) * 1.3, 2 * discs[0][0] + GAP)
    out: dict = {}
    x = y = 0.0
    row_height = 0.0
    for radius, local in discs:
        side = 2 * radius + GAP
        if x > 0 and x + side > width:
            x, y = 0.0, y + row_height
            row_height = 0.0
        centre = (x + side / 2, y + side / 2)
        for node, (px, py) in local.items():
            out[node] = (round(centre[0] + px, 1), round(centre[1] + py, 1))
        x += side
        row_height = max(row_height, side)
    return out


def layout_graph(view, agencies: list[str], two_mode: bool):
    """The graph a view is laid out from: the agencies shown and their co-operation edges (the
    agencies and ego views of the page, every one-mode and directed export), or agencies and
    tasks (two-mode)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(agencies)
    if two_mode:
        graph.add_nodes_from(view.tasks)
        graph.add_edges_from((i.agency, i.task) for i in view.involvements)
        return graph
    graph.add_edges_from(view.one_mode().subgraph(agencies).edges())
    return graph


def drawing(view, two_mode: bool = False) -> dict:
    """node -> {"x", "y", "colour", "size"}: the page's default first view of ``view`` (its
    agencies view, or with ``two_mode`` its two-mode view): the layout, colour by jurisdiction,
    size by tasks led + co-operated on (tasks: grey, small)."""
    agencies = list(view.agencies)
    spots = positions(layout_graph(view, agencies, two_mode))
    palette = colours([view.attributes[a]["jurisdiction"] or "?" for a in agencies])
    involvement = {a: 0 for a in agencies}
    for i in view.involvements:
        involvement[i.agency] = involvement.get(i.agency, 0) + 1
    top = max(involvement.values(), default=0)
    out = {a: {"x": spots[a][0], "y": spots[a][1], "colour": palette[view.attributes[a]["jurisdiction"] or "?"],
               "size": node_size(involvement[a], top)} for a in agencies}
    if two_mode:
        out.update({t: {"x": spots[t][0], "y": spots[t][1], "colour": TASK_COLOUR, "size": TASK_SIZE} for t in view.tasks})
    return out
