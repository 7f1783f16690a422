"""The documentation site builds with MkDocs and Material, strictly: every link and anchor resolves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_docs_site_builds_strictly_with_every_page(tmp_path):
    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("mkdocs")),
            "build",
            "--strict",
            "-f",
            "mkdocs.docs.yml",
            "-d",
            str(tmp_path),
        ],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    pages = {path.parent.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("index.html")}
    documents = {path.stem for path in (REPO / "docs").glob("*.md")} - {"index"}
    assert documents <= pages and {"bench", "bench/results"} <= pages  # bench/README.md is bench/
    performance = (tmp_path / "performance/index.html").read_text()
    assert 'href="../bench/results/"' in performance  # the repository link, pointed at the site's page
