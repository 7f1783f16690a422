"""``academy report``: the coverage matrix, findings, thresholds and the HTML folder.

Every expected number is worked out here from the files the test writes (or the sample's own
files, read with PyYAML), never from Academy's model.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
import textwrap
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from academy.cli.main import main
from conftest import REPO, SAMPLE_AUDIENCES
from sites import write_academy

ROLES = ("admin", "developer", "analyst")
STAGES = ("implementation", "foundational", "advanced", "maintenance")
TINY_AUDIENCES = ("customers", "partners", "staff")
EXAMPLES = int(os.environ.get("ACADEMY_EXAMPLES", "8"))


def course(
    *,
    title: str = "A course",
    roles=("admin",),
    stage: str = "implementation",
    audiences=TINY_AUDIENCES,
    extra: str = "",
) -> str:
    return (
        f"---\ntitle: {json.dumps(title)}\nroles: [{', '.join(roles)}]\nstage: {stage}\n"
        f"audiences: [{', '.join(audiences)}]\n{extra}---\nBody.\n"
    )


def with_report(config: Path, settings_yaml: str) -> None:
    """Put a ``report:`` block (written at the plugin options' indentation) into the tiny mkdocs.yml."""
    block = textwrap.indent(textwrap.dedent(settings_yaml), "      ")
    config.write_text(config.read_text().replace("      taxonomies:\n", block + "      taxonomies:\n"))


def report_json(academy_cli, *args: str) -> dict:
    run = academy_cli("report", "--format", "json", *args)
    assert run.code == 0, run.output
    return json.loads(run.out)


def by_id(data: dict) -> dict[str, dict]:
    return {audience["id"]: audience for audience in data["audiences"]}


# --- the matrix, from generated academies --------------------------------------------------------

lesson_specs = st.lists(
    st.tuples(st.booleans(), st.sets(st.sampled_from(TINY_AUDIENCES)), st.booleans(), st.none() | st.integers(1, 50)),
    max_size=3,
)
"""Lessons as (narrows, audiences if it narrows, draft, minutes)."""

course_specs = st.lists(
    st.fixed_dictionaries(
        {
            "roles": st.sets(st.sampled_from(ROLES)),
            "stage": st.sampled_from(STAGES),
            "audiences": st.sets(st.sampled_from(TINY_AUDIENCES), min_size=1) | st.just(set()),
            "draft": st.sampled_from((False, False, False, True)),
            "minutes": st.integers(1, 300) | st.none(),
            "lessons": lesson_specs,
        }
    ),
    min_size=1,
    max_size=6,
)


MIXED = {
    "roles": {"admin", "analyst"},
    "stage": "advanced",
    "audiences": {"customers", "partners"},
    "draft": False,
    "minutes": 45,
    "lessons": [(False, set(), False, 7), (True, {"partners"}, False, 11), (True, {"customers"}, True, 13)],
}
"""A course whose lessons are seen, narrowed and drafted differently by each audience."""


def _files(courses: list[dict]) -> dict[str, str]:
    files = {}
    for number, spec in enumerate(courses):
        extra = "draft: true\n" if spec["draft"] else ""
        extra += f"duration: {spec['minutes']}\n" if spec["minutes"] is not None else ""
        files[f"content/courses/c{number}/index.md"] = course(
            title=f"Course {number}", roles=sorted(spec["roles"]), stage=spec["stage"],
            audiences=sorted(spec["audiences"]), extra=extra,
        )  # fmt: skip
        for index, (narrows, audiences, draft, minutes) in enumerate(spec["lessons"]):
            front = f"title: Lesson {index}\n"
            if narrows:
                front += f"audiences: [{', '.join(sorted(audiences & spec['audiences']))}]\n"
            front += "draft: true\n" if draft else ""
            front += f"duration: {minutes}\n" if minutes is not None else ""
            files[f"content/courses/c{number}/l{index}.md"] = f"---\n{front}---\nText.\n"
    return files


def _expected(courses: list[dict], audience: str) -> tuple[dict, list, list]:
    """Cells ``(role, stage) -> (course ids, lessons, minutes)``, drafts and unplaced courses, by hand."""
    cells = {(role, stage): ([], 0, 0) for role in ROLES for stage in STAGES}
    drafts, unplaced = [], []
    for number, spec in enumerate(courses):
        if audience not in spec["audiences"]:
            continue
        if spec["draft"]:
            drafts.append((f"c{number}", None))
            continue
        lessons = []
        for index, (narrows, audiences, draft, minutes) in enumerate(spec["lessons"]):
            readers = audiences & spec["audiences"] if narrows else spec["audiences"]
            if audience in readers:
                (drafts.append((f"c{number}", f"l{index}")) if draft else lessons.append(minutes))
        minutes = spec["minutes"] or sum(m or 0 for m in lessons)
        if not spec["roles"]:
            unplaced.append(f"c{number}")
        for role in spec["roles"]:
            ids, count, total = cells[(role, spec["stage"])]
            cells[(role, spec["stage"])] = ([*ids, f"c{number}"], count + len(lessons), total + minutes)
    return cells, drafts, unplaced


def _run_json(root: Path) -> dict:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["report", "--format", "json"])
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="ACADEMY_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow],
)
@example(courses=[MIXED, {**MIXED, "minutes": None, "roles": {"admin"}}, {**MIXED, "draft": True}])
@given(courses=course_specs)
def test_matrix_counts_courses_lessons_and_minutes_of_each_audience_as_the_files_say(courses):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_academy(root, _files(courses), with_basics=False)
        data = _run_json(root)
    for audience in TINY_AUDIENCES:
        cells, drafts, unplaced = _expected(courses, audience)
        got = by_id(data)[audience]
        found = {(c["row"], c["column"]): (sorted(c["courses"]), c["lessons"], c["minutes"]) for c in got["matrix"]}
        assert found == {key: (sorted(ids), n, m) for key, (ids, n, m) in cells.items()}, audience
        assert {(c["row"], c["column"]) for c in got["matrix"] if c["empty"]} == {
            k for k, v in cells.items() if not v[0]
        }
        assert sorted((d["course"], d["lesson"]) for d in got["drafts"]) == sorted(drafts)
        assert sorted(got["unplaced"]) == sorted(unplaced)


