"""Network exports for the tools researchers use: one module per format, each with ``SUFFIX``,
``DESCRIPTION`` and ``write(graph, path, **options) -> [paths written]``; ``WRITERS`` is the
registry the ``govkg export`` sub-commands are made from.

>>> from queries.views import View, Involvement as I
>>> view = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating")])
>>> sorted(WRITERS)
['edges', 'gexf', 'graphml', 'pajek', 'ucinet']
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from . import edges, gexf, graphml, pajek, ucinet
from .network import agency_attributes, network

WRITERS: dict[str, ModuleType] = {"gexf": gexf, "graphml": graphml, "pajek": pajek, "ucinet": ucinet, "edges": edges}


def export_network(view, format: str, path: Path | str, two_mode: bool = False, directed: bool = False, **options) -> list[Path]:
    """Write the agency network of ``view`` as ``format`` into ``path``; the files written."""
    if format not in WRITERS:
        raise ValueError(f"unknown network format {format!r}; known: {', '.join(WRITERS)}")
    graph = network(view, two_mode=two_mode, directed=directed)
    return WRITERS[format].write(graph, Path(path), **options)


__all__ = ["WRITERS", "agency_attributes", "export_network", "network"]
