"""read -> extract -> resolve, for a list of paths: :func:`assemble` is the one place a
``Corpus`` is put together; the CLI, the evaluation, the tests and a notebook call it.

    read (ingest, readers)   a path          -> SourceText
    extract (parse)          SourceText      -> Extraction, with its final document id
    resolve (resolve)        [Extraction]    -> Corpus (new objects; the input is not changed)

>>> from graph_builder.pipeline import extract_paths, bundled_corpus
>>> extracted = extract_paths(bundled_corpus())
>>> [len(e.tasks) for e in extracted.extractions]
[32, 19, 163, 50, 81]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path

from .ingest import IngestError, read_source
from .inputs import expand_inputs
from .memory import gc_paused
from .model import Corpus, Extraction
from .parse import ParseError, parse_source
from .readers import apply_origins


def bundled_corpus() -> list[Path]:
    """The example documents shipped with the package, in order."""
    folder = resources.files("graph_builder.corpus")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def display_path(path: str | Path) -> str:
    """How a file is named in provenance: bundled documents as ``corpus/NAME`` so that the
    output does not depend on where the package is installed; others as given."""
    path = Path(path)
    corpus = Path(str(resources.files("graph_builder.corpus")))
    try:
        return f"corpus/{path.resolve().relative_to(corpus.resolve())}"
    except ValueError:
        return str(path)


@dataclass
class Extracted:
    """What :func:`extract_paths` read, before resolution: one ``Extraction`` per document that
    parsed, one error line per file that could not be read, and one line per document left out
    or renamed because an earlier file carries the same number (``duplicates``)."""

    extractions: list[Extraction] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def tasks(self):
        return [t for e in self.extractions for t in e.tasks]

    @property
    def warnings(self) -> list[str]:
        return [w for e in self.extractions for w in e.document.warnings] + self.duplicates


@dataclass
class Assembly:
    """What :func:`assemble` gives every command: the resolved ``Corpus``, the files it was
    read from, one error line per file that could not be read, one line per document left out
    as a copy of an earlier one or renamed (``duplicates``, see :func:`extract_paths`), and one
    line per folder of govkg's own outputs that was not read (``notes``)."""

    corpus: Corpus
    errors: list[str] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    corrections: "AppliedCorrections | None" = None  # what a --corrections file did (graph_builder.corrections)

    @property
    def extractions(self) -> list[Extraction]:
        return self.corpus.extractions

    @property
    def warnings(self) -> list[str]:
        """What to check by hand: each document's warnings, the duplicates, the corrections'."""
        documents = [w for e in self.extractions for w in e.document.warnings]
        return documents + self.duplicates + (self.corrections.warnings() if self.corrections else [])

    def summary(self) -> dict[str, int]:
        mentions = [m for e in self.extractions for m in e.mentions]
        resolution = self.corpus.resolution
        return {
            "documents": len(self.extractions),
            "tasks": len(self.corpus.tasks),
            "agency mentions": len(mentions),
            "lead relations": sum(1 for m in mentions if m.role == "lead"),
            "cooperating relations": sum(1 for m in mentions if m.role == "cooperating"),
            "skipped lines": sum(len(e.skipped) for e in self.extractions),
            "canonical agencies": sum(1 for a in resolution.agencies.values() if a.mentioned),
            "agency groups": len(resolution.groups),
            "reorganisations": len(resolution.successions),
            "files with errors": len(self.errors),
            **(self.corrections.counts() if self.corrections else {}),
        }


def assemble(
    paths: list[str | Path] | None = None,
    aliases: str | Path | None = None,
    layout: str | None = None,
    lead_policy: str = "first-listed",
    jobs: int = 1,
    progress=None,
    document_progress=None,
    keep_duplicates: bool = False,
    corrections: str | Path | None = None,
) -> Assembly:
    """read → extract → resolve: the one assembly of a ``Corpus`` that every command, the
    evaluation and the tests' fixtures call. ``paths`` (folders and globs expanded; folders
    govkg build wrote skipped, one line each in ``notes``) or, when None, the bundled corpus;
    ``aliases`` a CSV of overrides; ``corrections`` a researcher's corrections file
    (:mod:`.corrections`), checked before anything is read and applied to the extractions
    before they are resolved; the other options as in :func:`extract_paths`. For example
    ``assemble(["my_docs/"]).corpus``; the doctest of :func:`load_corpus` runs it on the
    bundled corpus.
    """
    from .resolve import resolve

    rows = None
    if corrections is not None:
        from .corrections import load_corrections

        rows = load_corrections(corrections)  # a bad row stops here: nothing read, nothing applied
    notes: list[str] = []
    inputs = expand_inputs(paths, notes) if paths is not None else bundled_corpus()
    # One pause of the collector for the whole assembly: every object made here lives on in the
    # corpus, and each pause's end walks the objects made during it (three pauses walked them
    # three times: a sixth of `govkg extract`'s time on a long document).
    with gc_paused():
        extracted = extract_paths(inputs, layout=layout, lead_policy=lead_policy, jobs=jobs, progress=progress,
                                  document_progress=document_progress, keep_duplicates=keep_duplicates)
        applied = None if rows is None else correct(extracted.extractions, rows, inputs)
        extractions = extracted.extractions if applied is None else applied.extractions
        return Assembly(resolve(extractions, aliases=aliases), extracted.errors, inputs, extracted.duplicates, notes, applied)


