"""Tables whose cells run together with no separator: text copied out of a PDF or a Word
preview, ``序号重点任务责任领导牵头单位配合单位1建设口袋公园张三市园林局市财政局、各区政府2…``.

1. The header is a concatenation of column words (``markers.yaml`` ``header_words``), at least
   three of them, one an agency column.
2. Rows are cut at the next row number (the sequence goes on: 1, 2, 3 …) and at a repeated
   header (a table broken over pages).
3. Each row is read from its end: a deadline phrase, then the agency columns right to left with
   an agency-name tokeniser (a name ends with a unit ending — 局 委 办 中心 公司 街道 政府 … —
   and starts with a level word or right after the previous name), two names with no separator
   between them belonging to two cells; then a person's name for a leader column; what is left
   is the task's text.

>>> from graph_builder.ingest import source_from_bytes
>>> from graph_builder.parse import parse_source
>>> doc = "序号工作任务牵头单位配合单位1建设口袋公园市园林局市财政局、各区政府2改造背街小巷市城管局各街道"
>>> tasks = parse_source(source_from_bytes(doc.encode(), "t.txt")).tasks
>>> [(t.text, [m.name for m in t.lead], [m.name for m in t.cooperating]) for t in tasks]
[('建设口袋公园', ['市园林局'], ['市财政局', '各区政府']), ('改造背街小巷', ['市城管局'], ['各街道'])]
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..ingest import SourceText
from .base import ParseContext, is_deadline
from .cells import Cell, has_agency_form, looks_like_agency_list, markers_copy, name_rules, squeeze, starting_with
from .columns import column_field

AGENCY_FIELDS = ("lead", "cooperating", "responsible")
DEADLINE_AT_END = re.compile(r"(\d{4}年)?(\d{1,2}月)?(\d{1,2}日)?(底|末|前|中旬|上旬|下旬)*(前|完成)?$|(年底前?|年内|长期|持续推进|全年)$")


@lru_cache(maxsize=1)
def _knowledge() -> dict:
    data = markers_copy()
    words = sorted({w for values in data["header_words"].values() for w in values if len(w) > 1} | set(data["extra_header_words"]), key=len, reverse=True)
    data["_header_re"] = re.compile("|".join(re.escape(w) for w in words))
    # Three header words in a row somewhere: without that no header can start anywhere (the
    # words found one after another below are one way of matching it), so most lines are
    # turned away by one search.
    data["_header_run_re"] = re.compile(starting_with(words) + "(?:" + "|".join(re.escape(w) for w in words) + "){3,}")
    data["_endings"] = sorted(data["unit_endings"], key=len, reverse=True)
    # "Does a level word start here" and "which unit ending ends here", one pattern each: these
    # are asked at every position of a run-together row.
    data["_level_re"] = re.compile("|".join(map(re.escape, data["level_words"])))
    strong = [p for p in data["level_words"] if p[0] not in "区镇乡州"]
    data["_strong_level_re"] = re.compile("|".join(map(re.escape, strong))) if strong else re.compile(r"(?!)")
    data["_ending_re"] = re.compile("(?:" + "|".join(map(re.escape, data["_endings"])) + r")\Z")
    data["_ending_reach"] = max(map(len, data["_endings"]))
    data["leader_titles"] = name_rules()["leader_titles"]
    data["_measure"] = "|".join(sorted(map(re.escape, data["measure_words"]), key=len, reverse=True))
    return data


_AGENCY_HEADER_HINT = re.compile(r"单\s*位|部\s*门|牵\s*头|主\s*体|科\s*室|处\s*室|配\s*合|协\s*办|责\s*任")
_AGENCY_HEADER_HINT_IN_TEXT = re.compile(_AGENCY_HEADER_HINT.pattern.replace(r"\s", r"[^\S\n]"))  # within a line


def find_header(norm: str, start: int = 0) -> tuple[int, int, list[str | None]] | None:
    """(start, end, fields) of the first run of ≥ 3 concatenated header words; spaces inside
    the run are ignored (序号 工 作 任 务 牵头负责部门).

    >>> find_header("序号 工 作 任 务 牵头负责部门")[2]
    ['seq', 'text', 'lead']
    """
    if not _AGENCY_HEADER_HINT.search(norm, start):
        return None  # no agency column word at all: no header here (most lines)
    if len(squeeze(norm)) == len(norm):
        # No space in the line (most Chinese lines): offsets in it are the compact ones.
        found = _find_header_compact(norm, start)
        if found is None:
            return None
        begin, end, fields = found
        while end < len(norm) and not norm[end].isdigit():
            end += 1
        return begin, end, fields
    positions = [i for i, c in enumerate(norm) if not c.isspace()]
    compact = "".join(norm[i] for i in positions)
    first = next((k for k, i in enumerate(positions) if i >= start), len(positions))
    found = _find_header_compact(compact, first)
    if found is None:
        return None
    begin, end, fields = found
    end = positions[end - 1] + 1
    # The last word may go on (牵头 + 负责部门): the header ends at a space or a row number.
    while end < len(norm) and not norm[end].isspace() and not norm[end].isdigit():
        end += 1
    return positions[begin], end, fields


def _find_header_compact(norm: str, start: int) -> tuple[int, int, list[str | None]] | None:
    if not _knowledge()["_header_run_re"].search(norm, start):
        return None
    pattern = _knowledge()["_header_re"]
    position = start
    while True:
        first = pattern.search(norm, position)
        if not first:
            return None
        words = [first.group(0)]
        end = first.end()
        while (following := pattern.match(norm, end)) is not None:
            words.append(following.group(0))
            end = following.end()
        fields = [column_field(w) for w in words]
        if len(words) >= 3 and set(fields) & set(AGENCY_FIELDS) and ("text" in fields or "seq" in fields):
            if "lead" in fields:
                fields = ["cooperating" if f == "responsible" else f for f in fields]
            return first.start(), end, fields
        position = first.end()


def column_field_is_free(fields: list[str | None], index: int) -> bool:
    """Whether column ``index`` may hold any text (not an agency column)."""
    return index < len(fields) and fields[index] not in AGENCY_FIELDS


def _is_ending(text: str, end: int) -> int:
    """Length of the unit ending that finishes ``text[:end]`` (0 if none)."""
    # The leftmost match that ends at ``end`` is the longest ending, the one the endings,
    # longest first, would give.
    knowledge = _knowledge()
    match = knowledge["_ending_re"].search(text, max(0, end - knowledge["_ending_reach"]), end)
    return match.end() - match.start() if match else 0


def _ends_a_name(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends with a whole name (市园林局), not a bare level (各区)."""
    ending = _is_ending(text, end)
    if not ending:
        return False
    strong = _knowledge()["_strong_level_re"]
    for start in range(end - ending - 1, max(-1, end - 16), -1):
        if text[start] in "、,;":
            return end - start - 1 >= 3
        if strong.match(text, start):
            return end - start >= 3
    return end >= 3


