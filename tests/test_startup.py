"""Light commands start fast: they must not import the heavy libraries (issue 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("rdflib", "pyoxigraph", "igraph", "pandas", "pyvis", "neo4j", "ladybug", "real_ladybug", "networkx", "scipy")

PROBE = """
import json, sys
args, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["govkg", *args]
from govkg.cli import app
try:
    app()
except SystemExit:
    pass
sys.stderr.write("\\nHEAVY=" + json.dumps(sorted(m for m in heavy if m in sys.modules)) + "\\n")
"""


@pytest.mark.parametrize("args", [["--help"], ["query", "--list"], ["build", "--help"], ["query", "burden", "--help"], ["extract", "--help"]])
def test_light_commands_do_not_import_heavy_libraries(args):
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    completed = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY)], capture_output=True, text=True, env=environment, cwd=ROOT)
    assert "Usage" in completed.stdout or "burden" in completed.stdout, completed.stderr
    imported = json.loads(completed.stderr.rsplit("HEAVY=", 1)[1])
    assert imported == [], f"govkg {' '.join(args)} imported {imported}"
