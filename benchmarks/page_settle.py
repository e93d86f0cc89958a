"""How long the network page takes to be ready in headless Chromium (drawn, its labels placed; the
layout comes with the page), on the bundled corpus and on generated corpora of 300 and 500 agencies.

    python benchmarks/page_settle.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_corpus  # noqa: E402
from graph_builder.pipeline import load_corpus  # noqa: E402
from visualizations import write_page  # noqa: E402


def settle_seconds(browser, path: Path) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    while not page.evaluate("window.govkgReady === true"):
        page.wait_for_timeout(50)
        if time.perf_counter() - start > 300:
            return float("inf")
    seconds = time.perf_counter() - start
    page.close()
    return seconds


def main() -> None:
    from playwright.sync_api import sync_playwright

    corpora = [("bundled corpus", load_corpus()[0])]
    corpora += [(f"generated, {n} agencies", synthetic_corpus(n, n * 8, block=n)) for n in (300, 500)]
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        print(f"{'corpus':28} {'nodes':>6} {'edges':>7} {'settled in':>11}")
        for name, corpus in corpora:
            path = write_page(corpus, Path(folder) / "page.html")
            page = browser.new_page()
            page.goto(path.resolve().as_uri())
            nodes, edges = page.evaluate("[govkgNetwork.body.data.nodes.length, govkgNetwork.body.data.edges.length]")
            page.close()
            print(f"{name:28} {nodes:>6} {edges:>7} {settle_seconds(browser, path):>10.1f}s", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
