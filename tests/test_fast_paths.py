"""The engine's fast paths (issue 14) give exactly what the plain computation they replace
gives: normalising a whole text at once is normalising it line by line, and the lead-convention
search tried only near 第一/首 finds the match a full ``search`` finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph_builder.ingest import detect_script, normalize_line, normalize_lines
from graph_builder.parse.cells import LEAD_CONVENTION, _search_lead_convention
from graph_builder.pipeline import bundled_corpus

# Traditional characters and phrases OpenCC converts (some by phrase), full-width punctuation,
# a romanisation gloss, spaces and line breaks.
PIECES = [
    "牽頭單位", "配合單位", "市發改委", "衛生健康委員會", "（", "）", "：", "，", "、", "。", "(qiān tóu)", " ", "\n",
    "市财政局", "乾隆", "頭髮", "後台", "里程", "於是", "一", "1.", "公園", "著作", "瞭解", "\u3000", "ａｂ", "…",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_normalising_the_whole_text_is_normalising_each_line(pieces):
    lines = "".join(pieces).split("\n")
    assert normalize_lines(lines) == [normalize_line(line) for line in lines]


def test_the_bundled_documents_normalise_the_same_both_ways():
    for path in bundled_corpus():
        lines = path.read_text("utf-8").split("\n")
        fast = normalize_lines(lines)
        assert fast == [normalize_line(line) for line in lines]
        assert detect_script(lines, fast) == ("traditional" if "traditional" in path.name else "simplified")


CONVENTION_PIECES = ["(", "(", "列", "排", "位", "在", "第一", "首", "个", "者", "的", "单位", "部门", "为", "是", "牵头", ")", ")", "市局", "、", "\n", "x"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(CONVENTION_PIECES), max_size=20))
def test_the_lead_convention_is_found_where_search_finds_it(pieces):
    text = "".join(pieces)
    expected, found = LEAD_CONVENTION.search(text), _search_lead_convention(text)
    assert (expected.span(), expected.group(0)) == (found.span(), found.group(0)) if expected else found is None


def test_a_stated_convention_is_found_at_its_place():
    text = "各单位:\n责任单位:市政府办公室(列第一位者为工作牵头单位,下同)\n首先要抓好落实"
    match = _search_lead_convention(text)
    assert match and match.group(0) == LEAD_CONVENTION.search(text).group(0) and "列第一位者为工作牵头单位" in match.group(0)


ENDING_PIECES = ["管委会", "委员会", "会", "委", "局", "市", "区", "各", "有关", "相关单位", "单位", "中心", "心", "x", "、", "团市委", "镇"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(ENDING_PIECES), max_size=12), st.integers(min_value=0, max_value=40))
def test_the_unit_ending_is_the_longest_listed_one(pieces, end):
    from graph_builder.parse.run_together import _is_ending, _knowledge

    text = "".join(pieces)
    end = min(end, len(text))
    expected = next((len(e) for e in _knowledge()["_endings"] if text.endswith(e, 0, end)), 0)
    assert _is_ending(text, end) == expected
    level = _knowledge()["_level_re"]
    for start in range(len(text)):
        assert bool(level.match(text, start)) == any(text.startswith(p, start) for p in _knowledge()["level_words"])
