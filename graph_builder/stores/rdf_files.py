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

def read_graph(path: str | Path):
    """The triples of a file in any RDF format govkg writes (the suffixes of
    ``graph_builder.emit.RDF_WRITERS``, and ``.json`` for JSON-LD) as one rdflib Graph: the
    named graphs of TriG, N-Quads and JSON-LD merged. A missing file, an unknown suffix or a
    file that does not parse is a ValueError naming the file."""
    import rdflib

    from graph_builder.emit import RDF_WRITERS, rdf

    path = Path(path)
    by_suffix = {writer.SUFFIX: writer for writer in RDF_WRITERS.values()}
    by_suffix[".json"] = RDF_WRITERS["jsonld"]
    if not path.exists():
        raise ValueError(f"{path}: no such file")
    writer = by_suffix.get(path.suffix.lower())
    if writer is None:
        *most, last = [w.SUFFIX for w in RDF_WRITERS.values()]
        raise ValueError(f"{path}: unknown RDF file type {path.suffix!r}; use {', '.join(most)} or {last}")
    fmt = writer.RDFLIB
    try:
        if writer.NAMED_GRAPHS:  # TriG, N-Quads, JSON-LD: every graph's triples, not the default graph's only
            dataset = rdflib.Dataset()
            dataset.parse(str(path), format=fmt)
            return rdf.union_graph(dataset)
        return rdflib.Graph().parse(str(path), format=fmt)
    except Exception as error:  # rdflib raises many parser-specific types
        raise ValueError(f"{path}: not valid {fmt}: {error}") from None


def corpus_graph(corpus=None):
    """The graph of ``corpus`` (the bundled corpus when None) as one rdflib Graph."""
    from graph_builder.emit import rdf

    if corpus is None:
        from graph_builder.pipeline import load_corpus

        corpus, _ = load_corpus()
    return rdf.union_graph(rdf.to_rdflib(rdf.quads(corpus)))
