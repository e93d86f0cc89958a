"""Each sample layout, on the real sample files: counts, rows as written, metadata, accounting."""

from __future__ import annotations

import pytest

from graph_builder.ingest import read_source
from graph_builder.parse import parse_source
from tests.conftest import CORPUS

EXPECTED = {
    "01": ("cell_per_line", 32),
    "02": ("pipe_table", 19),
    "03": ("pipe_table", 163),
    "04": ("numbered_list", 50),
    "05": ("prose", 81),
}


def lead(task):
    return [m.mention for m in task.lead]


def coop(task):
    return [m.mention for m in task.cooperating]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_layout_detected_from_content_and_task_count(number, by_number, tmp_path):
    layout, count = EXPECTED[number]
    extraction = by_number[number]
    assert extraction.document.layout == layout
    assert len(extraction.tasks) == count
    # Detection reads content, not the name: the same bytes under a neutral name.
    renamed = tmp_path / "document.txt"
    renamed.write_bytes(CORPUS[number].read_bytes())
    assert parse_source(read_source(renamed)).document.readers == [layout]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_every_non_blank_line_is_accounted_for(number, by_number):
    extraction = by_number[number]
    source = read_source(CORPUS[number])
    non_blank = {n for n in source.line_numbers if source.line(n).strip()}
    assert set(extraction.line_roles) == non_blank
    skipped_lines = {s.line for s in extraction.skipped}
    # A skipped line is one that did not land, or a task line whose agencies did not.
    assert {n for n, role in extraction.line_roles.items() if role == "skipped"} <= skipped_lines
    assert all(extraction.line_roles[s.line] == "skipped" or "landed in no task" in s.reason for s in extraction.skipped)
    for task in extraction.tasks:
        for line in range(task.span.line_start, task.span.line_end + 1):
            if line in non_blank:
                assert extraction.line_roles[line] in {"task", "heading"}


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_ids_are_stable_between_runs(number, by_number):
    from graph_builder.pipeline import extract_paths

    again = extract_paths([CORPUS[number]]).extractions[0]
    assert [t.id for t in again.tasks] == [t.id for t in by_number[number].tasks]
    assert again.document.id == by_number[number].document.id


def test_cell_per_line_2017(by_number):
    extraction = by_number["01"]
    tasks = extraction.tasks
    assert [p.title for p in extraction.programs][:2] == ["持续深化治水治气", "持续改善交通出行"]
    assert len(extraction.programs) == 10
    # The body's ten restated projects are the programs' descriptions, not tasks.
    assert extraction.programs[0].description.startswith("加大治水治气力度")
    first = tasks[0]
    assert first.text.startswith("完成河道清淤综合整治245公里")
    assert lead(first) == ["市城管委", "市林水局"]  # the lead cell spans two lines
    assert coop(first) == ["各区、县(市)政府(管委会)"]
    assert (first.span.line_start, first.span.line_end) == (76, 82)
    gas = next(t for t in tasks if t.text.startswith("新增管道燃气用户"))
    assert lead(gas) == ["市城投集团"] and coop(gas) == []  # row with no 责任单位 cell
    canal = next(t for t in tasks if t.text.startswith("建成启用运河"))
    assert lead(canal) == ["市运河集团"] and coop(canal) == ["市交通运输局", "市城投集团", "拱墅区政府"]
    assert not extraction.skipped


def test_traditional_pipe_table_2022(by_number):
    extraction = by_number["02"]
    document = extraction.document
    assert document.script == "traditional"
    assert document.doc_number == "杭政辦函〔2022〕20號"
    assert document.doc_number_simplified == "杭政办函〔2022〕20号"
    assert (document.date, document.year, document.issuer) == ("2022-04-07", 2022, "杭州市人民政府办公厅")
    tasks = extraction.tasks
    # The continuation row belongs to project 1 and keeps its deadline.
    assert [t.seq for t in tasks[:3]] == ["1", "1", "2"]
    assert tasks[0].program_id == tasks[1].program_id != tasks[2].program_id
    assert lead(tasks[1]) == ["市體育局"] and tasks[1].deadline == "11月底"
    assert coop(tasks[1]) == ["市教育局", "各區、縣(市)政府"]
    assert [m.name for m in tasks[1].cooperating] == ["市教育局", "各区、县(市)政府"]
    nine = next(t for t in tasks if t.text.startswith("新增普惠托位"))
    assert [m.name for m in nine.lead] == ["市卫生健康委员会"]  # "市衛生健康 委員會" as written
    assert len(extraction.programs) == 10


