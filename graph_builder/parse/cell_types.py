"""What a table cell looks like: the kinds of text it may be, for the aligner.

A cell is typed by its appearance alone — a row number, a figure, a year, a date, a person's
name, a place, a list of agencies, a verb clause naming units, a category, a few words or long
text — and may be several of these at once (``12`` is a row number or a figure; ``某某镇`` a
place or a unit). Which one it is in a given row is decided by the column it lands in
(``align``), never here. The words it knows live in ``markers.yaml`` (``place_endings``,
``person_titles``, ``empty_cells``, ``lead_marks``) and ``name_rules.yaml``.

>>> sorted(cell_kinds("12")), sorted(cell_kinds("市发改委、市财政局")), sorted(cell_kinds("推进工作"))
(['number', 'seq'], ['agency'], ['short'])
>>> sorted(cell_kinds("王五副区长")), sorted(cell_kinds("2024年6月底前")), sorted(cell_kinds("相关镇(街道)"))
(['person'], ['date'], ['agency', 'place'])
"""

from __future__ import annotations

import re
from functools import lru_cache

from .base import CATEGORY_VALUE, is_deadline
from .cells import has_agency_form, looks_like_agency_list, markers_copy, name_rules, squeeze, strip_marks

KINDS = ("seq", "number", "figure", "year", "date", "person", "place", "agency", "clause", "category", "item", "short", "long", "empty", "open")

# Kinds that say what a cell is; a cell of none of them is "a few words" or "long text".
STRONG = frozenset({"agency", "person", "seq", "number", "year", "date", "category"})
SEQ = re.compile(r"^(?:\d{1,6}|[一二三四五六七八九十]{1,3})[.、]?$")
YEAR = re.compile(r"^(?:19|20)\d{2}(?:年度?)?$|^(?:19|20)\d{2}年?[-—~～至到](?:(?:19|20)?\d{2})年?(?:度)?$")
DATE_START = re.compile(r"^(?:(?:19|20)\d{2}\s*年)?\s*\d{1,2}\s*月(?:份|底|末|前|中旬|上旬|下旬|\d{1,2}日)*|^(?:19|20)\d{2}[./-]\d{1,2}(?:[./-]\d{1,2})?$|^(?:19|20)\d{2}年(?:底|内|末)")
FIGURE = re.compile(r"^(?:约|共|计|总投资|投资)?[\d.,]+")
ITEM = re.compile(r"^(?:\d{1,3}[.、)]|\(\d{1,3}\)|[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|[\u2460-\u2473])")
ROLE_VERB = re.compile(r"牵头|配合|负责|主办|协办|协同|参与|协助|落实")
SENTENCE = re.compile(r"[。;!?]")


@lru_cache(maxsize=1)
def _knowledge() -> dict:
    data = markers_copy()
    rules = name_rules()
    titles = sorted({*rules["leader_titles"], *data["person_titles"]}, key=len, reverse=True)
    return {
        "empty": frozenset(data["empty_cells"]),
        "places": tuple(data["place_endings"]),
        "surnames": frozenset(data["surnames"]),
        "titles": tuple(titles),
        "verbs": tuple(sorted(data["task_verbs"], key=len, reverse=True)),
        "person": re.compile("^(?:[\u4e00-\u9fff]{2,4}?(?:" + "|".join(map(re.escape, titles)) + ")?)$"),
    }


def is_person(text: str) -> bool:
    """One or more people's names, possibly with titles: 王五, 李四副区长, 张三、李四.

    >>> is_person("王五副区长"), is_person("钱宇 方勇"), is_person("区财政局"), is_person("推进工作")
    (True, True, False, False)
    """
    parts = [p for p in re.split(r"[、,;\s]+", text.strip()) if p]
    return bool(parts) and all(_one_person(p) for p in parts)


@lru_cache(maxsize=65536)
def _one_person(name: str) -> bool:
    knowledge = _knowledge()
    if has_agency_form(name) or not knowledge["person"].match(name):
        return False
    body = name
    for title in knowledge["titles"]:
        if name.endswith(title) and len(name) > len(title) + 1:
            return True  # a name and a title: 李四副区长
    return 2 <= len(body) <= 3 and body[0] in knowledge["surnames"]


def is_place(text: str) -> bool:
    """A place's name (某某村, 某某路, 某小区), or several run together; not a unit's."""
    text = squeeze(text).rstrip("。")
    return bool(text) and len(text) <= 40 and not SENTENCE.search(text) and text.endswith(_knowledge()["places"])


@lru_cache(maxsize=65536)
def cell_kinds(text: str) -> frozenset:
    """The kinds the (normalised) text of one cell may be; see the module's docstring."""
    text = squeeze(text).strip("|")
    knowledge = _knowledge()
    if not text or text in knowledge["empty"]:
        return frozenset({"empty"})
    kinds: set[str] = set()
    plain = strip_marks(text)
    if plain.endswith(("、", ",", ";")):
        kinds.add("open")  # a list that goes on in the next cell or line
        plain = plain.rstrip("、,;")
    long = len(plain) > 14 or bool(SENTENCE.search(plain.rstrip("。")))
    kinds.add("long" if long else "short")
    if YEAR.match(plain):
        kinds.add("year")
    if SEQ.match(plain):
        kinds.update(("seq", "number"))  # a bare number: a row's, or an amount
        return frozenset(kinds - {"short", "long"})
    if not long and (is_deadline(plain) or DATE_START.match(plain)):
        kinds.add("date")
    item = ITEM.match(plain)
    if item:
        kinds.add("item")
    elif FIGURE.match(plain) and len(plain) <= 24 and "year" not in kinds and "date" not in kinds:
        kinds.add("figure")
    if CATEGORY_VALUE.match(plain) or (len(plain) <= 6 and plain.endswith("类")):
        kinds.add("category")
    if len(plain) <= 40 and is_person(text):
        kinds.add("person")
    if is_place(plain):
        kinds.add("place")
    opens_with_verb = plain.startswith(knowledge["verbs"])
    if not plain[0].isdigit() and not opens_with_verb and (looks_like_agency_list(plain) or _one_agency(plain)):
        kinds.add("agency")
        if plain.endswith(("镇", "乡", "街道")) or plain.endswith(("镇)", "街道)")):
            kinds.add("place")
    elif ROLE_VERB.search(plain) and _names_a_unit_before_its_verb(plain):
        kinds.add("clause")
    if kinds & STRONG:
        # A cell that reads as units, people, a number or a date is no "few words" for a text
        # column: only its own kinds count.
        kinds -= {"short", "long"}
    return frozenset(kinds)


def _one_agency(text: str) -> bool:
    return 2 <= len(text) <= 30 and has_agency_form(text) and "。" not in text.rstrip("。")[:-1] and looks_like_agency_list(text + "、" + text)


def _names_a_unit_before_its_verb(text: str) -> bool:
    """X牵头,Y配合 / 由X负责: a unit's name stands right before a role verb."""
    for match in ROLE_VERB.finditer(text):
        before = re.split(r"[,;。:]", text[: match.start()])[-1].lstrip("由")
        if before and has_agency_form(before.rstrip("、")) and not before[0].isdigit():
            return True
    return False
