"""Knowledge of agency names that extraction and resolution share, read from
``graph_builder/data/name_rules.yaml``: what ends a name (局, 委, 办 …), what marks a collective
(各…, 有关…), a trailing qualifier in brackets.

It sits below both ``parse`` and ``resolve`` so that neither imports the other: ``parse`` cuts
names out of the text with it, ``resolve`` folds them into canonical agencies with it. What
only the resolver knows (aliases, successions, agency types) stays in ``resolve/knowledge.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1)
def name_rules() -> dict:
    text = resources.files("graph_builder.data").joinpath("name_rules.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def strip_trailing_parenthetical(name: str) -> str:
    """Drop one trailing "(...)" qualifier: 市发展改革委(铁办) -> 市发展改革委."""
    if name.endswith(")"):
        depth = 0
        for index in range(len(name) - 1, -1, -1):
            if name[index] == ")":
                depth += 1
            elif name[index] == "(":
                depth -= 1
                if depth == 0:
                    return name[:index]
    return name


# The same names come back all through a document (市财政局 under every task): their form is
# decided once. Both are pure functions of the name and of name_rules.yaml.
@lru_cache(maxsize=65536)
def has_agency_form(name: str) -> bool:
    """Whether ``name`` ends like a complete agency name (局, 委, 办, 政府, 集团 ...).

    >>> has_agency_form("市城管委"), has_agency_form("各相关街道"), has_agency_form("县(市)政府(管委会)")
    (True, True, True)
    >>> has_agency_form("持续改善交通出行")
    False
    """
    core = name
    while core.endswith(")"):
        stripped = strip_trailing_parenthetical(core)
        if stripped == core or not stripped:
            break
        core = stripped
    final_chars, final_words = _agency_endings()
    return bool(core) and (core[-1] in final_chars or core.endswith(final_words))


@lru_cache(maxsize=1)
def _agency_endings() -> tuple[frozenset, tuple[str, ...]]:
    """The final characters and words of name_rules.yaml, read once (this runs for every name)."""
    rules = name_rules()
    return frozenset(rules["agency_final_chars"]), ("单位", *rules["agency_final_words"])


@lru_cache(maxsize=1)
def _collective_pattern() -> re.Pattern:
    return re.compile("|".join(re.escape(m) for m in name_rules()["collective_markers"]))


@lru_cache(maxsize=65536)
def is_collective(name: str) -> bool:
    """A unit that stands for many bodies: 各街道办事处, 市政府各有关部门, 有关区政府."""
    return _collective_pattern().search(name) is not None
