"""The package layout shows the design line: the core stands on its own."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import academy.core

CORE_MODULES = sorted(f"academy.core.{m.name}" for m in pkgutil.iter_modules(academy.core.__path__))


def test_the_core_imports_neither_mkdocs_nor_the_cache():
    # A fresh interpreter: this one has imported everything already.
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}: importlib.import_module(name)\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')"
        " or m.startswith(('academy.speed', 'academy.plugins', 'academy.audit', 'academy.cli')))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert CORE_MODULES, "the core has modules"
    assert done.stdout.strip() == ""
