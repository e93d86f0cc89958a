"""The general reader: tasks in running text, whatever the enumerators and however the
responsibility is written.

It works in three passes over the lines that no table reader has claimed:

1. **Segment** each line into units, splitting at an enumerator in the middle of a line when
   it continues its style's sequence (whole documents arrive as one line when copied from a
   PDF), so ``…增长6%。2.规模…`` is two units but ``完成1.5万户`` and ``2023年`` are not split.
2. **Classify** each unit: an enumerator (style and value), a field label (牵头单位:…,
   完成时限:…, 项目名称:…), responsibility clauses in any bracket pair ((X牵头,Y配合),
   【责任单位:…】) or trailing the unit (…,由X牵头), or plain text.
3. **Assemble** in one pass: an enumerator opens an item at its style's level (a stack of
   levels, in the order the document introduces them), a task label opens one below the
   deepest level; responsibility attaches to the open item — or to the group heading when it
   follows several sub-items none of which has its own. Items with agencies are tasks, items
   above them are programs; when the whole document names no agency, the leaf items are tasks.

The words it knows live in ``graph_builder/data/markers.yaml``.

>>> from graph_builder.ingest import source_from_bytes
>>> from graph_builder.parse import parse_source
>>> doc = "一、稳增长\\n1.地区生产总值增长6%。(市发改委牵头,市统计局配合)2.新增就业1万人。(市人社局负责)\\n"
>>> extraction = parse_source(source_from_bytes(doc.encode(), "t.txt"))
>>> [(t.text, [m.name for m in t.lead], [m.name for m in t.cooperating]) for t in extraction.tasks]
[('地区生产总值增长6%。', ['市发改委'], ['市统计局']), ('新增就业1万人。', ['市人社局'], [])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..ingest import SourceText
from ..model import Leader, Program
from .base import ParseContext, chinese_number, parse_leader_heading
from .columns import column_field
from .cells import (
    Cell, find_lead_convention, has_agency_form, looks_like_agency_list, markers_copy, name_rules, split_agencies, squeeze, starting_with,
)

FOOTER = re.compile(r"^\s*(抄送|抄报|主送)[::]|印发\s*$|^\s*\(此件|扫描二维码|关注我们")
SECTION = re.compile(r"^\s*附件\s*(\d*)\s*[::]?\s*$")


@lru_cache(maxsize=1)
def markers() -> dict:
    data = markers_copy()
    data["_enumerators"] = [
        (e["style"], re.compile(r"\s*" + e["pattern"]), e["numeral"], bool(e.get("on_original")), bool(e.get("rhetorical")))
        for e in data["enumerators"]
    ]
    # One pattern for "any enumerator here" on each view, so that the many positions where
    # none stands are turned away by one match instead of one per style.
    data["_enumerator_any"] = tuple(
        re.compile(r"\s*(?:" + "|".join("(?:" + e["pattern"] + ")" for e in group) + ")") if group else None
        for group in ([e for e in data["enumerators"] if not e.get("on_original")], [e for e in data["enumerators"] if e.get("on_original")])
    )
    verbs = sorted(data["role_verbs"], key=lambda v: -len(v["word"]))
    data["_verb_re"] = re.compile(starting_with(v["word"] for v in verbs) + "(?:" + "|".join(re.escape(v["word"]) for v in verbs) + ")")
    data["_verb_role"] = {v["word"]: v["role"] for v in verbs}
    labels = sorted(data["field_labels"], key=lambda v: -len(v["word"]))
    composed = "(?:{0})(?:{0})+(?:{1})".format(*("|".join(map(re.escape, data[k])) for k in ("label_qualifiers", "label_nouns")))
    # The composed form first: 配合实施单位 is one label, not 配合 and a value 实施单位.
    # A bare role word (牵头, 配合) is a label only before a colon: elsewhere it is a verb.
    label_words = composed + "|" + "|".join(re.escape(v["word"]) + (r"(?=\s*[::])" if v.get("colon") else "") for v in labels)
    label_starts = starting_with([*data["label_qualifiers"], *(v["word"] for v in labels)])
    data["_label_re"] = re.compile(label_starts + r"(?P<label>" + label_words + r")\s*(?P<colon>[::])?\s*")
    data["_label_full_re"] = re.compile(composed + "|" + "|".join(re.escape(v["word"]) for v in labels if not v.get("colon")))
    data["_label_field"] = {v["word"]: v["field"] for v in labels}
    data["_close"] = {close: open_ for open_, close in data["brackets"].items()}
    data["_etc_words"] = tuple(data["etc_words"])
    data["_bracket_re"] = re.compile("[" + re.escape("".join(data["brackets"]) + "".join(data["brackets"].values())) + "]")
    data["_unit_heading_re"] = re.compile(
        r"\s*.+?(?P<verb>" + "|".join(map(re.escape, data["unit_heading_verbs"])) + r")的?"
        r"(?:" + "|".join(map(re.escape, data["unit_heading_nouns"])) + r")*"
        r"\s*(?:\(\s*(?:共\s*)?\d+\s*[项个件条]\s*\))?\s*[。:]?\s*$"
    )
    return data


def label_field(word: str) -> str | None:
    """The field a label names: a listed label's own, a composed one's by its parts.

    >>> label_field("牵头单位"), label_field("配合实施单位"), label_field("牵头落实部门")
    ('lead', 'cooperating', 'lead')
    """
    known = markers()["_label_field"].get(word)
    return known if known else column_field(word)


def _value(numeral: str, text: str) -> int:
    if numeral == "arabic":
        return int(text)
    if numeral == "circled":
        return ord(text) - 0x2460 + 1
    return chinese_number(text.replace("〇", "零")) or 0


@dataclass(slots=True)  # made per line and per name read: slots make them cheaper
class Enumerator:
    style: str
    value: int
    end: int  # offset in the line where the item's text starts


@dataclass(slots=True)
class Unit:
    """A piece of one line: a whole line, or the part of it one enumerator opens."""

    line: int
    start: int
    end: int
    enumerator: Enumerator | None = None


_NOT_SPACE = re.compile(r"\S")
# Item numbers up to 999 open an item anywhere; a larger one (1000. in a list of thousands) only
# where it continues its list, so that 2019、2020年… or 1500 元 never opens one.
_BARE_NUMBER_LIMIT = 1000


def _match_enumerator(
    source: SourceText, line: int, position: int, rhetorical: bool = False, last: dict[str, int] | None = None
) -> Enumerator | None:
    """The enumerator at ``position``; a rhetorical one (一是) only when ``rhetorical``.
    ``last`` holds the value each style's list has reached (a number of four digits or more
    counts only as the next one)."""
    norm, original = source.norm(line), source.line(line)
    any_on_norm, any_on_original = markers()["_enumerator_any"]
    if not (any_on_norm and any_on_norm.match(norm, position)) and not (any_on_original and any_on_original.match(original, position)):
        return None
    for style, pattern, numeral, on_original, is_rhetorical in markers()["_enumerators"]:
        if is_rhetorical and not rhetorical:
            continue
        match = pattern.match(original if on_original else norm, position)
        if match:
            # The first character after the marker (found, not sliced: a whole document can be
            # one line, and a slice of the rest of it at every item made reading it quadratic).
            after = _NOT_SPACE.search(norm, match.end())
            if after is None:
                continue
            # "共 5 个项目", "3 万人": a bare number and a space before a unit word is a count.
            if match.group(0)[-1].isspace() and after.group(0) in "%年月日号万亿元个项人":
                continue
            value = _value(numeral, match.group(1))
            if value >= _BARE_NUMBER_LIMIT and (last is None or last.get(style) != value - 1):
                continue
            return Enumerator(style, value, match.end())
    return None


@lru_cache(maxsize=4)
def _segment_marks(boundaries: str) -> re.Pattern:
    return re.compile("[" + re.escape(boundaries + "([【〔)]】〕") + "]")


def segment(source: SourceText, lines: list[int]) -> list[Unit]:
    """Lines cut into units at enumerators; mid-line only where the sequence continues."""
    boundaries = markers()["midline_boundaries"]
    any_on_norm, any_on_original = markers()["_enumerator_any"]
    last: dict[str, int] = {}
    units: list[Unit] = []
    # 一是…二是… lists the points of an argument in most documents; it lists the tasks only in
    # a document that has no other enumerated line.
    rhetorical = not any(_match_enumerator(source, line, 0) for line in lines)
    for line in lines:
        norm = source.norm(line)
        starts: list[tuple[int, Enumerator | None]] = []
        first = _match_enumerator(source, line, 0, rhetorical, last)
        starts.append((0, first))
        if first:
            last[first.style] = first.value
        depth = 0  # inside brackets (a clause, a note) no item starts
        # Only brackets and boundary characters matter: visit them alone. An item may start
        # right after a boundary (。;:) …) that stands outside every bracket.
        for mark in _segment_marks(boundaries).finditer(norm):
            char = mark.group(0)
            if char in "([【〔":
                depth += 1
            elif char in ")]】〕":
                depth = max(0, depth - 1)
            index = mark.end()
            if char not in boundaries or depth or index >= len(norm):
                continue
            if starts and index < (starts[-1][1].end if starts[-1][1] else 0):
                continue
            if not ((any_on_norm and any_on_norm.match(norm, index)) or (any_on_original and any_on_original.match(source.line(line), index))):
                continue  # no enumerator can stand here (the test _match_enumerator opens with)
            found = _match_enumerator(source, line, index, rhetorical, last)
            if not found:
                continue
            previous_style = next((e.style for _, e in reversed(starts) if e), None)
            if found and (
                found.value == last.get(found.style, -99) + 1
                # a new level opens mid-line (一、稳增长 1.地区…), or the first list starts
                # in the middle of a line of prose (…予以公示。 1.轨道交通…)
                or (found.value == 1 and (previous_style not in (None, found.style) or found.style not in last))
            ):
                starts.append((index, found))
                last[found.style] = found.value
        for position, (start, enumerator) in enumerate(starts):
            end = starts[position + 1][0] if position + 1 < len(starts) else len(norm)
            if norm[start:end].strip():
                units.append(Unit(line, start, end, enumerator))
    return units


# -- responsibility clauses -------------------------------------------------------------------


@dataclass(slots=True)
class Assignment:
    """A run of agencies and the role the text gives them."""

    role: str  # lead | cooperating | responsible | joint
    cell: Cell


@dataclass(slots=True)
class Clause:
    start: int  # offsets in the line of the whole clause, brackets included
    end: int
    assignments: list[Assignment]
    fields: dict[str, str] = field(default_factory=dict)  # leader / deadline values


def _trim(norm: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past separators, 由, and a trailing 等部门-style word."""
    while start < end and norm[start] in " \t,;:、。由及和":
        start += 1
    while end > start and norm[end - 1] in " \t,;:、。":
        end -= 1
    text = norm[start:end]
    if not text.endswith(markers()["_etc_words"]):
        return start, end  # most runs: no 等部门-style word (one test for all of them)
    for word in markers()["etc_words"]:
        if text.endswith(word):
            collective = word[1:]
            if collective.startswith(("有关", "相关")):
                return start, end  # X等有关部门: X and the collective, split later
            return start, end - len(word)
    return start, end


