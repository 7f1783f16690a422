"""Reading ``audiences/*.yml`` and ``collections/*.yml`` into the model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .definitions import AUDIENCE_FIELDS, Vocabulary, collection_fields
from .fields import FieldReader, Values, read_fields
from .model import Audience, Badge, Collection, Hero, Issuer, Settings, Xapi
from .problems import Problem
from .recommend import read_quiz
from .sources import is_inside, symlink_problem
from .values import ID_PATTERN
from .yamlio import LineDict, read_yaml_file


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
    vocabulary = Vocabulary()
    for audience_id, rel, data, path in _yaml_sources(settings.audiences_dir, settings, problems):
        if audience_id in audiences:
            problems.append(Problem(rel, 0, f"duplicate audience id '{audience_id}' ({audiences[audience_id].source})"))
            continue
        values = read_fields(FieldReader(data, rel, problems), AUDIENCE_FIELDS, "audience", vocabulary)
        audience = Audience(
            id=audience_id,
            source=rel,
            title=audience_id if values["title"] is None else values["title"],
            description=values["description"] or "",
            site_url=values["site_url"] or "",
            featured=values["featured"],
            progress=values["progress"],
            lines=dict(data.lines),
        )
        if values["recommend"] is not None:
            audience.quiz = read_quiz(values["recommend"])
        if values["cmi5"] and not audience.site_url:
            values.reader.problem(
                "cmi5", "'cmi5: true' needs the audience's 'site_url': an LMS launches its courses there"
            )
        audience.cmi5 = values["cmi5"] and bool(audience.site_url)
        if values["xapi"] is not None:
            audience.xapi = _read_xapi(values["xapi"], audience.site_url)
        if values["branding"] is not None:
            _read_branding(values["branding"], audience, path.parent, settings)
        badges = values["badges"]
        if badges is not None:
            issuer = badges["issuer"] or {}
            audience.issuer = Issuer(issuer.get("name") or "", issuer.get("url") or "", issuer.get("email") or "")
            audience.claim_url = badges["claim_url"] or ""
            audience.badges_line = values.reader.line("badges")
        hero = values["hero"]
        if hero is not None:
            cta = hero["cta"] or {}
            audience.hero = Hero(
                audience.title if hero["title"] is None else hero["title"],
                hero["text"] or "",
                cta.get("label") or "",
                cta.get("url") or "",
            )
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


def _read_xapi(xapi: Values, site_url: str) -> Xapi | None:
    """The audience's xAPI settings, or None (with a problem) when they cannot name a learner or an activity."""
    reader = xapi.reader
    actor = xapi["actor"]
    if actor is None:
        if reader.data.get("actor") is None:
            reader.problems.append(
                Problem(
                    reader.source,
                    reader.data.line or 1,
                    "'xapi' needs 'actor:' (from: cookie or query, name, home_page): "
                    "statements are sent only for a learner the site can name",
                )
            )
        return None
    if not site_url:
        reader.problems.append(
            Problem(
                reader.source,
                reader.data.line or 1,
                "'xapi' needs the audience's 'site_url': activity ids are made from it; add 'site_url: https://…/'",
            )
        )
        return None
    if not (xapi["endpoint"] and actor["from"] and actor["name"] and actor["home_page"]):
        return None  # each missing or wrong value is a problem already
    return Xapi(xapi["endpoint"], xapi["auth"] or "none", actor["from"], actor["name"], actor["home_page"])


def _read_branding(branding: Values, audience: Audience, folder: Path, settings: Settings) -> None:
    palette = branding["palette"]
    if palette is not None:
        audience.palette = {key: palette[key] for key in ("primary", "accent", "scheme") if palette[key]}
        # Where each colour is written: the contrast warnings name its line.
        audience.palette_lines = {key: palette.reader.line(key) for key in audience.palette}
    reader = branding.reader
    for key in ("logo", "favicon"):
        value = branding[key]
        if not value:
            continue
        path = folder / value
        if path.is_symlink() or not is_inside(path, settings.root):
            reader.problem(
                key, f"{key} file '{value}' must be a file of this project itself, not a link or a path outside it"
            )
            continue
        if not path.is_file():
            reader.problem(
                key, f"{key} file '{value}' not found (paths are relative to {reader.source.rsplit('/', 1)[0]}/)"
            )
            continue
        setattr(audience, key, path.resolve())


def load_collections(settings: Settings, problems: list[Problem]) -> dict[str, Collection]:
    """Read every collection and learning path file."""
    collections: dict[str, Collection] = {}
    fields = collection_fields(settings.taxonomies)
    vocabulary = Vocabulary(None, tuple(settings.ribbons), settings.taxonomies)
    for collection_id, rel, data, _ in _yaml_sources(settings.collections_dir, settings, problems):
        values = read_fields(FieldReader(data, rel, problems), fields, "collection", vocabulary)
        reader = values.reader
        collection = Collection(
            id=collection_id,
            source=rel,
            title=collection_id if values["title"] is None else values["title"],
            description=values["description"] or "",
            audiences=frozenset(values["audiences"]),
            courses=values["courses"],
            ribbon=values["ribbon"] or None,
            path=values["path"],
            lines=dict(data.lines),
            item_lines={key: reader.item_lines(key) for key in ("courses", "audiences")},
        )
        select = values["select"]
        collection.select = {key: select[key] for key in select.reader.data if key in select} if select else {}
        badge = values["badge"]
        if badge is not None:
            collection.badge = Badge(
                label=badge["label"] or "",
                icon=badge["icon"] or "award",
                colour=badge["colour"] or badge["color"] or "#3f51b5",
                criteria=badge["criteria"] or "",
                claim_url=badge["claim_url"] or "",
            )
        if not collection.courses and not collection.select:  # COLLECTION_MEMBERS
            reader.problem("title", "the collection selects no course: add 'courses: [ids]' or 'select:' rules")
        collections[collection_id] = collection
    return collections
