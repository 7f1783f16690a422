"""``academy schema``: write the JSON Schemas of the files an author writes, for editors."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..core.definitions import Vocabulary
from ..core.files import load_audiences
from ..core.model import Settings
from ..core.problems import Problem

DEFAULT_OUT = "schemas"
"""Where ``academy schema`` writes, relative to the folder of ``mkdocs.yml``."""


def academy_vocabulary(settings: Settings) -> Vocabulary:
    """The allowed sets of an academy: its audience files, and the taxonomies and ribbons of mkdocs.yml.

    Problems in the audience files are left to ``academy check``: a file with a mistake still
    names an audience.
    """
    problems: list[Problem] = []
    audiences = load_audiences(settings, problems)
    return Vocabulary(tuple(sorted(audiences)), tuple(settings.ribbons), settings.taxonomies)


def shipped_schemas() -> dict[str, str]:
    """The generic schemas shipped in the package, by file name."""
    folder = resources.files("academy") / "schemas"
    return {item.name: item.read_text(encoding="utf-8") for item in folder.iterdir() if item.name.endswith(".json")}


def out_problem(out: Path, forbidden: dict[str, Path]) -> str | None:
    """Why schemas cannot be written to ``out``, or None."""
    if out.exists() and not out.is_dir():
        return f"{out} exists and is not a folder"
    for what, folder in forbidden.items():
        if out.resolve().is_relative_to(folder.resolve()):
            return f"{out} is inside {what} ({folder}): the schemas would be published or read as sources"
    return None


def write_schemas(out: Path, texts: dict[str, str]) -> list[str]:
    """Write ``texts`` into ``out`` (made if needed); the names written.

    Raises:
        OSError: when the folder cannot be made or a file cannot be written.
    """
    out.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (out / name).write_text(text, encoding="utf-8")
    return sorted(texts)
