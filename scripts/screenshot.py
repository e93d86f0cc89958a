"""Render the bundled corpus's network page in headless Chromium and save a PNG screenshot
(docs/network.png, shown in the README).

    python scripts/screenshot.py [OUTPUT.png]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph_builder.pipeline import load_corpus  # noqa: E402
from queries import Filters  # noqa: E402
from visualizations import PageOptions, write_page  # noqa: E402


def main() -> None:
    output = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/network.png")
    corpus, _ = load_corpus()
    with tempfile.TemporaryDirectory() as folder:
        page_path = write_page(corpus, Path(folder) / "network.html", Filters(jurisdictions=("杭州市/上城区",)),
                               PageOptions(title="上城区 2019 · 机构协作网络 (agency co-operation network)"))
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
            page.goto(page_path.resolve().as_uri())
            for _ in range(600):
                if page.evaluate("window.govkgReady === true"):
                    break
                page.wait_for_timeout(100)
            page.evaluate("govkgNetwork.fit()")
            page.wait_for_timeout(500)
            output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(output))
            browser.close()
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
