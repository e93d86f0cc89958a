"""UCINET DL, written by hand: ``fullmatrix`` (an n × n matrix, or agencies × tasks for a
two-mode network) or ``edgelist1`` (one ``i j weight`` line per tie; ``edgelist2`` for two
modes). Labels are quoted and comma-separated; an undirected tie is written in both directions
in an edge list so the matrix UCINET builds is symmetric.

>>> import networkx as nx
>>> g = nx.Graph(); g.add_node("a", label="A"); g.add_node("b", label="B"); g.add_edge("a", "b", weight=3)
>>> print(to_text(g, "fullmatrix"), end="")
dl n=2
format = fullmatrix
labels:
"A","B"
data:
0 3
3 0
"""

from __future__ import annotations

from pathlib import Path


from .network import ordered_nodes, unique_labels

SUFFIX = ".dl"
DESCRIPTION = "UCINET DL (--dl-format fullmatrix or edgelist1)"
DL_FORMATS = ("fullmatrix", "edgelist1")


def _labels(nodes, labels) -> str:
    return ",".join('"' + labels[n].replace('"', "'") + '"' for n in nodes)


def _number(value) -> str:
    return str(int(value)) if float(value).is_integer() else f"{float(value):.6g}"


def to_text(graph: nx.Graph, dl_format: str = "fullmatrix") -> str:
    import networkx as nx  # here: the CLI imports this module for --help
    if dl_format not in DL_FORMATS:
        raise ValueError(f"unknown DL format {dl_format!r}; known: {', '.join(DL_FORMATS)}")
    nodes = ordered_nodes(graph)
    labels = unique_labels(graph)
    rows = [n for n in nodes if graph.nodes[n].get("bipartite", 0) == 0]
    columns = [n for n in nodes if graph.nodes[n].get("bipartite") == 1]
    two_mode = bool(columns)
    if not two_mode:
        columns = rows
    row_index = {n: i for i, n in enumerate(rows)}
    column_index = {n: i for i, n in enumerate(columns)}
    ties: dict[tuple[int, int], float] = {}
    for u, v, weight in graph.edges(data="weight", default=1):
        if two_mode:
            agency, task = (u, v) if u in row_index else (v, u)
            ties[(row_index[agency], column_index[task])] = weight
        else:
            ties[(row_index[u], column_index[v])] = weight
            if not graph.is_directed():
                ties[(row_index[v], column_index[u])] = weight
    if two_mode:
        header = [f"dl nr={len(rows)} nc={len(columns)}", f"format = {'edgelist2' if dl_format == 'edgelist1' else 'fullmatrix'}",
                  "row labels:", _labels(rows, labels), "column labels:", _labels(columns, labels)]
    else:
        header = [f"dl n={len(rows)}", f"format = {dl_format}", "labels:", _labels(rows, labels)]
    lines = [*header, "data:"]
    if dl_format == "fullmatrix":
        for i in range(len(rows)):
            lines.append(" ".join(_number(ties.get((i, j), 0)) for j in range(len(columns))))
    else:
        lines += [f"{i + 1} {j + 1} {_number(w)}" for (i, j), w in sorted(ties.items())]
    return "\n".join(lines) + "\n"


def write(graph: nx.Graph, path: Path, dl_format: str = "fullmatrix", **_options) -> list[Path]:
    import networkx as nx  # here: the CLI imports this module for --help
    Path(path).write_text(to_text(graph, dl_format), encoding="utf-8")
    return [Path(path)]
