"""Extraction with worker processes: documents/s of read + parse with --jobs 1 and --jobs N.

    python benchmarks/parallel_extraction.py [COPIES]

Copies the bundled corpus and the development set COPIES times (default 5) into a temporary
folder and times ``extract_paths`` on that folder (what ``govkg build --jobs N`` runs before
resolution), once per job count, in the same run so the ratio is fair.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_builder.parallel import default_jobs  # noqa: E402
from graph_builder.pipeline import bundled_corpus, extract_paths  # noqa: E402


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    sources = bundled_corpus() + sorted((ROOT / "tests" / "devset" / "docs").glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="govkg-parallel-") as scratch:
        folder = Path(scratch)
        for copy in range(copies):
            for source in sources:
                shutil.copy(source, folder / f"{copy:02d}_{source.name}")
        count = copies * len(sources)
        megabytes = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        extract_paths([folder], jobs=1)  # warm caches and the page cache
        rates = {}
        for jobs in sorted({1, default_jobs()}):
            started = time.perf_counter()
            result = extract_paths([folder], jobs=jobs)
            seconds = time.perf_counter() - started
            rates[jobs] = count / seconds
            print(f"extract_paths, {count} documents ({megabytes:.1f} MB), --jobs {jobs}: {seconds:.2f} s, "
                  f"{rates[jobs]:.0f} documents/s, {megabytes / seconds:.2f} MB/s ({len(result.errors)} errors)", flush=True)
        if len(rates) > 1:
            print(f"speed-up with {max(rates)} jobs: {rates[max(rates)] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
