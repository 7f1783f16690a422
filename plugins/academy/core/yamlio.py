"""YAML reading that remembers line numbers, for errors that point at the right line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem


class LineDict(dict):
    """A mapping that knows the 1-based line of each key (``lines[key]``)."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """The line of ``key``, or the mapping's own line when the key is absent."""
        return self.lines.get(key, self.line)


class LineList(list):
    """A sequence that knows the 1-based line of each item (``lines[index]``)."""

    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lines: list[int] = []


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping repeats a key; YAML itself would silently keep the last one."""


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present
    """A safe loader whose mappings and sequences carry line numbers."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise DuplicateKeyError(None, None, f"the key '{key}' appears twice; keep one", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    sequence = LineList(loader.construct_object(child, deep=True) for child in node.value)
    sequence.lines = [child.start_mark.line + 1 for child in node.value]
    sequence.line = node.start_mark.line + 1
    return sequence


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlProblem(Exception):
    """YAML that cannot be read, with the line where reading stopped."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def parse_yaml(text: str, *, first_line: int = 1) -> Any:
    """Parse YAML text; lines are numbered from ``first_line``.

    Raises:
        YamlProblem: when the text is not valid YAML.
    """
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line if mark else 0) + first_line
        what = error.problem or error.context or "invalid YAML"
        raise YamlProblem(line, f"invalid YAML: {what}") from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, f"invalid YAML: {error}") from None
    if first_line != 1:
        _shift_lines(data, first_line - 1)
    return data


def plain(data: Any) -> Any:
    """``data`` with plain dicts and lists in place of ``LineDict`` and ``LineList``, as YAML reads it."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(value) for value in data]
    return data


def _shift_lines(data: Any, offset: int) -> None:
    if isinstance(data, LineDict):
        data.line += offset
        data.lines = {key: line + offset for key, line in data.lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, LineList):
        data.line += offset
        data.lines = [line + offset for line in data.lines]
        for value in data:
            _shift_lines(value, offset)


@dataclass
class SourceText:
    """A Markdown file split into front matter and body."""

    meta: LineDict
    """The front matter (empty when the file has none)."""
    body: str
    """The Markdown after the front matter."""
    body_line: int
    """The file line on which ``body`` starts."""
    front: str | None = None
    """The front matter as written (between the ``---`` lines), or None."""


class UnclosedFrontMatter(ValueError):
    """A file opens front matter with ``---`` and never closes it."""


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``text`` into (front-matter YAML or None, body, first line of the body).

    Raises:
        UnclosedFrontMatter: when the first line is ``---`` and no later line closes it. Read
            as body, the front matter's ``audiences`` would silently not apply.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise UnclosedFrontMatter("front matter opened by '---' on line 1 is never closed")


def read_markdown(path: Path, rel: str) -> tuple[SourceText | None, list[Problem]]:
    """Read a Markdown file and its front matter; problems name ``rel``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [Problem(rel, 0, f"not UTF-8 text ({error.reason}); save it as UTF-8")]
    try:
        front, body, body_line = split_front_matter(text)
    except UnclosedFrontMatter:
        return None, [
            Problem(
                rel,
                1,
                "front matter opened by '---' is never closed: add a line '---' after it "
                "(or, for a horizontal rule, a blank line before the first '---')",
            )
        ]
    meta: Any = LineDict()
    if front is not None:
        try:
            meta = parse_yaml(front, first_line=2)
        except YamlProblem as error:
            return None, [Problem(rel, error.line, f"front matter: {error.message}")]
        if meta is None:
            meta = LineDict()
        if not isinstance(meta, LineDict):
            return None, [Problem(rel, 2, "front matter must be a mapping of 'key: value' lines")]
    return SourceText(meta, body, body_line, front), []


def read_yaml_file(path: Path, rel: str) -> tuple[LineDict | None, list[Problem]]:
    """Read a YAML file that must hold a mapping; problems name ``rel``."""
    try:
        data = parse_yaml(path.read_text(encoding="utf-8-sig"))
    except YamlProblem as error:
        return None, [Problem(rel, error.line, error.message)]
    except UnicodeDecodeError as error:
        return None, [Problem(rel, 0, f"not UTF-8 text ({error.reason}); save it as UTF-8")]
    if not isinstance(data, LineDict):
        return None, [Problem(rel, 1, "the file must be a mapping of 'key: value' lines")]
    return data, []