def agency_tokens(text: str) -> tuple[int, list[tuple[int, int]]]:
    """Agency names at the end of ``text``, right to left: (where they begin, spans).

    >>> agency_tokens("建设公园张三市园林局市财政局、各区政府")
    (6, [(6, 10), (10, 14), (15, 19)])
    >>> agency_tokens("推进市住房和城乡建设局")[1]
    [(2, 11)]
    """
    level_word = _knowledge()["_level_re"]
    spans: list[tuple[int, int]] = []
    end = len(text)
    while end > 0:
        if text[end - 1] in "、,;":
            end -= 1
            continue
        if text[end - 1] == ")":  # a qualifier: 市发改委(铁办)
            open_at = text.rfind("(", 0, end)
            if open_at <= 0:
                break
            core_end = open_at
        else:
            core_end = end
        if not _is_ending(text, core_end):
            break
        # Start: the nearest level word that follows a boundary (the text's start, a separator
        # or the end of another name), within a name's length (15); else the nearest level word.
        window = range(core_end - 2, max(-1, core_end - 16), -1)
        best = fallback = weak = None
        inside = _knowledge()["level_word_inside"]
        for start in window:
            if text[start] in "、,;" or text[start].isdigit():
                break  # a name holds no figure: 10公里市自然资源规划局
            if not level_word.match(text, start):
                continue
            if start > 0 and text[start - 1 : start + 1] in inside:
                continue  # 城市, 社区: the level word inside a word starts no name
            if text[start] in "区镇乡州":  # also inside names (开发区, 城乡): a weak start
                weak = start if weak is None else weak
            else:
                fallback = start if fallback is None else fallback
            if start == 0 or text[start - 1] in "、,;" or _ends_a_name(text, start):
                best = start
                break
        best = next((b for b in (best, fallback, weak) if b is not None), None)
        if best is None:
            break
        # Two level words in a row start one name (区市场监管局), not a name ending in 区.
        # (…5座区市场监管局: a figure and its measure word just before).
        if best > 0 and text[best - 1] in "区县市" and (
            best - 1 == 0 or text[best - 2] in "、,;" or _is_ending(text, best - 1)
            or any(c.isdigit() for c in text[max(0, best - 4) : best - 1])
        ):
            best -= 1
        spans.append((best, end))
        end = best
    spans.reverse()
    return (spans[0][0] if spans else len(text)), spans