def correct(extractions: list[Extraction], rows, inputs: list[Path]):
    """:func:`.corrections.apply_corrections`, with the lines of the documents that an add-task
    row reads (read again here: the extraction keeps no text of the lines it did not use)."""
    from .corrections import apply_corrections, documents_needing_lines, matches_document

    wanted = documents_needing_lines(rows)
    paths = {display_path(p): p for p in inputs}
    sources = {}
    for extraction in extractions:
        path = paths.get(extraction.document.path)
        if path is not None and any(matches_document(r, extraction) for r in rows if r.document in wanted):
            sources[extraction.document.path] = read_source(path, extraction.document.path)
    return apply_corrections(extractions, rows, sources)


def extract_paths(
    paths: list[str | Path],
    layout: str | None = None,
    lead_policy: str = "first-listed",
    jobs: int = 1,
    progress=None,
    document_progress=None,
    keep_duplicates: bool = False,
) -> Extracted:
    """Read and parse every path (nothing resolved: see :func:`assemble`); a file that fails is reported in ``errors`` and the others
    are still processed. Folders and glob patterns are expanded (:func:`.inputs.expand_inputs`).
    With ``jobs`` > 1 the files are parsed in worker processes (:mod:`.parallel`); the result is
    the same, in input order. ``progress(done, total)`` is called as each file is done;
    ``document_progress(path, done, total)`` as a file is parsed (characters of its passes,
    see ``parse.LineProgress``), when the files are parsed in this process (one job or file).

    A document whose number (文号) an earlier file already carries is, when it holds the same
    tasks (the same notice saved as .txt, .docx and .html), one document: it is left out and
    named in ``duplicates``, so that its relations are not counted once per copy.
    With ``keep_duplicates``, or when its tasks differ, it is kept under the id
    ``NUMBER-SHA8`` (said in ``duplicates`` too).
    """
    from .parallel import default_jobs, map_in_order

    paths = expand_inputs(paths)
    result = Extracted()
    first: dict[str, Extraction] = {}  # the id a number gives -> the first document that had it
    taken: set[str] = set()
    in_process = min(jobs or default_jobs(), len(paths)) <= 1
    work = partial(parse_one, layout=layout, lead_policy=lead_policy, document_progress=document_progress if in_process else None)
    for path, (extraction, error) in zip(paths, map_in_order(work, paths, jobs, progress)):
        if error is not None:
            result.errors.append(error)
            continue
        document = extraction.document
        earlier = first.get(document.id)
        if earlier is not None:
            same = task_signature(earlier) == task_signature(extraction)
            number = document.doc_number or document.id
            copy = f"{document.path}: the same document as {earlier.document.path} ({number}, the same {len(extraction.tasks)} tasks)"
            if same and not keep_duplicates:
                result.duplicates.append(f"{copy}: read once (--keep-duplicates reads every copy)")
                continue
            # Kept apart: the document is parsed again with its final id (rare), so that every
            # id is minted once, from the id it keeps.
            new_id = unique_id(f"{document.id}-{document.sha256[:8]}", taken)
            extraction, _ = parse_one(path, layout, lead_policy, document_id=new_id)
            result.duplicates.append(
                f"{copy}: kept as well (--keep-duplicates), id {new_id}" if same else
                f"{document.path}: the same number as {earlier.document.path} ({number}) with other tasks: "
                f"kept as a document of its own, id {new_id}")
        first.setdefault(extraction.document.id, extraction)
        taken.add(extraction.document.id)
        result.extractions.append(extraction)
    return result


def task_signature(extraction: Extraction) -> list[tuple]:
    """What makes two copies of a notice the same document: its tasks in order, each as its
    text (whitespace aside: a table cell and a text line wrap differently) and its lead and
    co-operating names. Lines, pages and table rows differ between formats and are left out.

    >>> from graph_builder.pipeline import extract_paths, bundled_corpus
    >>> signature = task_signature(extract_paths(bundled_corpus()[:1]).extractions[0])
    >>> len(signature), signature[0][1]
    (32, ('市城管委', '市林水局'))
    """
    import re

    return [(re.sub(r"\s+", "", task.text), tuple(m.name for m in task.lead), tuple(m.name for m in task.cooperating))
            for task in extraction.tasks]


