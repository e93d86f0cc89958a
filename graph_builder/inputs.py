"""Which files a command reads: paths, folders and glob patterns, expanded once.

Every command that takes documents passes its arguments through :func:`expand_inputs`
(``extract_paths`` does), so ``govkg build corpus/`` and ``govkg build 'corpus/**/*.txt'``
work everywhere.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("b.txt", "sub/a.TXT", "notes.json", ".hidden/c.txt"):
...     (folder / name).parent.mkdir(parents=True, exist_ok=True)
...     (folder / name).write_text("x")
1
1
1
1
>>> [p.relative_to(folder).as_posix() for p in expand_inputs([folder, folder / "b.txt"])]
['b.txt', 'sub/a.TXT']

A folder that ``govkg build`` wrote (it holds :data:`OUTPUT_MANIFEST`) holds govkg's own
outputs, not documents: ``govkg build .`` run twice must not read ``out/network.html`` back.

>>> _ = (folder / "out").mkdir(), (folder / "out" / "network.html").write_text("x"), (folder / "out" / OUTPUT_MANIFEST).write_text("{}")
>>> notes = []
>>> [p.relative_to(folder).as_posix() for p in expand_inputs([folder], notes)]
['b.txt', 'sub/a.TXT']
>>> [note.replace(str(folder), "DIR") for note in notes]
['DIR/out: skipped: a folder govkg build wrote (it holds .govkg-manifest.json); name its files to read them']
"""

from __future__ import annotations

import glob
import json
import os
from pathlib import Path
from typing import Iterable

# The file types a folder is searched for, lower case: text and every format reader's suffixes
# (written out so that expanding a folder imports no reader; tests/test_inputs.py checks that
# this list and the readers' own agree).
DOCUMENT_SUFFIXES: tuple[str, ...] = (
    ".txt", ".pdf", ".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".xltx", ".html", ".htm", ".shtml", ".xhtml",
)

GLOB_CHARACTERS = set("*?[")

# The manifest ``govkg build`` keeps in its output folder (graph_builder/outputs.py writes it):
# named here, on the layer that reads folders, so that expanding a folder can skip govkg's own
# outputs without importing the writers.
OUTPUT_MANIFEST = ".govkg-manifest.json"


class InputError(ValueError):
    """An argument names no document at all (an empty folder, a pattern matching nothing)."""


def is_document(path: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_SUFFIXES


def written_by_govkg(folder: Path) -> set[str] | None:
    """The names ``govkg build`` wrote into ``folder`` (its manifest's files), or None when
    ``folder`` holds no manifest. An unreadable manifest still marks the folder as govkg's."""
    manifest = folder / OUTPUT_MANIFEST
    if not manifest.is_file():
        return None
    try:
        files = json.loads(manifest.read_text("utf-8")).get("files", {})
        return {str(name) for name in files} if isinstance(files, dict) else set()
    except (OSError, ValueError, AttributeError):
        return set()


def _skipped_folder(folder: Path) -> str:
    return f"{folder}: skipped: a folder govkg build wrote (it holds {OUTPUT_MANIFEST}); name its files to read them"


def _documents_in(folder: Path, notes: list[str]) -> list[str]:
    """The documents under ``folder``, sorted. A folder below it that ``govkg build`` wrote is
    skipped whole (its outputs, and the researcher's notes beside them, are no documents); in
    ``folder`` itself, named by the researcher, only the files govkg wrote there are skipped
    (``govkg build . --out .`` reads the documents again, not the page it wrote)."""
    found = []
    written = written_by_govkg(folder) or set()
    for root, dirs, files in os.walk(folder):
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):  # .git, .govkg-staging …
            if written_by_govkg(Path(root) / name) is not None:
                notes.append(_skipped_folder(Path(root) / name))
            else:
                kept.append(name)
        dirs[:] = kept
        documents = [f for f in sorted(files) if not f.startswith(".") and is_document(Path(f))]
        if written and Path(root) == Path(folder):
            ours = [f for f in documents if f in written]
            if ours:
                notes.append(f"{folder}: skipped {', '.join(ours)}: written by govkg build (listed in {OUTPUT_MANIFEST})")
            documents = [f for f in documents if f not in written]
        found += [Path(root) / f for f in documents]
    return found


def _inside_output_folder(match: Path, root: Path) -> Path | None:
    """The folder below ``root`` (the pattern's fixed part) that govkg build wrote and that holds
    ``match`` or is ``match``, if any."""
    try:
        parts = match.relative_to(root).parts
    except ValueError:
        return None
    folder = root
    for part in parts if match.is_dir() else parts[:-1]:
        folder = folder / part
        if written_by_govkg(folder) is not None:
            return folder
    return None


def _also(notes: list[str]) -> str:
    """What an 'no document' error adds when govkg's own outputs were all it found."""
    return "; " + "; ".join(notes) if notes else ""


def _fixed_part(pattern: str) -> Path:
    """The folders of a glob pattern before its first wildcard: ``corpus/**/*.txt`` -> ``corpus``."""
    fixed = []
    for part in Path(pattern).parts:
        if GLOB_CHARACTERS & set(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def expand_inputs(paths: Iterable[str | Path], notes: list[str] | None = None) -> list[Path]:
    """Files to read, in the order given: a folder becomes the documents under it (searched
    recursively for :data:`DOCUMENT_SUFFIXES`, sorted), a pattern with ``*``, ``?`` or ``[``
    the documents it matches (``**`` spans folders), anything else stays as it is (a missing file
    is reported by the reader, beside the files that were read). The same file named twice is
    read once. An empty folder or a pattern that matches nothing raises :class:`InputError`.
    Folders that ``govkg build`` wrote are skipped (see :func:`_documents_in`), one line each
    appended to ``notes``, so that the command can say so.
    """
    notes = [] if notes is None else notes
    result: list[Path] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.normcase(os.path.realpath(path))
        if key not in seen:
            seen.add(key)
            result.append(path)

    for raw in paths:
        path = Path(raw)
        text = str(raw)
        if path.is_dir():
            before = len(notes)
            documents = _documents_in(path, notes)
            if not documents:
                raise InputError(f"{text}: no documents in this folder (looked for {', '.join(DOCUMENT_SUFFIXES)})"
                                 + _also(notes[before:]))
            for document in documents:
                add(document)
        elif not path.exists() and GLOB_CHARACTERS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            root = _fixed_part(text)
            written = written_by_govkg(root) or set()  # a pattern's own folder: as a folder named
            files: list[Path] = []
            skipped: dict[str, None] = {}
            for match in map(Path, matches):
                inside = _inside_output_folder(match, root)
                if inside is not None:
                    skipped[_skipped_folder(inside)] = None
                elif match.parent == root and match.name in written and is_document(match):
                    skipped[f"{root}: skipped {match.name}: written by govkg build (listed in {OUTPUT_MANIFEST})"] = None
                elif match.is_dir():
                    files += _documents_in(match, notes)
                elif match.is_file() and is_document(match):
                    files.append(match)
            notes += list(skipped)
            if not files:
                raise InputError(f"{text}: no document matches this pattern (looked for {', '.join(DOCUMENT_SUFFIXES)})"
                                 + _also(list(skipped)))
            for file in files:
                add(file)
        else:
            add(path)
    return result
