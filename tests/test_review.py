"""``govkg review``: what deserves a look, most doubtful first, and the page in a real headless
Chromium (every request blocked): correct a lead, download corrections.csv, build with it, and
find the corrected lead in burden, Cypher and Turtle."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.pipeline import assemble
from tests.conftest import write_doc
from tests.test_corrections import DOC, HEADER
from tests.test_page import browser  # noqa: F401  (the module's Chromium, shared)
from visualizations.review import DOUBT, review_html, review_items, source_lines

runner = CliRunner()
XSS = '<img src=x onerror="window.__xss=1;alert(1)">'


@pytest.fixture
def doc(tmp_path):
    return write_doc(tmp_path, "a.txt", DOC)


def test_items_come_most_doubtful_first_with_their_source_lines(doc):
    assembly = assemble([doc])
    items = review_items(assembly.corpus, source_lines(assembly.inputs))
    assert [(i.kind, i.task_id.rsplit("/", 1)[-1], i.doubt) for i in items] == [
        ("skipped", "", DOUBT["skipped_with_agencies"]),
        ("lead", "t1", DOUBT["first_listed"]), ("lead", "t2", DOUBT["first_listed"]), ("lead", "t3", DOUBT["single"])]
    lead = items[1]
    assert [(line["line"], line["own"]) for line in lead.source] == [(1, False), (2, True), (3, True), (4, False)]
    assert lead.source[2]["text"] == "责任单位:市文广旅局、市财政局"
    assert [(m["mention"], m["basis"], m["agency"]) for m in lead.lead] == [("市文广旅局", "first_listed", "杭州市文广旅局")]
    assert lead.key == "建设城市书房10个。" and lead.sha256 == assembly.extractions[0].document.sha256


def test_the_bundled_corpus_lists_its_news_article_merges_and_near_misses(corpus):
    items = review_items(corpus)
    kinds = [i.kind for i in items]
    assert items[0].kind == "document" and items[0].path.endswith("04_hangzhou_districts_livelihood_projects_news.txt")
    assert items[0].details["agency_coverage"] == 0.0
    assert kinds.count("merge") == 3 and kinds.count("kept-apart") == 3 and kinds.count("skipped") == 2
    merge = next(i for i in items if i.kind == "merge" and "区文化和广电旅游局" in i.details["dropped"])
    assert merge.details["agency_id"] == "杭州市/上城区/文化和广电旅游体育局" and merge.details["occurrences"]
    # a fuzzier merge is more doubtful
    scores = {i.details["score"]: i.doubt for i in items if i.kind == "merge"}
    assert scores[88.9] > scores[94.7] > scores[100.0]


def test_an_item_a_row_corrected_or_confirmed_is_listed_last_and_marked(doc, tmp_path):
    file = tmp_path / "c.csv"
    file.write_text(HEADER + "a.txt,,2,,set-lead,市财政局,,,\na.txt,,6,,confirm,,,,\n", encoding="utf-8")
    items = review_items(assemble([doc], corrections=file).corpus)
    # (t1's lead is now the researcher's: no doubt left, after the confirmed single lead of t3)
    assert [(i.task_id.rsplit("/", 1)[-1], i.status) for i in items if i.kind == "lead"] == [("t2", ""), ("t3", "confirmed"), ("t1", "corrected")]
    assert items[-1].corrections == [f"{file}:2"] and items[-1].lead[0]["basis"] == "corrected"


def test_the_page_is_offline_escaped_and_keeps_the_rows_it_was_given(tmp_path):
    doc = write_doc(tmp_path, "x.txt", DOC.replace("建设城市书房10个", f"建设{XSS}书房10个"))
    file = tmp_path / "c.csv"
    file.write_text(HEADER + "x.txt,,6,,confirm,,,,\n", encoding="utf-8")
    assembly = assemble([doc], corrections=file)
    html = review_html(assembly.corpus, source_lines(assembly.inputs), corrections=file)
    assert XSS not in html  # inside the script's JSON, < and > are escaped
    csp = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0].replace("&#39;", "'")
    assert csp.startswith("default-src 'none'; script-src 'sha256-") and "connect-src 'none'" in csp
    assert "http://" not in html and "https://" not in html


def test_review_command(doc, tmp_path):
    out = tmp_path / "review"
    result = runner.invoke(app, ["review", str(doc), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {out / 'review.html'}: 4 items to look at (1 skipped, 3 lead)")
    (tmp_path / "file").write_text("x")
    bad = runner.invoke(app, ["review", str(doc), "--out", str(tmp_path / "file")])
    assert bad.exit_code == 2 and "is a file, not a folder" in bad.stderr


# -- in the browser ---------------------------------------------------------------------------


def open_review(browser, path):  # noqa: F811
    from tests.conftest import watch_offline

    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    requests, errors = watch_offline(page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.resolve().as_uri())
    for _ in range(100):
        if page.evaluate("window.govkgReady === true"):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail("the review page did not start")
    return page, requests, errors, dialogs


@pytest.mark.browser
def test_correct_a_lead_in_the_browser_download_and_build_with_it(browser, doc, tmp_path):  # noqa: F811
    review = tmp_path / "review"
    assert runner.invoke(app, ["review", str(doc), "--out", str(review)]).exit_code == 0
    page, requests, errors, dialogs = open_review(browser, review / "review.html")
    cards = page.locator("article.item")
    assert cards.count() == 4
    card = page.locator("article[data-kind=lead]").first  # the most doubtful lead: 建设城市书房, first listed
    assert "建设城市书房10个" in card.inner_text() and "first_listed" in card.inner_text()
    card.locator("select.set-lead-choice").select_option("市财政局")
    card.locator("button.set-lead").click()
    assert "✓ set-lead 市财政局" in card.inner_text()
    with page.expect_download() as info:
        page.click("#download")
    download = info.value
    assert download.suggested_filename == "corrections.csv"
    saved = tmp_path / "corrections.csv"
    download.save_as(saved)
    assert requests == [] and errors == [] and dialogs == []
    page.context.close()

    data = saved.read_bytes()
    assert data.startswith("\ufeff".encode())
    (row,) = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    document = assemble([doc]).extractions[0].document
    assert (row["document"], row["sha256"], row["line"], row["task"], row["action"], row["agency"]) == (
        document.id, document.sha256[:16], "2", "建设城市书房10个。", "set-lead", "市财政局")

    out = tmp_path / "out"
    built = runner.invoke(app, ["build", str(doc), "--out", str(out), "--corrections", str(saved), "--jobs", "1"])
    assert built.exit_code == 0, built.output
    burden = json.loads(runner.invoke(app, ["query", "burden", "--from", str(out), "--format", "json"]).stdout)
    led = {r["agency"]: (r["tasks_led"], r["tasks_cooperated"]) for r in burden}
    assert led["杭州市财政局"] == (1, 1) and led["杭州市文广旅局"] == (0, 1)
    cypher = runner.invoke(app, ["cypher", "--db", str(out / "graph.lbug"), "--format", "json",
                                 "MATCH (a:Agency)-[r:LEADS]->(t:Task) WHERE r.basis = 'corrected' RETURN a.name AS agency, t.text AS task, r.correction AS row"])
    assert json.loads(cypher.stdout) == [{"agency": "杭州市财政局", "task": "建设城市书房10个。", "row": f"{saved}:2"}]
    turtle = (out / "graph.ttl").read_text(encoding="utf-8")
    assert 'govkg:roleBasis "corrected"' in turtle and "govkg:Correction" in turtle and 'govkg:correctionAction "set-lead"' in turtle


@pytest.mark.browser
def test_the_page_writes_every_action_and_keeps_the_file_it_was_given(browser, doc, tmp_path):  # noqa: F811
    file = tmp_path / "c.csv"
    file.write_text(HEADER + "a.txt,,6,,confirm,,,,kept\n", encoding="utf-8")
    review = tmp_path / "review"
    assert runner.invoke(app, ["review", str(doc), "--out", str(review), "--corrections", str(file)]).exit_code == 0
    page, requests, errors, dialogs = open_review(browser, review / "review.html")
    t2 = page.locator("article[data-kind=lead]").nth(1)
    assert "改造老旧小区" in t2.inner_text()
    t2.locator("details.more summary").click()
    t2.locator("details.more input[placeholder='agency to add']").fill("市城管局")
    t2.locator("button.add-agency").click()
    t2.locator("details.more select").nth(1).select_option("市发改委")
    t2.locator("button.remove-agency").click()
    t2.locator("button.drop-task").click()
    skipped = page.locator("article[data-kind=skipped]")
    skipped.locator("input[placeholder^='agencies']").fill("市政府办公室")
    skipped.locator("button.add-task").click()
    rows = page.evaluate("govkgRows()")
    assert [(r["action"], r.get("agency", ""), r.get("note", "")) for r in rows] == [
        ("confirm", "", "kept"), ("add-agency", "市城管局", ""), ("remove-agency", "市发改委", ""), ("drop-task", "", ""), ("add-task", "市政府办公室", "")]
    # the hide toggle hides what is already reviewed
    page.check("#hide-reviewed")
    assert page.locator("article.item:not(.hidden)").count() == 3
    with page.expect_download() as info:
        page.click("#download")
    saved = tmp_path / "all.csv"
    info.value.save_as(saved)
    assert requests == [] and errors == [] and dialogs == []
    page.context.close()
    applied = assemble([doc], corrections=saved)
    assert [c.status for c in applied.corrections.corrections] == ["applied"] * 5
    assert [t.text for t in applied.corpus.tasks] == ["建设城市书房10个。", "新建公园3个。", "由市政府办公室牵头负责督查,每月通报。"]


@pytest.mark.browser
def test_document_text_never_runs_on_the_review_page(browser, tmp_path):  # noqa: F811
    doc = write_doc(tmp_path, "x.txt", DOC.replace("市文广旅局", f"市{XSS}局").replace("建设城市书房", f"建设{XSS}书房"))
    review = tmp_path / "review"
    assert runner.invoke(app, ["review", str(doc), "--out", str(review)]).exit_code == 0
    page, requests, errors, dialogs = open_review(browser, review / "review.html")
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert XSS in page.locator("article[data-kind=lead]").first.inner_text()
    assert requests == [] and errors == [] and dialogs == []
    page.context.close()


@pytest.mark.browser
def test_a_wrong_merge_becomes_an_aliases_row_that_keeps_the_names_apart(browser, tmp_path):  # noqa: F811
    review = tmp_path / "review"
    assert runner.invoke(app, ["review", "--out", str(review)]).exit_code == 0  # the bundled corpus
    page, requests, errors, dialogs = open_review(browser, review / "review.html")
    card = page.locator("article[data-kind=merge]", has_text="区文化和广电旅游局 →")
    card.locator("button.forbid").click()
    with page.expect_download() as info:
        page.click("#download-aliases")
    saved = tmp_path / "aliases.csv"
    info.value.save_as(saved)
    assert requests == [] and errors == [] and dialogs == []
    page.context.close()
    assert saved.read_text(encoding="utf-8-sig").splitlines() == [
        "jurisdiction,alias,canonical,type,source,action", "杭州市/上城区,区文化和广电旅游局,区文化和广电旅游体育局,,govkg review,forbid"]
    merges = runner.invoke(app, ["agencies", "--merges", "--format", "json", "--aliases", str(saved)])
    decisions = {(d["action"], d["mention"]) for d in json.loads(merges.stdout)}
    assert ("fuzzy-merge", "区文化和广电旅游局") not in decisions
    assert ("kept-apart", "上城区文化和广电旅游体育局 ~ 上城区文化和广电旅游局") in decisions
