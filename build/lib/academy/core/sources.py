"""Walking the source folders: every file, in name order, and no symbolic link followed.

A link in the sources could publish any file the build machine can read (a key, another
project) to every audience, and its target's place, not the link's, would say who may read
it. The sources must hold their files themselves: a link is an error, never followed.
"""

from __future__ import annotations

import os
from pathlib import Path

from .problems import Problem
from .values import UNSAFE_NAME


def source_files(folder: Path, rel, problems: list[Problem]) -> list[Path]:
    """The files under ``folder`` in name order, hidden ones (``.name``) left out.

    Every symbolic link met, and every name a URL could not carry safely, is reported in
    ``problems`` (``rel`` names paths for authors) and left out.
    """
    found: list[Path] = []
    for current, folders, files in os.walk(folder, followlinks=False):
        here = Path(current)
        refused = set()
        for name in sorted(folders) + sorted(files):
            path = here / name
            if name.startswith("."):
                continue
            if path.is_symlink():
                problems.append(symlink_problem(path, rel(path)))
                refused.add(name)
            elif UNSAFE_NAME.search(name):
                problems.append(
                    Problem(
                        rel(path),
                        0,
                        "the name holds a quote, '<', '>', '`' or a control character, and names become URLs "
                        "in HTML: rename it",
                    )
                )
                refused.add(name)
        folders[:] = sorted(name for name in folders if not name.startswith(".") and name not in refused)
        found += [here / name for name in sorted(files) if not name.startswith(".") and name not in refused]
    return sorted(found)


def symlink_problem(path: Path, rel: str) -> Problem:
    """The error for a symbolic link where a source file must be."""
    return Problem(
        rel,
        0,
        f"is a symbolic link (to {os.readlink(path)}); Academy follows no links in the sources, "
        "so that nothing outside them is published: put the file itself here",
    )


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, with every link and ``..`` resolved, lies inside ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True