def unique_id(candidate: str, taken: set[str]) -> str:
    """``candidate``, or ``candidate-2``, ``-3`` … when a document already has it (two copies
    of the same bytes kept with --keep-duplicates)."""
    found, n = candidate, 1
    while found in taken:
        n += 1
        found = f"{candidate}-{n}"
    return found


def parse_one(
    path: str | Path, layout: str | None = None, lead_policy: str = "first-listed", document_id: str | None = None,
    document_progress=None,
) -> tuple[Extraction | None, str | None]:
    """Read and parse one file: ``(extraction, None)``, or ``(None, the error line)``.
    ``document_id`` overrides the id read from the document's number (:func:`.parse.parse_source`);
    ``document_progress(path, done, total)`` is called as it is parsed (see ``extract_paths``)."""
    try:
        source = read_source(path, display_path(path))
        progress = partial(document_progress, str(path)) if document_progress else None
        extraction = parse_source(source, layout=layout, lead_policy=lead_policy, document_id=document_id, progress=progress)
        apply_origins(extraction, source)  # page/table/row of HTML, DOCX, XLSX, PDF input
        extraction.document.warnings = text_warnings(source, extraction.document)
        return extraction, None
    except (IngestError, ParseError) as error:
        return None, str(error)
    except Exception as error:  # a reader's bug must not cost the other files their run
        return None, f"{path}: could not be read ({type(error).__name__}: {error}); please report this file"


def text_warnings(source, document) -> list[str]:
    """What a reader should check by hand: lines with characters lost in decoding (U+FFFD),
    and a lead convention read leniently (a damaged sentence that still decides who leads)."""
    from .ingest import damaged_lines
    from .parse.agency_spans import WELL_READ

    warnings = [
        f"{source.path}:{line}: {count} undecodable character{'s' if count > 1 else ''} (U+FFFD); names and role words on this line may be misread"
        for line, count in damaged_lines(source)
    ]
    if document.agency_names_share < WELL_READ:
        missing = document.agency_names - document.agency_names_placed
        warnings.append(
            f"{source.path}: layout not recognised well: {missing} of {document.agency_names} agency names not placed "
            "— check it or annotate it"
        )
    if document.lead_convention_fuzzy:
        line = next((n for n in source.line_numbers if document.lead_convention in source.norm(n)), None)
        warnings.append(
            f"{source.path}{f':{line}' if line else ''}: lead convention read leniently from a damaged sentence ({document.lead_convention}); "
            "the first listed units are taken to lead, check them"
        )
    return warnings


def load_corpus(
    paths: list[str | Path] | None = None,
    aliases: str | Path | None = None,
    layout: str | None = None,
    lead_policy: str = "first-listed",
    keep_duplicates: bool = False,
    corrections: str | Path | None = None,
) -> tuple[Corpus, list[str]]:
    """:func:`assemble` for a notebook: ``paths`` (the bundled corpus when empty) as the model
    every output reads, and the per-file errors (``corrections``: a corrections file). A copy
    of a document read once and a folder of govkg's outputs left out are each said in a Python
    warning (``assemble`` keeps them in ``duplicates`` and ``notes``).

    >>> corpus, errors = load_corpus()
    >>> len(corpus.tasks), errors
    (345, [])
    """
    import warnings

    assembly = assemble(list(paths) if paths else None, aliases=aliases, layout=layout, lead_policy=lead_policy,
                        keep_duplicates=keep_duplicates, corrections=corrections)
    for line in [*assembly.notes, *assembly.duplicates]:
        warnings.warn(line, InputWarning, stacklevel=2)
    return assembly.corpus, assembly.errors


class InputWarning(UserWarning):
    """A document read once of several copies, or a folder of govkg's own outputs not read."""


def extraction_json(extractions: list[Extraction]) -> str:
    """``extraction.json``: every extraction as a dict (resolved ones carry agency ids).

    The text is what ``json.dumps(records, ensure_ascii=False, indent=2)`` gives (a lone
    surrogate written as its escape), made by orjson: the standard library's encoder runs in
    Python once it indents, and took as long as parsing on a long document.
    """
    return extraction_json_bytes(extractions).decode("utf-8")


def extraction_json_bytes(extractions: list[Extraction]) -> bytes:
    """:func:`extraction_json` encoded as UTF-8, made as bytes (a file or a pipe is written
    without turning hundreds of megabytes into a string and back)."""
    import orjson

    # A dict per task and mention, all freed (by their counts) before the collector runs again.
    with gc_paused():
        records = [e.to_dict() for e in extractions]
        try:
            data = orjson.dumps(records, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
        except orjson.JSONEncodeError:
            # A lone surrogate (text a reader let through undecoded), which orjson refuses and
            # UTF-8 cannot hold: the standard encoder's text, the surrogate as its \\u escape.
            data = json.dumps(records, ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace")
        del records
    return data