def _standing_note(text: str) -> bool:
    text = text.strip(" ,;、。")
    return not text or text in markers()["standing_notes"]


def parse_responsibility(source: SourceText, line: int, start: int, end: int) -> Clause | None:
    """Read the agencies and their roles from ``norm[start:end]`` of ``line``.

    Labelled parts (牵头单位:X;配合单位:Y), verb forms (X牵头,Y配合 / 由X牵头 / X、Y按职责分工
    负责 / X会同Y负责) and a standing note after 。 are understood.
    """
    data = markers()
    norm = source.norm(line)
    # A standing note after a full stop inside the clause is no part of the list.
    stop = norm.find("。", start, end)
    if stop != -1 and stop < end - 1:
        end = stop
    convention = find_lead_convention(norm[start:end])
    if convention:
        end = start + norm[start:end].find(convention)
    assignments: list[Assignment] = []
    fields: dict[str, str] = {}
    labels = [m for m in data["_label_re"].finditer(norm, start, end) if m.start() == start or norm[m.start() - 1] in " ,;:、。()[]【】〔〕"]
    if labels:
        for index, match in enumerate(labels):
            value_end = labels[index + 1].start() if index + 1 < len(labels) else end
            field_name = label_field(match.group("label"))
            value_start, value_end = _trim(norm, match.end(), value_end)
            if value_start >= value_end:
                continue
            value = norm[value_start:value_end]
            if not match.group("colon") and field_name in ("lead", "cooperating", "responsible") and not (
                looks_like_agency_list(value) or _short_agency(value)
            ):
                return None  # "牵头单位要加强统筹": the word used in a sentence, not a label
            if field_name == "assignment":  # 部门分工: X牵头,Y配合 — a clause in verb form
                assignments += _verbs(source, line, value_start, value_end)
            elif field_name in ("lead", "cooperating", "responsible"):
                inner = _verbs(source, line, value_start, value_end)
                if inner and any(a.role != "responsible" for a in inner):
                    assignments += inner
                else:
                    assignments.append(Assignment(field_name, Cell.from_line(source, line, value_start, value_end)))
            elif field_name in ("leader", "deadline"):
                fields[field_name] = squeeze(norm[value_start:value_end])
            elif field_name == "task":
                fields["task"] = f"{value_start}:{value_end}"
        return Clause(start, end, assignments, fields) if (assignments or fields) else None
    assignments = _verbs(source, line, start, end)
    return Clause(start, end, assignments) if assignments else None


