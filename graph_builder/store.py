"""A built graph you can query: the resolved corpus stored beside the other outputs (issue 14).

``govkg build`` writes ``corpus.json.gz``: the :class:`~graph_builder.model.Corpus` (extractions
and resolution) in a compact, pickle-free, versioned form, with the SHA-256 of every input, of
the aliases file and of the package's knowledge, so that ``--from DIR`` on the query commands
reads it instead of re-reading and re-resolving every document, and warns when it is stale.

The encoding is generic over the model's dataclasses: each dataclass is a JSON array of its
field values in the order the file's ``schema`` lists them, decoded by the field's type hints
(sets sorted, so the same corpus gives the same bytes). A field the model gains later takes its
default when an older file lacks it; a field the model dropped is ignored. A field marked
``model.STORED_WHEN_SET`` (what a corrections file sets) is written, in the schema and in each
object's array, only when some object of the corpus sets it, and a class only such fields hold
is described only then: a corpus without corrections is stored exactly as before they existed.

>>> from graph_builder.model import SourceSpan, SkippedLine
>>> encoded = encode(SkippedLine("a.txt", 3, "text", "no task"))
>>> encoded
['a.txt', 3, 'text', 'no task', None]
>>> decode(SkippedLine, encoded, schema_of([SkippedLine, SourceSpan]))
SkippedLine(path='a.txt', line=3, text='text', reason='no task', origin=None)
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import types
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import model
from .model import Corpus

CORPUS_FILE = "corpus.json.gz"
FORMAT = "govkg-corpus"
VERSION = 1


class StoreError(ValueError):
    """The folder holds no usable stored corpus."""


# -- generic dataclass encoding -----------------------------------------------------------


def _model_classes() -> list[type]:
    return [c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == model.__name__]


def schema_of(classes: list[type] | None = None, optional: frozenset[tuple[str, str]] | None = None) -> dict[str, list[str]]:
    """Class name -> its field names in order: how the file lays out each dataclass.

    With ``optional`` (the ``(class, field)`` pairs of the ``STORED_WHEN_SET`` fields that the
    corpus sets), the other such fields are left out, and so is every class that only they
    hold (reached from ``Corpus`` through the fields stored)."""
    classes = classes or _model_classes()
    if optional is None:
        return {c.__name__: [f.name for f in dataclasses.fields(c)] for c in classes}
    reached = _reachable(model.Corpus, optional)
    return {c.__name__: list(_stored_fields(c, optional)[0]) for c in classes if c in reached}


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, typing.Any]:
    return typing.get_type_hints(cls, vars(model))


def _is_optional(f: dataclasses.Field) -> bool:
    return f.metadata.get("stored") == model.STORED_WHEN_SET["stored"]


@lru_cache(maxsize=None)
def _stored_fields(cls: type, optional: frozenset | None) -> tuple[tuple[str, ...], tuple[tuple[str, typing.Any], ...]]:
    """(the names of the fields of ``cls`` written, (name, default) of the fields left out):
    every field when ``optional`` is None, else all but the STORED_WHEN_SET fields not in it."""
    stored, left_out = [], []
    for f in dataclasses.fields(cls):
        if optional is not None and _is_optional(f) and (cls.__name__, f.name) not in optional:
            left_out.append((f.name, f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default))
        else:
            stored.append(f.name)
    return tuple(stored), tuple(left_out)


def _reachable(root: type, optional: frozenset) -> set[type]:
    """The dataclasses ``root`` holds through the fields stored, itself included."""
    def classes_in(hint):
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            yield hint
        for argument in typing.get_args(hint):
            yield from classes_in(argument)

    seen, stack = {root}, [root]
    while stack:
        cls = stack.pop()
        for name in _stored_fields(cls, optional)[0]:
            for held in classes_in(_hints(cls)[name]):
                if held not in seen:
                    seen.add(held)
                    stack.append(held)
    return seen


class _OptionalFieldSet(Exception):
    """An object sets a STORED_WHEN_SET field that the encoding left out: encode again with it."""

    def __init__(self, key: tuple[str, str]):
        super().__init__(key)
        self.key = key


def encode(value, optional: frozenset | None = None):
    """A model object as plain JSON values (dataclass -> array of field values). ``optional``:
    the STORED_WHEN_SET fields to write (None: every field); an object that sets one not in it
    raises ``_OptionalFieldSet`` (see :func:`encode_corpus`)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        stored, left_out = _stored_fields(type(value), optional)
        for name, default in left_out:
            if getattr(value, name) != default:
                raise _OptionalFieldSet((type(value).__name__, name))
        return [encode(getattr(value, name), optional) for name in stored]
    if isinstance(value, (set, frozenset)):
        return sorted(encode(v, optional) for v in value)
    if isinstance(value, (list, tuple)):
        return [encode(v, optional) for v in value]
    if isinstance(value, dict):
        # JSON keys are strings: a dict is stored as [[key, value], ...] so that int keys
        # (line numbers) come back as ints.
        return [[encode(k, optional), encode(v, optional)] for k, v in value.items()]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in the corpus file")


