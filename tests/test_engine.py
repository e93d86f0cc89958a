"""The extraction engine on small documents written here, one capability each.

Every document is invented for the test; none is a copy of a real one, so that no rule is
tuned to one document.
"""

from __future__ import annotations

import pytest

from graph_builder.ingest import read_source
from graph_builder.parse import ParseError, parse_source
from tests.conftest import write_doc


def parse(tmp_path, text: str, **options):
    return parse_source(read_source(write_doc(tmp_path, "doc.txt", text)), **options)


def names(mentions):
    return [m.name for m in mentions]


def roles(task):
    return names(task.lead), names(task.cooperating)


# -- enumerators ----------------------------------------------------------------------------

ENUMERATOR_STYLES = ["1.", "1、", "1．", "1)", "(1)", "（1）", "①", "一、", "(一)", "（一）", "第一条", "〔一〕"]


@pytest.mark.parametrize("marker", ENUMERATOR_STYLES)
def test_every_enumerator_style_opens_a_task(tmp_path, marker):
    second = {"1": "2", "①": "②", "一": "二"}
    marker2 = "".join(second.get(c, c) for c in marker)
    text = f"{marker}建设社区食堂20家。(市民政局牵头,市财政局配合)\n{marker2}改造农贸市场5个。(市商务局牵头)\n"
    extraction = parse(tmp_path, text)
    assert [t.text for t in extraction.tasks] == ["建设社区食堂20家。", "改造农贸市场5个。"]
    assert roles(extraction.tasks[0]) == (["市民政局"], ["市财政局"])
    assert extraction.tasks[1].seq == "2"


def test_zero_padded_numbers(tmp_path):
    text = "01 新建公园3个(市园林局牵头)\n02 新建绿道10公里(市园林局负责)\n"
    assert [t.seq for t in parse(tmp_path, text).tasks] == ["1", "2"]


def test_a_whole_document_on_one_line_is_split_where_the_sequence_goes_on(tmp_path):
    text = (
        "一、稳增长 1.地区生产总值增长6%左右,1-8月完成全年目标的七成。(市发改委牵头,市统计局配合)"
        "2.新增城镇就业1.5万人,2023年底前完成。(市人社局负责)3.完成投资100亿元。(市发改委负责)"
        "二、惠民生 1.新建幼儿园5所。(市教育局牵头)\n"
    )
    tasks = parse(tmp_path, text).tasks
    assert [t.seq for t in tasks] == ["1", "2", "3", "1"]
    assert tasks[0].text.startswith("地区生产总值增长6%左右,1-8月")
    assert tasks[1].text == "新增城镇就业1.5万人,2023年底前完成。"
    assert roles(tasks[3]) == (["市教育局"], [])


def test_a_long_list_numbers_on_past_999_where_the_sequence_goes_on(tmp_path):
    # An excerpt that starts at item 997, on one line and on lines of their own.
    items = [f"{n}.建设社区食堂{n}家。(市民政局牵头)" for n in range(997, 1004)]
    for text in ("".join(items) + "\n", "\n".join(items) + "\n"):
        assert [t.seq for t in parse(tmp_path, text).tasks] == [str(n) for n in range(997, 1004)]


def test_a_four_digit_number_that_does_not_go_on_opens_no_item(tmp_path):
    text = "1.完善养老服务体系。(市民政局牵头)\n2019、2020年已建成的站点继续运营。\n1500 元以下的补助直接发放。\n"
    extraction = parse(tmp_path, text)
    assert [t.seq for t in extraction.tasks] == ["1"]
    assert extraction.line_roles[2] == extraction.line_roles[3] == "narrative"


def test_a_table_of_one_cell_a_line_numbers_on_past_9999(tmp_path):
    rows = "".join(f"{n}\n建设社区食堂{n}家。\n市民政局\n市财政局\n" for n in range(9997, 10004))
    tasks = parse(tmp_path, "序号\n工作任务\n牵头单位\n配合单位\n" + rows).tasks
    assert [t.seq for t in tasks] == [str(n) for n in range(9997, 10004)]
    assert all(roles(t) == (["市民政局"], ["市财政局"]) for t in tasks)


def test_levels_nest_and_the_deepest_item_is_the_task(tmp_path):
    text = "一、经济发展\n(一)扩大投资\n1.推进重大项目50个。(市发改委牵头)\n2.盘活存量用地。(市自然资源局牵头)\n(二)促进消费\n1.举办消费节。(市商务局牵头)\n二、社会民生\n1.新建学校2所。(市教育局牵头)\n"
    extraction = parse(tmp_path, text)
    assert [t.text for t in extraction.tasks] == ["推进重大项目50个。", "盘活存量用地。", "举办消费节。", "新建学校2所。"]
    programs = {p.id: p.title for p in extraction.programs}
    assert [programs[t.program_id] for t in extraction.tasks] == ["扩大投资", "扩大投资", "促进消费", "社会民生"]


# -- responsibility clauses -----------------------------------------------------------------

@pytest.mark.parametrize("open_, close", [("(", ")"), ("（", "）"), ("[", "]"), ("［", "］"), ("【", "】"), ("〔", "〕")])
def test_clause_in_any_bracket(tmp_path, open_, close):
    text = f"1.建设口袋公园10个{open_}牵头单位:市园林局;配合单位:市住建局、各区政府{close}\n2.新建停车位500个{open_}市交通局牵头{close}\n"
    one, two = parse(tmp_path, text).tasks
    assert roles(one) == (["市园林局"], ["市住建局", "各区政府"])
    assert one.text == "建设口袋公园10个"
    assert roles(two) == (["市交通局"], [])