def _verbs(source: SourceText, line: int, start: int, end: int) -> list[Assignment]:
    """X牵头,Y配合 / 由X牵头 / X、Y分别负责 / X会同Y负责: agencies before each role verb."""
    data = markers()
    norm = source.norm(line)
    assignments: list[Assignment] = []
    cursor = start
    for match in data["_verb_re"].finditer(norm, start, end):
        role = data["_verb_role"][match.group(0)]
        s, e = _trim(norm, cursor, match.start())
        cursor = match.end()
        if s >= e:
            continue
        text = norm[s:e]
        if not looks_like_agency_list(text) and not _short_agency(text):
            continue
        joiner = next((w for w in data["with_words"] if w in text), None)
        if joiner and role in ("lead", "responsible"):
            cut = s + text.index(joiner)
            assignments.append(Assignment("lead", Cell.from_line(source, line, s, cut)))
            assignments.append(Assignment("cooperating", Cell.from_line(source, line, cut + len(joiner), e)))
            continue
        assignments.append(Assignment(role, Cell.from_line(source, line, s, e)))
    return assignments


def responsibility_in_line(source: SourceText, line: int) -> tuple[str, list[str]] | None:
    """The first role marker of a line and the agency names it assigns, if the line has both:
    a labelled part (牵头:市园林局, 配合单位:…) or a verb form (由市城管局牵头).

    Only a role's marker counts (a task label such as 事项 does not), and only whole names
    (not 单位 or 本单位 used as a word).
    """
    data = markers()
    norm = source.norm(line)
    verb = data["_verb_re"].search(norm)
    if not verb and not _ROLE_LABEL_NOUN.search(norm):
        return None  # most lines: no role word at all
    roles = ("lead", "cooperating", "responsible", "assignment")
    labels = [m for m in data["_label_re"].finditer(norm) if label_field(m.group("label")) in roles]
    if not labels and not verb:
        return None
    assignments = []
    if verb:
        # Each clause of the sentence on its own: "为抓好落实,由市政府办公室负责督查".
        bounds = [0] + [m.end() for m in re.finditer(r"[,;。:]", norm)] + [len(norm)]
        for start, end in zip(bounds, bounds[1:]):
            assignments += _verbs(source, line, start, end)
    for match in labels:
        clause = parse_responsibility(source, line, match.start(), len(norm))
        assignments += clause.assignments if clause else []
    names = [item.name for a in assignments for item in split_agencies(a.cell) if _whole_name(item.name)]
    if not names:
        return None
    if labels:
        return labels[0].group("label"), names
    # The verb that assigns the first name (not an earlier 落实 in 为抓好落实).
    named_at = max(norm.find(names[0]), 0)
    return (data["_verb_re"].search(norm, named_at) or verb).group(0), names


