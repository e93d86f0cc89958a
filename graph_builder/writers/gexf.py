"""GEXF 1.2 (Gephi) with networkx's writer: node ``label``, attributes as typed GEXF attributes,
edge ``weight`` as the GEXF edge weight."""

from __future__ import annotations

from pathlib import Path


SUFFIX = ".gexf"
DESCRIPTION = "GEXF 1.2 for Gephi (networkx writer)"


def write(graph: nx.Graph, path: Path, **_options) -> list[Path]:
    import networkx as nx  # here: the CLI imports this module for --help
    nx.write_gexf(graph, path, encoding="utf-8", prettyprint=True, version="1.2draft")
    return [Path(path)]
