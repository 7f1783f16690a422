"""The report's own folder: never a learner site, never a folder of someone else's files.

The folder carries a marker (``.academy-report``) listing the files the report wrote there.
A new report replaces those files and deletes the ones it no longer writes; anything the
marker does not list is never touched, and a folder that holds files without a marker is
refused.
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from pathlib import Path

from .sites import MARKER as SITE_MARKER
from .sites import SiteFolderError, site_dir_problem

MARKER = ".academy-report"
MADE_BY = "academy report"


def report_folder_problem(out: Path, *, root: Path, sources: list[Path], site_dir: Path) -> str | None:
    """Why the report may not be written to ``out``, or None."""
    out, site_dir = out.resolve(), site_dir.resolve()
    problem = site_dir_problem(out, root=root, sources=sources, example="report/")
    if problem:
        return problem
    if out == site_dir or out.is_relative_to(site_dir):
        return (
            f"{out} is inside the folder of the learner sites ({site_dir}, 'site_dir' of mkdocs.yml): "
            "the report is not for learners; choose a folder outside it, like report/"
        )
    if site_dir.is_relative_to(out):
        return f"{out} holds the folder of the learner sites ({site_dir}); choose a folder of its own, like report/"
    site = next((folder for folder in (out, *out.parents) if (folder / SITE_MARKER).is_file()), None)
    if site is not None:
        return f"{out} is inside a learner site ({site}); choose a folder outside every site, like report/"
    if not out.is_dir():
        return None
    if any((child / SITE_MARKER).is_file() for child in out.iterdir() if child.is_dir()):
        return f"{out} holds learner sites; choose a folder of its own, like report/"
    if _written(out) is None and any(out.iterdir()):
        return (
            f"{out} holds files the report did not make (no {MARKER} marker), which it neither replaces "
            "nor deletes; choose a new or empty folder"
        )
    return None


def write_report_folder(out: Path, files: dict[str, str]) -> None:
    """Write ``files`` (name to text) into ``out`` and delete what an earlier report wrote there but
    this one does not.

    Raises:
        SiteFolderError: when the folder cannot be written.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        before = _written(out) or []
        _mark(out, sorted(set(before) | set(files)))  # a write cut short leaves every file listed
        for name, text in sorted(files.items()):
            _write(out / name, text)
        for name in sorted(set(before) - set(files)):
            path = out / name
            if _plain_name(name) and path.is_file() and not path.is_symlink():
                path.unlink()
        _mark(out, sorted(files))
    except OSError as error:  # no permission, a read-only disk, a folder where a file goes
        why = (error.strerror or str(error)).lower()
        raise SiteFolderError(
            f"--out: cannot write in {error.filename or out} ({why}); choose a folder you may write to with --out DIR"
        ) from None


def _write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` at once; on failure, leave no temporary file and name ``path``."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        with suppress(OSError):
            temporary.unlink()
        raise OSError(error.errno, error.strerror, str(path)) from None


def _written(out: Path) -> list[str] | None:
    """The files the marker of ``out`` lists, or None when ``out`` carries no report marker."""
    try:
        data = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("made-by") != MADE_BY or not isinstance(data.get("files"), list):
        return None
    return [name for name in data["files"] if isinstance(name, str) and _plain_name(name)]


def _mark(out: Path, names: list[str]) -> None:
    (out / MARKER).write_text(json.dumps({"made-by": MADE_BY, "files": names}) + "\n", encoding="utf-8")


def _plain_name(name: str) -> bool:
    """A file directly in the folder, named as the report names its files."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")