# --- findings ------------------------------------------------------------------------------------


def test_orphans_are_the_courses_no_collection_or_path_of_the_audience_holds(tmp_path, academy_cli):
    write_academy(
        tmp_path,
        {
            "content/courses/held/index.md": course(audiences=("customers", "partners")),
            "content/courses/loose/index.md": course(),
            "collections/starter.yml": "title: Starter\naudiences: [customers]\ncourses: [held]\n"
            "badge: {label: Starter, icon: book, colour: '#00695c'}\n",
        },
    )
    audiences = by_id(report_json(academy_cli))
    assert [o["course"] for o in audiences["customers"]["orphans"]] == ["basics", "loose"]
    # partners may see 'held', but no collection of theirs holds it
    assert [o["course"] for o in audiences["partners"]["orphans"]] == ["basics", "held", "loose"]


def test_a_prerequisite_placed_later_in_a_path_is_reported_with_its_line(tmp_path, academy_cli):
    write_academy(
        tmp_path,
        {
            "content/courses/first/index.md": course(title="First"),
            "content/courses/second/index.md": course(title="Second", extra="prerequisites:\n  - basics\n  - first\n"),
            "content/courses/third/index.md": course(title="Third", extra="prerequisites: [first]\n"),
            "collections/backwards.yml": "title: Backwards\npath: true\naudiences: [customers]\n"
            "courses: [second, first, basics, third]\nbadge: {label: B, icon: book, colour: '#00695c'}\n",
            "collections/loose.yml": "title: Loose\naudiences: [partners]\ncourses: [second, first]\n"
            "badge: {label: L, icon: book, colour: '#00695c'}\n",
        },
    )
    audiences = by_id(report_json(academy_cli))
    assert audiences["customers"]["forward_prerequisites"] == [
        {"path": "backwards", "course": "second", "position": 1, "prerequisite": "basics",
         "prerequisite_position": 3, "source": "content/courses/second/index.md", "line": 7},
        {"path": "backwards", "course": "second", "position": 1, "prerequisite": "first",
         "prerequisite_position": 2, "source": "content/courses/second/index.md", "line": 8},
    ]  # fmt: skip
    # 'third' comes after its prerequisite; a plain collection has no order to break
    assert audiences["partners"]["forward_prerequisites"] == []
    text = academy_cli("report", "--audience", "customers").out
    assert "backwards: second (#1) needs first (#2); content/courses/second/index.md:8" in text