def _whole_name(name: str) -> bool:
    """A unit's name, not a generic word: 市园林局, 各有关单位, 区委办公室 — not 单位, 每组,
    邀请部门, 决策部署. It starts with a level word or ends with a strong unit ending."""
    if len(name) > 20 or len(name) < 3 or re.search(r"[,。:;>]", name) or not _short_agency(name):
        return False
    data = markers()
    return name.startswith(tuple(data["level_words"])) or name.endswith(tuple(data["strong_unit_endings"]))


def heading_units(source: SourceText, line: int, start: int, end: int) -> list[Assignment]:
    """The units a group heading gives its items: "县示范区管委会牵头工作(8项)", "市民政局负责事项".

    Only a heading that is nothing but units, a role verb, a noun for the work and a count.
    """
    norm = source.norm(line)
    match = markers()["_unit_heading_re"].match(norm, start, end)
    if not match:
        return []
    return _verbs(source, line, start, match.end("verb"))


def _short_agency(text: str) -> bool:
    """A single name such as 市发改委 or 各区县政府 (looks_like_agency_list wants a list form)."""
    text = squeeze(text)
    return 2 <= len(text) <= 30 and looks_like_agency_list(text + "、" + text)


# A role label without a role verb in it ends with one of these nouns (责任单位, 部门分工).
_ROLE_LABEL_NOUN = re.compile("单位|部门|主体|分工")
_SENTENCE_CUT = re.compile("[。,;]")
_PAGE_NUMBER = re.compile(r"\s*\d{1,4}\s*")
_COPIED_TO = re.compile(r"^\s*(抄送|抄报)")
_LABEL_NOISE = re.compile(r"[\s::]")


