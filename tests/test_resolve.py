"""Agency resolution on the bundled corpus and on small inputs written here."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from rapidfuzz import fuzz
from typer.testing import CliRunner

import graph_builder.resolve as resolve_package
from govkg.cli import app
from graph_builder.pipeline import extract_paths, load_corpus
from graph_builder.resolve import resolve
from tests.conftest import CORPUS, write_doc

runner = CliRunner()


def agency_of(corpus, name, document_prefix=None):
    """The agency ids of every mention named ``name`` (simplified) in the corpus."""
    found = set()
    for extraction in corpus.extractions:
        if document_prefix and not extraction.document.path.split("/")[-1].startswith(document_prefix):
            continue
        for task in extraction.tasks:
            for mention in task.mentions:
                if mention.name == name:
                    found.add(mention.agency_id)
    return found


def test_every_mention_is_resolved(corpus):
    for task in corpus.tasks:
        for mention in task.mentions:
            assert mention.agency_id, (task.id, mention.name)
            assert corpus.resolution.node(mention.agency_id)


def test_scripts_and_spaces_are_one_agency(corpus):
    assert agency_of(corpus, "市卫生健康委员会") == {"杭州市/卫生健康委员会"}
    agency = corpus.resolution.agencies["杭州市/卫生健康委员会"]
    assert {"市衛生健康委員會", "市衛生健康 委員會"} <= agency.aliases


def test_traditional_and_simplified_district_spelling_are_one(tmp_path):
    simplified = write_doc(tmp_path, "a.txt", "杭州市上城区人民政府办公室\n2019年1月1日\n1.建设书房。\n牵头单位:区住房和城建局\n配合单位:区财政局\n")
    traditional = write_doc(tmp_path, "b.txt", "杭州市上城區人民政府辦公室\n2020年1月1日\n1.建設書房。\n牽頭單位:區住房和城建局\n配合單位:區財政局\n")
    corpus = resolve(extract_paths([simplified, traditional]).extractions)
    leads = {e.tasks[0].lead[0].agency_id for e in corpus.extractions}
    assert leads == {"杭州市/上城区/住房和城市建设局"}


def test_typos_merge_within_the_district_with_their_scores(corpus):
    assert agency_of(corpus, "区市场监督局") == agency_of(corpus, "区市场监管局") == {"杭州市/上城区/市场监督管理局"}
    assert agency_of(corpus, "区文化和广电旅游体局") == {"杭州市/上城区/文化和广电旅游体育局"}
    merges = {d.mention: d for d in corpus.resolution.decisions if d.action == "fuzzy-merge"}
    assert merges["区市场监督局"].score == 100.0
    assert 90 < merges["区文化和广电旅游体局"].score < 100


def test_a_plain_score_cannot_tell_a_typo_from_two_bodies(corpus):
    # The measured trap: both pairs score the same; only level and rules tell them apart.
    assert round(fuzz.ratio("区市场监督局", "区市场监管局"), 1) == round(fuzz.ratio("区市场监管局", "市市场监管局"), 1) == 83.3
    assert agency_of(corpus, "市市场监管局", "02") == {"杭州市/市场监督管理局"}
    assert agency_of(corpus, "区市场监管局") != agency_of(corpus, "市市场监管局")


def test_similar_names_of_different_bodies_stay_apart(corpus):
    assert agency_of(corpus, "市教育局", "02") != agency_of(corpus, "市体育局", "02")
    assert agency_of(corpus, "区委宣传部") != agency_of(corpus, "区委统战部")
    assert agency_of(corpus, "市城管委") != agency_of(corpus, "市城管局")  # renamed: a succession, not a merge
    assert len(agency_of(corpus, "市公安局")) == 2  # Hangzhou's and Huzhou's


def test_jurisdiction_scopes_the_same_short_name(corpus):
    assert agency_of(corpus, "市建委") == {"杭州市/城乡建设委员会"}
    assert agency_of(corpus, "市建设局") == {"湖州市/建设局"}
    # 市 in a district document is the city above it; a branch sits in the district.
    branch = corpus.resolution.agencies["杭州市/规划和自然资源局上城分局"]
    assert branch.type == "branch" and branch.unit_of == "杭州市/规划和自然资源局" and branch.located_in == "杭州市/上城区"
    assert agency_of(corpus, "区住房和城建局") == {"杭州市/上城区/住房和城市建设局"}
    assert agency_of(corpus, "长兴县政府") == {"湖州市/长兴县/长兴县政府"}


def test_run_together_names_are_split(corpus):
    task = next(t for t in corpus.tasks if any(m.mention == "大数据局" for m in t.mentions))
    assert [m.agency_id for m in task.cooperating][-2:] == ["湖州市/公安局", "湖州市/大数据发展管理局"]
    assert any(d.action == "split" and d.mention == "市公安局大数据局" for d in corpus.resolution.decisions)


def test_collective_units_become_groups_with_named_members(corpus):
    groups = corpus.resolution.groups
    streets = groups["杭州市/上城区/group/street_offices/all"]
    assert len(streets.members) == 6 and "杭州市/上城区/湖滨街道办事处" in streets.members
    huzhou = groups["湖州市/group/district_county_governments/all"]
    assert len(huzhou.members) == 5
    # 各 (all) and 有关 (the relevant ones) are different sets.
    assert "杭州市/group/district_county_governments/some" in groups
    assert agency_of(corpus, "各区、县(市)政府") == agency_of(corpus, "各区、县(市)政府(管委会)")


def test_types_and_levels(corpus):
    agencies = corpus.resolution.agencies
    assert agencies["杭州市/红十字会"].type == "people"
    assert agencies["杭州市/城市建设投资集团有限公司"].type == "soe"
    assert agencies["杭州市/委宣传部"].type == "party"
    assert agencies["杭州市/上城区/湖滨街道办事处"].level == "street"
    assert agencies["湖州市/长兴县/长兴县政府"].type == "government"
    assert agencies["湖州市/长兴县/长兴县政府"].level == "county"


def test_reorganisations_map_2017_onto_2022(corpus):
    successors = corpus.resolution.successor_map()
    assert successors["杭州市/城市管理委员会"] == "杭州市/城市管理局"
    assert successors["杭州市/国土资源局"] == successors["杭州市/规划局"] == "杭州市/规划和自然资源局"
    assert successors["杭州市/卫生和计划生育委员会"] == "杭州市/卫生健康委员会"
    merge = next(e for e in corpus.resolution.successions if e.successor_id == "杭州市/规划和自然资源局")
    assert merge.change == "merge" and merge.year == 2019 and len(merge.predecessor_ids) == 2


def test_agencies_command_maps_successors_and_shows_it():
    two = [str(CORPUS["01"]), str(CORPUS["02"])]
    plain = {r["id"]: r for r in json.loads(runner.invoke(app, ["agencies", *two, "--format", "json"]).stdout)}
    mapped = {r["id"]: r for r in json.loads(runner.invoke(app, ["agencies", *two, "--format", "json", "--successors"]).stdout)}
    city_management = mapped["杭州市/城市管理局"]
    assert city_management["predecessors"] == ["杭州市/城市管理委员会"]
    assert city_management["years"] == [2017, 2022]
    assert city_management["lead_count"] == plain["杭州市/城市管理局"]["lead_count"] + plain["杭州市/城市管理委员会"]["lead_count"]
    assert "杭州市/城市管理委员会" not in mapped


def test_agencies_json_fields_and_merges_listing():
    records = json.loads(runner.invoke(app, ["agencies", "--format", "json"]).stdout)
    for key in ("id", "name", "kind", "jurisdiction", "type", "level", "aliases", "lead_count", "cooperating_count"):
        assert key in records[0]
    assert {r["kind"] for r in records} == {"agency", "group"}
    merges = runner.invoke(app, ["agencies", "--merges", "--format", "csv"])
    assert merges.exit_code == 0
    assert "fuzzy-merge,区市场监督局,杭州市/上城区/市场监督管理局,100" in merges.stdout


def test_extract_reports_agency_ids():
    documents = json.loads(runner.invoke(app, ["extract", str(CORPUS["02"])]).stdout)
    lead = documents[0]["tasks"][0]["lead"][0]
    assert lead == {"mention": "市教育局", "name": "市教育局", "agency_id": "杭州市/教育局", "basis": "marked"}


def test_override_file_forces_and_forbids(tmp_path):
    overrides = tmp_path / "overrides.csv"
    overrides.write_text(
        "jurisdiction,alias,canonical,type,source,action\n"
        "杭州市,市园文局,园林和文物局,bureau,my archive,merge\n"
        "*,文化和广电旅游局,文化和广电旅游体育局,,,forbid\n",
        encoding="utf-8",
    )
    corpus, _ = load_corpus(aliases=overrides)
    assert agency_of(corpus, "市园文局") == {"杭州市/园林和文物局"}
    assert agency_of(corpus, "区文化和广电旅游局") == {"杭州市/上城区/文化和广电旅游局"}
    assert agency_of(corpus, "区文化和广电旅游体局") == {"杭州市/上城区/文化和广电旅游体育局"}
    bad = tmp_path / "bad.csv"
    bad.write_text("jurisdiction,alias,canonical,action\n*,a,,merge\n", encoding="utf-8")
    result = runner.invoke(app, ["agencies", "--aliases", str(bad)])
    assert result.exit_code == 2 and "bad.csv:2: missing canonical" in result.stderr


def test_an_override_file_saved_by_excel_with_a_byte_order_mark_is_read(tmp_path):
    overrides = tmp_path / "overrides.csv"
    overrides.write_bytes(("\ufeffjurisdiction,alias,canonical,type,source,action\r\n"
                           "杭州市,市园文局,园林和文物局,bureau,my archive,merge\r\n").encode("utf-8"))
    corpus, _ = load_corpus(aliases=overrides)
    assert agency_of(corpus, "市园文局") == {"杭州市/园林和文物局"}


def test_no_agency_name_is_hard_coded_in_resolution_code():
    """Knowledge lives in the data files: the resolver's code holds no Chinese string
    outside its documentation."""
    for path in Path(resolve_package.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                assert not re.search(r"[\u4e00-\u9fff]", node.value), f"{path.name}:{node.lineno}: {node.value}"
