"""Pajek ``.net`` written by hand (networkx's writer puts every attribute on the vertex line,
which Pajek reads as coordinates and shapes).

Vertices are numbered 1..n in view order with their label in quotes (the agency name; the id is
appended when two agencies share a name); a two-mode network lists agencies first and says how
many (``*Vertices 300 177``, Pajek's convention). Then ``*Edges`` (or ``*Arcs`` for the
directed network), one ``i j weight`` line each. UTF-8, CRLF line ends as Pajek writes them.

>>> import io, networkx as nx
>>> g = nx.Graph(); g.add_node("a", label="A 局"); g.add_node("b", label="B"); g.add_edge("a", "b", weight=2)
>>> print(to_text(g).replace("\\r", ""), end="")
*Network govkg
*Vertices 2
1 "A 局"
2 "B"
*Edges
1 2 2
"""

from __future__ import annotations

from pathlib import Path


from .network import ordered_nodes, unique_labels

SUFFIX = ".net"
DESCRIPTION = "Pajek .net (vertices with labels, weighted edges or arcs)"


def _quote(label: str) -> str:
    return '"' + label.replace('"', "'").replace("\n", " ") + '"'


def _number(value) -> str:
    return str(int(value)) if float(value).is_integer() else f"{float(value):.6g}"


def to_text(graph: nx.Graph, name: str = "govkg") -> str:
    import networkx as nx  # here: the CLI imports this module for --help
    nodes = ordered_nodes(graph)
    index = {node: i for i, node in enumerate(nodes, start=1)}
    labels = unique_labels(graph)
    agencies = sum(1 for n in nodes if graph.nodes[n].get("bipartite") == 0)
    two_mode = any(graph.nodes[n].get("bipartite") == 1 for n in nodes)
    lines = [f"*Network {name}", f"*Vertices {len(nodes)}" + (f" {agencies}" if two_mode else "")]
    lines += [f"{index[node]} {_quote(labels[node])}" for node in nodes]
    lines.append("*Arcs" if graph.is_directed() else "*Edges")
    edges = []
    for u, v, weight in graph.edges(data="weight", default=1):
        a, b = index[u], index[v]
        if not graph.is_directed() and a > b:
            a, b = b, a
        edges.append((a, b, weight))
    lines += [f"{a} {b} {_number(w)}" for a, b, w in sorted(edges)]
    return "\r\n".join(lines) + "\r\n"


def write(graph: nx.Graph, path: Path, **_options) -> list[Path]:
    import networkx as nx  # here: the CLI imports this module for --help
    Path(path).write_text(to_text(graph), encoding="utf-8", newline="")
    return [Path(path)]