def test_shifted_cells_2019(by_number):
    extraction = by_number["03"]
    tasks = extraction.tasks
    assert extraction.document.jurisdiction.id == "杭州市/上城区"
    assert extraction.document.category_labels == {"A类": "责任目标", "B类": "激励目标", "C类": "争先创优目标"}
    health = next(t for t in tasks if t.target == "完成健康大数据中心二期建设")
    assert lead(health) == ["区卫生健康局"] and coop(health) == [] and health.category == "A类"
    assert all(m.name != "A类" for t in tasks for m in t.mentions)
    report, livelihood = tasks[:148], tasks[148:]
    assert {t.category for t in report} == {"A类", "B类", "C类"}
    assert {t.category for t in livelihood} == {None}
    air = next(t for t in livelihood if t.text == "安装区属公办学校空调")
    assert lead(air) == ["区教育局"] and coop(air) == []
    assert {extraction.programs[0].section, extraction.programs[-1].section} == {
        "2019年《政府工作报告》目标任务分解表", "2019年民生实事项目目标任务分解表",
    }
    # Rows repeating a task name are one program with several targets.
    digital = [t for t in report if t.text == "打造“数字政府”“掌上政府”"]
    assert len(digital) == 5 and len({t.program_id for t in digital}) == 1


def test_news_article_lists_per_government(by_number):
    extraction = by_number["04"]
    tasks = extraction.tasks
    by_jurisdiction = {}
    for task in tasks:
        by_jurisdiction.setdefault(task.jurisdiction.id, []).append(task)
    assert {k: len(v) for k, v in by_jurisdiction.items()} == {
        "杭州市": 10, "杭州市/上城区": 10, "杭州市/下城区": 10, "杭州市/江干区": 10, "杭州市/拱墅区": 10,
    }
    assert all(not t.mentions for t in tasks)
    school = by_jurisdiction["杭州市/上城区"][1]
    assert school.text.endswith("并投入使用。") and (school.span.line_start, school.span.line_end) == (20, 21)
    assert extraction.line_roles[17] == "narrative"  # supervision arrangements assign no task
    assert extraction.document.year is None  # the article never states its year


def test_responsibility_lines_2019(by_number):
    extraction = by_number["05"]
    document = extraction.document
    assert document.lead_convention == "列第一位者为工作牵头单位或汇总单位,下同"
    assert (document.doc_number, document.jurisdiction.id, document.year) == ("湖政办发〔2019〕9号", "湖州市", 2019)
    tasks = extraction.tasks
    first = tasks[0]
    assert lead(first) == ["市政府办公室"]
    assert coop(first) == ["市政府各有关部门", "各区县政府"]  # the convention text is not an agency
    assert first.leader.name == "钱三雄" and first.leader.title == "市长"
    assert [len([t for t in tasks if t.leader and t.leader.name == n]) for n in ("钱三雄", "杨六顺")] == [10, 19]
    assisted = next(t for t in tasks if t.seq == "37")
    assert assisted.leader.name == "施根宝" and [a.name for a in assisted.assisting_leaders] == ["许继清"]
    livelihood = [t for t in tasks if t.leader is None]
    assert len(livelihood) == 10
    assert extraction.line_roles[186] == "footer"


def test_metadata_of_the_2017_notice(by_number):
    document = by_number["01"].document
    assert document.doc_number == "杭政办函〔2017〕33号"
    assert document.title == "杭州市人民政府办公厅关于对2017年市政府为民办实事项目进行绩效考核的通知"
    assert (document.issuer, document.date, document.year) == ("杭州市人民政府办公厅", "2017-04-15", 2017)
    assert document.jurisdiction.id == "杭州市"
