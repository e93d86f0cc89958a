"""Corpus writers: the ``Corpus`` as files, one module per data format, each with ``NAME``,
``SUFFIX``, ``DESCRIPTION`` and ``write(corpus, target, **options) -> [paths written]``.

``WRITERS`` is the registry: ``govkg build --rdf-format``, ``govkg export rdf --format`` and
``govkg export neo4j-csv`` take their choices from it, and ``graph_builder/build.py`` writes its
RDF files through it. The RDF writers (those with ``OXIGRAPH``, ``RDFLIB`` and
``NAMED_GRAPHS``: the one list of RDF formats) are ``RDF_WRITERS``. The network exports
drawn from a query view (GEXF, Pajek …) have the same shape and live one layer up, in
``graph_builder.writers``.

>>> list(WRITERS)
['ttl', 'nt', 'trig', 'nq', 'jsonld', 'neo4j-csv']
>>> list(RDF_WRITERS), [w.SUFFIX for w in RDF_WRITERS.values()]
(['ttl', 'nt', 'trig', 'nq', 'jsonld'], ['.ttl', '.nt', '.trig', '.nq', '.jsonld'])

The modules beside them are what the writers share: ``rdf`` (the corpus as quads, and their
serialisation), ``property_graph`` (node and relationship tables, also read by the stores) and
``spreadsheet`` (CSV cells made safe for people's spreadsheets).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from . import jsonld, neo4j_csv, nquads, ntriples, trig, turtle

WRITERS: dict[str, ModuleType] = {module.NAME: module for module in (turtle, ntriples, trig, nquads, jsonld, neo4j_csv)}
RDF_WRITERS: dict[str, ModuleType] = {name: module for name, module in WRITERS.items() if hasattr(module, "OXIGRAPH")}


def writer(format: str) -> ModuleType:
    """The writer of ``format``; a ValueError naming the known ones when there is none."""
    if format not in WRITERS:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(WRITERS)}")
    return WRITERS[format]


def rdf_writer(format: str) -> ModuleType:
    """The RDF writer of ``format``; a ValueError naming the RDF formats when there is none."""
    if format not in RDF_WRITERS:
        raise ValueError(f"unknown RDF format {format!r}; known: {', '.join(RDF_WRITERS)}")
    return RDF_WRITERS[format]


def write(corpus, format: str, target: Path | str, **options) -> list[Path]:
    """Write ``corpus`` as ``format`` into ``target``; the files written."""
    return writer(format).write(corpus, target, **options)


__all__ = ["RDF_WRITERS", "WRITERS", "rdf_writer", "write", "writer"]
