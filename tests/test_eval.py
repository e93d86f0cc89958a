"""``govkg eval``: the scorer on gold files written here, and the command on the sample gold."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.evaluate import score_document

runner = CliRunner()
SAMPLE_GOLD = Path(__file__).resolve().parent.parent / "graph_builder" / "corpus" / "gold"


def task(text, lead=(), cooperating=()):
    return {
        "text": text,
        "target": None,
        "program": None,
        "lead": [{"mention": m, "name": m} for m in lead],
        "cooperating": [{"mention": m, "name": m} for m in cooperating],
    }


def test_pairs_tasks_and_extra_tasks_are_scored():
    gold = {"tasks": [
        {"key": "新建幼儿园十所以上并投入使用", "lead": ["市教育局"], "cooperating": ["市財政局"]},
        {"key": "改造农村公路一百公里以上", "lead": ["市交通局"], "cooperating": []},
    ]}
    extracted = [
        task("新建幼儿园十所以上并投入使用。", ["市教育局"], ["市财政局", "市住建局"]),  # traditional folded
        task("与任何金标准任务都不相符的任务", ["市民政局"]),
    ]
    score = score_document(gold, extracted)
    assert (score.tp, score.fp, score.fn) == (2, 2, 1)  # 市住建局 and 市民政局 extra; 市交通局 missed
    assert (score.matched_tasks, score.gold_tasks) == (1, 2)
    assert {m.kind for m in score.misses} == {"missing task", "missing agency", "extra agency"}


def test_each_extracted_task_matches_at_most_once():
    gold = {"tasks": [{"key": "推进改革开放事业发展", "lead": ["甲局"]}, {"key": "推进改革开放事业发展", "lead": ["甲局"]}]}
    score = score_document(gold, [task("推进改革开放事业发展", ["甲局"])])
    assert (score.matched_tasks, score.tp, score.fn) == (1, 1, 1)


def test_eval_command_on_the_sample_gold_scores_one():
    result = runner.invoke(app, ["eval", str(SAMPLE_GOLD), "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)  # stdout is the JSON document alone
    assert records[-1]["document"] == "overall" and records[-1]["f1"] == 1.0 and records[-1]["gold_tasks"] == 345


def test_eval_verbose_lists_what_a_changed_gold_file_misses(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    source = SAMPLE_GOLD / "02_hangzhou_2022_livelihood_projects_traditional.json"
    gold = json.loads(source.read_text(encoding="utf-8"))
    gold["tasks"][0]["lead"] = ["虚构的某某局"]
    (gold_dir / source.name).write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    doc = SAMPLE_GOLD.parent / gold["file"]
    shutil.copy(doc, tmp_path / gold["file"])
    result = runner.invoke(app, ["eval", str(gold_dir), "-v"])
    assert result.exit_code == 0, result.output
    assert "missing agency lead        虚构的某某局" in result.output
    assert "F1 1.000" not in result.output.splitlines()[-1]


def test_eval_on_a_folder_without_gold_is_one_line(tmp_path):
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "no gold files" in result.output and "Traceback" not in result.output


def test_eval_takes_a_folder_of_documents_and_refuses_one_no_gold_file_annotates(tmp_path):
    result = runner.invoke(app, ["eval", str(SAMPLE_GOLD), str(SAMPLE_GOLD.parent)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("overall: 5 documents, 345/345 tasks")
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("1.建设公园。(市园林局牵头)\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(SAMPLE_GOLD), str(other)])
    assert result.exit_code != 0
    assert "no gold file annotates any of the 1 documents given" in result.output


def test_a_key_copied_with_its_romanisation_gloss_matches_the_task():
    gold = {"file": "x.txt", "tasks": [{"key": "建設(jiàn shè)社區(qū)食堂", "lead": ["市民政局"], "cooperating": []}]}
    score = score_document(gold, [task("建设社区食堂20家", ["市民政局"])])
    assert (score.matched_tasks, score.tp, score.fn) == (1, 1, 0)
