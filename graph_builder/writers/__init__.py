"""Network exports for the tools researchers use: one module per format, each with ``SUFFIX``,
``DESCRIPTION`` and ``write(graph, path, **options) -> [paths written]``; ``WRITERS`` is the
registry the ``govkg export`` sub-commands are made from. ``find_writer`` looks a format up here
and among the corpus writers of ``graph_builder.emit`` (``govkg export rdf``, ``neo4j-csv``).

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


def find_writer(format: str) -> ModuleType:
    """The writer of ``format``, the one lookup the CLI uses: a corpus writer
    (``graph_builder.emit.WRITERS``: RDF formats, neo4j-admin CSV; ``write(corpus, target,
    **options)``) or a network export (``WRITERS``: ``write(graph, path, **options)``). Both
    registries have the same shape (``SUFFIX``, ``DESCRIPTION``, ``write``) and no name in common."""
    from ..emit import WRITERS as CORPUS_WRITERS

    found = CORPUS_WRITERS.get(format) or WRITERS.get(format)
    if found is None:
        raise ValueError(f"unknown format {format!r}; known: {', '.join([*CORPUS_WRITERS, *WRITERS])}")
    return found


def export_network(view, format: str, path: Path | str, two_mode: bool = False, directed: bool = False, **options) -> list[Path]:
    """Write the agency network of ``view`` as ``format`` into ``path``; the files written."""
    if format not in WRITERS:
        raise ValueError(f"unknown network format {format!r}; known: {', '.join(WRITERS)}")
    writer = WRITERS[format]
    graph = network(view, two_mode=two_mode, directed=directed, keep_lists=getattr(writer, "LISTS", False))
    if getattr(writer, "DRAWN", False):  # the page's picture: positions, colours, sizes (layout.py)
        from .layout import drawing

        options = {**options, "drawing": drawing(view, two_mode=two_mode)}
    return writer.write(graph, Path(path), **options)


__all__ = ["WRITERS", "agency_attributes", "export_network", "find_writer", "network"]
