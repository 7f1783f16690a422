"""Snippets (``pymdownx.snippets``): included into each page before anything reads it.

MkDocs would include snippet files while rendering, after Academy had removed passages and
judged who may read the page: a passage inside an included file would reach every audience,
a file meant for some could be included into a page for all, and a cached page would keep an
edited snippet's old text. So the core includes them first, with the extension's own
preprocessor and options, and then treats the result as the page's body: audience blocks in
included text are resolved per audience, the included text is part of every digest, and a
page may include a file only where every audience that reads the including line may read the
file:

- a file of ``docs_dir`` by its own readers (a page's, or the folder rule for other files);
- any other file of the project by every audience (it is not published on its own);
- a file outside the project, a symbolic link, or a URL: never (an error).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown import Markdown
from pymdownx.snippets import SnippetExtension, SnippetMissingError, SnippetPreprocessor

from .markdown import SNIPPETS
from .model import Academy, Doc, Settings
from .problems import Problem
from .sources import is_inside


class _Refused(Exception):
    """A snippet Academy will not include."""


@dataclass(frozen=True)
class Inclusion:
    """Files a line of a page includes (nested includes too)."""

    line: int
    """The including line, in the page's body as written (1-based)."""
    files: tuple[Path, ...]
    lines: range
    """The lines of the body after inclusion that the line became (1-based)."""


class _Includer(SnippetPreprocessor):
    """pymdownx.snippets' own preprocessor, remembering the files it reads and refusing what is unsafe."""

    def __init__(self, config: dict[str, Any], md: Markdown, root: Path) -> None:
        super().__init__(config, md)
        self.root = root
        self.read: list[Path] = []

    def read_lines(self, path: str) -> list[str]:
        candidate = Path(path)
        if _has_link(candidate, self.root) or not is_inside(candidate, self.root):
            raise _Refused(f"'{path}' is a symbolic link or lies outside the project")
        self.read.append(candidate.resolve())
        return super().read_lines(path)

    def expand(self, lines: list[str]) -> tuple[list[str], list[Path]]:
        """Include the snippets of ``lines`` (one run of notation, or of text); the lines and files read."""
        self.seen, self.bases, self.failed, self.read = set(), None, set(), []
        return self.parse_snippets(lines), list(self.read)


def _has_link(path: Path, root: Path) -> bool:
    """Whether ``path`` or a folder on its way from ``root`` is a symbolic link."""
    try:
        relative = path.absolute().relative_to(root)
    except ValueError:
        return True
    current = root
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def snippets_config(settings: Settings) -> dict[str, Any] | None:
    """The snippets options of the site (defaults filled in, base paths from the project root), or None."""
    if SNIPPETS not in settings.markdown.names:
        return None
    extension = SnippetExtension(**dict(settings.markdown.configs.get(SNIPPETS, {})))
    config = extension.getConfigs()
    bases = config["base_path"] if isinstance(config["base_path"], list) else [config["base_path"]]
    config["base_path"] = [str(settings.root / base) for base in bases]
    return config


def include_snippets(docs: dict[str, Doc], settings: Settings, problems: list[Problem]) -> None:
    """Include the snippets of every page into its body (``Doc.inclusions`` records what came from where)."""
    config = snippets_config(settings)
    if config is None:
        return
    if config.get("url_download"):
        problems.append(
            Problem(
                "mkdocs.yml",
                0,
                "pymdownx.snippets: 'url_download' fetches text Academy cannot check before publishing it; turn it off",
            )
        )
        return
    includer = _Includer(config, Markdown(), settings.root)
    appended = []
    if config.get("auto_append"):
        appended = "\n\n-8<-\n{}\n-8<-\n".format("\n\n".join(config["auto_append"])).split("\n")
    for doc in docs.values():
        _include(doc, includer, appended, settings, problems)


def _include(doc: Doc, includer: _Includer, appended: list[str], settings: Settings, problems: list[Problem]) -> None:
    written = doc.body.split("\n")
    lines = written + appended
    if not any("8<" in line for line in lines):
        return
    mask = includer.get_syntax_mask(lines)
    result: list[str] = []
    origins: list[int] = []
    inclusions: list[Inclusion] = []
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and mask[end] == mask[start]:
            end += 1
        line = min(start + 1, len(written)) if start < len(written) else max(len(written), 1)
        try:
            expanded, files = includer.expand(lines[start:end])
        except (_Refused, SnippetMissingError) as error:
            problems.append(Problem(doc.source, line + doc.body_line - 1, f"cannot include a snippet: {error}"))
            expanded, files = [], []
        except OSError as error:
            problems.append(Problem(doc.source, line + doc.body_line - 1, f"cannot read a snippet: {error.strerror}"))
            expanded, files = [], []
        if mask[start]:
            inclusions.append(Inclusion(line, tuple(files), range(len(result) + 1, len(result) + len(expanded) + 1)))
            origins += [line] * len(expanded)
        else:
            origins += _origins(lines[start:end], expanded, start)
        result += expanded
        start = end
    doc.body = "\n".join(result)
    doc.body_lines = tuple(origins)
    doc.inclusions = tuple(inclusions)
    doc.__dict__.pop("body_digest", None)


def _origins(before: list[str], after: list[str], start: int) -> list[int]:
    """The line (1-based, in the page) each line of ``after`` comes from, ``before`` starting at ``start``."""
    if len(before) == len(after):
        return list(range(start + 1, start + len(after) + 1))
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    found = [start + 1] * len(after)
    for _, i1, _, j1, j2 in matcher.get_opcodes():
        for offset, index in enumerate(range(j1, j2)):
            found[index] = start + min(i1 + offset, len(before) - 1) + 1
    return found


def file_readers(path: Path, academy: Academy) -> frozenset[str]:
    """Who may read an included file, by its place (see the module)."""
    settings = academy.settings
    if not is_inside(path, settings.docs_dir):
        return frozenset(academy.audiences)
    src = path.resolve().relative_to(settings.docs_dir.resolve()).as_posix()
    if src in academy.docs:
        return academy.docs[src].readers
    asset = academy.assets.get(src)
    if asset is None:
        return frozenset()
    return frozenset(audience for audience in academy.audiences if asset.reaches(audience))
