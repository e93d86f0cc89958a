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
# The name knowledge resolve shares lives in graph_builder.knowledge; imported here under the
# old names so that the layout modules that take them from .cells keep working.
from ..knowledge import has_agency_form, is_collective, name_rules, strip_trailing_parenthetical  # noqa: F401


def starting_with(words) -> str:
    """A lookahead for the first characters of ``words``. Put before an alternation of them, it
    lets a search skip at C speed every position where none starts (the alternation alone is
    tried word by word at every position of every line).

    >>> re.compile(starting_with(["牵头", "配合"]) + "(?:牵头|配合)").search("由市民政局牵头").group(0)
    '牵头'
    """
    return "(?=[" + re.escape("".join(sorted({word[0] for word in words}))) + "])"


def squeeze(text: str) -> str:
    """``text`` without whitespace (this runs for every cell). ``str.split`` cuts at exactly
    the characters ``\\s`` matches (``str.isspace``), at a third of a regex's cost."""
    return "".join(text.split())


@dataclass(slots=True)  # made per line and per name read: slots make them cheaper
class Piece:
    line: int
    original: str
    normalized: str


@dataclass(slots=True)
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
        pieces = self.pieces
        return pieces[0].normalized if len(pieces) == 1 else "\n".join(p.normalized for p in pieces)

    @property
    def original(self) -> str:
        pieces = self.pieces
        return pieces[0].original if len(pieces) == 1 else "\n".join(p.original for p in pieces)

    @property
    def text(self) -> str:
        """Normalised text with line breaks and spaces inside the cell removed."""
        return squeeze(self.normalized)

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


def _is_unit_fragment(name: str) -> bool:
    """A piece of a collective unit cut off by its own 、: 各区, 有关区, 各相关区, 县(市)."""
    return _unit_fragment_pattern().fullmatch(name) is not None


@lru_cache(maxsize=1)
def _unit_fragment_pattern() -> re.Pattern:
    return re.compile(name_rules()["unit_fragment"])


def clean_name(text: str) -> str:
    """The simplified, cleaned name of one mention: no spaces, no stray list punctuation."""
    return squeeze(text).strip("、,;:。.")


# Runs of spaces in the normalised view, where a masked gloss may hide (checked only then).
_MASKED = re.compile(r"\s\s")

# The surface form drops a romanisation gloss the normalised view has already masked.
_GLOSS_IN_SURFACE = re.compile(r"[((][A-Za-z\u00c0-\u024f\u1e00-\u1eff\s'-]{2,}[))]")


_TRAILING_BRACKET = re.compile(r"\(([^()]{4,})\)$")


def strip_note(name: str) -> str:
    """A name without a trailing bracket that holds a note rather than a unit's other name:
    南昌某房地产有限公司(开发商配建学校项目) -> 南昌某房地产有限公司, while 市发改委(铁办),
    高新园(邹区镇) and 各乡镇(街道) keep theirs. The mention keeps the note as written.

    >>> strip_note("某房地产公司(开发商配建学校项目)"), strip_note("县发改局(粮食局)")
    ('某房地产公司', '县发改局(粮食局)')
    """
    match = _TRAILING_BRACKET.search(name)
    if not match or match.start() < 2 or has_agency_form(match.group(1)) or not has_agency_form(name[: match.start()]):
        return name
    return name[: match.start()]


@dataclass(slots=True)
class SplitItem:
    mention: str  # as written, original script, spaces kept as they were
    name: str  # simplified, cleaned
    line: int


