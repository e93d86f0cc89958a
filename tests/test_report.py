"""`govkg report`: one offline HTML file, checked as text and in headless Chromium (Debian's
chromium through Playwright) with every network request blocked and recorded."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from queries import Filters, View, burden
from tests.conftest import watch_offline

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
runner = CliRunner()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    result = runner.invoke(app, ["report", "-o", str(path), "--collective", "drop", "--top", "10"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout
    return path


def test_report_is_self_contained_and_traceable(report, corpus):
    text = report.read_text("utf-8")
    assert "Content-Security-Policy" in text and "<script" not in text
    assert text.count("<svg") == 4  # burden, betweenness, degree distribution, lead → co-operating heat map
    assert not re.search(r"""(src|href)=["']https?:""", text)
    for author in ("Freeman", "Burt", "Bonacich"):
        assert author in text
    anchors = set(re.findall(r'id="([^"]+)"', text))
    links = set(re.findall(r'href="#([^"]+)"', text))
    assert links and links <= anchors  # every number links to something on the page
    top = sorted(burden(View.from_corpus(corpus, Filters(collective="drop"))), key=lambda r: (-r["coordination_burden"], r["agency"]))[0]
    section = text.split('id="agency-1-cooperating"', 1)[1].split("</ol>", 1)[0]
    assert section.count("<li>") == top["tasks_cooperated"]
    assert "corpus/03_shangcheng_2019_work_report_targets.txt:" in section and "<pre>" in section  # source lines quoted


def test_report_with_no_matching_tasks_is_one_clear_error(tmp_path):
    result = runner.invoke(app, ["report", "-o", str(tmp_path / "r.html"), "--year", "1999"])
    assert result.exit_code == 2 and "no tasks" in result.output and "Traceback" not in result.output


@pytest.mark.browser
def test_report_renders_in_headless_chromium_with_no_network_request(report):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed: `make test` installs it (scripts/install-system-deps.sh)")
        pytest.skip("Debian's chromium is not installed; `make test` installs it as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        requests, errors = watch_offline(page)
        page.goto(report.resolve().as_uri())
        assert page.locator("h1").inner_text() == "govkg report"
        boxes = [page.locator("svg").nth(i).bounding_box() for i in range(3)]
        assert all(box and box["width"] > 300 and box["height"] > 150 for box in boxes)
        page.locator('a[href="#agency-1-cooperating"]').first.click()
        assert page.evaluate("location.hash") == "#agency-1-cooperating"
        assert page.evaluate("document.querySelector('#agency-1-cooperating').getBoundingClientRect().top") < 100
        png = page.screenshot()
        browser.close()
    assert requests == [] and errors == []
    assert len(png) > 10_000


def test_the_report_compares_the_years_with_the_corpus_counts(report, corpus):
    text = report.read_text("utf-8")
    section = text.split('id="years"', 1)[1].split("</table>", 1)[0]
    view = View.from_corpus(corpus, Filters(collective="drop"))
    for year in sorted({meta["year"] for meta in view.task_meta.values() if meta.get("year")}):
        tasks = sum(1 for meta in view.task_meta.values() if meta.get("year") == year)
        assert f"<tr><td>{year}</td><td>{tasks}</td>" in section
    assert 'id="pairs"' in text


def test_the_report_is_the_jinja2_template_over_its_data(corpus, tmp_path):
    """The report's HTML lives in templates/report.html (Jinja2, autoescaped, as the network
    page's template); report.py gives it data only."""
    import ast
    from pathlib import Path

    from graph_builder.pipeline import load_corpus
    from tests.conftest import write_doc
    from visualizations import report

    view = View.from_corpus(corpus, Filters(collective="drop"))
    assert report.report_html(corpus, view, top=5) == report._template().render(**report.report_context(corpus, view, top=5))
    source = Path(report.__file__).read_text("utf-8")
    markup = [node.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Constant) and isinstance(node.value, str)
              and re.search(r"<(tr|td|th|table|h[1-4]|li|ol|section|dl|dt|dd|pre)\b", node.value)]
    assert markup == []
    # Document text is text: a tag in a task or an agency name is escaped by the template.
    doc = write_doc(tmp_path, "tags.txt", "2021年为民办实事项目\n1.建设<img src=x onerror=alert(1)>公园(市<b>园林</b>局牵头,市财政局配合)。\n"
                                           "2.改造道路(市交通运输局牵头,市财政局配合)。\n")
    small, errors = load_corpus([doc])
    assert errors == []
    text = report.report_html(small, View.from_corpus(small, Filters()))
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text and "<b>" not in text