def find_clauses(source: SourceText, unit: Unit, text_start: int) -> list[Clause]:
    """Responsibility clauses inside one unit: bracketed anywhere, or trailing unbracketed."""
    data = markers()
    norm = source.norm(unit.line)
    clauses: list[Clause] = []
    stack: list[tuple[str, int]] = []
    # Only the brackets matter: visit them alone (one compiled pattern), not every character.
    for bracket in data["_bracket_re"].finditer(norm, text_start, unit.end):
        index, char = bracket.start(), bracket.group(0)
        if char in data["brackets"]:
            stack.append((char, index))
        elif char in data["_close"] and stack:
            open_char, open_at = stack.pop()
            if stack or data["brackets"][open_char] != char:
                continue
            clause = parse_responsibility(source, unit.line, open_at + 1, index)
            if clause is None and not norm[index + 1 : unit.end].strip(" 。;."):  # the unit's last bracket
                clause = _bare_agency_bracket(source, unit.line, open_at + 1, index)
            if clause is not None:
                clause.start, clause.end = open_at, index + 1
                clauses.append(clause)
    if clauses:
        return clauses
    # Unbracketed: a label inside the unit ("…。牵头单位:X;责任单位:Y") or a final sentence
    # "由X牵头,Y配合" / "X负责".
    for match in data["_label_re"].finditer(norm, text_start, unit.end):
        if match.start() > text_start and norm[match.start() - 1] in " ,;。" and label_field(match.group("label")) != "task":
            clause = parse_responsibility(source, unit.line, match.start(), unit.end)
            if clause and clause.assignments:
                return [clause]
    body = norm[text_start : unit.end].rstrip(" 。;.")
    cuts = [m.start() for m in _SENTENCE_CUT.finditer(body)]
    if cuts:
        # The trailing run of sentence pieces that each end with a role verb:
        # "…,由市政府办公室牵头,市督查室配合".
        tail_end = text_start + len(body)
        cut = cuts[-1]
        for earlier in reversed(cuts[:-1]):
            piece = body[earlier + 1 : cut]
            verb = data["_verb_re"].search(piece)
            if not verb or len(piece) - verb.end() > 2 or body[cut] == "。":
                break
            cut = earlier
        tail_start = text_start + cut + 1
        verbs = list(data["_verb_re"].finditer(norm, tail_start, tail_end))
        # The sentence must end with its role verb (…,由X牵头 / X负责): "每组负责1件" is prose.
        if verbs and tail_end - verbs[-1].end() <= 2:
            clause = parse_responsibility(source, unit.line, tail_start, tail_end)
            if clause and clause.assignments and not clause.fields:
                return [clause]
    return []


def _bare_agency_bracket(source: SourceText, line: int, start: int, end: int) -> Clause | None:
    """A trailing bracket that holds only agency names: (市发改委、市财政局)."""
    text = source.norm(line)[start:end]
    if not text.strip() or not looks_like_agency_list(text):
        return None
    return Clause(start, end, [Assignment("responsible", Cell.from_line(source, line, start, end))])


# -- assembly -------------------------------------------------------------------------------


@dataclass(slots=True)
class Item:
    level: int
    seq: str | None
    line: int
    text: str
    last_line: int
    parent: "Item | None" = None
    children: list["Item"] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    closed: bool = False  # a responsibility unit followed: later plain text is not its text
    lines: set[int] = field(default_factory=set)
    leader: tuple | None = None
    section: str | None = None
    # A heading that names the unit for every item under it (一、县示范区管委会牵头工作(8项)).
    heading_assignments: list[Assignment] = field(default_factory=list)

    def has_agencies(self) -> bool:
        return bool(self.assignments)


