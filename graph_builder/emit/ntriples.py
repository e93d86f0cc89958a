"""N-Triples (``graph.nt``): one triple a line, every document's statements in one graph; for
line tools (grep, sort, split) and bulk loaders.

A corpus writer (see ``graph_builder.emit``): the statements are made by :func:`.rdf.quads` and
serialised by :func:`.rdf.write`.
"""

from __future__ import annotations

NAME = "nt"
SUFFIX = ".nt"
DESCRIPTION = "N-Triples"
OXIGRAPH = "N_TRIPLES"  # its pyoxigraph.RdfFormat
RDFLIB = "nt"  # its rdflib format name
NAMED_GRAPHS = False  # one named graph per document


def write(corpus, target, **options):
    """Write ``corpus`` as N-Triples into ``target`` (a path, or a binary stream); the files written.
    Options: ``base_iri``, ``engine`` (oxigraph or rdflib), ``statements`` (quads already made)."""
    from . import rdf  # here: rdf reads the registry this module is part of

    return rdf.write(corpus, target, NAME, **options)
