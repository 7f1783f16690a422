"""Shared fixtures: tiny academies in tmp_path, the academy CLI run in-process, browser set-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from academy.cli import main

pytest_plugins = ["browser_fixtures"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("SOURCE_DATE_EPOCH", "1763856000")  # 2025-11-23: fixed ribbons in tests


@dataclass
class Run:
    """What one ``academy`` command did."""

    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


@pytest.fixture
def academy_cli(capsys, monkeypatch, tmp_path):
    """Run ``academy ARGS`` in ``tmp_path`` (or ``cwd=``) the way a user would, in-process."""

    def run(*args: str, cwd: Path | None = None) -> Run:
        monkeypatch.chdir(cwd or tmp_path)
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