DATES = {
    "fresh": "updated: 2025-11-01\n",  # 22 days before SOURCE_DATE_EPOCH (2025-11-23, tests/conftest.py)
    "older": "published: 2025-01-01\nupdated: 2025-04-01\n",  # 236 days
    "ancient": "published: 2024-06-01\n",  # 540 days
    "nodate": "",
    "edge": "updated: 2025-05-27\n",  # 180 days: still within the default window
    "past": "updated: 2025-05-26\n",  # 181 days: just past it
}
DAYS = {"fresh": 22, "older": 236, "ancient": 540, "past": 181, "edge": 180}


@pytest.mark.parametrize(
    "window, stale",
    [
        (None, ["ancient", "older", "past"]),
        ("--stale-after=300", ["ancient"]),
        ("--stale-after=20", ["ancient", "older", "past", "edge", "fresh"]),
    ],
)
def test_stale_courses_are_those_not_updated_within_the_window_oldest_first(tmp_path, academy_cli, window, stale):
    files = {f"content/courses/{name}/index.md": course(extra=extra) for name, extra in DATES.items()}
    write_academy(tmp_path, files, with_basics=False)
    customers = by_id(report_json(academy_cli, *([window] if window else [])))["customers"]
    assert [item["course"] for item in customers["stale"]] == stale
    assert [item["course"] for item in customers["undated"]] == ["nodate"]
    assert {item["course"]: item["days"] for item in customers["stale"]} == {name: DAYS[name] for name in stale}


def test_the_stale_window_is_read_from_mkdocs_yml(tmp_path, academy_cli):
    files = {f"content/courses/{name}/index.md": course(extra=extra) for name, extra in DATES.items()}
    config = write_academy(tmp_path, files, with_basics=False)
    with_report(config, "report:\n  stale_after: 20\n")
    data = report_json(academy_cli)
    assert data["stale_after"] == 20
    stale = ["ancient", "older", "past", "edge", "fresh"]
    assert [item["course"] for item in by_id(data)["customers"]["stale"]] == stale


