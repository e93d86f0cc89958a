"""Layouts the samples do not show, written out in the tests: labelled lines, inline
parentheses, tables with 责任领导 and 完成时限 columns, and the error cases."""

from __future__ import annotations

import pytest

from graph_builder.ingest import read_source
from graph_builder.parse import ParseError, parse_source
from tests.conftest import write_doc


def parse(tmp_path, text, encoding="utf-8"):
    return parse_source(read_source(write_doc(tmp_path, "doc.txt", text, encoding)))


def names(mentions):
    return [m.name for m in mentions]


LABELLED = """某市人民政府办公室关于印发2021年重点工作任务分解的通知
各区县人民政府,市政府各部门:
1.推进跨境电商综合试验区建设,新增跨境电商企业100家。
牵头单位:市商务局
责任单位:市发改委、市财政局,各区县政府
完成时限:2021年12月底
2.完成老旧小区改造50个。
牵头单位:市住建局
配合单位:市城管局、
市财政局
责任领导:张三
某市人民政府办公室
2021年3月1日
"""


def test_labelled_lead_and_responsible_lines(tmp_path):
    extraction = parse(tmp_path, LABELLED)
    assert extraction.document.readers == ["prose"]
    first, second = extraction.tasks
    assert names(first.lead) == ["市商务局"]
    assert names(first.cooperating) == ["市发改委", "市财政局", "各区县政府"]  # 责任单位 beside 牵头单位
    assert first.deadline == "2021年12月底"
    assert names(second.cooperating) == ["市城管局", "市财政局"]  # the list continues on the next line
    assert second.leader.name == "张三"
    assert (second.span.line_start, second.span.line_end) == (7, 11)
    assert extraction.document.date == "2021-03-01"
    assert not extraction.skipped


def test_traditional_labelled_lines_in_big5(tmp_path):
    text = "1.推進跨境電商綜合試驗區建設。\n牽頭單位:市商務局\n配合單位:市發改委、市財政局\n"
    extraction = parse(tmp_path, text, encoding="big5")
    task = extraction.tasks[0]
    assert [m.mention for m in task.lead] == ["市商務局"] and names(task.lead) == ["市商务局"]
    assert names(task.cooperating) == ["市发改委", "市财政局"]
    assert extraction.document.script == "traditional"


INLINE = """2021年为民办实事项目
1.新建公办幼儿园10所(市教育局牵头,市财政局、市住建局配合)。
2.改造农村公路100公里(市交通运输局牵头)。
3.建设城市书房5家(责任单位:市文广旅局、各区、县(市)政府)
4.新增停车泊位1000个。
"""


def test_inline_parentheses_at_the_end_of_a_task(tmp_path):
    extraction = parse(tmp_path, INLINE)
    one, two, three, four = extraction.tasks
    assert one.text == "新建公办幼儿园10所"
    assert names(one.lead) == ["市教育局"] and names(one.cooperating) == ["市财政局", "市住建局"]
    assert names(two.lead) == ["市交通运输局"] and two.cooperating == []
    # 责任单位 with no stated convention: the first listed leads, and the basis says so.
    assert names(three.lead) == ["市文广旅局"] and names(three.cooperating) == ["各区、县(市)政府"]
    assert [m.basis for m in three.mentions] == ["first_listed", "first_listed"]
    assert [m.basis for m in one.mentions] == ["marked"] * 3
    assert four.mentions == []  # a sibling of assigned tasks, assigned to no one: still a task


def test_stated_only_policy_invents_no_lead(tmp_path):
    from graph_builder.ingest import read_source

    path = write_doc(tmp_path, "doc.txt", INLINE)
    three = parse_source(read_source(path), lead_policy="stated-only").tasks[2]
    assert three.lead == [] and names(three.cooperating) == ["市文广旅局", "各区、县(市)政府"]
    assert three.notes


def test_stated_convention_makes_the_first_responsible_unit_lead(tmp_path):
    text = "说明:责任单位中排在第一位的为牵头单位。\n1.新建幼儿园10所。\n责任单位:市教育局、市财政局\n2.建设书房5家。\n责任单位:市文广旅局\n"
    extraction = parse(tmp_path, text)
    assert [names(t.lead) for t in extraction.tasks] == [["市教育局"], ["市文广旅局"]]
    assert names(extraction.tasks[0].cooperating) == ["市财政局"]


LEADER_TABLE = """2021年重点任务清单
序号 | 重点任务 | 责任领导 | 牵头单位 | 配合单位 | 完成时限 |
1 | 建设数字政府 | 王五 | 市大数据局 | 市财政局、市委编办 | 2021年底 |
2 | 推进垃圾分类 | 李四 | 市城管局 | 各街道办事处 | 10月底 |
3 | 改造公园 | 李四 | 市园文局 | 10月底 | |
"""


def test_table_with_leader_and_deadline_columns(tmp_path):
    extraction = parse(tmp_path, LEADER_TABLE)
    assert extraction.document.layout == "pipe_table"
    one, two, three = extraction.tasks
    assert (one.leader.name, one.deadline) == ("王五", "2021年底")
    assert names(one.cooperating) == ["市财政局", "市委编办"]
    assert names(two.cooperating) == ["各街道办事处"]
    # A shifted deadline moves back to its column; no phantom 10月底 agency.
    assert three.deadline == "10月底" and three.cooperating == []


CELLS_WITH_DEADLINE = """任务
工作任务
牵头单位
配合单位
完成时限
新建公办幼儿园10所。
市教育局
市财政局、
市住建局
12月底
改造农村公路100公里,
新改建桥梁5座。
市交通运输局
10月底
"""


def test_cell_per_line_table_with_deadlines_and_multiline_text(tmp_path):
    extraction = parse(tmp_path, CELLS_WITH_DEADLINE)
    assert extraction.document.layout == "cell_per_line"
    one, two = extraction.tasks
    assert names(one.cooperating) == ["市财政局", "市住建局"] and one.deadline == "12月底"
    assert two.text == "改造农村公路100公里,新改建桥梁5座。"
    assert names(two.lead) == ["市交通运输局"] and two.deadline == "10月底"


def test_stray_lines_are_reported_with_file_line_and_reason(tmp_path):
    text = LEADER_TABLE + "这是一段表格之后的说明文字\n4 | 缺少牵头 |\n"
    extraction = parse(tmp_path, text)
    reasons = {s.line: s.reason for s in extraction.skipped}
    assert set(reasons) == {7}  # the short row; the sentence after the table is prose
    assert extraction.line_roles[6] == "narrative"
    assert all(s.path.endswith("doc.txt") for s in extraction.skipped)


def test_document_in_no_known_layout_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(ParseError, match=r"doc.txt: no task found; looked for enumerated items"):
        parse(tmp_path, "今天天气很好。\n我们去公园散步。\n")


def test_same_document_number_in_two_different_files_gets_two_ids(tmp_path):
    from graph_builder.pipeline import extract_paths

    first = write_doc(tmp_path, "a.txt", "杭政办函〔2021〕1号\n" + INLINE)
    second = write_doc(tmp_path, "b.txt", "杭政办函〔2021〕1号\n" + INLINE.replace("10所", "20所"))
    result = extract_paths([first, second])
    ids = [e.document.id for e in result.extractions]
    assert len(set(ids)) == 2
    assert len({t.id for e in result.extractions for t in e.tasks}) == 8