class ProseReader:
    name = "prose"

    def detect(self, source: SourceText) -> float:
        """Any enumerated or labelled line, or a responsibility clause, makes prose readable."""
        hits = 0
        label_re = markers()["_label_re"]
        for number in source.line_numbers:
            norm = source.norm(number)
            if _match_enumerator(source, number, 0) or label_re.search(norm) or "牵头" in norm:
                hits += 1
        return min(0.5, 0.05 * hits)

    def parse(self, context: ParseContext) -> None:
        source = context.source
        claimed = {n for n, role in context.line_roles.items() if role in ("task", "header", "metadata", "footer")}
        lines = [n for n in source.line_numbers if n not in claimed and source.norm(n).strip()]
        units = segment(source, lines)
        root = Item(level=-1, seq=None, line=0, text="", last_line=0)
        styles: list[str] = []  # enumerator styles in the order of their levels
        stack: list[Item] = [root]
        section: str | None = None
        section_titles: dict[str, str] = {}
        expect_section_title = False
        in_footer = False
        loose: list[tuple[Unit, Clause]] = []  # responsibility seen before any item
        plain_lines: list[int] = []
        open_list: tuple[Item, Assignment] | None = None  # an agency list that goes on on the next line
        pending_label: tuple[str, int] | None = None  # a label alone on its line: the value follows
        label_full_re = markers()["_label_full_re"]
        titles = name_rules()["leader_titles"]
        jurisdiction_id = context.document.jurisdiction.id if context.document.jurisdiction else None
        at_line = context.at_line
        for unit in units:
            if at_line is not None:
                at_line(unit.line, unit.start)
            norm = source.norm(unit.line)
            text = norm[unit.start : unit.end]
            if in_footer or FOOTER.search(text):
                in_footer = in_footer or bool(_COPIED_TO.match(text))
                context.mark(unit.line, "footer")
                continue
            if unit.enumerator is None and unit.start == 0 and _PAGE_NUMBER.fullmatch(norm):
                # A page number alone on its line (text copied out of a PDF): page furniture,
                # also where it interrupts a sentence, which then goes on below it.
                context.mark(unit.line, "footer")
                continue
            if SECTION.match(norm) and unit.start == 0:
                section = squeeze(norm)
                stack = [root]
                styles = []  # a new attachment learns its own levels
                expect_section_title = True
                context.mark(unit.line, "heading")
                continue
            enumerator = unit.enumerator
            if expect_section_title:
                expect_section_title = False
                title = squeeze(text)
                if enumerator is None and 0 < len(title) <= 40 and not re.search(r"[。;:]", title) and not self._starts_with_label(text):
                    section_titles[section] = title  # 附件2 / 十方面民生实事责任分解
                    context.mark(unit.line, "heading")
                    continue
            bare = _LABEL_NOISE.sub("", text)
            if enumerator is None and label_full_re.fullmatch(bare):
                pending_label = (label_field(bare), unit.line)
                open_list = None
                continue
            if pending_label is not None and enumerator is None:
                field_name, label_line = pending_label
                pending_label = None
                start = unit.start + len(text) - len(text.lstrip())
                if field_name == "task":
                    parent = stack[-1] if not stack[-1].fields.get("_labelled") else stack[-1].parent or root
                    while stack and stack[-1] is not parent:
                        stack.pop()
                    item = Item(parent.level + 1, None, unit.line, squeeze(text), unit.line, parent=parent, section=section)
                    item.fields["_labelled"] = "1"
                    item.lines.update({label_line, unit.line})
                    parent.children.append(item)
                    stack.append(item)
                    continue
                target = self._target(stack)
                if field_name in ("lead", "cooperating", "responsible") and target is not root:
                    assignment = Assignment(field_name, Cell.from_line(source, unit.line, start, unit.end))
                    self._attach(target, Clause(unit.start, unit.end, [assignment]), unit.line)
                    target.lines.add(label_line)
                    open_list = (target, assignment)
                    continue
                if field_name in ("leader", "deadline") and target is not root:
                    self._attach(target, Clause(unit.start, unit.end, [], {field_name: squeeze(text)}), unit.line)
                    target.lines.add(label_line)
                    continue
            pending_label = None
            # Asked once: a labelled line (牵头单位:X) needs it up to three times below.
            starts_with_label = enumerator is None and self._starts_with_label(text)
            if open_list is not None:
                item, assignment = open_list
                open_list = None
                if enumerator is None and not starts_with_label and (
                    assignment.cell.text.endswith(("、", ",", ";")) or looks_like_agency_list(text) or _short_agency(text.strip())
                ):
                    assignment.cell.add(source, unit.line, unit.start, unit.end)
                    item.lines.add(unit.line)
                    item.last_line = max(item.last_line, unit.line)
                    if assignment.cell.text.endswith(("、", ",", ";")):
                        open_list = (item, assignment)
                    continue
            if enumerator is not None:
                if enumerator.style not in styles:
                    # A new style goes one level below the deepest open item's.
                    depth = len(stack) - 1
                    styles[depth:] = [enumerator.style]
                level = styles.index(enumerator.style)
                while stack[-1] is not root and stack[-1].level >= level:
                    stack.pop()
                parent = stack[-1]
                item = Item(level, str(enumerator.value), unit.line, "", unit.line, parent=parent, section=section)
                item.lines.add(unit.line)
                parent.children.append(item)
                stack.append(item)
                self._read_text(context, item, unit, enumerator.end)
                parsed = parse_leader_heading(squeeze(item.text), titles, jurisdiction_id)
                if parsed:
                    item.leader = parsed
                if not item.assignments:
                    item.heading_assignments = heading_units(source, unit.line, enumerator.end, unit.end)
                continue
            # Not enumerated: a label, a responsibility line, a task label, or plain text.
            clause = parse_responsibility(source, unit.line, unit.start + len(text) - len(text.lstrip()), unit.end) if starts_with_label else None
            if clause is None and self._is_bracketed_clause(text):
                found = find_clauses(source, unit, unit.start)
                clause = found[0] if found else None
            if clause is not None:
                if "task" in clause.fields:
                    value_start, value_end = map(int, clause.fields.pop("task").split(":"))
                    parent = stack[-1] if not stack[-1].fields.get("_labelled") else stack[-1].parent or root
                    while stack and stack[-1] is not parent:
                        stack.pop()
                    item = Item(parent.level + 1, None, unit.line, squeeze(norm[value_start:value_end]), unit.line, parent=parent, section=section)
                    item.fields["_labelled"] = "1"
                    item.lines.add(unit.line)
                    parent.children.append(item)
                    stack.append(item)
                    if clause.assignments or clause.fields:
                        self._attach(item, clause, unit.line)
                    continue
                target = self._target(stack)
                if target is root:
                    loose.append((unit, clause))
                    continue
                self._attach(target, clause, unit.line)
                if clause.assignments and starts_with_label:
                    open_list = (target, clause.assignments[-1])
                continue
            current = stack[-1]
            if current is root or current.closed:
                found = find_clauses(source, unit, unit.start)
                if any(c.assignments for c in found):
                    # A task written without an enumerator: 推进老旧小区改造(市住建局牵头).
                    parent = current if current is root or current.children else (current.parent or root)
                    while stack and stack[-1] is not parent:
                        stack.pop()
                    item = Item(parent.level + 1, None, unit.line, "", unit.line, parent=parent, section=section)
                    parent.children.append(item)
                    stack.append(item)
                    self._read_text(context, item, unit, unit.start)
                    item.closed = True
                    continue
            if current is not root and not current.closed:
                # Text that continues the open item (a wrapped line, the 工作目标 under a name).
                before = len(current.assignments)
                self._read_text(context, current, unit, unit.start, continuation=True)
                if len(current.assignments) == before and current.fields.get("_labelled") and not current.text:
                    pass
                continue
            plain_lines.append(unit.line)
        self._emit(context, root, loose, plain_lines, section_titles)

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _starts_with_label(text: str) -> bool:
        match = markers()["_label_re"].match(text.lstrip())
        if not match:
            return False
        if match.group("colon"):
            return True
        rest = text.lstrip()[match.end() :].strip()
        field_name = label_field(match.group("label"))
        return field_name in ("lead", "cooperating", "responsible", "assignment") and bool(rest) and (
            looks_like_agency_list(rest) or _short_agency(rest)
        )

    @staticmethod
    def _is_bracketed_clause(text: str) -> bool:
        stripped = text.strip().rstrip("。;.")
        return bool(stripped) and stripped[0] in markers()["brackets"] and stripped[-1] in markers()["_close"]

    @staticmethod
    def _target(stack: list[Item]) -> Item:
        """The item a responsibility line belongs to: the open item, or the group heading
        above it when its earlier siblings have no responsibility of their own."""
        current = stack[-1]
        parent = current.parent
        if current.has_agencies() or parent is None or parent.level < 0 or current.fields.get("_labelled"):
            return current
        # The open item is nearly always the last child: no scan of a long list to find it.
        position = len(parent.children) - 1 if parent.children[-1] is current else parent.children.index(current)
        siblings = parent.children[:position]
        if siblings and not any(s.has_agencies() or s.closed for s in siblings) and not parent.has_agencies():
            return parent
        return current

    @staticmethod
    def _attach(item: Item, clause: Clause, line: int) -> None:
        item.assignments += clause.assignments
        for key, value in clause.fields.items():
            item.fields.setdefault(key, value)
        item.closed = True
        item.lines.add(line)
        item.last_line = max(item.last_line, line)

    def _read_text(self, context: ParseContext, item: Item, unit: Unit, text_start: int, continuation: bool = False) -> None:
        source = context.source
        norm = source.norm(unit.line)
        clauses = find_clauses(source, unit, text_start)
        pieces = []
        cursor = text_start
        for clause in clauses:
            pieces.append(norm[cursor : clause.start])
            cursor = clause.end
            item.assignments += clause.assignments
            for key, value in clause.fields.items():
                if key != "task":
                    item.fields.setdefault(key, value)
        tail = norm[cursor : unit.end]
        if clauses and not tail.strip(" 。;,."):
            tail = ""  # the full stop after a trailing clause ends the clause, not the text
        pieces.append(tail)
        text = squeeze("".join(pieces)).rstrip(",;")
        if clauses and text.endswith("。。"):
            text = text[:-1]
        item.text += text
        item.lines.add(unit.line)
        item.last_line = max(item.last_line, unit.line)
        if clauses:
            item.closed = True  # a responsibility clause ends the item: what follows is another

    def _emit(self, context: ParseContext, root: Item, loose, plain_lines: list[int], section_titles: dict[str, str]) -> None:
        items = list(_walk(root))
        # Agencies anywhere in the document (a table reader's tasks count) make agency-less
        # items headings or prose; a document that names no agency at all lists its tasks bare.
        any_agency = any(i.has_agencies() or i.heading_assignments for i in items) or any(t.mentions for t in context.tasks)
        programs: dict[int, Program] = {}
        agencies_among: dict[tuple[int, str | None], bool] = {}  # computed once a list, not once an item

        def siblings_have_agencies(item: Item) -> bool:
            key = (id(item.parent), item.section)
            if key not in agencies_among:
                siblings = item.parent.children if item.parent else []
                agencies_among[key] = any(s.has_agencies() for s in siblings if s.section == item.section)
            return agencies_among[key]

        for item in items:
            # With agencies in the document, a leaf without any is still a task when a sibling
            # has some (a project the document assigns to no one); a list none of whose items
            # names an agency (the notice's own instructions) is prose.
            given = [] if item.has_agencies() or item.children else _heading_given(item)
            is_task = (
                item.has_agencies()
                or bool(given)
                or (not item.children and (not any_agency or siblings_have_agencies(item)))
            )
            if not is_task:
                continue
            ancestors = []
            node = item.parent
            while node is not None and node.level >= 0:
                ancestors.append(node)
                node = node.parent
            program = None
            if ancestors:
                heading = ancestors[0]
                if id(heading) not in programs:
                    programs[id(heading)] = context.new_program(heading.seq, heading.text or None, heading.line, section=heading.section)
                    for line in heading.lines:
                        context.mark(line, "heading")
                program = programs[id(heading)]
            elif item.section:
                key = hash(item.section)
                if key not in programs:
                    programs[key] = context.new_program(None, section_titles.get(item.section, item.section), None, section=item.section)
                program = programs[key]
            task = context.new_task(text=item.text, lines=(min(item.lines), max(item.lines)), program=program, seq=item.seq)
            leader = next((a.leader for a in ancestors if a.leader), None)
            if leader:
                task.leader, task.assisting_leaders = leader[0], list(leader[1])
            if "leader" in item.fields:
                task.leader = Leader(item.fields["leader"], "", task.jurisdiction.id if task.jurisdiction else None)
            if "deadline" in item.fields:
                task.deadline = item.fields["deadline"]
            for line in item.lines:
                context.mark(line, "task", overwrite=True)
            _add_assignments(context, task, item.assignments or given)
        for item in items:
            for line in item.lines:
                context.mark(line, "heading")
        for unit, clause in loose:
            reason = "responsibility with no task before it"
            if clause.assignments:
                context.skip(unit.line, reason)
            else:
                context.mark(unit.line, "preamble")
        first_item = min([i.line for i in items] + [t.span.line_start for t in context.tasks], default=None)
        for line in plain_lines:
            role = "preamble" if first_item is None or line < first_item else "narrative"
            context.mark(line, role)
        for item in items:
            # The tree is done with: cut its parent links so that it is freed as soon as the
            # reader returns, not at a collection (parsing runs with the collector paused).
            item.parent = None
            item.children = []
        root.children = []