@pytest.mark.parametrize(
    "clause, lead, cooperating, basis",
    [
        ("市发改委牵头,市财政局配合", ["市发改委"], ["市财政局"], "marked"),
        ("市发改委负责,市财政局配合", ["市发改委"], ["市财政局"], "marked"),
        ("由市发改委牵头,市财政局、市统计局参与", ["市发改委"], ["市财政局", "市统计局"], "marked"),
        ("市发改委主办,市财政局协办", ["市发改委"], ["市财政局"], "marked"),
        ("市发改委牵头负责,市财政局协助", ["市发改委"], ["市财政局"], "marked"),
        ("市发改委牵头,市财政局协同", ["市发改委"], ["市财政局"], "marked"),
        ("市发改委、市财政局分别负责", ["市发改委", "市财政局"], [], "joint"),
        ("市发改委、市财政局按职责分工负责", ["市发改委", "市财政局"], [], "joint"),
        ("市发改委会同市财政局负责", ["市发改委"], ["市财政局"], "marked"),
        ("市发改委负责", ["市发改委"], [], "single"),
        ("市发改委、市财政局、市统计局负责", ["市发改委"], ["市财政局", "市统计局"], "first_listed"),
        ("责任单位:市发改委、市财政局", ["市发改委"], ["市财政局"], "first_listed"),
        ("市发改委牵头,各区县政府落实。下同", ["市发改委"], ["各区县政府"], "marked"),
    ],
)
def test_verb_and_label_forms(tmp_path, clause, lead, cooperating, basis):
    text = f"1.推进数字经济发展({clause})\n2.完成项目2个(市商务局牵头)\n"
    task = parse(tmp_path, text).tasks[0]
    assert roles(task) == (lead, cooperating)
    assert task.lead[0].basis == basis


def test_standing_notes_are_not_agencies(tmp_path):
    text = "1.推进改革(市发改委牵头,市财政局配合,下同)\n2.深化改革(市发改委牵头,不再列出)\n"
    one, two = parse(tmp_path, text).tasks
    assert roles(one) == (["市发改委"], ["市财政局"])
    assert roles(two) == (["市发改委"], [])


def test_brackets_without_a_marker_are_left_alone(tmp_path):
    text = "1.建设学校3所(含幼儿园1所),落实杭政办〔2021〕3号文件要求。(市教育局牵头)\n"
    task = parse(tmp_path, text).tasks[0]
    assert roles(task) == (["市教育局"], [])
    assert "含幼儿园1所" in task.text and "〔2021〕" in task.text


def test_labelled_parts_on_the_task_line_and_on_following_lines(tmp_path):
    text = (
        "1.完成旧改50个。牵头单位:区住建局;责任单位:各街道\n"
        "2.建设食堂10家。\n牵头单位:区民政局\n协办单位:区财政局、\n区市场监管局\n完成时限:2024年12月\n"
    )
    one, two = parse(tmp_path, text).tasks
    assert one.text == "完成旧改50个。"
    assert roles(one) == (["区住建局"], ["各街道"])
    assert roles(two) == (["区民政局"], ["区财政局", "区市场监管局"])
    assert two.deadline == "2024年12月"


def test_label_without_colon(tmp_path):
    text = "1.完成旧改50个。\n牵头单位 区住建局\n配合单位 各街道\n"
    assert roles(parse(tmp_path, text).tasks[0]) == (["区住建局"], ["各街道"])


def test_words_of_a_sentence_are_not_labels(tmp_path):
    text = "1.完成旧改50个。(区住建局牵头)\n二、工作要求\n牵头单位要加强统筹,配合单位要主动作为。\n"
    extraction = parse(tmp_path, text)
    assert len(extraction.tasks) == 1 and not extraction.skipped


def test_task_labels_open_tasks(tmp_path):
    text = "项目名称:城市书房建设\n工作目标:新建书房10家\n牵头单位:市文广旅局\n项目名称\n老年食堂\n责任单位:市民政局\n"
    one, two = parse(tmp_path, text).tasks
    assert one.text.startswith("城市书房建设") and roles(one) == (["市文广旅局"], [])
    assert roles(two) == (["市民政局"], [])


def test_a_responsibility_line_after_sub_items_belongs_to_their_heading(tmp_path):
    text = "(一)推进城市更新\n1.改造老旧小区30个。\n2.加装电梯100台。\n责任单位:市住建局、各区政府\n(二)建设公园\n责任单位:市园林局\n"
    tasks = parse(tmp_path, text).tasks
    assert [t.text for t in tasks] == ["推进城市更新", "建设公园"]
    assert roles(tasks[0]) == (["市住建局"], ["各区政府"])


# -- who leads ------------------------------------------------------------------------------

def test_stated_convention_is_the_basis(tmp_path):
    text = "(责任单位中排在第一位的为牵头单位)\n1.新建幼儿园10所。\n责任单位:市教育局、市财政局\n"
    task = parse(tmp_path, text).tasks[0]
    assert roles(task) == (["市教育局"], ["市财政局"]) and task.lead[0].basis == "stated"


