"""Run every benchmark in this folder, one after the other."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

for script in ("cli_bench.py", "extraction_bench.py", "parallel_extraction.py", "queries_bench.py", "rdf_export.py", "neo4j_load.py", "page_settle.py"):
    path = HERE / script
    if path.exists():
        print(f"\n=== {script}")
        runpy.run_path(str(path), run_name="__main__")
