"""TriG (``graph.trig``): Turtle with one named graph per document, so each statement keeps the
document it was read from.

A corpus writer (see ``graph_builder.emit``): the statements are made by :func:`.rdf.quads` and
serialised by :func:`.rdf.write`.
"""

from __future__ import annotations

NAME = "trig"
SUFFIX = ".trig"
DESCRIPTION = "TriG"
OXIGRAPH = "TRIG"  # its pyoxigraph.RdfFormat
RDFLIB = "trig"  # its rdflib format name
NAMED_GRAPHS = True  # one named graph per document


def write(corpus, target, **options):
    """Write ``corpus`` as TriG into ``target`` (a path, or a binary stream); the files written.
    Options: ``base_iri``, ``engine`` (oxigraph or rdflib), ``statements`` (quads already made)."""
    from . import rdf  # here: rdf reads the registry this module is part of

    return rdf.write(corpus, target, NAME, **options)
