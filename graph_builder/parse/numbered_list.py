"""Numbered project lists under headings, such as a news article's "上城区政府年度民生实事项目".

Seen in the 2020-era article on Hangzhou's people's-congress vote: one list per government
(the city and four districts), each numbered 1。…10。, with prose sections on the congress's
supervision between them. A heading names the government whose list follows, so each task
gets that government's jurisdiction. Items usually assign no agency; when an item ends with a
responsibility parenthetical ("(市发改委牵头,市财政局配合)"), it is read.

A line with no number after an item continues the item; prose under a heading that opens no
project list (监督安排) is narrative.
"""

from __future__ import annotations

import re

from .. import jurisdictions
from ..ingest import SourceText
from ..model import Program, Task
from .base import NUMBERED, ParseContext, find_inline_responsibility
from .inline import apply_inline_responsibility
from .metadata import jurisdiction_names

TASK_HEADING_WORDS = re.compile(r"项目|实事|任务|清单|重点工作")
GOVERNMENT_IN_HEADING = re.compile(r"^([\u4e00-\u9fff]{2,6}?[市区县])(?:人民)?政府")


def _is_heading(norm: str) -> bool:
    return len(norm) <= 40 and not re.search(r"[。,;:!?]", norm) and not NUMBERED.match(norm)


class NumberedListParser:
    name = "numbered_list"

    def detect(self, source: SourceText) -> float:
        numbered = [line for line in source.normalized if NUMBERED.match(line)]
        if len(numbered) < 3:
            return 0.0
        inline = sum(1 for line in numbered if find_inline_responsibility(line))
        return 0.75 if inline >= 2 else 0.3

    def parse(self, context: ParseContext) -> None:
        source = context.source
        numbers = [n for n in source.line_numbers if source.norm(n).strip()]
        program: Program | None = None
        task: Task | None = None
        jurisdiction = context.document.jurisdiction
        in_task_section = False
        seen_section = False
        at_line = context.at_line
        for position, number in enumerate(numbers):
            if at_line is not None:
                at_line(number)
            if number in context.line_roles:
                continue
            norm = source.norm(number).strip()
            numbered = NUMBERED.match(norm)
            if _is_heading(norm):
                following = numbers[position + 1 : position + 2]
                opens_list = bool(following) and bool(NUMBERED.match(source.norm(following[0]).strip()))
                seen_section = True
                task = None
                if opens_list or TASK_HEADING_WORDS.search(norm) and "监督" not in norm:
                    in_task_section = True
                    jurisdiction = self._jurisdiction_of(context, norm) or context.document.jurisdiction
                    program = context.new_program(None, norm, number)
                else:
                    in_task_section = False
                context.mark(number, "heading")
                continue
            if numbered and (in_task_section or not seen_section):
                if program is None:
                    program = context.new_program(None, None, number)
                task = context.new_task(
                    text=re.sub(r"\s+", "", numbered.group(2)),
                    lines=(number, number),
                    program=program,
                    seq=numbered.group(1),
                    jurisdiction=jurisdiction,
                )
                stripped = apply_inline_responsibility(context, task, number, source.norm(number).find(numbered.group(2)))
                if stripped is not None:
                    task.text = stripped
                context.mark(number, "task")
                continue
            if task is not None and in_task_section:
                task.text += re.sub(r"\s+", "", norm)
                context.extend_span(task, number)
                context.mark(number, "task")
                continue
            context.mark(number, "narrative" if seen_section else "preamble")
        if context.document.jurisdiction is None:
            # A list of several governments' projects: the document belongs to the one they
            # all sit in (the city above the districts).
            found = {t.jurisdiction.id: t.jurisdiction for t in context.tasks if t.jurisdiction}
            cities = [j for j in found.values() if j.level == "city"]
            if cities:
                context.document.jurisdiction = cities[0]

    @staticmethod
    def _jurisdiction_of(context: ParseContext, heading: str):
        match = GOVERNMENT_IN_HEADING.match(heading)
        if not match:
            return None
        city, district = jurisdiction_names(match.group(1))
        if district is None and match.group(1).endswith(("区", "县")):
            district = match.group(1)
        if city is None and district is not None and context.document.jurisdiction:
            parent = context.document.jurisdiction
            city = parent.name if parent.level == "city" else None
        if city is None and district is None:
            return None
        return jurisdictions.find(city, district)


PARSER = NumberedListParser()
