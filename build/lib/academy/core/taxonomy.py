"""Taxonomies (role, stage, level, format …): allowed values, labels, order, cardinality."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .values import ID_PATTERN

RESERVED_KEYS = frozenset(
    {
        "id", "title", "description", "audiences", "duration", "tags", "ribbons",
        "prerequisites", "updated", "draft", "lessons", "template", "hide", "icon",
    }
)  # fmt: skip
"""Front-matter keys with a fixed meaning, which cannot name a taxonomy."""


@dataclass(frozen=True)
class Taxonomy:
    """One way of classifying courses, declared in ``mkdocs.yml``."""

    id: str
    """The front-matter key, e.g. ``roles``."""
    label: str
    """Shown on facets and cards, e.g. ``Role``."""
    values: Mapping[str, str] = field(default_factory=dict)
    """Allowed value ids mapped to their labels, in display order."""
    many: bool = False
    """Whether a course takes a list of values (roles) or exactly one (stage)."""
    required: bool = False
    """Whether every course must set it."""

    def order(self, value: str) -> int:
        """Position of ``value`` in the declared order (unknown values sort last)."""
        keys = list(self.values)
        return keys.index(value) if value in self.values else len(keys)

    def label_of(self, value: str) -> str:
        """The label of ``value``."""
        return self.values.get(value, value)


def parse_taxonomies(raw: Any) -> dict[str, Taxonomy]:
    """Build taxonomies from the plugin's ``taxonomies`` option.

    Raises:
        ValueError: with a message naming the taxonomy and the fix.
    """
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ValueError("expected a mapping of taxonomy ids to their settings")
    taxonomies = {}
    for key, spec in raw.items():
        taxonomies[str(key)] = _parse_taxonomy(str(key), spec)
    return taxonomies


def _parse_taxonomy(key: str, spec: Any) -> Taxonomy:
    where = f"taxonomy '{key}'"
    if not ID_PATTERN.match(key):
        raise ValueError(f"{where}: ids use lowercase letters, digits, '-' and '_'")
    if key in RESERVED_KEYS:
        raise ValueError(f"{where}: '{key}' is a reserved front-matter key; choose another id")
    if not isinstance(spec, Mapping):
        raise ValueError(f"{where}: expected 'label', 'values' and optionally 'many' and 'required'")
    unknown = set(spec) - {"label", "values", "many", "required"}
    if unknown:
        raise ValueError(f"{where}: unknown setting(s) {', '.join(sorted(map(str, unknown)))}")
    values = spec.get("values")
    if isinstance(values, list):
        values = {str(value): str(value).replace("-", " ").capitalize() for value in values}
    if not isinstance(values, Mapping) or not values:
        raise ValueError(f"{where}: 'values' must list the allowed values (id: label)")
    for value in values:
        if not ID_PATTERN.match(str(value)):
            raise ValueError(f"{where}: value '{value}' must use lowercase letters, digits, '-', '_'")
    for flag in ("many", "required"):
        if not isinstance(spec.get(flag, False), bool):
            raise ValueError(f"{where}: '{flag}' must be true or false")
    return Taxonomy(
        id=key,
        label=str(spec.get("label") or key.replace("-", " ").capitalize()),
        values={str(value): str(label) for value, label in values.items()},
        many=spec.get("many", False),
        required=spec.get("required", False),
    )
