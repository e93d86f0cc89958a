"""How many of a document's agency names landed in its tasks: the agency coverage.

Whatever reader read a line, the names of units in it can be found by their form alone: cut the
line at list punctuation and brackets, take a role word (``role_verbs`` of markers.yaml: 牵头,
配合, 负责 …) and a collective tail (等部门) off each piece's end, and keep the pieces that are a
unit's whole name: ending in a strong unit ending (局, 委, 办, 中心, 街道 … of markers.yaml), with
no figure, not opening with a task verb, not a column's or label's name (责任单位). A name
*placed* is one that a task's mention on the same line holds, or that holds one. Lines whose
names no task is expected to hold (page furniture, table headers, the document's own metadata
and its addressees) are not counted. The figure says how well the layout was recognised.

>>> from graph_builder.ingest import source_from_bytes
>>> from graph_builder.parse import parse_source
>>> text = "1.建设公园。(市园林局牵头,市财政局配合)\\n2.改造道路。\\n督查:市住建局,市交通局。\\n"
>>> source = source_from_bytes(text.encode(), "a.txt")
>>> found = agency_coverage(source, parse_source(source))
>>> (found.names, found.placed, found.not_placed)
(4, 2, ['市住建局', '市交通局'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..ingest import SourceText
from ..model import Extraction
from .cells import _etc_words, squeeze
from .columns import is_header_word
from .prose import markers

WELL_READ = 0.9  # under this share of its agency names placed, a document is warned of
NOT_COUNTED = {"footer", "header", "metadata", "preamble"}
_PIECES = re.compile(r"[、,,;;::。!?()()\[\]【】〔〕《》“”\"'|\s/]+")


@dataclass
class AgencyCoverage:
    names: int  # agency names the document's lines hold
    placed: int  # of them, held by a task's mention on their line
    not_placed: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.placed / self.names if self.names else 1.0


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    data = markers()
    tails = sorted({e["word"] for e in data["role_verbs"]} | set(_etc_words()), key=len, reverse=True)
    return tuple(tails), tuple(data["strong_unit_endings"]), tuple(data["task_verbs"])


def names_in_line(text: str) -> list[str]:
    """The pieces of a line that are a unit's whole name.

    >>> names_in_line("由市园林局牵头,市财政局、区政府配合,完成新建公园3个")
    ['市园林局', '市财政局', '区政府']
    """
    tails, endings, verbs = _words()
    found = []
    for piece in _PIECES.split(text):
        piece = squeeze(piece)
        if piece.startswith("由"):
            piece = piece[1:]
        for _ in range(2):
            tail = next((t for t in tails if piece.endswith(t) and len(piece) > len(t)), None)
            if tail:
                piece = piece[: -len(tail)]
        if not 3 <= len(piece) <= 20 or not piece.endswith(endings) or piece.startswith(verbs):
            continue
        if re.search(r"\d", piece) or is_header_word(piece):
            continue
        found.append(piece)
    return found


def agency_coverage(source: SourceText, extraction: Extraction) -> AgencyCoverage:
    """The agency names of ``source``'s lines and how many of them ``extraction`` placed."""
    held: dict[int, list[str]] = {}
    for task in extraction.tasks:
        for mention in task.mentions:
            for line in range(mention.span.line_start, mention.span.line_end + 1):
                held.setdefault(line, []).extend((mention.name, squeeze(mention.mention)))
    names = placed = 0
    not_placed: list[str] = []
    for number, role in extraction.line_roles.items():
        if role in NOT_COUNTED:
            continue
        mentions = held.get(number, ())
        for name in names_in_line(source.norm(number)):
            names += 1
            if any(m and (m in name or name in m) for m in mentions):
                placed += 1
            else:
                not_placed.append(name)
    return AgencyCoverage(names, placed, not_placed)
