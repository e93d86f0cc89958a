"""Table columns: which field of a task a header cell names.

One classifier for every table, whatever separates its cells, so a table with a 责任领导, a
建设地点 or a 评分部门 column is read the same way in every layout. The vocabulary is open: a
header cell no listed word names is classified by the rules of ``markers.yaml``
(``column_rules``), by what it ends with (its head noun: …单位, …部门, …领导, …时限) and what
qualifies it (牵头, 主要 → lead; 配合, 协同 → co-operating). The fields:

==============  ===============================================================
seq             the row number (序号)
text, target    the task's text, its target (任务名称, 工作目标)
lead            the units that lead (牵头单位, 主要责任单位)
cooperating     the units that co-operate (配合单位, 协同配合单位)
responsible     units responsible, roles unmarked (责任单位): the lead policy decides
leader          a person in charge (责任领导, 分管县领导)
deadline        when (完成时限)
category        a class of the task (类别, 事项分类)
place           where (建设地点): never an agency
figure          an amount (年度投资, 项目数量)
year            a year (年度)
evaluator       who scores or supervises (评分部门): never a responsible unit
progress        how far the work is (进展情况)
None            anything else (备注, 说明): kept, read as no field
==============  ===============================================================
"""

from __future__ import annotations

import re
from functools import lru_cache

from .cells import markers_copy

AGENCY_FIELDS = ("lead", "cooperating", "responsible")
# Fields that tell a task table's header from a row of words: an agency column and one of these.
CORE_FIELDS = ("seq", "text", "target", "lead", "cooperating", "responsible", "leader", "deadline", "category",
               "place", "figure", "year", "evaluator", "progress")


@lru_cache(maxsize=1)
def _knowledge() -> tuple:
    data = markers_copy()
    exact = {w: field_name for field_name, values in data["header_words"].items() for w in values}
    contained = sorted(((w, f) for w, f in exact.items() if len(w) > 1), key=lambda item: -len(item[0]))
    # One pattern for "may this be a header cell at all": a listed word or a rule's word in
    # it. The data cells of a long table (most of what this function sees) are turned away
    # without trying every rule.
    words = set(exact)
    for rule in data["column_rules"]:
        words.update(rule.get("contains") or ())
        words.update(rule.get("endings") or ())
    inside = re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    return exact, contained, data["column_rules"], frozenset(data["not_header_words"]), inside


def _rule_fits(rule: dict, word: str) -> bool:
    contains, endings = rule.get("contains"), rule.get("endings")
    if contains and not any(c in word for c in contains):
        return False
    if endings and not word.endswith(tuple(endings)):
        return False
    return bool(contains or endings)


_ENUMERATED = re.compile(r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3})[、.]|^\((?:\d{1,3}|[一二三四五六七八九十]{1,3})\)")
_BRACKETED = re.compile(r"^(.+?)\(([^()]*)\)$")


@lru_cache(maxsize=65536)
def column_field(header_cell: str) -> str | None:
    """The task field a header cell names, or None (备注, 进展 … are classified too).

    >>> column_field("牵头单位"), column_field("任 务 名 称"), column_field("预计完成 时 间")
    ('lead', 'text', 'deadline')
    >>> column_field("协同推进单位"), column_field("具体工作举措"), column_field("备注")
    ('cooperating', 'text', None)
    >>> column_field("主要责任单位"), column_field("建设地点"), column_field("年度投资(万元)"), column_field("评分部门")
    ('lead', 'place', 'figure', 'evaluator')
    """
    return _classify(header_cell)[0]


@lru_cache(maxsize=65536)
def _classify(header_cell: str) -> tuple[str | None, bool]:
    """(field, whether the cell is a header word at all)."""
    word = re.sub(r"\s+", "", header_cell).strip("|:")
    if not word or len(word) > 14 or _ENUMERATED.match(word):
        return None, False  # 一、主要目标 is a section's heading, no column's name
    exact, contained, rules, not_header, inside = _knowledge()
    if word in not_header:
        return None, False
    if word in exact:
        return exact[word], True
    if not inside.search(word):
        return None, False  # no header word in it and no rule's word: a data cell
    # A bracket after the head noun qualifies it: 责任单位(牵头) leads, 年度投资(万元) is a figure.
    bracketed = _BRACKETED.match(word)
    head, qualifier = (bracketed.group(1), bracketed.group(2)) if bracketed else (word, "")
    for rule in rules:
        if _rule_fits(rule, head) or (qualifier and _rule_fits(rule, word.replace("(", "").replace(")", ""))):
            field_name = rule["field"]
            for qualified, qualifiers in (rule.get("qualifiers") or {}).items():
                if any(q in word for q in qualifiers):
                    return qualified, True
            return field_name, True
    for w, field_name in contained:
        if w in word:
            return field_name, True
    return None, False


def is_header_word(cell: str) -> bool:
    """Whether a cell reads as a column's name (a known field, or 备注 / 说明)."""
    return _classify(cell)[1]


def map_columns(header_cells: list[str]) -> list[str | None] | None:
    """Fields of a header row, or None when the row is not a task table's header.

    A header must name at least two fields, one of them an agency column. When there is a lead
    column, a 责任单位 column beside it is the co-operating units (as in the Hangzhou 2017
    table); without one, 责任单位 is read by the document's own lead convention.

    >>> map_columns(["序号", "项目名称", "建设地点", "主要责任单位", "协同配合单位"])
    ['seq', 'text', 'place', 'lead', 'cooperating']
    >>> map_columns(["发布机构", "区政府办公室"]) is None
    True
    """
    fields = [column_field(cell) for cell in header_cells]
    known = [f for f in fields if f in CORE_FIELDS]
    if len(known) < 2 or not set(AGENCY_FIELDS) & set(known):
        return None
    # Most cells must be column names: a row of data with one word like 项目 in it is no header.
    if sum(1 for cell in header_cells if is_header_word(cell)) * 3 < len([c for c in header_cells if c.strip()]) * 2:
        return None
    if "lead" in fields:
        fields = ["cooperating" if f == "responsible" else f for f in fields]
    return fields
