"""What the resolver knows, read from the package's data files (never from code):

- ``aliases.csv``: one row per alias — jurisdiction (an id, or ``*`` for any), the alias as
  written in documents, the canonical name, the agency type, and the source of the knowledge;
  type ``typo`` marks a row whose canonical is the corrected name *as written* (with its level
  prefix), to be resolved in turn;
- ``successions.csv``: renames and mergers with their year;
- ``agency_types.yaml``, ``groups.yaml``, ``name_rules.yaml``: rules on the form of names.

A researcher's override file (``--aliases FILE``) has the alias columns plus ``action``:
``merge`` forces the alias onto the canonical name, ``forbid`` stops the two from merging.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ..knowledge import name_rules, strip_trailing_parenthetical


def _data_text(name: str) -> str:
    return resources.files("graph_builder.data").joinpath(name).read_text("utf-8")


@dataclass(frozen=True)
class AliasRow:
    jurisdiction: str
    alias: str
    canonical: str
    type: str
    source: str


@dataclass
class Knowledge:
    aliases: dict[tuple[str, str], AliasRow] = field(default_factory=dict)
    forbidden: set[frozenset[str]] = field(default_factory=set)  # pairs of names never merged
    successions: list[dict] = field(default_factory=list)
    type_rules: list[tuple[re.Pattern, str]] = field(default_factory=list)
    group_rules: list[tuple[re.Pattern, str, str | None]] = field(default_factory=list)
    some_markers: list[str] = field(default_factory=list)
    group_labels: dict[str, str] = field(default_factory=dict)
    member_suffixes: dict[str, str] = field(default_factory=dict)
    all_word: str = ""
    some_word: str = ""

    def alias(self, jurisdiction_id: str, name: str) -> AliasRow | None:
        for key in ((jurisdiction_id, name), ("*", name)):
            if key in self.aliases:
                return self.aliases[key]
        stripped = strip_trailing_parenthetical(name)
        if stripped != name:
            return self.alias(jurisdiction_id, stripped)
        return None

    def known_names(self, jurisdiction_id: str) -> set[str]:
        return {alias for (jid, alias) in self.aliases if jid in ("*", jurisdiction_id)}

    def agency_type(self, canonical: str) -> str:
        for pattern, type_name in self.type_rules:
            if pattern.search(canonical):
                return type_name
        return "bureau"

    def group_kind(self, name: str) -> tuple[str, str | None]:
        for pattern, kind, member_type in self.group_rules:
            if pattern.search(name):
                return kind, member_type
        return "other", None

    def is_forbidden(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.forbidden


def _read_alias_rows(text: str, origin: str) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(text)))
    required = {"jurisdiction", "alias", "canonical"}
    for number, row in enumerate(rows, start=2):
        missing = [c for c in required if not (row.get(c) or "").strip()]
        if missing:
            raise ValueError(f"{origin}:{number}: missing {', '.join(missing)}")
    return rows


@lru_cache(maxsize=1)
def _builtin() -> Knowledge:
    knowledge = Knowledge()
    for row in _read_alias_rows(_data_text("aliases.csv"), "aliases.csv"):
        alias_row = AliasRow(row["jurisdiction"], row["alias"], row["canonical"], row.get("type") or "", row.get("source") or "")
        knowledge.aliases[(alias_row.jurisdiction, alias_row.alias)] = alias_row
    knowledge.successions = list(csv.DictReader(io.StringIO(_data_text("successions.csv"))))
    types = yaml.safe_load(_data_text("agency_types.yaml"))
    knowledge.type_rules = [(re.compile(r["pattern"]), r["type"]) for r in types["rules"]]
    groups = yaml.safe_load(_data_text("groups.yaml"))
    knowledge.group_rules = [(re.compile(r["pattern"]), r["kind"], r.get("member_type")) for r in groups["rules"]]
    knowledge.some_markers = list(groups.get("some_markers", []))
    knowledge.group_labels = {r["kind"]: r["label"] for r in groups["rules"] if r.get("label")}
    knowledge.member_suffixes = {r["kind"]: r.get("member_suffix", "") for r in groups["rules"]}
    knowledge.all_word, knowledge.some_word = groups["all_word"], groups["some_word"]
    return knowledge


def load_knowledge(overrides: str | Path | None = None) -> Knowledge:
    """The package's knowledge, with a researcher's override file layered on top."""
    base = _builtin()
    knowledge = Knowledge(
        aliases=dict(base.aliases),
        forbidden=set(base.forbidden),
        successions=list(base.successions),
        type_rules=base.type_rules,
        group_rules=base.group_rules,
        some_markers=base.some_markers,
        group_labels=base.group_labels,
        member_suffixes=base.member_suffixes,
        all_word=base.all_word,
        some_word=base.some_word,
    )
    if overrides is None:
        return knowledge
    path = Path(overrides)
    try:
        text = path.read_text("utf-8-sig")  # Excel, and the review page's download, start it with a byte-order mark
    except OSError as error:
        raise ValueError(f"{path}: cannot read alias overrides: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{path}: alias overrides must be a UTF-8 CSV file (jurisdiction,alias,canonical,type,source,action); "
            f"byte {error.start} is not UTF-8"
        ) from None
    for number, row in enumerate(_read_alias_rows(text, str(path)), start=2):
        action = (row.get("action") or "merge").strip()
        jurisdiction = row["jurisdiction"].strip()
        alias, canonical = row["alias"].strip(), row["canonical"].strip()
        if action == "merge":
            knowledge.aliases[(jurisdiction, alias)] = AliasRow(
                jurisdiction, alias, canonical, (row.get("type") or "").strip(), (row.get("source") or f"override {path.name}:{number}").strip()
            )
        elif action == "forbid":
            knowledge.forbidden.add(frozenset((alias, canonical)))
            knowledge.aliases.pop((jurisdiction, alias), None)
        else:
            raise ValueError(f"{path}:{number}: action must be merge or forbid, not {action!r}")
    return knowledge


@lru_cache(maxsize=65536)  # asked for every mention: a corpus names the same agencies again and again
def level_prefix(name: str) -> tuple[str, str | None, str]:
    """Split the level prefix off a name: 市发改委 -> ("市", "city", "发改委").

    >>> level_prefix("区市场监管局"), level_prefix("上投集团")
    (('区', 'district', '市场监管局'), ('', None, '上投集团'))
    """
    for rule in name_rules()["level_prefixes"]:
        prefix = rule["prefix"]
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return prefix, rule["level"], name[len(prefix) :]
    return "", None, name


def expand_abbreviations(core: str) -> str:
    """区市场监督局's core 市场监督局 -> 市场监督管理局, so spelling and abbreviation agree."""
    for short, full in sorted(name_rules()["abbreviations"].items(), key=lambda item: -len(item[0])):
        if short in core and full not in core:
            core = core.replace(short, full)
    return core
