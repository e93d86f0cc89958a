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
"""

from __future__ import annotations

import glob
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


class InputError(ValueError):
    """An argument names no document at all (an empty folder, a pattern matching nothing)."""


def is_document(path: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_SUFFIXES


def _documents_in(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # .git, .govkg-staging …
        found += [Path(root) / f for f in sorted(files) if not f.startswith(".") and is_document(Path(f))]
    return found


def expand_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read, in the order given: a folder becomes the documents under it (searched
    recursively for :data:`DOCUMENT_SUFFIXES`, sorted), a pattern with ``*``, ``?`` or ``[``
    the documents it matches (``**`` spans folders), anything else stays as it is (a missing file
    is reported by the reader, beside the files that were read). The same file named twice is
    read once. An empty folder or a pattern that matches nothing raises :class:`InputError`.
    """
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
            documents = _documents_in(path)
            if not documents:
                raise InputError(f"{text}: no documents in this folder (looked for {', '.join(DOCUMENT_SUFFIXES)})")
            for document in documents:
                add(document)
        elif not path.exists() and GLOB_CHARACTERS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            files: list[Path] = []
            for match in map(Path, matches):
                if match.is_dir():
                    files += _documents_in(match)
                elif match.is_file() and is_document(match):
                    files.append(match)
            if not files:
                raise InputError(f"{text}: no document matches this pattern (looked for {', '.join(DOCUMENT_SUFFIXES)})")
            for file in files:
                add(file)
        else:
            add(path)
    return result
