"""Cells and agency lists: the text every layout hands over once it has found a cell.

A ``Cell`` is a run of text that may span several lines. It keeps, for each piece, the line it
came from and the matching slice of the original and the normalised line (the two are the same
length, see ``ingest``), so a mention cut out of a cell knows its surface form as written and
the line it stands on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from ..ingest import SourceText


@lru_cache(maxsize=1)
def name_rules() -> dict:
    text = resources.files("graph_builder.data").joinpath("name_rules.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@dataclass
class Piece:
    line: int
    original: str
    normalized: str


@dataclass
class Cell:
    """Text of one table cell or labelled field, possibly over several lines."""

    pieces: list[Piece] = field(default_factory=list)

    @classmethod
    def from_line(cls, source: SourceText, line: int, start: int = 0, end: int | None = None) -> "Cell":
        original = source.line(line)
        end = len(original) if end is None else end
        cell = cls()
        cell.add(source, line, start, end)
        return cell

    def add(self, source: SourceText, line: int, start: int = 0, end: int | None = None) -> None:
        original = source.line(line)
        end = len(original) if end is None else end
        self.pieces.append(Piece(line, original[start:end], source.norm(line)[start:end]))

    @property
    def normalized(self) -> str:
        return "\n".join(p.normalized for p in self.pieces)

    @property
    def original(self) -> str:
        return "\n".join(p.original for p in self.pieces)

    @property
    def text(self) -> str:
        """Normalised text with line breaks and spaces inside the cell removed."""
        return re.sub(r"\s+", "", self.normalized)

    @property
    def first_line(self) -> int:
        return self.pieces[0].line

    @property
    def last_line(self) -> int:
        return self.pieces[-1].line

    def line_of(self, offset: int) -> int:
        """The line on which character ``offset`` of ``normalized`` stands."""
        position = 0
        for piece in self.pieces:
            position += len(piece.normalized) + 1
            if offset < position:
                return piece.line
        return self.pieces[-1].line


_OPEN = "(〔《[【"
_CLOSE = ")〕》]】"


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


def has_agency_form(name: str) -> bool:
    """Whether ``name`` ends like a complete agency name (局, 委, 办, 政府, 集团 ...).

    >>> has_agency_form("市城管委"), has_agency_form("各区"), has_agency_form("县(市)政府(管委会)")
    (True, False, True)
    """
    core = name
    while True:
        stripped = strip_trailing_parenthetical(core)
        if stripped == core or not stripped:
            break
        core = stripped
    return bool(core) and core[-1] in name_rules()["agency_final_chars"]


def is_collective(name: str) -> bool:
    """A unit that stands for many bodies: 各街道办事处, 市政府各有关部门, 有关区政府."""
    return any(marker in name for marker in name_rules()["collective_markers"])


def _is_unit_fragment(name: str) -> bool:
    """A piece of a collective unit cut off by its own 、: 各区, 有关区, 各相关区, 县(市)."""
    if has_agency_form(name):
        return False
    return is_collective(name) or bool(re.fullmatch(r"[区县市镇乡街道()]+", name))


def clean_name(text: str) -> str:
    """The simplified, cleaned name of one mention: no spaces, no stray list punctuation."""
    return re.sub(r"\s+", "", text).strip("、,;:。.")


@dataclass
class SplitItem:
    mention: str  # as written, original script, spaces kept as they were
    name: str  # simplified, cleaned
    line: int


def split_agencies(cell: Cell) -> list[SplitItem]:
    """Split an agency list on 、 , ; and line breaks, never inside parentheses, and re-join a
    fragment that is not a complete name with what follows it, so that a collective unit such
    as 各区、县(市)政府(管委会) stays one unit.

    >>> from graph_builder.ingest import source_from_bytes
    >>> src = source_from_bytes("市发改委、市建委,各区、县(市)政府(管委会)".encode(), "t")
    >>> [item.name for item in split_agencies(Cell.from_line(src, 1))]
    ['市发改委', '市建委', '各区、县(市)政府(管委会)']
    """
    normalized, original = cell.normalized, cell.original
    separators = name_rules()["list_separators"]
    raw: list[tuple[int, int]] = []  # (start, end) offsets of fragments
    depth = 0
    start = 0
    for index, char in enumerate(normalized):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char in separators and depth == 0:
            raw.append((start, index))
            start = index + 1
    raw.append((start, len(normalized)))
    fragments = [(s, e) for s, e in raw if clean_name(normalized[s:e])]

    items: list[SplitItem] = []
    pending: tuple[int, int] | None = None
    for position, (s, e) in enumerate(fragments):
        if pending is not None:
            s = pending[0]
            pending = None
        name = clean_name(normalized[s:e])
        is_last = position == len(fragments) - 1
        if not is_last and _is_unit_fragment(name):
            pending = (s, e)  # a fragment such as 各区 in 各区、县(市)政府: join with the next
            continue
        surface = original[s:e].strip().strip("、,,;;")
        items.append(SplitItem(mention=surface.replace("\n", ""), name=name.replace("\n", ""), line=cell.line_of(s)))
    return items


def looks_like_agency_list(text: str) -> bool:
    """Whether a whole cell reads as a list of agencies rather than a task's text.

    >>> looks_like_agency_list("市城管委、"), looks_like_agency_list("完成公厕提升改造70座。")
    (True, False)
    """
    text = re.sub(r"\s+", "", text)
    if not text or "。" in text or re.search(r"\d", text):
        return False
    text = clean_name(text)
    depth = 0
    parts, current = [], ""
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        if char in "、,;" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    parts = [p for p in parts if p]
    if not parts or any(len(p) > 30 for p in parts):
        return False
    # Fragments of collective units (各区 in 各区、县(市)政府) are fine when followed by more.
    return has_agency_form(parts[-1]) and sum(has_agency_form(p) for p in parts) >= (len(parts) + 1) // 2


# The document's own statement that the first listed unit leads:
# 列第一位者为工作牵头单位, 排在第一位的为牵头单位, 第一个单位为牵头单位 ...
LEAD_CONVENTION = re.compile(
    r"[((]?[^()()]{0,6}(?:列|排|位)?(?:在)?(?:第一|首)(?:位|个|家)?(?:者|的)?(?:单位|部门)?"
    r"(?:为|是)[^()()]{0,6}牵头(?:单位|部门)[^()()]*[))]?"
)


def find_lead_convention(text: str) -> str | None:
    """The sentence in which a document says its first listed unit is the lead, or None.

    >>> find_lead_convention("责任单位:市政府办公室(列第一位者为工作牵头单位或汇总单位,下同)")
    '(列第一位者为工作牵头单位或汇总单位,下同)'
    """
    match = LEAD_CONVENTION.search(text)
    return match.group(0) if match else None