def test_a_damaged_convention_sentence_is_still_read(tmp_path):
    text = "1.新建幼儿园10所。\n责任单位:市教育局、市财政局(列第一位者为工作牵\ufffd单位,下同)\n"
    task = parse(tmp_path, text).tasks[0]
    assert roles(task) == (["市教育局"], ["市财政局"]) and task.lead[0].basis == "stated"


def test_every_phrasing_of_the_convention_is_read_with_any_one_character_damaged():
    from graph_builder.parse.cells import _fuzzy_lead_convention, markers_copy

    phrasings = markers_copy()["lead_convention_phrases"]
    missed = [
        damaged
        for phrase in phrasings
        for damaged in (phrase[:i] + "\ufffd" + phrase[i + 1 :] for i in range(len(phrase)))
        if not _fuzzy_lead_convention(f"责任单位:市政府办公室({damaged},下同)")
    ]
    assert len(phrasings) > 5 and missed == []


def test_stated_only_policy(tmp_path):
    text = "1.推进项目(市发改委、市财政局负责)\n2.推进改革(市发改委牵头)\n"
    one, two = parse(tmp_path, text, lead_policy="stated-only").tasks
    assert roles(one) == ([], ["市发改委", "市财政局"])
    assert roles(two) == (["市发改委"], [])


# -- agency lists -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "written, expected",
    [
        ("各街道、相关街道、各相关单位、县直各部门", ["各街道", "相关街道", "各相关单位", "县直各部门"]),
        ("各区、县(市)政府", ["各区、县(市)政府"]),
        ("市公安局、市交通局等部门", ["市公安局", "市交通局"]),
        ("市公安局、市交通局等有关部门", ["市公安局", "市交通局", "有关部门"]),
        ("市民政局、卫生局、财政局", ["市民政局", "市卫生局", "市财政局"]),
        ("高新区管委会、经开区、某某镇、某某乡", ["高新区管委会", "经开区", "某某镇", "某某乡"]),
    ],
)
def test_agency_lists(tmp_path, written, expected):
    text = f"1.推进工作。\n责任单位:{written}\n2.推进改革(市发改委牵头)\n"
    task = parse(tmp_path, text).tasks[0]
    assert names(task.mentions) == expected


def test_an_elided_prefix_keeps_the_mention_as_written(tmp_path):
    task = parse(tmp_path, "1.推进工作(市民政局牵头,卫生局配合)\n").tasks[0]
    assert [(m.mention, m.name) for m in task.cooperating] == [("卫生局", "市卫生局")]


# -- nothing lost -----------------------------------------------------------------------------

def test_responsibility_with_no_task_is_reported(tmp_path):
    text = "责任单位:市发改委\n1.推进改革(市发改委牵头)\n"
    extraction = parse(tmp_path, text)
    assert [(s.line, s.reason) for s in extraction.skipped] == [(1, "responsibility with no task before it")]


def test_a_single_task_is_a_valid_document(tmp_path):
    assert len(parse(tmp_path, "推进老旧小区改造(市住建局牵头)\n").tasks) == 1


def test_no_task_at_all_names_what_was_looked_for(tmp_path):
    with pytest.raises(ParseError, match=r"doc.txt: no task found; looked for enumerated items"):
        parse(tmp_path, "今天天气很好。\n")


def test_page_chrome_is_not_read(tmp_path):
    text = "1.推进改革(市发改委牵头)\n- 2 -\n第2页 共5页\n2.推进开放(市商务局牵头)\n"
    extraction = parse(tmp_path, text)
    assert len(extraction.tasks) == 2 and not extraction.skipped
    assert extraction.line_roles[2] == extraction.line_roles[3] == "footer"


def test_a_page_number_that_interrupts_a_sentence_is_furniture(tmp_path):
    text = "1.推进城市更新,完成老旧小区\n- 3 -\n改造50个。(市住建局牵头)\n2.新建学校,力争年内\n4\n完成主体工程。(市教育局牵头)\n"
    extraction = parse(tmp_path, text)
    assert [t.text for t in extraction.tasks] == ["推进城市更新,完成老旧小区改造50个。", "新建学校,力争年内完成主体工程。"]
    assert extraction.line_roles[2] == extraction.line_roles[5] == "footer"


def test_the_readers_that_fired_are_reported(tmp_path):
    text = "1.推进改革(市发改委牵头)\n附件\n序号 | 任务 | 牵头单位 | 配合单位 |\n1 | 建设公园 | 市园林局 | 市财政局 |\n"
    extraction = parse(tmp_path, text)
    assert extraction.document.readers == ["pipe_table", "prose"]
    assert [t.text for t in extraction.tasks] == ["推进改革", "建设公园"]


def test_the_basis_of_each_role_reaches_json_rdf_and_the_property_graph(tmp_path):
    from graph_builder.emit import rdf
    from graph_builder.emit.property_graph import property_graph
    from graph_builder.pipeline import load_corpus

    path = write_doc(tmp_path, "doc.txt", "1.推进改革(市发改委牵头,市财政局配合)\n2.建设公园(市园林局、市住建局按职责分工负责)\n")
    corpus, errors = load_corpus([path])
    assert errors == []
    dumped = [[m["basis"] for m in t.to_dict()["lead"]] for t in corpus.tasks]
    assert dumped == [["marked"], ["joint", "joint"]]
    bases = sorted(str(q.object.value) for q in rdf.quads(corpus) if q.predicate.value.endswith("roleBasis"))
    assert bases == ["joint", "joint", "marked", "marked"]
    rows = [row for group in property_graph(corpus).relationships if group.type in ("LEADS", "COOPERATES_ON") for row in group.rows]
    assert sorted(row["props"]["basis"] for row in rows) == ["joint", "joint", "marked", "marked"]


