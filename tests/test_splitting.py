"""Agency lists: separators, collective units, cells over lines, the lead convention."""

from __future__ import annotations

from graph_builder.ingest import source_from_bytes
from graph_builder.parse.cells import (
    Cell,
    find_lead_convention,
    has_agency_form,
    looks_like_agency_list,
    split_agencies,
)


def split(text: str) -> list[str]:
    source = source_from_bytes(text.encode("utf-8"), "t.txt")
    cell = Cell.from_line(source, 1)
    for number in range(2, len(source.lines) + 1):
        cell.add(source, number)
    return [item.name for item in split_agencies(cell)]


def test_splits_on_every_separator():
    assert split("市发改委、市财政局,市建委;市民政局;市城管局,市林水局") == [
        "市发改委", "市财政局", "市建委", "市民政局", "市城管局", "市林水局",
    ]


def test_collective_units_with_inner_separator_stay_whole():
    assert split("市建委、市发改委,各区、县(市)政府(管委会)") == ["市建委", "市发改委", "各区、县(市)政府(管委会)"]
    assert split("市住保房管局,各相关区、县(市)政府") == ["市住保房管局", "各相关区、县(市)政府"]
    assert split("有关区、县(市)政府(管委会)") == ["有关区、县(市)政府(管委会)"]


def test_no_split_inside_parentheses():
    assert split("市政务办(公管办)、市发展改革委(铁办、服务业办)") == ["市政务办(公管办)", "市发展改革委(铁办、服务业办)"]


def test_a_cell_spanning_lines_is_one_cell():
    assert split("市城管委、\n市林水局") == ["市城管委", "市林水局"]


def test_spaces_inside_a_name_are_removed_but_kept_as_written():
    source = source_from_bytes("市衛生健康 委員會、市教育局".encode("utf-8"), "t.txt")
    items = split_agencies(Cell.from_line(source, 1))
    assert [(i.mention, i.name) for i in items] == [("市衛生健康 委員會", "市卫生健康委员会"), ("市教育局", "市教育局")]


def test_a_short_name_ending_oddly_is_not_glued_to_its_neighbour():
    # 市人行 (the central bank's city branch) does not end like most names; it must not merge.
    assert split("市金融办、市人行、市银保监局") == ["市金融办", "市人行", "市银保监局"]


def test_agency_form_and_cell_classification():
    assert has_agency_form("市发展改革委(铁办)")
    assert has_agency_form("各街道") and has_agency_form("经济开发区")  # 街道, 区 end unit names
    assert looks_like_agency_list("市交通运输局、")
    assert looks_like_agency_list("各区政府(管委会),国网杭州供电公司")
    assert not looks_like_agency_list("建成启用运河水陆交通集散服务中心。")
    assert not looks_like_agency_list("新增管道燃气用户5万户")


def test_lead_convention_is_read_from_the_documents_words():
    assert find_lead_convention("(列第一位者为工作牵头单位或汇总单位,下同)")
    assert find_lead_convention("责任单位中排在第一位的为牵头单位")
    assert find_lead_convention("各牵头单位要加强统筹") is None
