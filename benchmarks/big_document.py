"""One big document of each layout, read and parsed on one core: seconds and MB/s (issue 11:
a 50 MB document in under a minute, ≥ 1 MB/s whatever its layout).

    python benchmarks/big_document.py [--mb 50] [--extract] [LAYOUT ...]

Each document is made by ``generated_corpus.big_document`` (every layout the generated corpus
writes, long as real documents are long) and parsed once from its bytes, as ``govkg extract``
would read it: decoding and normalising (read) and the readers (parse) are timed apart, in
CPU time so that other jobs on the machine count less. The tasks found are printed beside
the tasks made, which must be equal.

``--extract`` times what a user waits for instead: ``govkg extract FILE`` end to end (read,
parse, resolve, extraction.json written to a file), in wall-clock seconds, with its peak memory.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
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


def measure_extract(layout: str, megabytes: float) -> tuple[float, float, int, float]:
    """(MB, wall seconds, tasks made, peak MB of memory) of ``govkg extract`` on one document."""
    text, made = big_document(layout, int(megabytes * 1e6))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"big_{layout}.txt"
        path.write_text(text, encoding="utf-8")
        del text
        govkg = Path(sys.executable).with_name("govkg")
        start = time.perf_counter()
        with open(Path(folder) / "extraction.json", "wb") as out:
            subprocess.run([str(govkg), "extract", str(path)], stdout=out, check=True)
        seconds = time.perf_counter() - start
        size = path.stat().st_size / 1e6
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far
    return size, seconds, made, peak


def main() -> None:
    args = sys.argv[1:]
    megabytes = 50.0
    if "--mb" in args:
        at = args.index("--mb")
        megabytes = float(args[at + 1])
        del args[at : at + 2]
    if "--extract" in args:
        args.remove("--extract")
        for layout in args or LAYOUTS:
            size, seconds, made, peak = measure_extract(layout, megabytes)
            print(f"{layout:18} {size:6.1f} MB  govkg extract {seconds:6.1f} s wall  {size / seconds:5.2f} MB/s  "
                  f"tasks made {made}  peak memory so far {peak:,.0f} MB", flush=True)
        return
    parse_source(source_from_bytes(big_document("pipe_table", 20_000)[0].encode("utf-8"), "warm.txt"))  # warm the caches
    for layout in args or LAYOUTS:
        size, read, parse, found, made = measure(layout, megabytes)
        seconds = read + parse
        print(f"{layout:18} {size:6.1f} MB  {seconds:6.1f} s (read {read:5.1f} s, parse {parse:5.1f} s)  "
              f"{size / seconds:5.2f} MB/s  tasks {found}/{made}", flush=True)


if __name__ == "__main__":
    main()
