"""Render `govkg report` for the bundled corpus in headless Chromium and save the top of the page
as a PNG (docs/report.png, shown in the README).

    python scripts/report_screenshot.py [OUTPUT.png]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph_builder.pipeline import load_corpus  # noqa: E402
from queries import Filters  # noqa: E402
from visualizations.report import write_report  # noqa: E402


def main() -> None:
    output = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/report.png")
    corpus, _ = load_corpus()
    with tempfile.TemporaryDirectory() as folder:
        path = write_report(corpus, Path(folder) / "report.html", Filters(collective="drop"), title="govkg report · bundled corpus")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1200, "height": 1600})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
            page.goto(path.resolve().as_uri())
            page.locator("#burden").scroll_into_view_if_needed()
            output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(output), clip={"x": 0, "y": 0, "width": 1200, "height": 1600})
            browser.close()
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
