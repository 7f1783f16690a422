"""Configuration of the ``academy/content`` plugin."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from ...core.model import RibbonStyle
from ...core.taxonomy import parse_taxonomies
from ...core.values import HEX_COLOUR, ID_PATTERN, ID_RULE
from ...report.config import ReportConfigError, ReportSettings, parse_report, report_line

DEFAULT_RIBBONS = {
    "new": RibbonStyle("New", "#1b5e20"),
    "updated": RibbonStyle("Updated", "#0d47a1"),
    "required": RibbonStyle("Required", "#b71c1c"),
    "popular": RibbonStyle("Popular", "#6a1b9a"),
}
"""Ribbons every academy has; ``ribbons`` in ``mkdocs.yml`` may restyle them and add more."""


class Taxonomies(base.BaseConfigOption[dict]):
    """Taxonomy declarations: ``{id: {label, values: {value: label}, many, required}}``."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: Any) -> dict:
        try:
            return parse_taxonomies(value)
        except ValueError as error:
            raise base.ValidationError(str(error)) from None


class Ribbons(base.BaseConfigOption[dict]):
    """Ribbon styles: ``{id: {label, colour}}``, merged over the built-in ones."""

    def __init__(self) -> None:
        super().__init__()
        self.default = None

    def run_validation(self, value: Any) -> dict:
        ribbons = dict(DEFAULT_RIBBONS)
        if value is None:
            return ribbons
        if not isinstance(value, dict):
            raise base.ValidationError("expected a mapping of ribbon ids to {label, colour}")
        for key, spec in value.items():
            if not isinstance(key, str) or not ID_PATTERN.match(key):
                raise base.ValidationError(f"ribbon '{key}': ids use {ID_RULE}")
            if not isinstance(spec, dict) or set(spec) - {"label", "colour"}:
                raise base.ValidationError(f"ribbon '{key}': expected 'label' and 'colour'")
            colour = str(spec.get("colour", "#455a64"))
            if not HEX_COLOUR.match(colour):
                raise base.ValidationError(f"ribbon '{key}': colour must be like '#1e6bb8', not '{colour}'")
            label = spec.get("label") or key.capitalize()
            if not isinstance(label, (str, int, float)):
                raise base.ValidationError(f"ribbon '{key}': 'label' must be text")
            ribbons[key] = RibbonStyle(str(label), colour)
        return ribbons


class Days(c.Type):
    """A number of days, not negative."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        value = super().run_validation(value)
        if isinstance(value, bool) or value < 0:
            raise base.ValidationError(f"expected a number of days (0 or more), not {value!r}")
        return value


class Report(base.BaseConfigOption[ReportSettings]):
    """The ``report`` settings (``academy report``), read once the taxonomies they name are known."""

    def __init__(self) -> None:
        super().__init__()
        self.default = None

    def run_validation(self, value: Any) -> Any:
        return value

    def post_validation(self, config: base.Config, key_name: str) -> None:
        try:
            config[key_name] = parse_report(config[key_name], config["taxonomies"])
        except ReportConfigError as error:
            line = report_line(config.config_file_path, error.where)
            raise base.ValidationError(f"line {line}: {error.message}" if line else error.message) from None


class ContentConfig(base.Config):
    """Options of ``academy/content``."""

    enabled = c.Type(bool, default=True)
    """Turn the academy off and build a plain MkDocs site."""

    audience = c.Optional(c.Type(str))
    """The audience to build; usually ``!ENV [ACADEMY_AUDIENCE, null]``."""
    default_audiences = c.ListOfItems(c.Type(str), default=[])
    """Who sees pages, courses and collections that name no ``audiences``."""
    audiences_dir = c.Type(str, default="audiences")
    """Folder of ``<audience>.yml`` files, relative to ``mkdocs.yml``."""
    collections_dir = c.Type(str, default="collections")
    """Folder of ``<collection>.yml`` files, relative to ``mkdocs.yml``."""

    taxonomies = Taxonomies()
    """Classifications of courses (roles, stage, level, format …)."""

    ribbons = Ribbons()
    """Ribbon labels and colours, by ribbon id."""
    ribbons_window = Days(default=30)
    """Days after ``updated`` (or the first build) a course keeps its ``new``/``updated`` ribbon."""

    audit = c.Type(bool, default=True)
    """Search every built site for other audiences' content and fail on a leak."""

    cache = c.Type(bool, default=True)
    """Keep rendered pages between builds, keyed by everything that shapes them."""
    cache_dir = c.Type(str, default=".cache/academy")
    """Where the cache lives, relative to ``mkdocs.yml``; safe to delete, safe to restore in CI."""

    report = Report()
    """What ``academy report`` counts and, with ``--strict``, requires (``report.config``)."""
