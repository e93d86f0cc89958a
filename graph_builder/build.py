"""``govkg build``: every output of one corpus into one folder.

It stands above everything it writes with — the pipeline up to the ``Corpus``, the writers and
stores of ``emit`` and ``store``, and the page of ``visualizations`` — so that none of those has
to import a layer above it (docs/architecture.md).

>>> output_names(("ttl", "nq"))
['extraction.json', 'skipped.tsv', 'agencies.json', 'graph.ttl', 'graph.nq', 'graph.lbug', 'network.html', 'corpus.json.gz']
"""

from __future__ import annotations

from pathlib import Path

from .model import Corpus
from .pipeline import Assembly, assemble, extraction_json_bytes


def build(
    paths: list[str | Path] | None,
    out_dir: str | Path,
    aliases: str | Path | None = None,
    rdf_formats: tuple[str, ...] = ("ttl",),
    base_iri: str | None = None,
    lead_policy: str = "first-listed",
    force: bool = False,
    allow_errors: bool = False,
    jobs: int = 1,
    progress=None,
    document_progress=None,
    keep_duplicates: bool = False,
    union_default_graph: bool = False,
    corrections: str | Path | None = None,
) -> tuple[Assembly, list[Path]]:
    """Run the whole job on ``paths`` (the bundled corpus when empty); write into ``out_dir``.

    The outputs are written into a staging folder and moved into ``out_dir`` only when the whole
    build succeeded (:mod:`.outputs`): when a file could not be read (unless ``allow_errors``),
    on an exception or on Ctrl-C, ``out_dir`` is left as it was and no file is returned.
    ``jobs`` worker processes parse the documents (0: one per core); the outputs do not depend
    on it. ``progress(done, total)`` is called as each document is parsed,
    ``document_progress(path, done, total)`` as a document is (see ``pipeline.extract_paths``);
    ``keep_duplicates`` reads every copy of a document saved several times (``pipeline.extract_paths``);
    ``union_default_graph`` puts the statements of the document graphs in the default graph of the
    TriG/N-Quads/JSON-LD files too (``emit.rdf.quads``); ``corrections``: a researcher's
    corrections file, applied before resolution (its rows are checked before any document is
    read). Returns the assembly (corpus, inputs, errors, what the corrections did) and the
    files written.
    """
    from .outputs import OutputFolder
    from .store import CORPUS_FILE, save_corpus

    folder = OutputFolder(out_dir, force=force)
    folder.check(output_names(rdf_formats))  # before the work: a bad --out fails at once
    assembly = assemble(paths or None, aliases=aliases, lead_policy=lead_policy, jobs=jobs, progress=progress,
                        document_progress=document_progress, keep_duplicates=keep_duplicates, corrections=corrections)
    if assembly.errors and not allow_errors:
        return assembly, []
    with folder.staging() as stage:
        write_outputs(assembly.corpus, stage, rdf_formats, base_iri, union_default_graph)
        save_corpus(assembly.corpus, stage / CORPUS_FILE, assembly.inputs, aliases,
                    {"lead_policy": lead_policy, "base_iri": base_iri}, corrections)  # for --from
        return assembly, folder.commit()


def write_outputs(corpus: Corpus, out: Path, rdf_formats: tuple[str, ...] = ("ttl",), base_iri: str | None = None,
                  union_default_graph: bool = False) -> list[Path]:
    """Write every output of ``corpus`` into the folder ``out``; the files written."""
    from .emit.spreadsheet import safe_row
    from .resolve.report import agencies_json

    written = []
    target = out / "extraction.json"
    target.write_bytes(extraction_json_bytes(corpus.extractions))
    written.append(target)
    skipped = out / "skipped.tsv"
    with skipped.open("w", encoding="utf-8") as handle:
        handle.write("path\tline\treason\ttext\n")
        for extraction in corpus.extractions:
            for s in extraction.skipped:
                handle.write("\t".join(safe_row([s.path, s.line, s.reason, s.text])) + "\n")
    written.append(skipped)
    target = out / "agencies.json"
    target.write_text(agencies_json(corpus), encoding="utf-8")
    written.append(target)
    written += write_rdf(corpus, out, rdf_formats, base_iri, union_default_graph)
    from .stores.ladybug_db import build_database

    connection, _, _ = build_database(corpus, out / "graph.lbug")
    del connection  # closes the database so others can open it
    written.append(out / "graph.lbug")
    if corpus.tasks:
        from visualizations import write_page

        written.append(write_page(corpus, out / "network.html"))
    return written


def output_names(rdf_formats: tuple[str, ...] = ("ttl",)) -> list[str]:
    """The files ``build`` writes into its folder."""
    from .emit import rdf_writer

    return ["extraction.json", "skipped.tsv", "agencies.json", *(f"graph{rdf_writer(f).SUFFIX}" for f in rdf_formats), "graph.lbug",
            "network.html", "corpus.json.gz"]


def write_rdf(corpus: Corpus, out: Path, formats: tuple[str, ...], base_iri: str | None = None,
              union_default_graph: bool = False) -> list[Path]:
    """``graph.SUFFIX`` for each RDF format (writers of ``graph_builder.emit``), from one set
    of quads: with a named graph per document when any of the formats keeps them."""
    from ontology.namespaces import DEFAULT_BASE_IRI

    from .emit import RDF_WRITERS, rdf

    base = base_iri or DEFAULT_BASE_IRI
    statements = rdf.quads(corpus, base, named_graphs=any(RDF_WRITERS[f].NAMED_GRAPHS for f in formats),
                           union_default_graph=union_default_graph)
    written = []
    for format in formats:
        writer = RDF_WRITERS[format]
        written += writer.write(corpus, out / f"graph{writer.SUFFIX}", base_iri=base, statements=statements)
    return written
