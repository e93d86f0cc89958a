"""Responsibility written inside a task's own line: "…(市发改委牵头,市财政局、市住建局配合)".

Not a layout of its own but a feature any line-based layout may meet, so the line-based parsers
call ``apply_inline_responsibility`` on each task line.
"""

from __future__ import annotations

import re

from ..model import Task
from .base import INLINE_ROLE, ParseContext, find_inline_responsibility
from .cells import Cell


def apply_inline_responsibility(context: ParseContext, task: Task, line: int, text_start: int) -> str | None:
    """If the task's line ends with a responsibility parenthetical, add its agencies to the
    task and return the task text without it; otherwise return None.

    ``text_start`` is where the task's text begins on the line (after its number).
    """
    norm = context.source.norm(line)
    found = find_inline_responsibility(norm[text_start:])
    if not found:
        return None
    paren_start, inner = found
    inner_start = text_start + paren_start + 1
    match = INLINE_ROLE.match(inner)
    if match:
        for group, role in (("lead", "lead"), ("coop", "cooperating")):
            if match.group(group):
                start = inner_start + match.start(group)
                end = inner_start + match.end(group)
                context.add_agencies(task, Cell.from_line(context.source, line, start, end), role)
    else:
        labelled = re.match(r"^(?:责任单位|责任部门)[::](.+)$", inner)
        if not labelled:
            return None
        start = inner_start + labelled.start(1)
        context.add_agencies(task, Cell.from_line(context.source, line, start, inner_start + len(inner)), "responsible")
    return re.sub(r"\s+", "", norm[text_start : text_start + paren_start]).rstrip(",;")