# -- tables -----------------------------------------------------------------------------------

TABLE_ROWS = [
    ["序号", "重点任务", "牵头单位", "配合单位", "备注"],
    ["1", "建设口袋公园", "市园林局", "市财政局、各区政府", "新增"],
    ["2", "改造背街小巷", "市城管局", "各街道", ""],
]


@pytest.mark.parametrize(
    "render",
    [
        lambda row: "\t".join(row),
        lambda row: "    ".join(cell or "　" for cell in row),
        lambda row: "| " + " | ".join(row) + " |",
        lambda row: "|| " + " || ".join(row) + " ||",
    ],
    ids=["tabs", "spaces", "pipes", "doubled-pipes"],
)
def test_a_table_whatever_separates_its_cells(tmp_path, render):
    lines = [render(TABLE_ROWS[0])]
    if "|" in lines[0]:
        lines.append("|---|---|---|---|---|")  # a Markdown rule under the header
    lines += [render(row) for row in TABLE_ROWS[1:]]
    extraction = parse(tmp_path, "2024年任务清单\n" + "\n".join(lines) + "\n")
    assert [t.text for t in extraction.tasks] == ["建设口袋公园", "改造背街小巷"]
    assert roles(extraction.tasks[0]) == (["市园林局"], ["市财政局", "各区政府"])
    assert roles(extraction.tasks[1]) == (["市城管局"], ["各街道"])
    assert not extraction.skipped


def test_header_words_are_classified_by_their_ending():
    from graph_builder.parse.columns import column_field, map_columns

    assert [column_field(w) for w in ["主责单位", "协同推进单位", "具体工作举措", "市级责任领导", "办结时限", "进展情况"]] == [
        "lead", "cooperating", "text", "leader", "deadline", "progress",
    ]
    # An unknown column stays in the header as "other" (None) rather than ending it.
    assert map_columns(["序号", "工作事项", "进展情况", "备注", "责任部门"]) == ["seq", "text", "progress", None, "responsible"]
    # The vocabulary is open: a column is classified by its head noun and its qualifiers.
    assert [column_field(w) for w in ["主要责任单位", "协同配合单位", "建设地点", "年度投资(万元)", "评分部门", "项目负责人"]] == [
        "lead", "cooperating", "place", "figure", "evaluator", "leader",
    ]


def test_romanisation_glosses_are_masked(tmp_path):
    task = parse(tmp_path, "1.推进改革(市发改委(shì fā gǎi wěi)牵头,市财政局配合)\n").tasks[0]
    assert [(m.mention, m.name) for m in task.lead] == [("市发改委", "市发改委")]


def test_a_trailing_sentence_of_several_role_pieces(tmp_path):
    task = parse(tmp_path, "1.加强督查考核,由市政府办公室牵头,市督查室、市考评办配合。\n").tasks[0]
    assert task.text == "加强督查考核"
    assert roles(task) == (["市政府办公室"], ["市督查室", "市考评办"])


def test_a_run_together_table_on_one_line_with_a_repeated_header(tmp_path):
    text = (
        "序号重点任务责任领导牵头单位配合单位完成时限"
        "1建设口袋公园10个张三副市长市园林局市财政局、各区政府2024年底"
        "2改造背街小巷王小明市城管局、市住房和城乡建设局各街道2024年6月"
        "序号重点任务责任领导牵头单位配合单位完成时限"
        "3新建养老机构2家李四市民政局区卫健局长期\n"
    )
    tasks = parse(tmp_path, text).tasks
    assert [t.text for t in tasks] == ["建设口袋公园10个", "改造背街小巷", "新建养老机构2家"]
    assert [t.leader.name for t in tasks] == ["张三副市长", "王小明", "李四"]
    assert [t.deadline for t in tasks] == ["2024年底", "2024年6月", "长期"]
    assert roles(tasks[0]) == (["市园林局"], ["市财政局", "各区政府"])
    assert roles(tasks[1]) == (["市城管局", "市住房和城乡建设局"], ["各街道"])
    assert roles(tasks[2]) == (["市民政局"], ["区卫健局"])


def test_a_run_together_table_one_row_a_line(tmp_path):
    text = "序号工作任务牵头单位配合单位\n1推进数字政府建设市大数据局市委编办\n2建设城市大脑市数据资源局各区县政府\n"
    tasks = parse(tmp_path, text).tasks
    assert [roles(t) for t in tasks] == [(["市大数据局"], ["市委编办"]), (["市数据资源局"], ["各区县政府"])]


