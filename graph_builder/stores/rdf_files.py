"""RDF graphs in memory (rdflib), for ``govkg validate`` and notebooks: a graph file of any
format govkg writes, or the graph of a corpus, as one rdflib ``Graph`` (the union of the
per-document named graphs).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "g.ttl").write_text("<http://e/a> <http://e/p> 1 .", encoding="utf-8")
29
>>> len(read_graph(folder / "g.ttl"))
1
>>> read_graph("missing/graph.ttl")
Traceback (most recent call last):
...
ValueError: missing/graph.ttl: no such file
"""

from __future__ import annotations

from pathlib import Path

# rdflib is imported inside the functions: importing this module stays light.

FORMATS = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld", ".json": "json-ld"}


def read_graph(path: str | Path):
    """The triples of a Turtle, N-Triples, TriG, N-Quads or JSON-LD file as one rdflib Graph
    (the named graphs of TriG and N-Quads merged). A missing file, an unknown suffix or a file
    that does not parse is a ValueError naming the file."""
    import rdflib

    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path}: no such file")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF file type {path.suffix!r}; use .ttl, .nt, .trig, .nq or .jsonld")
    try:
        if fmt in ("trig", "nquads"):
            dataset = rdflib.Dataset()
            dataset.parse(str(path), format=fmt)
            return _union(dataset)
        return rdflib.Graph().parse(str(path), format=fmt)
    except Exception as error:  # rdflib raises many parser-specific types
        raise ValueError(f"{path}: not valid {fmt}: {error}") from None


def corpus_graph(corpus=None):
    """The graph of ``corpus`` (the bundled corpus when None) as one rdflib Graph."""
    from graph_builder.emit import rdf

    if corpus is None:
        from graph_builder.pipeline import load_corpus

        corpus, _ = load_corpus()
    return _union(rdf.to_rdflib(rdf.quads(corpus)))


def _union(dataset):
    import rdflib

    graph = rdflib.Graph()
    for s_, p_, o_, _ in dataset.quads():
        graph.add((s_, p_, o_))
    return graph
