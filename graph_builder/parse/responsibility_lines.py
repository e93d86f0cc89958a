"""Numbered tasks each followed by labelled lines: "责任单位:…", "牵头单位:…", "配合单位:…".

Seen in the Huzhou 2019 document, where tasks are grouped under the city leader in charge
("一、钱三雄市长牵头重点工作") and a single 责任单位 line lists the units; the document says once,
in its own words, that the first listed unit leads ("列第一位者为工作牵头单位或汇总单位,下同").
That statement is read from the text (see ``cells.find_lead_convention``) and cut out of the
agency list it stands in. Without such a statement a 责任单位 list assigns no lead.

Also read: "牵头单位:" and "配合单位:" on separate lines, a "责任领导:" or "完成时限:" line, and a
responsibility parenthetical at the end of the task line itself.
"""

from __future__ import annotations

import re

from ..ingest import SourceText
from ..model import Leader, Program, Task
from .base import (
    ATTACHMENT_HEADING,
    CHINESE_NUMBERED,
    NUMBERED,
    ParseContext,
    list_continues,
    parse_leader_heading,
)
from .cells import Cell, find_lead_convention, name_rules
from .columns import column_field
from .inline import apply_inline_responsibility

LABEL = re.compile(r"^\s*([\u4e00-\u9fff]{2,6})\s*[::]\s*")
FOOTER = re.compile(r"^\s*(抄送|抄报|印发|主送)[::]|印发\s*$|扫描二维码|关注我们|^\s*\(此件")
AGENCY_LABELS = {"lead", "cooperating", "responsible"}


def _label(norm: str) -> tuple[str, int] | None:
    """(field, offset where the value starts) of a labelled line such as 责任单位:…"""
    match = LABEL.match(norm)
    if not match:
        return None
    field_name = column_field(match.group(1))
    if field_name in AGENCY_LABELS | {"leader", "deadline", "category"}:
        return field_name, match.end()
    return None


class ResponsibilityLinesParser:
    name = "responsibility_lines"

    def detect(self, source: SourceText) -> float:
        labelled = sum(1 for line in source.normalized if (found := _label(line)) and found[0] in AGENCY_LABELS)
        return 0.0 if labelled < 2 else min(0.95, 0.7 + 0.01 * labelled)

    def parse(self, context: ParseContext) -> None:
        source = context.source
        titles = name_rules()["leader_titles"]
        jurisdiction_id = context.document.jurisdiction.id if context.document.jurisdiction else None
        numbers = [n for n in source.line_numbers if source.norm(n).strip()]
        first_task = self._first_task_line(source, numbers)
        section: str | None = None
        program: Program | None = None
        leader = None
        assisting: list = []
        task: Task | None = None
        labels_seen = False  # the current task has had a labelled line
        open_agency: tuple[Cell, str] | None = None
        in_footer = False
        expect_section_title = False
        for number in numbers:
            norm = source.norm(number).strip()
            if number in context.line_roles and context.line_roles[number] == "metadata":
                continue
            if in_footer or FOOTER.search(norm):
                in_footer = in_footer or bool(re.match(r"^\s*(抄送|抄报)", norm))
                context.mark(number, "footer", overwrite=True)
                continue
            if ATTACHMENT_HEADING.match(norm):
                context.mark(number, "heading")
                expect_section_title = True
                task, program = None, None
                continue
            if expect_section_title and number > first_task - 3:
                expect_section_title = False
                if not NUMBERED.match(norm) and not _label(norm):
                    section = re.sub(r"\s+", "", norm)
                    context.mark(number, "heading")
                    leader, assisting = None, []
                    continue
            expect_section_title = False
            if number < first_task:
                context.mark(number, "preamble")
                continue
            if open_agency is not None:
                open_agency = context.continue_cell(task, open_agency, number)
                continue
            chinese = CHINESE_NUMBERED.match(norm)
            if chinese:
                parsed = parse_leader_heading(chinese.group(2), titles, jurisdiction_id)
                leader, assisting = parsed if parsed else (None, [])
                program = context.new_program(None, chinese.group(2).strip(), number, section=section)
                context.mark(number, "heading")
                task = None
                continue
            numbered = NUMBERED.match(norm)
            label = _label(source.norm(number))
            if numbered and not label:
                if program is None:
                    program = context.new_program(None, section, number, section=section)
                task = context.new_task(text=numbered.group(2).strip(), lines=(number, number), program=program, seq=numbered.group(1))
                task.leader, task.assisting_leaders = leader, list(assisting)
                text_start = source.norm(number).find(numbered.group(2))
                stripped = apply_inline_responsibility(context, task, number, text_start)
                if stripped is not None:
                    task.text = stripped
                labels_seen = False
                context.mark(number, "task")
                continue
            if label and task is not None:
                labels_seen = True
                open_agency = self._apply_label(context, task, number, *label)
                context.mark(number, "task")
                continue
            if label:
                context.skip(number, f"labelled line with no task before it ({label[0]})")
                continue
            if task is not None and not labels_seen:
                task.text += re.sub(r"\s+", "", norm)
                context.extend_span(task, number)
                context.mark(number, "task")
                continue
            context.mark(number, "narrative")
        if open_agency is not None:
            context.add_agencies(task, *open_agency)

    @staticmethod
    def _first_task_line(source: SourceText, numbers: list[int]) -> int:
        """The first numbered line that a labelled line follows within a few lines."""
        for index, number in enumerate(numbers):
            if NUMBERED.match(source.norm(number)) and not _label(source.norm(number)):
                for later in numbers[index + 1 : index + 6]:
                    if _label(source.norm(later)):
                        first = number
                        # A heading right above the first task belongs to the task area.
                        for earlier in reversed(numbers[max(0, index - 3) : index]):
                            if CHINESE_NUMBERED.match(source.norm(earlier)) or ATTACHMENT_HEADING.match(source.norm(earlier)):
                                first = earlier
                        return first
                    if NUMBERED.match(source.norm(later)):
                        break
        return numbers[-1] + 1 if numbers else 1

    @staticmethod
    def _apply_label(context: ParseContext, task: Task, number: int, field_name: str, value_start: int):
        source = context.source
        norm = source.norm(number)
        value_end = len(norm.rstrip())
        convention = find_lead_convention(norm[value_start:])
        if convention:
            value_end = value_start + norm[value_start:].find(convention)
        value = re.sub(r"\s+", "", norm[value_start:value_end])
        if field_name in AGENCY_LABELS:
            role = field_name
            if role == "responsible" and task.lead:
                role = "cooperating"  # a 牵头单位 line came first: 责任单位 are the others
            cell = Cell.from_line(source, number, value_start, value_end)
            if list_continues(value):
                return cell, role
            context.add_agencies(task, cell, role)
        elif field_name == "deadline":
            task.deadline = value
        elif field_name == "category":
            task.category = value
        elif field_name == "leader":
            task.leader = Leader(value, "", task.jurisdiction.id if task.jurisdiction else None)
        context.extend_span(task, number)
        return None


PARSER = ResponsibilityLinesParser()
