"""Reading ``audiences/*.yml`` and ``collections/*.yml`` into the model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .fields import FieldReader
from .model import Audience, Badge, Collection, Hero, Settings
from .problems import Problem, did_you_mean
from .sources import is_inside, symlink_problem
from .values import HEX_COLOUR, ID_PATTERN, PALETTE_COLOURS, PALETTE_SCHEMES, site_url_problem, url_problem
from .yamlio import LineDict, read_yaml_file

BADGE_ICONS = ("award", "book", "chart", "code", "handshake", "rocket", "shield", "star", "wrench")
"""Icons a badge may carry; each is drawn into the badge's SVG."""


def yaml_files(folder: Path, settings: Settings, problems: list[Problem]) -> list[Path]:
    """The ``.yml``/``.yaml`` files of ``folder`` in name order (none if it is missing); links are errors."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml")):
        if path.is_symlink():
            problems.append(symlink_problem(path, settings.rel(path)))
        elif path.is_file():
            found.append(path)
    return found


def _file_id(path: Path, rel: str, problems: list[Problem]) -> str | None:
    if not ID_PATTERN.match(path.stem):
        problems.append(
            Problem(
                rel, 0, f"'{path.stem}' is not a valid id; rename the file using lowercase letters, digits, '-' and '_'"
            )
        )
        return None
    return path.stem


def _yaml_sources(
    folder: Path, settings: Settings, problems: list[Problem]
) -> Iterator[tuple[str, str, LineDict, Path]]:
    """(id, path for authors, data, path) of each YAML file of ``folder`` that reads and is named validly."""
    for path in yaml_files(folder, settings, problems):
        rel = settings.rel(path)
        data, found = read_yaml_file(path, rel)
        problems.extend(found)
        file_id = _file_id(path, rel, problems)
        if data is not None and file_id is not None:
            yield file_id, rel, data, path


def load_audiences(settings: Settings, problems: list[Problem]) -> dict[str, Audience]:
    """Read every audience file; one output site per file."""
    audiences: dict[str, Audience] = {}
    for audience_id, rel, data, path in _yaml_sources(settings.audiences_dir, settings, problems):
        if audience_id in audiences:
            problems.append(Problem(rel, 0, f"duplicate audience id '{audience_id}' ({audiences[audience_id].source})"))
            continue
        reader = FieldReader(data, rel, problems)
        reader.unknown_keys(
            ("title", "description", "site_url", "branding", "hero", "featured", "progress"), "audience"
        )
        audience = Audience(
            id=audience_id,
            source=rel,
            title=reader.text("title", required=True, default=audience_id),
            description=reader.text("description"),
            site_url=_url(reader, "site_url", site_url_problem),
            featured=reader.ids("featured"),
            progress=reader.flag("progress", True),
            lines=dict(data.lines),
        )
        _read_branding(reader, audience, path.parent, settings)
        _read_hero(reader, audience)
        audiences[audience_id] = audience
    if not audiences:
        problems.append(
            Problem(
                settings.rel(settings.audiences_dir),
                0,
                "no audiences: add one file per site, e.g. audiences/customers.yml with 'title: …'",
            )
        )
    return audiences


def _read_branding(reader: FieldReader, audience: Audience, folder: Path, settings: Settings) -> None:
    branding = reader.nested("branding")
    if branding is None:
        return
    branding.unknown_keys(("palette", "logo", "favicon"), "branding")
    palette = branding.nested("palette")
    if palette is not None:
        palette.unknown_keys(("primary", "accent", "scheme"), "palette")
        chosen = {}
        for key, allowed, what in (
            ("primary", PALETTE_COLOURS, "Material colour"),
            ("accent", PALETTE_COLOURS, "Material colour"),
            ("scheme", PALETTE_SCHEMES, "Material colour scheme"),
        ):
            value = palette.text(key)
            if value and value not in allowed:
                palette.problem(key, f"unknown {what} '{value}'; {did_you_mean(value, allowed)}")
            elif value:
                chosen[key] = value
                audience.palette_lines = {**audience.palette_lines, key: palette.line(key)}
        audience.palette = chosen
    for key in ("logo", "favicon"):
        value = branding.text(key)
        if not value:
            continue
        path = folder / value
        if path.is_symlink() or not is_inside(path, settings.root):
            branding.problem(
                key, f"{key} file '{value}' must be a file of this project itself, not a link or a path outside it"
            )
            continue
        if not path.is_file():
            branding.problem(
                key, f"{key} file '{value}' not found (paths are relative to {reader.source.rsplit('/', 1)[0]}/)"
            )
            continue
        setattr(audience, key, path.resolve())


def _url(reader: FieldReader, key: str, check) -> str:
    """A URL field, empty (with a problem) when ``check`` finds it unsafe."""
    value = reader.text(key)
    problem = check(value) if value else None
    if problem:
        reader.problem(key, f"'{key}' {problem}: '{value}'")
        return ""
    return value


def _read_hero(reader: FieldReader, audience: Audience) -> None:
    hero = reader.nested("hero")
    if hero is None:
        return
    hero.unknown_keys(("title", "text", "cta"), "hero")
    cta = hero.nested("cta")
    label = url = ""
    if cta is not None:
        cta.unknown_keys(("label", "url"), "cta")
        label, url = cta.text("label"), _url(cta, "url", url_problem)
    audience.hero = Hero(hero.text("title", default=audience.title), hero.text("text"), label, url)


def load_collections(settings: Settings, problems: list[Problem]) -> dict[str, Collection]:
    """Read every collection and learning path file."""
    collections: dict[str, Collection] = {}
    for collection_id, rel, data, _ in _yaml_sources(settings.collections_dir, settings, problems):
        reader = FieldReader(data, rel, problems)
        reader.unknown_keys(
            ("title", "description", "audiences", "courses", "select", "badge", "ribbon", "path"), "collection"
        )
        collection = Collection(
            id=collection_id,
            source=rel,
            title=reader.text("title", required=True, default=collection_id),
            description=reader.text("description"),
            audiences=frozenset(reader.ids("audiences")),
            courses=reader.ids("courses"),
            ribbon=reader.text("ribbon") or None,
            path=reader.flag("path"),
            lines=dict(data.lines),
            item_lines={key: reader.item_lines(key) for key in ("courses", "audiences")},
        )
        collection.select = _read_select(reader, settings)
        collection.badge = _read_badge(reader)
        if not collection.courses and not collection.select:
            reader.problem("title", "the collection selects no course: add 'courses: [ids]' or 'select:' rules")
        collections[collection_id] = collection
    return collections


def _read_select(reader: FieldReader, settings: Settings) -> dict[str, tuple[str, ...]]:
    select = reader.nested("select")
    if select is None:
        return {}
    rules: dict[str, tuple[str, ...]] = {}
    select.unknown_keys(list(settings.taxonomies) + ["tags"], "select")
    for key in select.data:
        taxonomy = settings.taxonomies.get(key)
        if key == "tags":
            rules[key] = select.ids(key)
        elif taxonomy is not None:
            rules[key] = select.ids(key, allowed=taxonomy.values, what=f"{key} value")
    return rules


def _read_badge(reader: FieldReader) -> Badge | None:
    badge = reader.nested("badge")
    if badge is None:
        return None
    badge.unknown_keys(("label", "icon", "colour", "color"), "badge")
    icon = badge.text("icon", default="award")
    if icon not in BADGE_ICONS:
        badge.problem("icon", f"unknown badge icon '{icon}'; {did_you_mean(icon, BADGE_ICONS)}")
        icon = "award"
    colour = badge.text("colour") or badge.text("color") or "#3f51b5"
    if not HEX_COLOUR.match(colour):
        badge.problem(
            "colour" if "colour" in badge.data else "color", f"badge colour must be like '#1e6bb8', not '{colour}'"
        )
        colour = "#3f51b5"
    return Badge(label=badge.text("label", required=True), icon=icon, colour=colour)
