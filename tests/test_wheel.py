"""Packaging: the wheel carries every data file, so an installed govkg (not the checkout) builds
the bundled corpus. The wheel is built from the project and installed with --no-deps into a
fresh virtual environment that borrows the test environment's dependencies (no network)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (dist / "build-output.txt").write_text(built.stdout + built.stderr, "utf-8")
    return next(dist.glob("govkg-*.whl"))


def test_the_build_warns_of_nothing_and_the_wheel_states_its_license(wheel):
    """pyproject.toml's license is an SPDX expression: setuptools warned, at every install, that
    the TOML table form (license = {text = ...}) is deprecated and will stop building in 2027."""
    output = (wheel.parent / "build-output.txt").read_text("utf-8")
    assert "project.license" not in output and "Deprecat" not in output, output
    metadata = zipfile.ZipFile(wheel).read("govkg-0.1.0.dist-info/METADATA").decode("utf-8")
    assert "License-Expression: MIT" in metadata.splitlines()


def test_the_wheel_carries_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("graph_builder/data", "graph_builder/corpus", "graph_builder/corpus/gold", "ontology", "queries/cypher", "queries/sparql", "visualizations/templates"):
        shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).iterdir() if p.is_file() and p.suffix != ".py" and p.name != "__pycache__"}
        assert shipped <= names, sorted(shipped - names)


def test_an_installed_wheel_builds_the_bundled_corpus(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # The dependencies come from the test environment (a path line: its .pth files, among them
    # the checkout's editable install, are not run, so govkg itself comes from the wheel).
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, text=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(python), "-c", "import graph_builder; print(graph_builder.__file__)"],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(site)), where
    built = subprocess.run([str(python), "-c", "from govkg.cli import app; app()", "build", "--out", "out", "--jobs", "1"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0
    assert "│ tasks" in built.stdout and "345" in built.stdout
