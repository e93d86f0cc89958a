"""N-Quads (``graph.nq``): one quad a line, the graph naming the document; for line tools and
bulk loaders that keep provenance.

A corpus writer (see ``graph_builder.emit``): the statements are made by :func:`.rdf.quads` and
serialised by :func:`.rdf.write`.
"""

from __future__ import annotations

NAME = "nq"
SUFFIX = ".nq"
DESCRIPTION = "N-Quads"
OXIGRAPH = "N_QUADS"  # its pyoxigraph.RdfFormat
RDFLIB = "nquads"  # its rdflib format name
NAMED_GRAPHS = True  # one named graph per document


def write(corpus, target, **options):
    """Write ``corpus`` as N-Quads into ``target`` (a path, or a binary stream); the files written.
    Options: ``base_iri``, ``engine`` (oxigraph or rdflib), ``statements`` (quads already made)."""
    from . import rdf  # here: rdf reads the registry this module is part of

    return rdf.write(corpus, target, NAME, **options)