def _cells_from_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Group name spans into cells: names joined by 、 share a cell, adjacent names do not."""
    cells: list[list[int]] = []
    for start, end in spans:
        if cells and re.fullmatch(r"[、,;]+", text[cells[-1][1] : start] or "x"):
            cells[-1][1] = end
        else:
            cells.append([start, end])
    return [(s, e) for s, e in cells]


# Row 1 right after the header; "1-8月完成情况" is a header cell, not a row.
ROW_ONE = re.compile(r"\s*1(?![\d\-—~～至月年%.])")


def _unit_cell(text: str) -> bool:
    """A cell that is a unit's name or a list of them (not a figure: 2所, 3600人)."""
    return not text[0].isdigit() and (has_agency_form(text) or looks_like_agency_list(text))


def _spaced_header(norm: str) -> list[str | None] | None:
    """The fields of a header line whose cells are separated by spaces, each a column's name;
    None when the line is not such a header."""
    words = norm.split()
    if len(words) < 3 or any(len(w) > 12 for w in words):
        return None
    fields = [column_field(w) for w in words]
    if "text" not in fields or not set(fields) & set(AGENCY_FIELDS):
        return None
    if "lead" in fields:
        fields = ["cooperating" if f == "responsible" else f for f in fields]
    return fields


def _spaced_sub_row(text: str) -> bool:
    """An unnumbered line of a spaced table: some text, then a unit's name as a cell."""
    cells = text.split()
    return len(cells) >= 2 and any(_unit_cell(c) for c in cells[1:])


