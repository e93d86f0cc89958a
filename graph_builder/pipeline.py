"""ingest -> parse -> resolve -> model, for a list of paths; the functions the CLI calls and a
notebook can call too.

>>> from graph_builder.pipeline import extract_paths, bundled_corpus
>>> result = extract_paths(bundled_corpus())
>>> [len(e.tasks) for e in result.extractions]
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
class ExtractResult:
    extractions: list[Extraction] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line per file that could not be read
    corpus: Corpus | None = None  # set once resolved

    @property
    def tasks(self):
        return [t for e in self.extractions for t in e.tasks]

    @property
    def warnings(self) -> list[str]:
        return [w for e in self.extractions for w in e.document.warnings]

    def summary(self) -> dict[str, int]:
        mentions = [m for e in self.extractions for m in e.mentions]
        return {
            "documents": len(self.extractions),
            "tasks": len(self.tasks),
            "agency mentions": len(mentions),
            "lead relations": sum(1 for m in mentions if m.role == "lead"),
            "cooperating relations": sum(1 for m in mentions if m.role == "cooperating"),
            "skipped lines": sum(len(e.skipped) for e in self.extractions),
            **(
                {
                    "canonical agencies": sum(1 for a in self.corpus.resolution.agencies.values() if a.mentioned),
                    "agency groups": len(self.corpus.resolution.groups),
                    "reorganisations": len(self.corpus.resolution.successions),
                }
                if self.corpus
                else {}
            ),
            "files with errors": len(self.errors),
        }


def extract_paths(
    paths: list[str | Path],
    layout: str | None = None,
    lead_policy: str = "first-listed",
    jobs: int = 1,
    progress=None,
    document_progress=None,
) -> ExtractResult:
    """Read and parse every path; a file that fails is reported in ``errors`` and the others
    are still processed. Folders and glob patterns are expanded (:func:`.inputs.expand_inputs`).
    With ``jobs`` > 1 the files are parsed in worker processes (:mod:`.parallel`); the result is
    the same, in input order. ``progress(done, total)`` is called as each file is done;
    ``document_progress(path, done, total)`` as a file is parsed (characters of its passes,
    see ``parse.LineProgress``), when the files are parsed in this process (one job or file)."""
    from .parallel import default_jobs, map_in_order

    paths = expand_inputs(paths)
    result = ExtractResult()
    seen_ids: dict[str, str] = {}
    in_process = min(jobs or default_jobs(), len(paths)) <= 1
    work = partial(parse_one, layout=layout, lead_policy=lead_policy, document_progress=document_progress if in_process else None)
    for extraction, error in map_in_order(work, paths, jobs, progress):
        if error is not None:
            result.errors.append(error)
            continue
        document = extraction.document
        if document.id in seen_ids and seen_ids[document.id] != document.sha256:
            # Two different files carrying the same document number: keep both apart.
            _reassign_ids(extraction, f"{document.id}-{document.sha256[:8]}")
        seen_ids[extraction.document.id] = extraction.document.sha256
        result.extractions.append(extraction)
    return result


def parse_one(
    path: str | Path, layout: str | None = None, lead_policy: str = "first-listed", document_progress=None
) -> tuple[Extraction | None, str | None]:
    """Read and parse one file: ``(extraction, None)``, or ``(None, the error line)``.
    ``document_progress(path, done, total)`` is called as it is parsed (see ``extract_paths``)."""
    try:
        source = read_source(path, display_path(path))
        progress = partial(document_progress, str(path)) if document_progress else None
        extraction = parse_source(source, layout=layout, lead_policy=lead_policy, progress=progress)
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

    warnings = [
        f"{source.path}:{line}: {count} undecodable character{'s' if count > 1 else ''} (U+FFFD); names and role words on this line may be misread"
        for line, count in damaged_lines(source)
    ]
    if document.lead_convention_fuzzy:
        line = next((n for n in source.line_numbers if document.lead_convention in source.norm(n)), None)
        warnings.append(
            f"{source.path}{f':{line}' if line else ''}: lead convention read leniently from a damaged sentence ({document.lead_convention}); "
            "the first listed units are taken to lead, check them"
        )
    return warnings


def _reassign_ids(extraction: Extraction, new_id: str) -> None:
    old = extraction.document.id
    extraction.document.id = new_id
    for program in extraction.programs:
        program.id = program.id.replace(old, new_id, 1)
    for task in extraction.tasks:
        task.id = task.id.replace(old, new_id, 1)
        if task.program_id:
            task.program_id = task.program_id.replace(old, new_id, 1)


def load_corpus(
    paths: list[str | Path] | None = None,
    aliases: str | Path | None = None,
    layout: str | None = None,
    lead_policy: str = "first-listed",
) -> tuple[Corpus, list[str]]:
    """Extract and resolve ``paths`` (the bundled corpus when empty): the model every output
    reads, and the per-file errors.

    >>> corpus, errors = load_corpus()
    >>> len(corpus.tasks), errors
    (345, [])
    """
    from .resolve import resolve_corpus

    result = extract_paths(list(paths) if paths else bundled_corpus(), layout=layout, lead_policy=lead_policy)
    resolution = resolve_corpus(result.extractions, overrides=aliases)
    return Corpus(result.extractions, resolution), result.errors


def extraction_json(result: ExtractResult) -> str:
    return json.dumps([e.to_dict() for e in result.extractions], ensure_ascii=False, indent=2)
