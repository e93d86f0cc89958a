"""Table columns: which header words mean which task field.

Shared by the table layouts (pipe tables, one-cell-per-line tables), so a table with a
责任领导 or 完成时限 column is read the same way whatever its layout.
"""

from __future__ import annotations

import re
from functools import lru_cache

# field -> header words (simplified, spaces removed), most specific first.
COLUMN_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("seq", ("序号", "编号", "序")),
    ("lead", ("牵头单位", "牵头部门", "主办单位", "牵头责任单位", "牵头")),
    ("cooperating", ("配合单位", "配合部门", "协办单位", "参与单位", "协同单位", "配合")),
    ("responsible", ("责任单位", "责任部门", "承办单位")),
    ("leader", ("责任领导", "分管领导", "牵头领导", "联系领导", "市领导", "区领导")),
    ("deadline", ("预计完成时间", "完成时限", "完成时间", "时间节点", "时限", "完成期限")),
    ("category", ("目标类型", "目标类别", "指标类型", "类别", "类型")),
    ("target", ("指标要求", "工作目标", "目标任务", "目标要求", "任务目标", "主要目标", "考核指标", "具体目标")),
    ("text", ("任务名称", "项目名称", "工作任务", "重点工作", "项目内容", "工作内容", "主要任务", "工作事项", "任务", "项目")),
]


@lru_cache(maxsize=4096)
def column_field(header_cell: str) -> str | None:
    """The task field a header cell names, or None.

    >>> column_field("牽頭單位".replace("牽頭單位", "牵头单位")), column_field("任 务 名 称"), column_field("预计完成 时 间")
    ('lead', 'text', 'deadline')
    """
    word = re.sub(r"\s+", "", header_cell)
    if not word:
        return None
    for field_name, words in COLUMN_WORDS:
        if any(word == w or (len(w) > 1 and w in word) for w in words):
            return field_name
    return None


def map_columns(header_cells: list[str]) -> list[str | None] | None:
    """Fields of a header row, or None when the row is not a task table's header.

    A header must name at least two known fields, one of them an agency column. When there is
    a lead column, a 责任单位 column beside it is the co-operating units (as in the Hangzhou
    2017 table); without one, 责任单位 is read by the document's own lead convention.
    """
    fields = [column_field(cell) for cell in header_cells]
    known = [f for f in fields if f]
    if len(known) < 2 or not {"lead", "cooperating", "responsible"} & set(known):
        return None
    if "lead" in fields:
        fields = ["cooperating" if f == "responsible" else f for f in fields]
    return fields
