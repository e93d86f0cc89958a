"""An edge list and a node table as CSV (R: ``igraph::graph_from_data_frame(edges, vertices =
nodes)``, statnet, VOSviewer, a spreadsheet): ``FILE`` holds the edges (``source, target``,
their labels, ``weight`` and the other edge attributes), ``FILE`` with ``.nodes.csv`` in place
of ``.csv`` the nodes (``id, label`` and every attribute). UTF-8 with a byte-order mark, so
Excel shows Chinese.
"""

from __future__ import annotations

import csv
from pathlib import Path


from .network import ordered_nodes

SUFFIX = ".csv"
DESCRIPTION = "edge list + node table as CSV (R, VOSviewer, spreadsheets)"


def nodes_path(path: Path) -> Path:
    path = Path(path)
    stem = path.name[: -len(".csv")] if path.name.endswith(".csv") else path.name
    return path.with_name(stem + ".nodes.csv")


def _columns(dicts) -> list[str]:
    seen: dict[str, None] = {}
    for data in dicts:
        seen.update(dict.fromkeys(data))
    return [c for c in seen if c != "label"]


def write(graph: nx.Graph, path: Path, **_options) -> list[Path]:
    import networkx as nx  # here: the CLI imports this module for --help
    path = Path(path)
    nodes = ordered_nodes(graph)
    edge_columns = _columns(data for _, _, data in graph.edges(data=True))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", "source_label", "target_label", *edge_columns])
        order = {n: i for i, n in enumerate(nodes)}
        for u, v, data in sorted(graph.edges(data=True), key=lambda e: (order[e[0]], order[e[1]])):
            writer.writerow([u, v, graph.nodes[u].get("label", u), graph.nodes[v].get("label", v),
                             *(data.get(c, "") for c in edge_columns)])
    node_file = nodes_path(path)
    node_columns = _columns(graph.nodes[n] for n in nodes)
    with node_file.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "label", *node_columns])
        for node in nodes:
            data = graph.nodes[node]
            writer.writerow([node, data.get("label", node), *(data.get(c, "") for c in node_columns)])
    return [path, node_file]
