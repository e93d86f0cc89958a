"""One big document of each layout, read and parsed on one core: seconds and MB/s (issue 11:
a 50 MB document in under a minute, ≥ 1 MB/s whatever its layout).

    python benchmarks/big_document.py [--mb 50] [LAYOUT ...]

Each document is made by ``generated_corpus.big_document`` (every layout the generated corpus
writes, long as real documents are long) and parsed once from its bytes, as ``govkg extract``
would read it: decoding and normalising (read) and the readers (parse) are timed apart, in
CPU time so that other jobs on the machine count less. The tasks found are printed beside
the tasks made: where the engine reads only part of such a document (see big_document's
docstring) the figures still measure the whole document's parse.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generated_corpus import LAYOUTS, big_document  # noqa: E402
from graph_builder.ingest import source_from_bytes  # noqa: E402
from graph_builder.parse import parse_source  # noqa: E402


def measure(layout: str, megabytes: float) -> tuple[float, float, float, int, int]:
    """(MB, read seconds, parse seconds, tasks found, tasks made) of one document."""
    text, made = big_document(layout, int(megabytes * 1e6))
    data = text.encode("utf-8")
    del text
    start = time.process_time()
    source = source_from_bytes(data, f"big_{layout}.txt")
    read = time.process_time()
    extraction = parse_source(source)
    parsed = time.process_time()
    return len(data) / 1e6, read - start, parsed - read, len(extraction.tasks), made


def main() -> None:
    args = sys.argv[1:]
    megabytes = 50.0
    if "--mb" in args:
        at = args.index("--mb")
        megabytes = float(args[at + 1])
        del args[at : at + 2]
    parse_source(source_from_bytes(big_document("pipe_table", 20_000)[0].encode("utf-8"), "warm.txt"))  # warm the caches
    for layout in args or LAYOUTS:
        size, read, parse, found, made = measure(layout, megabytes)
        seconds = read + parse
        print(f"{layout:18} {size:6.1f} MB  {seconds:6.1f} s (read {read:5.1f} s, parse {parse:5.1f} s)  "
              f"{size / seconds:5.2f} MB/s  tasks {found}/{made}", flush=True)


if __name__ == "__main__":
    main()