def test_a_one_cell_per_line_table_with_numbered_rows_and_a_merged_cell(tmp_path):
    text = (
        "附件\n\n2024年民生实事任务表\n\n序号\n\n民生实事\n\n责任单位\n\n完成时限\n\n"
        "1\n\n新建城市书房3家。\n\n县文旅局\n\n县财政局\n\n县代建中心\n\n12月底前\n\n"
        "2\n\n建成养老服务中心。\n\n县民政局\n\n6月底前动工\n\n开工建设老年食堂。\n\n10月投入使用\n\n"
        "3\n\n改造农贸市场2个。\n\n县商务局\n\n12月底前\n\n分享到:\n"
    )
    extraction = parse(tmp_path, text)
    tasks = extraction.tasks
    assert [t.text for t in tasks] == ["新建城市书房3家。", "建成养老服务中心。", "开工建设老年食堂。", "改造农贸市场2个。"]
    assert [t.seq for t in tasks] == ["1", "2", "2", "3"]
    assert roles(tasks[0]) == (["县文旅局"], ["县财政局", "县代建中心"])  # one cell over three lines
    assert roles(tasks[2]) == (["县民政局"], []) and tasks[2].notes  # inherited from the merged cell, said so
    assert [t.deadline for t in tasks] == ["12月底前", "6月底前动工", "10月投入使用", "12月底前"]
    assert extraction.line_roles[len(text.splitlines())] == "footer"  # 分享到: is page furniture


def test_an_agency_list_ends_where_a_flattened_table_follows(tmp_path):
    text = "1.新辟公交线路10条。 责任单位:市交通委 配合单位:市公安局、各区政府 鄞州 海曙 合计 2 5 10\n2.新增泊位(市交通委负责)\n"
    task = parse(tmp_path, text).tasks[0]
    assert roles(task) == (["市交通委"], ["市公安局", "各区政府"])


def test_labels_of_other_fields_end_the_value_before_them(tmp_path):
    text = "1.建成地铁一号线。 牵头领导:张三 责任单位:市轨道办 项目责任人:李四 实际完成情况:已通车。\n"
    task = parse(tmp_path, text).tasks[0]
    assert roles(task) == (["市轨道办"], []) and task.leader.name == "张三"


def test_bracketed_enumerators_in_the_middle_of_a_line(tmp_path):
    text = "县政府将办好三件实事。分别是: (1)建设县医院。 (2)新建西环路。 (3)新建便民市场5处。\n"
    tasks = parse(tmp_path, text).tasks
    assert [(t.seq, t.text) for t in tasks] == [("1", "建设县医院。"), ("2", "新建西环路。"), ("3", "新建便民市场5处。")]


def test_one_cell_per_line_with_border_pipes_a_leader_column_and_progress_columns(tmp_path):
    text = (
        "重点项目推进情况\n序号 |\n主要任务 |\n分管领导 |\n牵头单位 |\n协同单位 |\n1-10月推进情况 |\n说明 |\n"
        "7 |\n改造背街小巷20条。 |\n王小明 |\n城管局 |\n市政局、相关街道 |\n已完成30%。 |\n||\n"
        "8 |\n新建停车场2个。 |\n王小明 |\n交通局 |\n各街道 |\n已开工。 |\n滞后1个月。 |\n"
    )
    tasks = parse(tmp_path, text).tasks
    assert [(t.seq, t.text) for t in tasks] == [("7", "改造背街小巷20条。"), ("8", "新建停车场2个。")]
    assert [t.leader.name for t in tasks] == ["王小明", "王小明"]
    assert roles(tasks[0]) == (["城管局"], ["市政局", "相关街道"])
    assert roles(tasks[1]) == (["交通局"], ["各街道"])


def test_a_table_one_row_a_line_with_single_spaces_and_a_spaced_out_header(tmp_path):
    text = "量化指标任务分工\n序号 工 作 任 务 牵头负责部门\n1 城镇新增就业100万人以上 人力资源部\n2 新建铁路 800公里 交通运输部\n"
    tasks = parse(tmp_path, text).tasks
    assert [(t.seq, t.text, names(t.lead)) for t in tasks] == [
        ("1", "城镇新增就业100万人以上", ["人力资源部"]),
        ("2", "新建铁路800公里", ["交通运输部"]),
    ]


def test_a_division_of_work_label_holds_a_verb_clause(tmp_path):
    text = "1.地区生产总值增长6%以上。\n分管省领导:张三\n部门分工:省发展改革委牵头,各地、各部门配合。\n"
    task = parse(tmp_path, text).tasks[0]
    assert roles(task) == (["省发展改革委"], ["各地", "各部门"]) and task.leader.name == "张三"


def test_units_responsible_by_their_duties_beside_a_marked_lead_co_operate(tmp_path):
    text = "1.全面实施清单管理。(市政府办公室牵头,市级各有关部门及各县市区政府按职责分工负责)\n"
    task = parse(tmp_path, text).tasks[0]
    assert roles(task) == (["市政府办公室"], ["市级各有关部门", "各县市区政府"])


def test_an_enumerator_may_start_after_a_colon(tmp_path):
    tasks = parse(tmp_path, "十件实事是:1.新修农田10万亩。2.建成学校1所。\n").tasks
    assert [t.text for t in tasks] == ["新修农田10万亩。", "建成学校1所。"]


def test_a_pipe_table_sub_row_inherits_the_merged_agency_cell(tmp_path):
    text = (
        "序号 | 项目内容 | 进展情况 | 责任单位 |\n"
        "1 | 新建驿站7家。 | 已建成13家。 | 卫生健康局 |\n"
        "新增托位500个。 | 新增托位600个。 | ||\n"
        "2 | 修路100公里。 | 完成50公里。 | 交通运输局 |\n"
    )
    tasks = parse(tmp_path, text).tasks
    assert [(t.seq, t.text, names(t.lead)) for t in tasks] == [
        ("1", "新建驿站7家。", ["卫生健康局"]),
        ("1", "新增托位500个。", ["卫生健康局"]),
        ("2", "修路100公里。", ["交通运输局"]),
    ]
    assert tasks[1].notes and not tasks[0].notes


