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


MAX_VALUES = 10_000
"""Values a YAML document may hold once its aliases are expanded (a "billion laughs" holds 10⁹)."""
MAX_DEPTH = 64
"""How deep a YAML document may nest."""
MAX_SOURCE_BYTES = 4 * 1024 * 1024
"""Largest Markdown or YAML source read (a larger one is an error, not a long wait)."""


def parse_yaml(text: str, *, first_line: int = 1) -> Any:
    """Parse YAML text, bounded in size and depth; lines are numbered from ``first_line``.

    Raises:
        YamlProblem: when the text is not valid YAML, expands to more than ``MAX_VALUES``
            values, nests deeper than ``MAX_DEPTH``, refers to itself, or holds a date that
            does not exist.
    """
    loader = _LineLoader("\n" * (first_line - 1) + text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_shape(loader, node)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1) if mark else first_line
        what = error.problem or error.context or "invalid YAML"
        raise YamlProblem(line, f"invalid YAML: {what}") from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, f"invalid YAML: {error}") from None
    except RecursionError:
        raise YamlProblem(first_line, f"invalid YAML: nested more than {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()


def _check_shape(loader: _LineLoader, root: yaml.Node) -> None:
    """Refuse a document too large once expanded, too deep, referring to itself, or with an impossible date.

    One pass over the document's distinct nodes: an alias is the node it names, so the sizes
    and depths of shared nodes are computed once, never expanded.
    """
    sizes: dict[int, tuple[int, int]] = {}  # node: (values once expanded, depth)
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            children = _children(node)
            size = 1 + sum(sizes[id(child)][0] for child in children)
            depth = 1 + max((sizes[id(child)][1] for child in children), default=0)
            open_nodes.discard(key)
            sizes[key] = (size, depth)
            line = node.start_mark.line + 1
            if size > MAX_VALUES:
                raise YamlProblem(
                    line, f"invalid YAML: holds more than {MAX_VALUES:,} values once its aliases are expanded"
                )
            if depth > MAX_DEPTH:
                raise YamlProblem(line, f"invalid YAML: nested more than {MAX_DEPTH} levels deep")
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlProblem(node.start_mark.line + 1, "invalid YAML: an alias refers to the value that holds it")
        open_nodes.add(key)
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                loader.construct_yaml_timestamp(node)
            except (ValueError, OverflowError):
                raise YamlProblem(node.start_mark.line + 1, f"'{node.value}' is not a date that exists") from None
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def plain(data: Any) -> Any:
    """``data`` with plain dicts and lists in place of ``LineDict`` and ``LineList``, as YAML reads it."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(value) for value in data]
    return data


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


def read_source(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """The text of a source file, or a problem: too large, unreadable, not UTF-8."""
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            return None, [Problem(rel, 0, f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB; split it")]
        return path.read_text(encoding="utf-8-sig"), []
    except UnicodeDecodeError as error:
        return None, [Problem(rel, 0, f"not UTF-8 text ({error.reason}); save it as UTF-8")]
    except OSError as error:
        return None, [Problem(rel, 0, f"cannot be read: {error.strerror or error}")]


def read_markdown(path: Path, rel: str) -> tuple[SourceText | None, list[Problem]]:
    """Read a Markdown file and its front matter; problems name ``rel``."""
    text, problems = read_source(path, rel)
    if text is None:
        return None, problems
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
    text, problems = read_source(path, rel)
    if text is None:
        return None, problems
    try:
        data = parse_yaml(text)
    except YamlProblem as error:
        return None, [Problem(rel, error.line, error.message)]
    if not isinstance(data, LineDict):
        return None, [Problem(rel, 1, "the file must be a mapping of 'key: value' lines")]
    return data, []
