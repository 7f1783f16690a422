"""The ``report`` settings of ``academy/content`` in ``mkdocs.yml``: the matrix's axes, the stale
window and the cells ``academy report --strict`` requires.

```yaml
- academy/content:
    report:
      rows: roles            # the taxonomy of the matrix's rows (default: roles)
      columns: stage         # the taxonomy of its columns (default: stage)
      stale_after: 180       # days without an update before a course counts as stale
      required:              # cells that must hold courses; each rule covers every cell it names
        - audiences: [customers]           # default: every audience
          roles: [admin, accountant]       # rows; default: every value
          stage: [implementation]          # columns; default: every value
          courses: 1                       # at least this many courses per cell (default 1)
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..core.problems import did_you_mean
from ..core.taxonomy import Taxonomy

DEFAULT_STALE_AFTER = 180
"""Days without an update after which a course is listed as stale."""
KEYS = ("rows", "columns", "stale_after", "required")
RULE_KEYS = ("audiences", "courses")


class ReportConfigError(ValueError):
    """A mistake in the ``report`` settings, with where it is (keys and list indexes)."""

    def __init__(self, where: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


@dataclass(frozen=True)
class Requirement:
    """One rule of ``report.required``: every cell it names must hold ``courses`` courses."""

    index: int
    """Position in ``required`` (0-based), to point at it."""
    audiences: tuple[str, ...] = ()
    """The audiences it applies to; empty: every audience."""
    rows: tuple[str, ...] = ()
    """Values of the rows' taxonomy; empty: every value."""
    columns: tuple[str, ...] = ()
    """Values of the columns' taxonomy; empty: every value."""
    courses: int = 1

    def applies_to(self, audience: str) -> bool:
        """Whether the rule holds for ``audience``."""
        return not self.audiences or audience in self.audiences


@dataclass(frozen=True)
class ReportSettings:
    """What the report counts and requires."""

    rows: str | None = None
    """The taxonomy of the matrix's rows; None when the academy declares none to use."""
    columns: str | None = None
    stale_after: int = DEFAULT_STALE_AFTER
    required: tuple[Requirement, ...] = ()


def parse_report(raw: Any, taxonomies: Mapping[str, Taxonomy]) -> ReportSettings:
    """The report settings from the raw ``report`` option, checked against the declared taxonomies.

    Raises:
        ReportConfigError: naming the setting and how to fix it.
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ReportConfigError((), "expected a mapping with 'rows', 'columns', 'stale_after' and 'required'")
    for key in raw:
        if key not in KEYS:
            raise ReportConfigError((key,), f"unknown report setting '{key}'; {did_you_mean(key, KEYS)}")
    rows = _axis(raw, "rows", taxonomies, default=_default_rows(taxonomies))
    columns = _axis(raw, "columns", taxonomies, default=_default_columns(taxonomies, rows))
    if rows is not None and rows == columns:
        raise ReportConfigError(("columns",), f"rows and columns both use '{rows}'; choose two taxonomies")
    stale_after = raw.get("stale_after", DEFAULT_STALE_AFTER)
    if isinstance(stale_after, bool) or not isinstance(stale_after, int) or stale_after < 1:
        raise ReportConfigError(
            ("stale_after",), f"'stale_after' must be a number of days (1 or more), not {stale_after!r}"
        )
    required = raw.get("required") or []
    if not isinstance(required, list):
        raise ReportConfigError(("required",), "'required' must be a list of rules, each a mapping")
    if required and (rows is None or columns is None):
        raise ReportConfigError(("required",), "'required' needs 'rows' and 'columns' naming two declared taxonomies")
    rules = tuple(
        _requirement(index, rule, taxonomies[rows], taxonomies[columns]) for index, rule in enumerate(required)
    )
    return ReportSettings(rows=rows, columns=columns, stale_after=stale_after, required=rules)


def _default_rows(taxonomies: Mapping[str, Taxonomy]) -> str | None:
    if "roles" in taxonomies:
        return "roles"
    return next((t.id for t in taxonomies.values() if t.many), next(iter(taxonomies), None))


def _default_columns(taxonomies: Mapping[str, Taxonomy], rows: str | None) -> str | None:
    if "stage" in taxonomies and rows != "stage":
        return "stage"
    return next((t.id for t in taxonomies.values() if not t.many and t.id != rows), None)


def _axis(raw: Mapping, key: str, taxonomies: Mapping[str, Taxonomy], default: str | None) -> str | None:
    if key not in raw:
        return default
    value = raw[key]
    if not isinstance(value, str) or value not in taxonomies:
        raise ReportConfigError(
            (key,), f"'{key}' must name a taxonomy declared under 'taxonomies', not {value!r}; "
            f"{did_you_mean(value, taxonomies)}",
        )  # fmt: skip
    return value


def _requirement(index: int, rule: Any, rows: Taxonomy, columns: Taxonomy) -> Requirement:
    where = ("required", index)
    name = f"required rule {index + 1}"
    if not isinstance(rule, Mapping):
        raise ReportConfigError(where, f"{name} must be a mapping like '{{{rows.id}: [...], {columns.id}: [...]}}'")
    allowed = (*RULE_KEYS, rows.id, columns.id)
    for key in rule:
        if key not in allowed:
            raise ReportConfigError((*where, key), f"{name}: unknown key '{key}'; {did_you_mean(key, allowed)}")
    courses = rule.get("courses", 1)
    if isinstance(courses, bool) or not isinstance(courses, int) or courses < 1:
        raise ReportConfigError((*where, "courses"), f"{name}: 'courses' must be 1 or more, not {courses!r}")
    return Requirement(
        index=index,
        audiences=_ids(rule, "audiences", where, name, None),
        rows=_ids(rule, rows.id, where, name, rows),
        columns=_ids(rule, columns.id, where, name, columns),
        courses=courses,
    )


def _ids(rule: Mapping, key: str, where: tuple, name: str, taxonomy: Taxonomy | None) -> tuple[str, ...]:
    value = rule.get(key)
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, str):
            raise ReportConfigError((*where, key), f"{name}: '{key}' must list ids, not {item!r}")
        if taxonomy is not None and item not in taxonomy.values:
            raise ReportConfigError(
                (*where, key), f"{name}: unknown {key} value '{item}'; {did_you_mean(item, taxonomy.values)}"
            )
    return tuple(dict.fromkeys(items))


def report_line(config_file: str | Path | None, where: tuple[str | int, ...]) -> int:
    """The line of ``report`` (or of the setting ``where`` names inside it) in ``config_file``; 0 if unknown.

    The file is composed, not constructed, so tags such as ``!ENV`` need no resolving.
    """
    try:
        node = yaml.compose(Path(config_file).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, TypeError, yaml.YAMLError):
        return 0
    node, line = _content_options(node)
    for key in ("report", *where):
        if node is None:
            break
        node, found = _child(node, key)
        line = found or line
    return line


def _content_options(root: yaml.Node | None) -> tuple[yaml.Node | None, int]:
    plugins, line = _child(root, "plugins")
    items = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    for item in items:
        options, found = _child(item, "academy/content")
        if found:
            return options, found
    return None, line


def _child(node: yaml.Node | None, key: str | int) -> tuple[yaml.Node | None, int]:
    """The child ``key`` of a mapping (or item ``key`` of a sequence) and its 1-based line."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value_node, key_node.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key], node.value[key].start_mark.line + 1
    return None, 0
