"""The plugins work under ProperDocs, the maintained drop-in fork of MkDocs 1.6, as under MkDocs."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def engine_build(engine: str, out: Path) -> dict[str, bytes]:
    """Build the sample's customers site with ``engine``'s own command; its files, the generator
    tag (which names the engine) left out."""
    command = Path(sys.executable).with_name(engine)
    assert command.is_file(), f"{engine} is a test dependency (make .venv/.installed-test)"
    run = subprocess.run(
        [str(command), "build", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=REPO,
        env={**os.environ, "ACADEMY_AUDIENCE": "customers"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert "isolation audit passed for 'customers'" in run.stderr
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        files[path.relative_to(out).as_posix()] = GENERATOR.sub(b"", data)
    return files


def test_properdocs_builds_the_sample_as_mkdocs_does(tmp_path):
    properdocs = engine_build("properdocs", tmp_path / "properdocs")
    mkdocs = engine_build("mkdocs", tmp_path / "mkdocs")
    assert properdocs.keys() == mkdocs.keys() and len(properdocs) > 100
    assert [name for name in properdocs if properdocs[name] != mkdocs[name]] == []
    shutil.rmtree(tmp_path)
