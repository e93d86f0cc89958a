"""The network page in a real headless browser (Debian's Chromium through Playwright), with
every network request blocked and recorded."""

from __future__ import annotations

import io
import os
import shutil

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.pipeline import load_corpus
from visualizations import PageOptions, write_page
from tests.conftest import watch_offline, write_doc

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
runner = CliRunner()

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed: `make test` installs it (scripts/install-system-deps.sh)")
        pytest.skip("Debian's chromium is not installed; `make test` installs it as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


def open_page(browser, path, viewport=(1280, 860)):
    """Open ``path`` with every non-file request blocked; return (page, requests, errors, dialogs)."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    requests, errors = watch_offline(page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.resolve().as_uri())
    # Polled from here: wait_for_function evaluates a string in the page, which the page's
    # own Content-Security-Policy (rightly) refuses.
    for _ in range(600):
        if page.evaluate("window.govkgReady === true"):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail(f"{path.name}: the layout did not settle within 60 s")
    return page, requests, errors, dialogs


def non_blank(png: bytes) -> float:
    """Share of pixels that are not the background colour."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height)
    background = max(colours)[0]
    return 1 - background / (image.width * image.height)


def test_bundled_corpus_page_offline(browser, corpus, tmp_path):
    path = write_page(corpus, tmp_path / "network.html")
    page, requests, errors, dialogs = open_page(browser, path)
    from queries import Filters, View

    view = View.from_corpus(corpus, Filters())
    counts = page.evaluate("[govkgNetwork.body.data.nodes.length, govkgNetwork.body.data.edges.length]")
    assert counts == [len(view.agencies), len(view.one_mode_edges[0])]
    assert requests == [] and errors == [] and dialogs == []
    assert page.evaluate("document.characterSet") == "UTF-8"
    # Search in traditional script finds the agency written in simplified.
    assert page.evaluate("govkgFind('杭州市衛生健康委員會')") == "杭州市/卫生健康委员会"
    page.fill("#search", "市城管局")
    page.press("#search", "Enter")
    assert page.evaluate("govkgNetwork.getSelectedNodes()") == ["杭州市/城市管理局"]
    png = page.screenshot(path=str(tmp_path / "shot.png"))
    assert non_blank(png) > 0.02
    page.context.close()


XSS = '<img src=x onerror="window.__xss=1;alert(1)">'


def test_document_text_never_runs(browser, tmp_path):
    doc = write_doc(
        tmp_path, "xss.txt",
        f"2021年为民办实事项目\n1.建设{XSS}公园(市{XSS}局牵头,市财政局配合)。\n2.改造道路 href (市交通运输局牵头,市财政局配合)。\n"
        "3.新建书房(市文广旅局牵头,市财政局配合)。\n",
    )
    corpus, errors = load_corpus([doc])
    assert errors == []
    for options in (PageOptions(), PageOptions(view="two-mode", title=f"标题 {XSS}")):
        path = write_page(corpus, tmp_path / f"{options.view}.html", options=options)
        page, requests, console_errors, dialogs = open_page(browser, path)
        page.hover("canvas")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None
        assert dialogs == [] and requests == [] and console_errors == []
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        if options.title:
            assert XSS in page.evaluate("document.getElementById('heading').textContent")
        page.context.close()


def test_viz_command_writes_views(browser, tmp_path):
    target = tmp_path / "ego.html"
    result = runner.invoke(app, ["viz", "--view", "ego", "--agency", "区住房和城建局", "--measure", "betweenness", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert str(target) in result.stdout
    page, requests, errors, _ = open_page(browser, target)
    assert page.evaluate("govkgNetwork.body.data.nodes.length") > 10 and requests == [] and errors == []
    page.context.close()
    bad = runner.invoke(app, ["viz", "--view", "ego", "-o", str(tmp_path / "x.html")])
    assert bad.exit_code == 2 and "--agency" in bad.stderr


def test_labels_filters_clusters_and_png_export(browser, corpus, tmp_path):
    from queries import Filters, View
    from visualizations.network import LABELLED

    path = write_page(corpus, tmp_path / "network.html")
    page, requests, errors, dialogs = open_page(browser, path)
    view = View.from_corpus(corpus, Filters())
    # Only the largest nodes are labelled until the reader zooms in; then every node is.
    ranked = page.evaluate("govkgRanked()")
    assert LABELLED <= len(ranked) < len(view.agencies)
    assert 0 < page.evaluate("govkgLabelled()") <= len(ranked)
    page.evaluate("govkgNetwork.moveTo({scale: 2.0})")
    page.mouse.move(640, 430)
    page.mouse.wheel(0, -200)  # a real zoom event
    page.wait_for_timeout(300)
    assert page.evaluate("govkgLabelled()") == len(view.agencies)
    # One jurisdiction: exactly its agencies stay visible.
    district = "杭州市/上城区"
    expected = sum(1 for a in view.agencies if view.attributes[a]["jurisdiction"] == district)
    assert page.evaluate(f"govkgFilter('{district}', null)") == expected
    # One year: the agencies with a task that year.
    expected_2017 = len({i.agency for i in view.involvements if view.task_meta[i.task]["year"] == 2017})
    assert page.evaluate("govkgFilter('', 2017)") == expected_2017 < len(view.agencies)
    assert page.evaluate("govkgFilter('', null)") == len(view.agencies)
    # One cluster per jurisdiction that has several agencies (a lone agency stays itself).
    from collections import Counter

    per = Counter(view.attributes[a]["jurisdiction"] for a in view.agencies if view.attributes[a]["jurisdiction"])
    assert page.evaluate("govkgCluster()") == sum(1 for n in per.values() if n > 1)
    assert page.evaluate("govkgCluster()") == 0
    # The current view as a PNG.
    png = page.evaluate("govkgPng()")
    assert png.startswith("data:image/png;base64,") and len(png) > 10_000
    assert requests == [] and errors == [] and dialogs == []
    page.context.close()


# The labels the page shows: their boxes on the screen (CSS pixels of the canvas, from the sizes
# vis-network measured when it drew them) and their font size on the screen.
SHOWN_LABELS = """(() => {
  const scale = govkgNetwork.getScale();
  return govkgNetwork.body.data.nodes.get().filter(n => n.label).map(n => {
    const node = govkgNetwork.body.nodes[n.id], box = node.labelModule.size, shift = node.options.font.vadjust || 0;
    // vis-network draws the text `vadjust` below the box it measured (its fillText adds it)
    const a = govkgNetwork.canvasToDOM({x: box.left, y: box.top + shift});
    const b = govkgNetwork.canvasToDOM({x: box.left + box.width, y: box.top + box.height + shift});
    return {id: n.id, left: a.x, top: a.y, right: b.x, bottom: b.y, pixels: node.options.font.size * scale};
  });
})()"""


def test_the_first_view_is_readable_at_1400_by_900(browser, corpus, tmp_path):
    """The page as govkg build writes it, at its first view in a 1400×900 window: labels of
    12–18 screen pixels by rank that do not overlap, a name in every larger jurisdiction, and
    node size by an agency's whole involvement (the lead agency no longer the smallest dot)."""
    from queries import Filters, View, burden
    from visualizations.network import LABEL_PIXELS

    path = write_page(corpus, tmp_path / "network.html")
    page, requests, errors, dialogs = open_page(browser, path, viewport=(1400, 900))
    shot = tmp_path / "first_view.png"
    png = page.screenshot(path=str(shot))
    if os.environ.get("GOVKG_SCREENSHOTS"):  # to look at it: GOVKG_SCREENSHOTS=folder pytest -k first_view
        shutil.copy(shot, os.path.join(os.environ["GOVKG_SCREENSHOTS"], "first_view.png"))
    assert non_blank(png) > 0.05
    labels = page.evaluate(SHOWN_LABELS)
    view = View.from_corpus(corpus, Filters())
    assert len(labels) >= 15
    smallest, largest = LABEL_PIXELS[1], LABEL_PIXELS[0]
    assert all(smallest - 0.01 <= label["pixels"] <= largest + 0.01 for label in labels), labels
    width, height = page.evaluate("[document.getElementById('network').clientWidth, document.getElementById('network').clientHeight]")
    for label in labels:
        assert -2 <= label["left"] and label["right"] <= width + 2 and -2 <= label["top"] and label["bottom"] <= height + 2, label
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not (a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]), (a, b)
    # Label size follows rank: a higher-ranked label is never smaller.
    order = page.evaluate("govkgRanked()")
    shown = {label["id"]: label["pixels"] for label in labels}
    by_rank = [shown[node] for node in order if node in shown]
    assert by_rank == sorted(by_rank, reverse=True) and by_rank[0] > by_rank[-1]
    # Every jurisdiction of ten agencies or more is named in the first view.
    from collections import Counter

    per = Counter(view.attributes[a]["jurisdiction"] for a in view.agencies)
    named = Counter(view.attributes[label["id"]]["jurisdiction"] for label in labels)
    assert all(named[j] >= 1 for j, n in per.items() if n >= 10), (per, named)
    # Node size is the whole involvement: the agency on most tasks is the largest dot, and the
    # agency that leads most tasks is larger than most.
    records = {r["agency_id"]: r for r in burden(view)}
    sizes = page.evaluate("Object.fromEntries(govkgNetwork.body.data.nodes.get().map(n => [n.id, n.size]))")
    total = {a: r["tasks_led"] + r["tasks_cooperated"] for a, r in records.items()}
    assert max(sizes, key=sizes.get) == max(total, key=lambda a: (total[a], a in sizes))
    assert all((sizes[a] < sizes[b]) <= (total[a] < total[b]) for a in sizes for b in sizes if total[a] < total[b])
    leader = max(records, key=lambda a: records[a]["tasks_led"])
    assert sorted(sizes.values()).index(sizes[leader]) > 0.8 * len(sizes)
    # The switch sizes the nodes by tasks led: the leader becomes the largest dot, and the labels are placed again.
    page.evaluate("govkgResize('tasks_led')")
    page.wait_for_timeout(300)
    sizes = page.evaluate("Object.fromEntries(govkgNetwork.body.data.nodes.get().map(n => [n.id, n.size]))")
    assert sizes[leader] == max(sizes.values())
    assert "tasks led" in page.evaluate("document.getElementById('legend-size').textContent")
    relabelled = page.evaluate(SHOWN_LABELS)
    assert len(relabelled) >= 12 and leader in page.evaluate("govkgRanked()")
    assert requests == [] and errors == [] and dialogs == []
    page.context.close()