class RunTogetherTableReader:
    name = "run_together"

    def detect(self, source: SourceText) -> float:
        # Only a line with an agency column's word can hold a header (find_header's first test).
        for number in source.lines_with(_AGENCY_HEADER_HINT_IN_TEXT):
            norm = source.norm(number)
            found = find_header(norm)
            if not found:
                continue
            rest = norm[found[1] :]
            following = source.norm(number + 1) if number < len(source.lines) else ""
            if re.match(r"\s*1(?!\d)", rest) or (not rest.strip() and re.match(r"\s*1(?!\d)[^\d.、.)]", following)):
                return 0.8  # the header runs straight into row 1, or row 1 is the next line
        return 0.0

    def parse(self, context: ParseContext) -> None:
        source = context.source
        numbers = source.line_numbers
        index = 0
        at_line = context.at_line
        while index < len(numbers):
            number = numbers[index]
            index += 1
            if at_line is not None:
                at_line(number)
            if context.line_roles.get(number) in ("task", "header", "metadata", "footer"):
                continue
            norm = source.norm(number)
            header = find_header(norm)
            if not header:
                continue
            _, header_end, fields = header
            rest_starts_row = ROW_ONE.match(norm[header_end:])
            following = [n for n in numbers[index : index + 2] if source.norm(n).strip()]
            next_is_row_one = bool(following) and bool(re.match(r"\s*1(?!\d)\D", source.norm(following[0])))
            spaced = None if rest_starts_row else _spaced_header(norm)
            if not rest_starts_row and not (next_is_row_one and (not norm[header_end:].strip() or spaced)):
                continue
            if spaced:
                fields = spaced  # one cell a word: 序号 项目名称 责任单位 目标任务 完成情况 备注
            context.mark(number, "header", overwrite=True)
            program = context.new_program(None, None, number)
            expected = 1
            # The rows: after the header on its line, then on the lines that go on numbering
            # (and, in a spaced table, the unnumbered sub-rows that name their own unit).
            segments = [(number, header_end)] if rest_starts_row else []
            while index < len(numbers):
                line = numbers[index]
                if at_line is not None:
                    at_line(line)
                text = source.norm(line)
                if not text.strip():
                    index += 1
                    continue
                numbered = re.match(r"\s*\d{1,3}(?!\d)\D", text)
                if find_header(text) or not (numbered or (spaced and segments and _spaced_sub_row(text))):
                    break
                segments.append((line, 0))
                index += 1
            row_seq = None
            for line, start in segments:
                if spaced:
                    row_seq = self._spaced_cells(context, line, program, fields, row_seq)
                    continue
                if start == 0 and self._spaced_row(context, line, program, fields):
                    expected += 1
                    continue
                rows = self._rows(source.norm(line), start, expected)
                if not rows:
                    break
                for seq, row_start, row_end in rows:
                    self._row(context, line, program, fields, str(seq), row_start, row_end)
                expected = rows[-1][0] + 1

    @staticmethod
    def _rows(norm: str, start: int, expected: int = 1) -> list[tuple[int, int, int]]:
        """(seq, text start, end) of each row: cut at the next number and a repeated header."""
        rows = []
        position = start
        while True:
            match = re.compile(rf"\s*{expected}(?!\d)").match(norm, position)
            if not match:
                break
            text_start = match.end()
            # The next row's number, not a figure: 小区3家 counts households (measure words).
            following = re.compile(rf"(?<=[^\d]){expected + 1}(?![\d%]|{_knowledge()['_measure']})")
            next_row = None
            for candidate in following.finditer(norm, text_start):
                before = norm[text_start : candidate.start()]
                if _is_ending(before, len(before)) or before.endswith((")", "前", "底", "完成", "年内", "长期")):
                    next_row = candidate.start()
                    break
            repeated = find_header(norm, text_start)
            end = next_row if next_row is not None else len(norm.rstrip())
            if repeated and repeated[0] < end:
                rows.append((expected, text_start, repeated[0]))
                position = repeated[1]
                expected += 1
                continue
            rows.append((expected, text_start, end))
            if next_row is None:
                break
            position = next_row
            expected += 1
        return rows

    def _row(self, context: ParseContext, number: int, program, fields, seq: str, start: int, end: int) -> None:
        source = context.source
        norm = source.norm(number)
        row = norm[start:end].rstrip()
        deadline = None
        if "deadline" in fields and fields[-1] == "deadline":
            match = DEADLINE_AT_END.search(row)
            if match and match.group(0) and is_deadline(match.group(0)):
                deadline = match.group(0)
                row = row[: match.start()]
        agency_fields = [f for f in fields if f in AGENCY_FIELDS]
        region_start, spans = agency_tokens(row)
        cells = _cells_from_spans(row, spans)
        # Right to left: the last cells are the last agency columns, and cells beyond the
        # columns stay in the text. With fewer cells than columns, an empty 配合单位 is likelier
        # than an empty 牵头单位: the cells fill the columns from the left.
        assigned: list[tuple[str, tuple[int, int]]] = []
        if len(cells) < len(agency_fields):
            assigned = list(reversed(list(zip(agency_fields, cells))))
        else:
            for field_name, cell in zip(reversed(agency_fields), reversed(cells)):
                assigned.append((field_name, cell))
        used = len(assigned)
        text_end = cells[-used][0] if used else len(row)
        leader = None
        if "leader" in fields:
            text_end, leader = self._leader(row[:text_end])
        text = squeeze(row[:text_end])
        task = context.new_task(text=text, lines=(number, number), program=program, seq=seq)
        task.deadline = deadline
        if leader:
            from ..model import Leader

            task.leader = Leader(leader, "", task.jurisdiction.id if task.jurisdiction else None)
        for field_name, (cell_start, cell_end) in reversed(assigned):
            context.add_agencies(task, Cell.from_line(source, number, start + cell_start, start + cell_end), field_name)
        context.mark(number, "task", overwrite=True)

    def _spaced_row(self, context: ParseContext, number: int, program, fields) -> bool:
        """A row whose cells are separated by spaces (one row a line): the number first, the
        trailing columns last, the task's text (spaces and all) in between."""
        source = context.source
        norm = source.norm(number)
        tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", norm)]
        if len(tokens) < len(fields) or fields[0] != "seq" or not norm[tokens[0][0] : tokens[0][1]].isdigit():
            return False
        text_index = fields.index("text") if "text" in fields else 1
        tail = len(fields) - text_index - 1
        cells = tokens[len(tokens) - tail :] if tail else []
        if not all(has_agency_form(norm[a:b]) or column_field_is_free(fields, i) for i, (a, b) in enumerate(cells, text_index + 1)):
            return False
        text_start, text_end = tokens[1][0], (cells[0][0] if cells else len(norm.rstrip()))
        task = context.new_task(text=squeeze(norm[text_start:text_end]), lines=(number, number), program=program,
                                seq=norm[tokens[0][0] : tokens[0][1]])
        for field_name, (a, b) in zip(fields[text_index + 1 :], cells):
            if field_name in AGENCY_FIELDS:
                context.add_agencies(task, Cell.from_line(source, number, a, b), field_name)
            elif field_name == "deadline":
                task.deadline = norm[a:b]
        context.mark(number, "task", overwrite=True)
        return True

    def _spaced_cells(self, context: ParseContext, number: int, program, fields, row_seq: str | None) -> str | None:
        """A row of a table whose cells are separated by spaces and whose empty cells are left
        out: the number, the text cells, then the first run of unit names (one per agency
        column); the figures and remarks after them are other columns. A row without a number
        under a numbered one is its sub-row. Returns the row's number."""
        source = context.source
        norm = source.norm(number)
        tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", norm)]
        first = norm[tokens[0][0] : tokens[0][1]]
        seq = first if first.isdigit() else row_seq
        text_from = 1 if first.isdigit() else 0
        agency_fields = [f for f in fields if f in AGENCY_FIELDS]
        units = next((i for i in range(text_from + 1, len(tokens)) if _unit_cell(norm[tokens[i][0] : tokens[i][1]])), None)
        if units is None:
            return seq
        text = "".join(norm[a:b] for a, b in tokens[text_from:units])
        task = context.new_task(text=text, lines=(number, number), program=program, seq=seq)
        for field_name, (a, b) in zip(agency_fields, tokens[units:]):
            if not _unit_cell(norm[a:b]):
                break
            context.add_agencies(task, Cell.from_line(source, number, a, b), field_name)
        context.mark(number, "task", overwrite=True)
        return seq

    @staticmethod
    def _leader(text: str) -> tuple[int, str | None]:
        """A person's name (with a title) at the end of ``text``: where it starts, the name."""
        knowledge = _knowledge()
        for title in sorted(knowledge["leader_titles"], key=len, reverse=True):
            if text.endswith(title):
                body = text[: -len(title)]
                size = 3 if len(body) >= 3 and body[-3] in knowledge["surnames"] else 2
                return len(body) - size, body[-size:] + title
        if len(text) >= 3 and text[-3] in knowledge["surnames"] and text[-2] not in knowledge["surnames"]:
            return len(text) - 3, text[-3:]
        if len(text) >= 2 and text[-2] in knowledge["surnames"]:
            return len(text) - 2, text[-2:]
        return len(text), None


PARSER = RunTogetherTableReader()