def page_chrome_lines(source: SourceText) -> list[int]:
    """Lines that are page furniture: "- 3 -", 第2页 共5页, a Markdown table's |---| rule."""
    match = _page_chrome().match
    return [n for n, text in enumerate(source.normalized, 1) if match(text)]


@lru_cache(maxsize=1)
def _page_chrome() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in markers()["page_chrome"]))


def _heading_given(item: Item) -> list[Assignment]:
    """Units named by the nearest heading above ``item`` that names some."""
    node = item.parent
    while node is not None and node.level >= 0:
        if node.heading_assignments:
            return node.heading_assignments
        node = node.parent
    return []


def _walk(item: Item):
    for child in item.children:
        yield child
        yield from _walk(child)


def _add_assignments(context: ParseContext, task, assignments: list[Assignment]) -> None:
    """Give each run of agencies its role; a responsible list is settled by the lead policy."""
    has_lead = any(a.role in ("lead", "joint") for a in assignments)
    has_cooperating = any(a.role == "cooperating" for a in assignments)
    for assignment in assignments:
        role = assignment.role
        if role in ("responsible", "joint") and any(a.role == "lead" for a in assignments):
            role = "cooperating"  # 牵头 marked: the units responsible by their duties co-operate
        elif role == "responsible" and has_cooperating:
            role = "lead"  # X负责,Y配合: the one responsible beside co-operators leads
        context.add_agencies(task, assignment.cell, role)


PARSER = ProseReader()
