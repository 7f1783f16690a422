"""The JSON Schemas say what ``academy check`` says: generated from the same definitions, proved by comparison."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from academy.cli.schema import academy_vocabulary, shipped_schemas
from academy.core.definitions import (
    AUDIENCE_FIELDS,
    LESSON_FIELDS,
    PAGE_FIELDS,
    THEME_FIELDS,
    Vocabulary,
    collection_fields,
    course_fields,
)
from academy.core.schema import SCHEMA_FILES, schema_texts
from academy.plugins.project import load_mkdocs_config
from academy.plugins.settings import settings_from
from conftest import REPO
from schema_cases import broken, mapping
from sites import write_academy

BASICS = """\
    ---
    title: The basics
    roles: [admin]
    stage: implementation
    level: beginner
    tags: [intro]
    audiences: [customers, partners, staff]
    ---
    Welcome to the basics.
    """
"""The tiny academy's course, with a value for every rule a generated ``select`` lists (``schema_cases.MATCH``)."""

FILES = {
    "course": "content/courses/gen/index.md",
    "lesson": "content/courses/basics/gen.md",
    "page": "content/gen.md",
    "collection": "collections/gen.yml",
    "audience": "audiences/staff.yml",
}
"""Where each kind of generated file is written in the tiny academy (an audience in place of one that
has a collection, which a generated quiz may recommend; the file is put back after)."""
BASICS_PATH = "title: Basics path\naudiences: [staff]\npath: true\ncourses: [basics]\n"
"""The collection a generated quiz recommends (``schema_cases.POOLS``)."""

CROSS_FILE = re.compile(
    r"unknown prerequisite course|prerequisite '.*' is not visible|prerequisite cycle|unknown course '"
    r"|course '.*' is not visible to|the collection's rules select no course|unknown collection '"
    r"|collection '.*' is not for this audience|lesson widens the course's audiences|'lessons' lists"
    r"|is missing from 'lessons'|(logo|favicon) file|duplicate course id|is not in the theme"
    r"|'when' names unknown question|has no answer '|question id '.*' is used twice|no rule matches the answers"
    r"|is not shown to '|combinations of answers|'(xapi|cmi5: true)' needs the audience's 'site_url'"
)
"""Rules ``academy check`` enforces across files, or across parts of one file (a quiz's rules naming
its questions and answers, every combination of answers reaching a rule), which no schema can express.

They are left out of the comparison: a file refused only for one of them counts as refused by
neither. The strategies keep them satisfied in valid files (``schema_cases.POOLS``), and the
test asserts that a file the schema accepts meets them too, so the exclusion hides nothing.
"""