def test_a_clause_ends_its_item_so_the_next_unnumbered_line_is_another_task(tmp_path):
    text = "(一)建设汽车基地。(牵头单位:市经贸委;配合单位:市发改委、国土局)\n?。推进石化基地建设。(牵头单位:市发改委)\n"
    one, two = parse(tmp_path, text).tasks
    assert roles(one) == (["市经贸委"], ["市发改委", "市国土局"])
    assert roles(two) == (["市发改委"], [])


def test_a_masked_gloss_is_no_gap_between_two_names(tmp_path):
    task = parse(tmp_path, "1.建设石化基地。(牵头单位:市发改委;配合单位:黄埔区(qū)政府、南沙区政府)\n").tasks[0]
    assert [(m.mention, m.name) for m in task.cooperating] == [("黄埔区政府", "黄埔区政府"), ("南沙区政府", "南沙区政府")]


def test_a_list_ending_with_etc_names_the_units_before_it(tmp_path):
    task = parse(tmp_path, "1.收入增长5%。\n牵头单位:区财政局\n责任单位:区税务局、区国资委等\n").tasks[0]
    assert roles(task) == (["区财政局"], ["区税务局", "区国资委"])


def test_a_lead_repeated_among_the_responsible_units_is_counted_once_as_lead(tmp_path):
    text = "序号\n事项\n责任单位\n牵头单位\n1\n服务业增加值增长6%。\n区发改局、区统计局\n区发改局\n"
    task = parse(tmp_path, text).tasks[0]
    assert roles(task) == (["区发改局"], ["区统计局"])


def test_a_metadata_block_is_no_table_header(tmp_path):
    text = "索引号\n000014349/2023\n文件类型\n通知\n发文单位\n市人民政府办公室\n(一)深化政务服务。(牵头单位:市行政审批局;责任单位:市直相关单位,各县市区)\n"
    extraction = parse(tmp_path, text)
    assert extraction.document.readers == ["prose"]
    assert roles(extraction.tasks[0]) == (["市行政审批局"], ["市直相关单位", "各县市区"])


def test_the_first_responsible_unit_convention_in_its_own_words(tmp_path):
    text = "(一)推进改革。\n责任单位:市发改委、市财政局(第一责任单位为牵头单位,下同)\n时限要求:持续推进\n"
    task = parse(tmp_path, text).tasks[0]
    assert roles(task) == (["市发改委"], ["市财政局"]) and task.lead[0].basis == "stated"
    assert task.deadline == "持续推进"


def test_a_cell_table_with_section_headings_between_rows_and_gaps_in_the_numbers(tmp_path):
    text = (
        "序号\n\n重点工作任务\n\n主要责任单位\n\n协同配合单位\n\n一、主要目标\n\n"
        "3\n\n固定资产投资增长7.5%。\n\n区发改委\n\n区工信局、区住建局,各乡镇人民政府。\n\n"
        "二、扩投资\n\n三、惠民生\n\n68\n\n建设学校。\n\n区教育局\n\n区投资促进中心。\n\n"
        "69\n\n新建托位。\n\n区卫健委\n\n县各有关单位\n"
    )
    tasks = parse(tmp_path, text).tasks
    assert [(t.seq, t.text) for t in tasks] == [("3", "固定资产投资增长7.5%。"), ("68", "建设学校。"), ("69", "新建托位。")]
    assert roles(tasks[0]) == (["区发改委"], ["区工信局", "区住建局", "各乡镇人民政府"])
    assert roles(tasks[1]) == (["区教育局"], ["区投资促进中心"])
    assert roles(tasks[2]) == (["区卫健委"], ["县各有关单位"])


# -- capabilities learnt from the second half of the development set ----------------------


def test_a_label_read_by_its_parts(tmp_path):
    # 配合实施单位 is in no list of labels: two qualifiers and a unit noun make it one, and its
    # field comes from its qualifiers; it ends the lead list on the line before it.
    text = "1.新建口袋公园5个。\n牵头落实单位:市园林局、市城管局\n配合实施单位:各区政府\n2.改造背街小巷。\n牵头落实单位:市城管局\n"
    tasks = parse(tmp_path, text).tasks
    assert roles(tasks[0]) == (["市园林局", "市城管局"], ["各区政府"])
    assert roles(tasks[1]) == (["市城管局"], [])


def test_a_web_page_metadata_line_is_no_task(tmp_path):
    text = "信息来源:区政府办(区外事办)\n发布时间:2023-05-01\n1.建设社区食堂。(区民政局牵头)\n"
    extraction = parse(tmp_path, text)
    assert [t.text for t in extraction.tasks] == ["建设社区食堂。"]
    assert extraction.line_roles[1] == "footer"  # page furniture, reported as such