def encode_corpus(corpus: Corpus) -> tuple[list, dict[str, list[str]]]:
    """``corpus`` encoded with the STORED_WHEN_SET fields it sets, and the schema of that
    encoding. Encoded without them first; an object that sets one starts the encoding again
    with it (once per such field: only a corrected corpus pays for it).

    >>> encoded, schema = encode_corpus(Corpus([], model.Resolution()))
    >>> "correction" in schema["AgencyMention"], "Correction" in schema
    (False, False)
    """
    optional: frozenset = frozenset()
    while True:
        try:
            return encode(corpus, optional), schema_of(optional=optional)
        except _OptionalFieldSet as used:
            optional = optional | {used.key}


def _decoder(hint, schema: dict[str, list[str]], cache: dict):
    """A function decoding a JSON value into ``hint``; built once per type and file."""
    key = repr(hint)
    if key in cache:
        return cache[key]
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"cannot decode the union {hint}")
        decode_inner = _decoder(inner[0], schema, cache)
        function = lambda v: None if v is None else decode_inner(v)  # noqa: E731
    elif origin in (list, tuple):
        item = _decoder(args[0], schema, cache) if args else (lambda v: v)
        function = (lambda v: [item(x) for x in v]) if origin is list else (lambda v: tuple(item(x) for x in v))
    elif origin in (set, frozenset):
        item = _decoder(args[0], schema, cache) if args else (lambda v: v)
        function = lambda v: {item(x) for x in v}  # noqa: E731
    elif origin is dict:
        key_of, value_of = (_decoder(a, schema, cache) for a in args)
        function = lambda v: {key_of(k): value_of(x) for k, x in v}  # noqa: E731
    elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
        function = _dataclass_decoder(hint, schema, cache)
    elif hint in (str, int, float, bool, typing.Any):
        function = lambda v: v  # noqa: E731
    else:
        raise TypeError(f"cannot decode {hint}")
    cache[key] = function
    return function


