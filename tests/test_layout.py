"""The package layout shows the design line: the core stands on its own."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import academy.core
import academy.report

CORE_MODULES = sorted(f"academy.core.{m.name}" for m in pkgutil.iter_modules(academy.core.__path__))
REPORT_MODULES = sorted(f"academy.report.{m.name}" for m in pkgutil.iter_modules(academy.report.__path__))


@pytest.mark.parametrize("modules", [CORE_MODULES, REPORT_MODULES], ids=["core", "report"])
def test_the_core_and_the_report_import_neither_mkdocs_nor_the_cache(modules):
    # A fresh interpreter: this one has imported everything already.
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')"
        " or m.startswith(('academy.speed', 'academy.plugins', 'academy.audit', 'academy.cli')))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert modules, "the package has modules"
    assert done.stdout.strip() == ""