def test_a_group_heading_that_names_the_unit_gives_it_to_its_items(tmp_path):
    text = (
        "一、市园林局牵头工作(2项)\n1.新建口袋公园5个。\n2.新建绿道10公里。\n"
        "二、市城管局负责事项\n1.改造背街小巷。\n2.整治占道经营。(市市场监管局牵头)\n"
        "三、其他工作\n1.开展调研。\n"
    )
    extraction = parse(tmp_path, text)
    assert [(t.text, roles(t)) for t in extraction.tasks] == [
        ("新建口袋公园5个。", (["市园林局"], [])),
        ("新建绿道10公里。", (["市园林局"], [])),
        ("改造背街小巷。", (["市城管局"], [])),
        ("整治占道经营。", (["市市场监管局"], [])),  # its own clause wins over the heading
    ]
    # A heading without a unit gives none: its lone item, like any list that names no
    # agency in a document that does, is read as prose, and its line is accounted for.
    assert extraction.line_roles[8] in ("heading", "narrative")


def test_yishi_erhsi_enumerators_on_one_line(tmp_path):
    text = "今年办好三件实事:一是新建幼儿园3所。二是统一是非标准的改造农贸市场。三是新增停车位500个。\n"
    tasks = parse(tmp_path, text).tasks
    # 统一是 does not open an item: 一 after 统 is no enumerator at a boundary.
    assert [t.text for t in tasks] == ["新建幼儿园3所。", "统一是非标准的改造农贸市场。", "新增停车位500个。"]


def test_yishi_lists_an_arguments_points_where_the_document_numbers_its_tasks(tmp_path):
    text = "1.新建幼儿园3所。(市教育局牵头)\n2.改造农贸市场。(市商务局牵头)\n保障措施:一是加强领导。二是压实责任。\n"
    extraction = parse(tmp_path, text)
    assert [t.text for t in extraction.tasks] == ["新建幼儿园3所。", "改造农贸市场。"]
    assert extraction.line_roles[3] == "narrative"


def test_cell_table_header_cells_with_masked_glosses_and_long_column_names(tmp_path):
    text = (
        "序號(xù hào) |\n省重點(diǎn)民生實(shí)事項(xiàng)目名稱 |\n責(zé)任單位 |\n目標(biāo)任務(wù) |\n"
        "1 |\n建設(shè)社區(qū)食堂 |\n民政局 |\n20家 |\n"
        "2 |\n改造農(nóng)貿(mào)市場 |\n商務(wù)局 |\n5個 |\n"
    )
    tasks = parse(tmp_path, text).tasks
    assert [(t.seq, t.text, roles(t)) for t in tasks] == [
        ("1", "建设社区食堂", (["民政局"], [])),
        ("2", "改造农贸市场", (["商务局"], [])),
    ]


def test_a_twelve_character_title_is_no_header_cell(tmp_path):
    # 十方面民生实事责任分解 names a column word (民生实事) but ends like a title.
    text = "附件2\n十方面民生实事责任分解\n1.持续改善水环境。\n责任单位:市建设局、市水利局\n2.新增公租房。\n责任单位:市住建局\n"
    extraction = parse(tmp_path, text)
    assert extraction.document.readers == ["prose"]
    assert roles(extraction.tasks[0]) == (["市建设局"], ["市水利局"])


def test_cell_table_figures_in_progress_columns_are_no_rows_and_no_units(tmp_path):
    text = (
        "序号\n项目名称\n责任单位\n目标任务\n完成数\n备注\n"
        "1\n建设农村幼儿园(所)\n教育局\n2所\n55\n进展顺利\n"  # 55: a figure, not row 55
        "2\n新增养老床位\n民政局\n71个\n64\n\n"
        "3\n改造棚户区\n房产局\n700套\n600\n"
    )
    tasks = parse(tmp_path, text).tasks
    assert [(t.seq, t.text, roles(t)) for t in tasks] == [
        ("1", "建设农村幼儿园(所)", (["教育局"], [])),  # text column first: not read as a unit
        ("2", "新增养老床位", (["民政局"], [])),
        ("3", "改造棚户区", (["房产局"], [])),
    ]


def test_cell_table_with_the_lead_column_before_the_text_and_chinese_row_numbers(tmp_path):
    # 牵头单位 is merged over the row's projects; each project names its own owner unit.
    text = (
        "序号 |\n牵头单位 |\n项目名称 |\n业主单位 |\n进展情况 |\n"
        "一 |\n区住建局 |\n(一)新建城市道路3条 |\n区城投公司 |\n已完工 |\n"
        "(二)改造人行道 |\n区城管局 |\n在建 |\n"
        "二 |\n区教体局 |\n(一)新建学校1所 |\n区教体局 |\n已完工 |\n"
    )
    tasks = parse(tmp_path, text).tasks
    assert [(t.seq, t.text, roles(t)) for t in tasks] == [
        ("一", "(一)新建城市道路3条", (["区住建局"], ["区城投公司"])),
        ("一", "(二)改造人行道", (["区住建局"], ["区城管局"])),
        ("二", "(一)新建学校1所", (["区教体局"], [])),  # the owner is the lead itself
    ]


def test_a_table_whose_cells_are_separated_by_single_spaces(tmp_path):
    # Header cells are words; a row's empty cells are left out; "1-8月完成情况" is a header
    # cell, not row 1; an unnumbered row names its own unit under its group.
    text = (
        "序号 项目名称 责任单位 目标任务 1- 8月完成情况 备注\n"
        "1 新增城镇就业 区人社局 8950 7356 82%\n"
        "2 建设幼儿园(所) 区教育局 2所 70%\n"
        "3 提高保障水平 完成参保人数6300人 区人社局 6300人 119%\n"
        "提高城乡低保标准 区民政局 100%\n"
    )
    tasks = parse(tmp_path, text).tasks
    assert [(t.seq, t.text, roles(t)) for t in tasks] == [
        ("1", "新增城镇就业", (["区人社局"], [])),
        ("2", "建设幼儿园(所)", (["区教育局"], [])),
        ("3", "提高保障水平完成参保人数6300人", (["区人社局"], [])),
        ("3", "提高城乡低保标准", (["区民政局"], [])),
    ]