def _dataclass_decoder(cls: type, schema: dict[str, list[str]], cache: dict):
    stored = schema.get(cls.__name__)
    if stored is None:
        raise StoreError(f"the corpus file does not describe {cls.__name__}")
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    plan = []  # (position in the stored array, field name, decoder) for fields the model has
    for position, name in enumerate(stored):
        if name in fields:
            plan.append((position, name, None))
    missing = [f for n, f in fields.items() if n not in stored and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise StoreError(f"the corpus file lacks {cls.__name__}.{missing[0].name}; rebuild it with govkg build")
    placeholder: list = []
    cache[repr(cls)] = lambda v: placeholder[0](v)  # a recursive type decodes through this
    plan = [(position, name, _decoder(hints[name], schema, cache)) for position, name, _ in plan]

    def decode_one(values):
        return cls(**{name: decoder(values[position]) for position, name, decoder in plan})

    placeholder.append(decode_one)
    return decode_one


def decode(cls: type, value, schema: dict[str, list[str]]):
    """The inverse of :func:`encode` for an object of ``cls`` stored under ``schema``."""
    return _decoder(cls, schema, {})(value)


# -- the corpus file ----------------------------------------------------------------------


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fingerprint(path: Path) -> dict:
    stat = path.stat()
    return {"path": str(path.resolve()), "sha256": file_sha256(path), "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def knowledge_sha256() -> str:
    """One hash over govkg's version and every file of its package data (aliases.csv,
    successions.csv, markers.yaml …): what resolution and extraction depend on besides the input."""
    from govkg import __version__

    digest = hashlib.sha256(f"govkg {__version__}\n".encode())
    folder = resources.files("graph_builder.data")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.is_file() and not entry.name.endswith((".py", ".pyc")):
            digest.update(entry.name.encode() + b"\n" + hashlib.sha256(entry.read_bytes()).digest())
    return digest.hexdigest()


@dataclass
class StoreInfo:
    """What a stored corpus was built from."""

    path: Path
    govkg: str
    inputs: list[dict] = field(default_factory=list)
    aliases: dict | None = None
    knowledge: str = ""
    options: dict = field(default_factory=dict)
    corrections: dict | None = None  # the fingerprint of the --corrections file of the build

    def stale(self) -> list[str]:
        """One line per reason the stored corpus may no longer match its inputs."""
        reasons = []
        for record in [*self.inputs, *([self.aliases] if self.aliases else []), *([self.corrections] if self.corrections else [])]:
            path = Path(record["path"])
            if not path.exists():
                reasons.append(f"{path}: no longer exists")
                continue
            stat = path.stat()
            if stat.st_size == record["bytes"] and stat.st_mtime_ns == record["mtime_ns"]:
                continue  # unchanged, without reading it again
            if file_sha256(path) != record["sha256"]:
                reasons.append(f"{path}: changed since the build")
        if self.knowledge != knowledge_sha256():
            reasons.append("govkg's package data or version changed since the build")
        return reasons


def save_corpus(
    corpus: Corpus,
    path: str | Path,
    inputs: list[str | Path] = (),
    aliases: str | Path | None = None,
    options: dict | None = None,
    corrections: str | Path | None = None,
) -> Path:
    """Write ``corpus`` and the fingerprints of what it was built from to ``path`` (gzip JSON,
    the same bytes for the same corpus and inputs; the ``corrections`` file's only when given)."""
    from govkg import __version__

    encoded, schema = encode_corpus(corpus)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "govkg": __version__,
        "inputs": [_fingerprint(Path(p)) for p in inputs if Path(p).is_file()],
        "aliases": _fingerprint(Path(aliases)) if aliases else None,
        **({"corrections": _fingerprint(Path(corrections))} if corrections else {}),
        "knowledge": knowledge_sha256(),
        "options": options or {},
        "schema": schema,
        "corpus": encoded,
    }
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    target = Path(path)
    target.write_bytes(gzip.compress(data, compresslevel=6, mtime=0))
    return target


def load_stored(path: str | Path) -> tuple[Corpus, StoreInfo]:
    """The corpus stored at ``path`` (a corpus.json.gz or the folder holding it)."""
    document, info = _read(path)
    try:
        corpus = decode(Corpus, document["corpus"], document["schema"])
    except (KeyError, IndexError, TypeError) as error:
        raise StoreError(f"{info.path}: damaged corpus file ({type(error).__name__}: {error}); rebuild it with govkg build") from None
    return corpus, info


def read_info(path: str | Path) -> StoreInfo:
    """What the corpus stored at ``path`` was built from, without decoding the corpus."""
    return _read(path)[1]


def _read(path: str | Path) -> tuple[dict, StoreInfo]:
    path = Path(path)
    if path.is_dir():
        path = path / CORPUS_FILE
    if not path.exists():
        raise StoreError(f"{path}: no stored corpus; run govkg build --out {path.parent} first")
    try:
        document = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, EOFError, ValueError) as error:
        raise StoreError(f"{path}: not a govkg corpus file ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StoreError(f"{path}: not a govkg corpus file")
    if document.get("version") != VERSION:
        raise StoreError(f"{path}: corpus file version {document.get('version')}, this govkg reads version {VERSION}; rebuild it with govkg build")
    info = StoreInfo(path, document.get("govkg", "?"), document.get("inputs", []), document.get("aliases"),
                     document.get("knowledge", ""), document.get("options", {}), document.get("corrections"))
    return document, info
