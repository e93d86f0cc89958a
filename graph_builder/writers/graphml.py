"""GraphML (igraph, statnet via igraph, yEd, Cytoscape) with networkx's writer; attributes as
typed ``<key>`` declarations."""

from __future__ import annotations

from pathlib import Path


SUFFIX = ".graphml"
DESCRIPTION = "GraphML for R igraph, Cytoscape, yEd (networkx writer)"


def write(graph: nx.Graph, path: Path, **_options) -> list[Path]:
    import networkx as nx  # here: the CLI imports this module for --help
    nx.write_graphml(graph, path, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return [Path(path)]