def test_investment_company_short_names_are_units_and_a_bracketed_note_is_no_part_of_a_name(tmp_path):
    text = (
        "1.新建城市道路3条。(牵头单位:区住建局;配合单位:区城投、区水投)\n"
        "2.新建学校1所。(牵头单位:区教体局;配合单位:某置业有限公司(开发商配建学校项目)、县发改局(粮食局))\n"
    )
    tasks = parse(tmp_path, text).tasks
    assert roles(tasks[0]) == (["区住建局"], ["区城投", "区水投"])
    assert roles(tasks[1]) == (["区教体局"], ["某置业有限公司", "县发改局(粮食局)"])
    # the mention keeps the note as written
    assert tasks[1].cooperating[0].mention == "某置业有限公司(开发商配建学校项目)"


def test_pipe_table_sub_rows_with_an_empty_number_cell_under_a_section_heading(tmp_path):
    # | | 子任务 | … |: the 序号 cell is there but empty (a merged number), so the row is not
    # shifted; a section heading between header and rows does not hide the grouping.
    text = (
        "| 序号 | 工作任务 | 牵头单位 | 配合单位 |\n一、教育\n"
        "| 1 | 建设学校 | 市教育局 | 市财政局 |\n|  | 新增学位 | 市教育局 | 各区政府 |\n"
        "二、卫生\n| 2 | 新建医院 | 市卫健委 | 市发改委 |\n"
    )
    tasks = parse(tmp_path, text).tasks
    assert [(t.seq, t.text, roles(t)) for t in tasks] == [
        ("1", "建设学校", (["市教育局"], ["市财政局"])),
        ("1", "新增学位", (["市教育局"], ["各区政府"])),
        ("2", "新建医院", (["市卫健委"], ["市发改委"])),
    ]
    assert tasks[0].program_id == tasks[1].program_id != tasks[2].program_id


def test_a_bare_role_word_with_a_colon_is_a_label(tmp_path):
    text = "1.建设口袋公园5个。牵头:市园林局;配合:市财政局\n2.推进改革(市发改委牵头,市财政局配合)\n"
    tasks = parse(tmp_path, text).tasks
    assert roles(tasks[0]) == (["市园林局"], ["市财政局"])
    assert roles(tasks[1]) == (["市发改委"], ["市财政局"])  # without a colon 牵头 is the verb


def test_agencies_named_with_a_role_that_land_in_no_task_are_reported(tmp_path):
    # The notice's own 由X负责 and a task line whose 牵头 is glued to its text without any
    # mark the engine reads: neither is lost silently.
    text = (
        "现将任务分解如下,由市政府督查室牵头负责跟踪督办,每季度通报一次。\n"
        "1.建设口袋公园5个,由市园林局统筹\n"
        "2.新建学校。(市教育局牵头)\n"
    )
    extraction = parse(tmp_path, text)
    reasons = {s.line: s.reason for s in extraction.skipped}
    assert reasons[1] == "names a role (牵头负责) and agencies (市政府督查室) that landed in no task"
    assert extraction.line_roles[1] == "skipped"
    assert 2 not in reasons  # no role marker, nothing claimed: a task without agencies
    assert roles(extraction.tasks[1]) == (["市教育局"], [])


def test_run_together_rows_with_figures_before_the_units(tmp_path):
    # 3家 is a count, not row 3; a name starts after the figure and its measure word, also when
    # its level word is 区 and another level word follows (区市场监管局); one unit alone leads.
    text = (
        "序号工作任务牵头单位配合单位1新建托育机构5家区城市管理局区民政局"
        "2扩建老旧小区3家区市场监管局区公安局、各街道3新增停车位20个区住建局\n"
    )
    tasks = parse(tmp_path, text).tasks
    assert [(t.seq, t.text, roles(t)) for t in tasks] == [
        ("1", "新建托育机构5家", (["区城市管理局"], ["区民政局"])),
        ("2", "扩建老旧小区3家", (["区市场监管局"], ["区公安局", "各街道"])),
        ("3", "新增停车位20个", (["区住建局"], [])),
    ]


def test_cell_table_signature_and_date_under_the_table_and_slash_for_an_empty_cell(tmp_path):
    text = (
        "序号\n\n项目名称\n\n牵头单位\n\n配合单位\n\n"
        "1\n\n新建社区食堂5家\n\n区民政局\n\n/\n\n"
        "2\n\n改造农贸市场3个\n\n区商务局\n\n区市场监管局\n\n"
        "某某区人民政府办公室\n2024年2月1日\n"
    )
    extraction = parse(tmp_path, text)
    assert [(t.text, roles(t)) for t in extraction.tasks] == [
        ("新建社区食堂5家", (["区民政局"], [])),
        ("改造农贸市场3个", (["区商务局"], ["区市场监管局"])),
    ]
    lines = extraction.line_roles
    assert lines[max(lines)] == lines[max(lines) - 1] == "metadata"