def _split_on_conjunction(normalized: str, fragments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split at 及 / 以及 when both sides are unit names: 市级各有关部门及各县区政府.

    >>> text = "市级各有关部门及各县区政府"
    >>> [text[s:e] for s, e in _split_on_conjunction(text, [(0, len(text))])]
    ['市级各有关部门', '各县区政府']
    """
    out: list[tuple[int, int]] = []
    for s, e in fragments:
        cut = None
        for match in re.finditer(r"以及|及", normalized[s:e]):
            left, right = normalized[s : s + match.start()].strip(), normalized[s + match.end() : e].strip()
            if left and right and has_agency_form(left) and has_agency_form(right):
                cut = match
                break
        if cut is None:
            out.append((s, e))
        else:
            out += [(s, s + cut.start()), (s + cut.end(), e)]
    return out


def _cut_trailing_junk(normalized: str, fragments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split on spaces between names (市发改委 市财政局, a cell whose line breaks became
    spaces), and end the list where a space leads to something that is no name (各区政府 鄞州
    海曙 合计 2 5 …: a flattened table that followed the cell).

    >>> text = "市交通委、各区政府 鄞州 海曙、江东"
    >>> [text[s:e] for s, e in _cut_trailing_junk(text, [(0, 4), (5, 15), (16, 18)])]
    ['市交通委', '各区政府']
    >>> text = "市发改委 市财政局"
    >>> [text[s:e] for s, e in _cut_trailing_junk(text, [(0, 9)])]
    ['市发改委', '市财政局']
    """
    out: list[tuple[int, int]] = []
    for s, e in _split_on_conjunction(normalized, fragments):
        words = [(m.start(), m.end()) for m in _WORD.finditer(normalized, s, e)]
        if len(words) <= 1:
            out.append((s, e))
            continue
        if all(has_agency_form(normalized[a:b]) for a, b in words):
            out.extend(words)
            continue
        if has_agency_form(normalized[words[0][0] : words[0][1]]) and not has_agency_form(normalized[words[1][0] : words[1][1]]):
            out.append(words[0])
            return out  # what follows the space is not part of the list
        out.append((s, e))
    return out


@lru_cache(maxsize=1)
def _separator_pattern() -> re.Pattern:
    return re.compile("[" + re.escape("".join(name_rules()["list_separators"])) + "]")


_WORD = re.compile(r"\S+")


def split_agencies(cell: Cell) -> list[SplitItem]:
    """Split an agency list on 、 , ; and line breaks, never inside parentheses, and re-join a
    fragment that is not a complete name with what follows it, so that a collective unit such
    as 各区、县(市)政府(管委会) stays one unit.

    >>> from graph_builder.ingest import source_from_bytes
    >>> src = source_from_bytes("市发改委、市建委,各区、县(市)政府(管委会)".encode(), "t")
    >>> [item.name for item in split_agencies(Cell.from_line(src, 1))]
    ['市发改委', '市建委', '各区、县(市)政府(管委会)']
    """
    if len(cell.pieces) == 1:  # most cells: one line, nothing to join or to locate
        piece = cell.pieces[0]
        return [SplitItem(mention, name, piece.line) for _, mention, name in _split_text(piece.normalized, piece.original)]
    return [
        SplitItem(mention=mention, name=name, line=cell.line_of(offset))
        for offset, mention, name in _split_text(cell.normalized, cell.original)
    ]


# The same list recurs across a document (市财政局、各区政府 under every task) and across a
# corpus: its reading depends on its text alone, so it is computed once.
@lru_cache(maxsize=65536)
def _split_text(normalized: str, original: str) -> tuple[tuple[int, str, str], ...]:
    """(offset, mention, name) of each unit in an agency list (see split_agencies)."""
    separators = name_rules()["list_separators"]
    raw: list[tuple[int, int]] = []  # (start, end) offsets of fragments
    start = 0
    if not any(c in normalized for c in _OPEN):
        # No bracket (most lists): every separator splits, found by one compiled pattern.
        for match in _separator_pattern().finditer(normalized):
            raw.append((start, match.start()))
            start = match.end()
    else:
        depth = 0
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

    # Spaces count as separators only where the original has them too (a masked gloss is no gap).
    spaced = normalized
    if _MASKED.search(normalized):
        spaced = "".join(n if not (n.isspace() and not o.isspace()) else "\u2060" for n, o in zip(normalized, original))
    fragments = _cut_trailing_junk(spaced, fragments)
    items: list[tuple[int, str, str]] = []  # (offset, mention, name)
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
        surface = _GLOSS_IN_SURFACE.sub("", original[s:e]).strip().strip("、,,;;").replace("\n", "")
        name = strip_note(name.replace("\n", ""))
        core, collective = strip_etc(name)
        if core != name:
            cut = len(core) if surface.startswith(core) or len(surface) == len(name) else len(surface)
            items.append((s, surface[:cut], core))
            if collective:
                items.append((s, surface[cut + 1 :], collective))
            continue
        items.append((s, surface, name))
    restored = restore_elided_prefix([name for _, _, name in items])
    return tuple((offset, mention, name) for (offset, mention, _), name in zip(items, restored))


@lru_cache(maxsize=1)
def _markers() -> dict:
    """markers.yaml, parsed once for every reader (each derives its patterns from a copy)."""
    text = resources.files("graph_builder.data").joinpath("markers.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def markers_copy() -> dict:
    """A shallow copy of markers.yaml's contents, for a reader to add its compiled patterns to."""
    return dict(_markers())


def lead_marks() -> str:
    """The marks written beside the unit that leads (★), from markers.yaml."""
    return _markers()["lead_marks"]


@lru_cache(maxsize=1)
def _lead_mark_pattern() -> re.Pattern:
    return re.compile("[" + re.escape(lead_marks()) + "]")


def has_lead_mark(text: str) -> bool:
    """Whether a ★ (or another lead mark) stands in ``text``."""
    return _lead_mark_pattern().search(text) is not None


def strip_marks(text: str) -> str:
    """``text`` without lead marks: ★区发改委 -> 区发改委."""
    return _lead_mark_pattern().sub("", text) if has_lead_mark(text) else text


def is_standing_note(name: str) -> bool:
    """A note inside a responsibility clause, not an agency: 下同, 不再列出.

    >>> is_standing_note("下同"), is_standing_note("市发改委")
    (True, False)
    """
    return name.strip("()") in _standing_notes()


@lru_cache(maxsize=1)
def _standing_notes() -> frozenset:
    return frozenset(_markers()["standing_notes"])


@lru_cache(maxsize=1)
def _etc_words() -> tuple[str, ...]:
    """markers.yaml's etc_words, longest first."""
    return tuple(sorted(_markers()["etc_words"], key=len, reverse=True))


_LEVEL_START = "市区县省镇乡"


def restore_elided_prefix(names: list[str]) -> list[str]:
    """A list that names its level once: 市民政局、卫生局、财政局 -> 市卫生局, 市财政局.

    Only short bureau names with no level or place of their own inherit the first item's level
    character, and only when the first item starts with one.

    >>> restore_elided_prefix(["市民政局", "卫生局", "财政局", "国网杭州供电公司"])
    ['市民政局', '市卫生局', '市财政局', '国网杭州供电公司']
    """
    if not names or not names[0] or names[0][0] not in _LEVEL_START or len(names[0]) < 3:
        return names
    prefix = names[0][0]
    return [names[0], *(prefix + name if _is_bare_bureau(name) else name for name in names[1:])]


@lru_cache(maxsize=65536)  # asked for every agency of every list after the first
def _is_bare_bureau(name: str) -> bool:
    """A bureau named without its level: 卫生局, 外经贸局; not a place-named body (湖州电力局)."""
    return (
        2 <= len(name) <= 4
        and name[-1] in "局委办厅"
        and not any(c in name for c in _LEVEL_START)
        and not name.startswith(("各", "有关", "相关", "国网", "中国", "团"))
    )


def strip_etc(name: str) -> tuple[str, str | None]:
    """"X等部门" is X; "X等有关部门" is X and the collective 有关部门.

    >>> strip_etc("市公安局等部门"), strip_etc("市教育局等有关部门"), strip_etc("市发改委")
    (('市公安局', None), ('市教育局', '有关部门'), ('市发改委', None))
    """
    words = _etc_words()
    if not name.endswith(words):
        return name, None  # most names: no 等-word at all (one test for every word)
    for word in words:
        if name.endswith(word) and len(name) > len(word):
            rest = word[1:]
            return name[: -len(word)], (rest if rest.startswith(("有关", "相关")) else None)
    return name, None


_LIST_SEPARATOR = re.compile(r"[、,;]")
_DIGIT = re.compile(r"\d")
_BRACKET = re.compile("[" + re.escape(_OPEN + _CLOSE) + "]")


@lru_cache(maxsize=65536)  # asked of every cell and clause: a document's agency lists recur
def looks_like_agency_list(text: str) -> bool:
    """Whether a whole cell reads as a list of agencies rather than a task's text.

    >>> looks_like_agency_list("市城管委、"), looks_like_agency_list("完成公厕提升改造70座。")
    (True, False)
    """
    text = squeeze(text)
    if text.endswith("。") and "。" not in text[:-1]:
        # A list may end with a full stop, but so does a task's text: a list then needs
        # several names, every one complete (区工信局、区住建局,各乡镇人民政府。).
        body = clean_name(text[:-1])
        parts = [p for p in _LIST_SEPARATOR.split(body) if p]
        return len(parts) >= 2 and all(has_agency_form(p) for p in parts) and not _DIGIT.search(body)
    if not text or "。" in text or _DIGIT.search(text):
        return False
    text = clean_name(text)
    if not _BRACKET.search(text):
        parts = _LIST_SEPARATOR.split(text)  # no bracket: every separator splits
    else:
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


@lru_cache(maxsize=4096)
def find_lead_convention(text: str) -> str | None:
    """The sentence in which a document says its first listed unit is the lead, or None.

    >>> find_lead_convention("责任单位:市政府办公室(列第一位者为工作牵头单位或汇总单位,下同)")
    '(列第一位者为工作牵头单位或汇总单位,下同)'
    """
    match = _search_lead_convention(text)
    if match:
        return match.group(0)
    return _fuzzy_lead_convention(text)


# Every match of LEAD_CONVENTION holds 第一 or 首 within its first characters: a bracket, six
# characters, 列/排/位 and 在 (at most 9) come before it.
_CONVENTION_ANCHOR = re.compile(r"第一|首")
_ANCHOR_REACH = 9


def _search_lead_convention(text: str) -> re.Match | None:
    """``LEAD_CONVENTION.search(text)``, tried only where a match can start (up to
    ``_ANCHOR_REACH`` characters before a 第一 or 首), in order, so the first match is the one
    ``search`` finds; a whole long document is not scanned position by position."""
    tried = 0  # positions below this were tried
    for anchor in _CONVENTION_ANCHOR.finditer(text):
        for position in range(max(tried, anchor.start() - _ANCHOR_REACH), anchor.start() + 1):
            match = LEAD_CONVENTION.match(text, position)
            if match:
                return match
        tried = max(tried, anchor.start() + 1)
    return None


_CONVENTION_HINT = re.compile("第|首|一[位个的责]|位[为是]|[者的]为")


def _fuzzy_lead_convention(text: str) -> str | None:
    """The convention sentence with a damaged character or two (a byte lost in transfer must
    not turn every lead of a document into a co-operator): a window around 第一/首/牵头 that
    scores ≥ 80 against one of the known phrasings.

    >>> _fuzzy_lead_convention("责任单位:市政府办公室(列第一位者为工作牵\ufffd单位,下同)")
    '(列第一位者为工作牵\ufffd单位,下同)'
    """
    from rapidfuzz import fuzz

    phrases = _markers()["lead_convention_phrases"]
    for anchor in re.finditer(r"第一|首位|牵头|第一位", text):
        start = max(0, anchor.start() - 8)
        open_at = text.rfind("(", start, anchor.start())
        start = open_at if open_at != -1 else start
        # Only a ")" within 20 characters counts: looked for there alone, not to the end of
        # the whole document at every anchor (quadratic on a long text with no ")" in it).
        close_at = text.find(")", anchor.end(), anchor.end() + 20)
        end = close_at + 1 if close_at != -1 and close_at - anchor.end() < 20 else min(len(text), anchor.end() + 12)
        window = text[start:end]
        if "。" in window.strip("。"):
            continue
        # The cheap test first: a window with nothing of a phrasing's "first" (most: 牵头 is in
        # every task, 单位 in every label) is not scored at all. Each phrasing keeps a hint with
        # any one character damaged (a test checks every one).
        # With score_cutoff a phrase below 80 scores 0 (and is given up on early): "any phrase
        # scores 80 or more" is the test, as the best score ≥ 80 was.
        if _CONVENTION_HINT.search(window) and any(
            fuzz.partial_ratio(phrase, window, score_cutoff=80) >= 80 for phrase in phrases
        ):
            return window
    return None