def _plain(value):
    """The JSON an editor validates: YAML dates are text to it."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _text(kind: str, data: dict) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return f"---\n{text}---\nSome text.\n" if kind in ("course", "lesson", "page") else text


class Judges:
    """A tiny academy, its schemas as ``academy schema`` writes them, and ``academy check``."""

    def __init__(self, root: Path, run) -> None:
        write_academy(root, {"content/courses/basics/index.md": BASICS, "collections/basics-path.yml": BASICS_PATH})
        self.root, self.run = root, run
        assert self.problems() == [], "the tiny academy must be valid before a file is added"
        assert run("schema", "--out", "schemas", cwd=root).code == 0
        self.validators = {
            kind: jsonschema.Draft202012Validator(
                json.loads((root / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")),
                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
            )
            for kind in SCHEMA_FILES
        }
        config = load_mkdocs_config(root / "mkdocs.yml")
        self.vocabulary = academy_vocabulary(settings_from(config, config.plugins["academy/content"].config))

    def problems(self) -> list[dict]:
        result = self.run("check", "--format", "json", cwd=self.root)
        return json.loads(result.out)["problems"]

    def fields(self, kind: str):
        taxonomies = self.vocabulary.taxonomies
        return {
            "course": course_fields(taxonomies),
            "lesson": LESSON_FIELDS + THEME_FIELDS,
            "page": PAGE_FIELDS + THEME_FIELDS,
            "collection": collection_fields(taxonomies),
            "audience": AUDIENCE_FIELDS,
        }[kind]

    def verdicts(self, kind: str, data: dict) -> tuple[bool, bool, list[dict], list[str]]:
        """(check accepts, schema accepts, check's problems, schema's errors) for ``data`` as a ``kind`` file."""
        path = self.root / FILES[kind]
        path.parent.mkdir(parents=True, exist_ok=True)
        before = path.read_text(encoding="utf-8") if path.exists() else None
        text = _text(kind, data)
        path.write_text(text, encoding="utf-8")
        try:
            problems = self.problems()
        finally:
            if before is None:
                path.unlink()
            else:
                path.write_text(before, encoding="utf-8")
        loaded = yaml.safe_load(text.split("---\n")[1] if text.startswith("---\n") else text)
        errors = [error.message for error in self.validators[kind].iter_errors(_plain(loaded))]
        assert all(p["path"] == FILES[kind] for p in problems), f"problems outside the file: {problems}"
        local = [p for p in problems if not CROSS_FILE.search(p["message"])]
        return not local, not errors, problems, errors


@pytest.fixture
def judges(tmp_path, academy_cli) -> Judges:
    return Judges(tmp_path, academy_cli)


def assert_agree(judges: Judges, kind: str, data: dict) -> bool:
    check_ok, schema_ok, problems, errors = judges.verdicts(kind, data)
    assert check_ok == schema_ok, (
        f"{kind} {data!r}: academy check {'accepts' if check_ok else 'refuses'} ({problems}), "
        f"the schema {'accepts' if schema_ok else 'refuses'} ({errors})"
    )
    if schema_ok:
        assert problems == [], f"a rule across files fired for a file the strategies meant to be valid: {problems}"
    return check_ok


MUST = {"collection": ("courses",), "audience": ("site_url",)}
"""Fields a valid file of the kind is drawn with, so that valid collections have members."""


@pytest.mark.parametrize("kind", SCHEMA_FILES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_check_and_schema_agree_on_generated_files(judges, kind, data):
    fields = judges.fields(kind)
    is_broken = data.draw(st.booleans(), label="broken")
    strategy = broken if is_broken else mapping
    value = data.draw(strategy(fields, judges.vocabulary, MUST.get(kind, ())), label=kind)
    accepted = assert_agree(judges, kind, value)
    event(f"{kind}: {'valid' if accepted else 'refused'}")
    if not is_broken:
        assert accepted, f"the strategies meant {value!r} to be valid"


KNOWN = {
    "course with every kind of field": (
        "course",
        {
            "title": "T", "roles": ["admin", "analyst"], "stage": "advanced", "level": "beginner",
            "duration": "1h 30m", "updated": dt.date(2026, 10, 2), "published": "2026-01-31",
            "ribbons": ["popular", "new"], "prerequisites": ["basics"], "hide": ["toc"],
            "search": {"boost": 2}, "template": "main.html", "icon": "material/rocket-launch",
        },
        True,
    ),
    "course title left empty": ("course", {"title": None, "stage": "advanced"}, True),
    "course without a title": ("course", {"stage": "advanced"}, False),
    "course date that does not exist": ("course", {"title": "T", "stage": "advanced", "updated": "2026-02-30"}, False),
    "course duration with a typo": ("course", {"title": "T", "stage": "advanced", "duration": "1h 30x"}, False),
    "course key misspelt": ("course", {"title": "T", "stage": "advanced", "role": ["admin"]}, False),
    "course ribbon not declared": ("course", {"title": "T", "stage": "advanced", "ribbons": ["hot"]}, False),
    "course with two stages": ("course", {"title": "T", "stage": ["advanced", "maintenance"]}, False),
    "course id with a capital": ("course", {"title": "T", "stage": "advanced", "id": "Gen"}, False),
    "lesson hiding toc twice": ("lesson", {"title": "L", "hide": ["toc", "toc"]}, False),
    "page for an unknown audience": ("page", {"audiences": ["everyone"]}, False),
    "page search boost of zero": ("page", {"search": {"boost": 0}}, False),
    "collection with a colour and a stray color": (
        "collection",
        {"title": "C", "courses": ["basics"], "badge": {"label": "B", "colour": "#123456", "color": [1]}},
        True,
    ),
    "collection with a blank colour and a bad color": (
        "collection",
        {"title": "C", "courses": ["basics"], "badge": {"label": "B", "colour": "", "color": "#zz"}},
        False,
    ),
    "collection without members": ("collection", {"title": "C", "select": {}}, False),
    "collection titled with nothing": ("collection", {"title": None, "courses": ["basics"]}, False),
    "collection rule with an unknown value": (
        "collection", {"title": "C", "courses": ["basics"], "select": {"stage": ["later"]}}, False,
    ),
    "audience with a javascript: button": (
        "audience", {"title": "A", "hero": {"cta": {"label": "Go", "url": "javascript:alert(1)"}}}, False,
    ),
    "audience with a relative button and a palette": (
        "audience",
        {"title": "A", "site_url": "https://a.example/", "branding": {"palette": {"primary": " teal "}},
         "hero": {"cta": {"url": "collections/x/"}}},
        True,
    ),
    "audience palette colour misspelt": ("audience", {"title": "A", "branding": {"palette": {"accent": "ta"}}}, False),
}  # fmt: skip
"""Files whose fate is known: the broken ones are refused by both, the valid ones by neither."""


@pytest.mark.parametrize("kind, data, valid", KNOWN.values(), ids=KNOWN.keys())
def test_check_and_schema_both_refuse_broken_files_and_accept_valid_ones(judges, kind, data, valid):
    assert assert_agree(judges, kind, data) is valid


def test_the_schemas_shipped_in_the_package_are_made_from_the_current_definitions():
    assert shipped_schemas() == schema_texts(Vocabulary()), (
        "the shipped schemas are stale: run academy schema --generic --out plugins/academy/schemas"
    )


def test_the_sample_schemas_are_the_ones_academy_schema_writes_for_it(academy_cli, tmp_path):
    run = academy_cli("schema", "--out", str(tmp_path / "out"), cwd=REPO)
    assert run.code == 0, run.output
    written = {path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "out").iterdir()}
    committed = {path.name: path.read_text(encoding="utf-8") for path in (REPO / "schemas").iterdir()}
    assert written == committed, "schemas/ is stale: run academy schema in the repository"
    course = json.loads(written["course.schema.json"])
    assert "implementation" in json.dumps(course["properties"]["stage"]), "taxonomy values are enumerated"
    assert "partners" in json.dumps(course["properties"]["audiences"]), "audience ids are enumerated"


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1]) if text.startswith("---\n") else {}


def test_every_sample_file_passes_its_schema_and_names_it_for_editors():
    schemas = {
        kind: jsonschema.Draft202012Validator(
            json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")),
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )
        for kind in SCHEMA_FILES
    }
    checked = 0
    for kind, folder in (("audience", "audiences"), ("collection", "collections")):
        for path in sorted((REPO / folder).glob("*.yml")):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json", path
            schemas[kind].validate(_plain(yaml.safe_load(path.read_text(encoding="utf-8"))))
            checked += 1
    for path in sorted((REPO / "content").rglob("*.md")):
        parts = path.relative_to(REPO / "content").parts
        kind = "page" if parts[0] != "courses" else "course" if parts[-1] == "index.md" else "lesson"
        schemas[kind].validate(_plain(_front_matter(path) or {}))
        checked += 1
    assert checked > 50


def test_every_schema_is_a_draft_2020_12_schema():
    for text in schema_texts(Vocabulary()).values():
        schema = json.loads(text)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_writes_into_a_new_folder_and_says_where(academy_cli, tmp_path):
    write_academy(tmp_path, {})
    run = academy_cli("schema")
    assert run.code == 0, run.output
    assert sorted(path.name for path in (tmp_path / "schemas").iterdir()) == sorted(
        f"{kind}.schema.json" for kind in SCHEMA_FILES
    )
    assert "Wrote 5 schemas to schemas/" in run.out


@pytest.mark.parametrize(
    "out, expected",
    [
        ("mkdocs.yml", "--out: mkdocs.yml exists and is not a folder"),
        ("content/schemas", "--out: content/schemas is inside the docs folder"),
        ("mkdocs.yml/schemas", "--out: cannot write mkdocs.yml/schemas: Not a directory"),
    ],
    ids=["an existing file", "inside the published content", "below a file"],
)
def test_schema_refuses_an_out_folder_it_cannot_or_must_not_write(academy_cli, tmp_path, out, expected):
    write_academy(tmp_path, {})
    run = academy_cli("schema", "--out", out)
    assert run.code == 2
    assert run.err.startswith(f"academy: error: {expected}"), run.err
    assert len(run.err.strip().splitlines()) == 1
    assert not (tmp_path / "content" / "schemas").exists()


def test_schema_without_mkdocs_yml_is_a_usage_error_but_generic_schemas_need_none(academy_cli, tmp_path):
    run = academy_cli("schema")
    assert run.code == 2 and "no such file" in run.err
    run = academy_cli("schema", "--generic", "--out", "generic")
    assert run.code == 0, run.output
    assert {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "generic").iterdir()} == shipped_schemas()