def test_json_has_the_documented_shape(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    data = report_json(academy_cli)
    assert set(data) == {"date", "stale_after", "rows", "columns", "audiences", "failures"}
    assert data["date"] == "2025-11-23" and data["stale_after"] == 180
    assert data["rows"]["taxonomy"] == "roles" and [v["id"] for v in data["rows"]["values"]] == list(ROLES)
    assert data["columns"]["taxonomy"] == "stage" and [v["id"] for v in data["columns"]["values"]] == list(STAGES)
    audience = data["audiences"][0]
    assert [a["id"] for a in data["audiences"]] == list(TINY_AUDIENCES)
    assert set(audience) == {
        "id", "title", "totals", "matrix", "unplaced", "drafts", "stale", "undated", "orphans",
        "forward_prerequisites",
    }  # fmt: skip
    assert audience["totals"] == {"courses": 1, "lessons": 1, "minutes": 0}
    assert len(audience["matrix"]) == len(ROLES) * len(STAGES)
    assert set(audience["matrix"][0]) == {
        "row",
        "column",
        "courses",
        "lessons",
        "minutes",
        "empty",
        "required",
        "short",
    }


def test_text_report_shows_the_matrix_with_empty_cells_marked(tmp_path, academy_cli):
    write_academy(tmp_path, {"content/courses/api/index.md": course(roles=("developer",), stage="advanced")})
    run = academy_cli("report", "--audience", "partners")
    assert run.code == 0, run.output
    lines = run.out.splitlines()
    header = next(line for line in lines if line.startswith("Role "))
    assert header.split() == ["Role", "Implementation", "Foundational", "Advanced", "Maintenance"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[lines.index(header) + 1 :][:3]}
    assert rows == {
        "Administrator": ["1/1/0", "-", "-", "-"],
        "Developer": ["-", "-", "1/0/0", "-"],
        "Analyst": ["-", "-", "-", "-"],
    }
    assert "== customers" not in run.out and "== partners: Partner Academy" in run.out


def test_a_title_with_control_characters_cannot_drive_the_terminal(tmp_path, academy_cli):
    write_academy(tmp_path, {"content/courses/odd/index.md": course(title="Odd \x1b[2J title")})
    run = academy_cli("report")
    assert run.code == 0 and "\x1b" not in run.out and "Odd \\x1b[2J title" in run.out


# --- thresholds and --strict ---------------------------------------------------------------------

REQUIRED = """\
report:
  required:
    - audiences: [customers]
      roles: [admin]
      stage: [implementation, foundational]
    - roles: [developer]
      stage: [advanced]
"""


def test_strict_fails_on_a_required_empty_cell_naming_audience_cell_and_rule(tmp_path, academy_cli):
    config = write_academy(tmp_path, {})
    with_report(config, REQUIRED)
    run = academy_cli("report", "--strict")
    assert run.code == 1, run.output
    line = next(n for n, text in enumerate(config.read_text().splitlines(), 1) if "- audiences: [customers]" in text)
    assert (
        f"mkdocs.yml:{line}: customers: Administrator x Foundational (roles: admin, stage: foundational) has 0 "
        "course(s); report.required rule 1 asks for at least 1" in run.err
    )
    assert "Implementation" not in run.err  # met
    second = line + 3  # the rule without 'audiences' holds for every audience
    for audience in TINY_AUDIENCES:
        assert f"mkdocs.yml:{second}: {audience}: Developer x Advanced (roles: developer, stage: advanced)" in run.err
    assert "partners: Administrator" not in run.err  # not required of partners
    assert "4 required cell(s) below their count." in run.err
    assert academy_cli("report").code == 0  # without --strict the report only shows it
    assert by_id(report_json(academy_cli))["customers"]["matrix"][1]["short"] is True


def test_strict_passes_when_every_required_cell_holds_enough_courses(tmp_path, academy_cli):
    config = write_academy(
        tmp_path,
        {
            "content/courses/more/index.md": course(stage="foundational"),
            "content/courses/api/index.md": course(roles=("developer",), stage="advanced"),
        },
    )
    with_report(config, REQUIRED)
    assert academy_cli("report", "--strict").code == 0
    twice = "stage: [foundational]\n            courses: 2\n"  # now two courses per cell
    config.write_text(config.read_text().replace("stage: [implementation, foundational]\n", twice))
    run = academy_cli("report", "--strict", "--format", "json")
    assert run.code == 1 and "has 1 course(s); report.required rule 1 asks for at least 2" in run.err
    assert json.loads(run.out)["failures"] == [run.err.splitlines()[0].split(": ", 1)[1]]


BAD_SETTINGS = {
    "a misspelt stage": (
        "report:\n  required:\n    - roles: [admin]\n      stage: [fundational]\n",
        "required rule 1: unknown stage value 'fundational'; did you mean 'foundational'?",
        "stage: [fundational]",
    ),
    "an unknown key": ("report:\n  stale_days: 10\n", "unknown report setting 'stale_days'", "stale_days"),
    "a taxonomy that is not declared": (
        "report:\n  rows: role\n",
        "'rows' must name a taxonomy declared under 'taxonomies', not 'role'; did you mean 'roles'?",
        "rows: role",
    ),
    "twice the same axis": ("report:\n  columns: roles\n", "rows and columns both use 'roles'", "columns: roles"),
    "zero courses": (
        "report:\n  required:\n    - courses: 0\n",
        "required rule 1: 'courses' must be 1 or more, not 0",
        "courses: 0",
    ),
    "a window of no days": ("report:\n  stale_after: 0\n", "'stale_after' must be a number of days", "stale_after"),
}


@pytest.mark.parametrize("block, message, where", BAD_SETTINGS.values(), ids=BAD_SETTINGS.keys())
def test_bad_report_settings_are_mkdocs_yml_errors_with_their_line(tmp_path, academy_cli, block, message, where):
    config = write_academy(tmp_path, {})
    with_report(config, block)
    line = next(n for n, text in enumerate(config.read_text().splitlines(), 1) if where in text)
    for command in ("report", "check"):
        run = academy_cli(command)
        assert run.code == 1, run.output
        assert "mkdocs.yml" in run.err and f"line {line}: {message}" in run.err, run.err
        assert "Traceback" not in run.output


def test_a_required_rule_naming_an_unknown_audience_is_an_error_with_its_line(tmp_path, academy_cli):
    config = write_academy(tmp_path, {})
    with_report(config, "report:\n  required:\n    - audiences: [custmers]\n")
    line = next(n for n, text in enumerate(config.read_text().splitlines(), 1) if "custmers" in text)
    run = academy_cli("report")
    assert run.code == 1
    assert (
        f"mkdocs.yml:{line}: report.required rule 1 names unknown audience 'custmers'; did you mean 'customers'?"
        in run.err
    )


def test_unknown_audience_is_a_usage_error_with_a_suggestion(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    run = academy_cli("report", "--audience", "partner")
    assert run.code == 2 and "unknown audience 'partner'; did you mean 'partners'?" in run.err


def test_out_with_a_text_or_json_format_is_a_usage_error(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    run = academy_cli("report", "--format", "json", "--out", "elsewhere")
    assert run.code == 2 and "--out writes the HTML report" in run.err
    assert not (tmp_path / "elsewhere").exists()


# --- the HTML folder -----------------------------------------------------------------------------

HOSTILE = '<script>alert("t")</script> & <img src=x onerror=alert(1)>'


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]


def test_html_report_is_written_to_its_folder_with_hostile_titles_escaped(tmp_path, academy_cli):
    write_academy(
        tmp_path,
        {
            "content/courses/evil/index.md": course(title=HOSTILE, roles=("analyst",)),
            "content/courses/evil/01-x.md": f"---\ntitle: {json.dumps(HOSTILE)}\ndraft: true\n---\nx\n",
            "audiences/customers.yml": f"title: {json.dumps(HOSTILE)}\nsite_url: https://a.example/c/\n",
        },
    )
    run = academy_cli("report", "--format", "html")
    assert run.code == 0, run.output
    folder = tmp_path / "report"
    assert "report/index.html" in run.out
    assert sorted(p.name for p in folder.iterdir()) == [
        ".academy-report", "heatmap-customers.svg", "heatmap-partners.svg", "heatmap-staff.svg", "index.html",
        "report.json",
    ]  # fmt: skip
    page = (folder / "index.html").read_text()
    svg = (folder / "heatmap-customers.svg").read_text()
    for text in (page, svg):
        assert "<script" not in text and "<img" not in text
        assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in text
    elements = _Elements()
    elements.feed(page)
    assert "script" not in elements.tags and not [name for name in elements.attributes if name.startswith("on")]
    assert "default-src 'none'" in page
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [element.text for element in root.iter("{http://www.w3.org/2000/svg}title")]
    assert any(text and HOSTILE in text for text in texts)  # the tooltip names the course, as text
    assert json.loads((folder / "report.json").read_text())["audiences"][0]["title"] == HOSTILE


def test_html_report_refuses_the_site_folder_and_anything_inside_it(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    for out in ("site", "site/report", "site/customers/report"):
        run = academy_cli("report", "--out", out)
        assert run.code == 2, run.output
        assert "inside the folder of the learner sites" in run.err and "choose a folder outside it" in run.err
    assert not (tmp_path / "site").exists()


def test_html_report_refuses_a_folder_holding_or_inside_a_built_site(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    site = tmp_path / "published" / "customers"
    site.mkdir(parents=True)
    (site / ".academy-site").write_text('{"made-by": "academy", "role": "site"}\n')
    inside = academy_cli("report", "--out", "published/customers/report")
    assert inside.code == 2 and "inside a learner site" in inside.err
    holding = academy_cli("report", "--out", "published")
    assert holding.code == 2 and "holds learner sites" in holding.err
    assert not (site / "report").exists() and not (tmp_path / "published" / "index.html").exists()


def test_html_report_refuses_sources_the_project_folder_and_a_path_under_a_file(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    (tmp_path / "notes.txt").write_text("mine\n")
    for out, why in ((".", "the project's folder"), ("content", "holds sources"), ("notes.txt/report", "under a file")):
        run = academy_cli("report", "--out", out)
        assert run.code == 2 and why in run.err, (out, run.err)
    assert not (tmp_path / "index.html").exists() and not (tmp_path / "content" / "index.html").exists()


def test_html_report_never_replaces_or_deletes_files_it_did_not_make(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    foreign = tmp_path / "mine" / "index.html"
    foreign.parent.mkdir()
    foreign.write_text("my page\n")
    run = academy_cli("report", "--out", "mine")
    assert run.code == 2 and "holds files the report did not make" in run.err
    assert foreign.read_text() == "my page\n" and sorted(foreign.parent.iterdir()) == [foreign]

    assert academy_cli("report", "--out", "ours").code == 0
    kept = tmp_path / "ours" / "kept.txt"
    kept.write_text("added by hand\n")
    assert academy_cli("report", "--out", "ours", "--audience", "staff").code == 0
    names = sorted(p.name for p in (tmp_path / "ours").iterdir())
    assert names == [".academy-report", "heatmap-staff.svg", "index.html", "kept.txt", "report.json"]
    assert kept.read_text() == "added by hand\n"


def test_an_output_file_that_cannot_be_written_is_a_usage_error_naming_it(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    assert academy_cli("report", "--out", "ours").code == 0
    index = tmp_path / "ours" / "index.html"
    index.unlink()
    index.mkdir()  # a folder where the page goes: as unwritable for the report as a locked one
    run = academy_cli("report", "--out", "ours")
    assert run.code == 2 and f"cannot write in {index}" in run.err and "--out DIR" in run.err, run.err
    assert "Traceback" not in run.output and index.is_dir()
    assert not [p for p in index.parent.iterdir() if p.name.endswith(".tmp")]  # no temporary file left


# --- the sample academy --------------------------------------------------------------------------


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml with its ``!ENV`` and ``!!python`` tags as plain nulls."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1]) if text.startswith("---\n") else {}


def _sample_cells(audience: str, defaults: list[str]) -> dict[tuple[str, str], tuple[int, int, int]]:
    cells: dict[tuple[str, str], tuple[int, int, int]] = {}
    for index in sorted((REPO / "content" / "courses").glob("*/index.md")):
        meta = _front(index)
        readers = meta.get("audiences", defaults)
        if meta.get("draft") or audience not in readers:
            continue
        lessons = [_front(p) for p in sorted(index.parent.glob("*.md")) if p.name != "index.md"]
        seen = [m for m in lessons if audience in m.get("audiences", readers) and not m.get("draft")]
        minutes = meta.get("duration") or sum(m.get("duration") or 0 for m in seen)
        for role in meta["roles"]:
            courses, count, total = cells.get((role, meta["stage"]), (0, 0, 0))
            cells[(role, meta["stage"])] = (courses + 1, count + len(seen), total + minutes)
    return cells


@pytest.mark.slow
def test_sample_report_counts_match_the_sample_files_and_meets_its_thresholds(tmp_path, academy_cli):
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=_TolerantLoader)
    options = next(p["academy/content"] for p in config["plugins"] if isinstance(p, dict) and "academy/content" in p)
    run = academy_cli("report", "--format", "json", "--strict", cwd=REPO)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert [a["id"] for a in data["audiences"]] == list(SAMPLE_AUDIENCES)
    assert data["stale_after"] == options["report"]["stale_after"] and data["failures"] == []
    for audience in data["audiences"]:
        expected = _sample_cells(audience["id"], options["default_audiences"])
        found = {(c["row"], c["column"]): (len(c["courses"]), c["lessons"], c["minutes"]) for c in audience["matrix"]}
        assert {key: value for key, value in found.items() if value[0]} == expected, audience["id"]
        assert all(c["empty"] == (c["courses"] == []) for c in audience["matrix"])

    out = tmp_path / "sample-report"
    run = academy_cli("report", "--out", str(out), cwd=REPO)
    assert run.code == 0, run.output
    assert sorted(p.name for p in out.glob("*.svg")) == [f"heatmap-{a}.svg" for a in SAMPLE_AUDIENCES]
    page = (out / "index.html").read_text()
    assert all(f'id="audience-{audience}"' in page for audience in SAMPLE_AUDIENCES)
    assert re.search(r"<svg [^>]*role=\"img\"", page)
