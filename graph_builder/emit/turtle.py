"""Turtle (``graph.ttl``): the statements of every document in one graph, with prefixes and
readable ``agency:%E6…`` names.

A corpus writer (see ``graph_builder.emit``): the statements are made by :func:`.rdf.quads` and
serialised by :func:`.rdf.write`.
"""

from __future__ import annotations

NAME = "ttl"
SUFFIX = ".ttl"
DESCRIPTION = "Turtle"
OXIGRAPH = "TURTLE"  # its pyoxigraph.RdfFormat
RDFLIB = "turtle"  # its rdflib format name
NAMED_GRAPHS = False  # one named graph per document


def write(corpus, target, **options):
    """Write ``corpus`` as Turtle into ``target`` (a path, or a binary stream); the files written.
    Options: ``base_iri``, ``engine`` (oxigraph or rdflib), ``statements`` (quads already made)."""
    from . import rdf  # here: rdf reads the registry this module is part of

    return rdf.write(corpus, target, NAME, **options)
