"""Every author mistake: exit code 1, ``path:line: message`` with a fix, never a traceback."""

from __future__ import annotations

import pytest

from sites import write_academy

COURSE = """\
---
title: {title}
roles: [admin]
stage: foundational
audiences: [customers]
{extra}
---
Body text.
"""


def course(title: str = "Extra", extra: str = "") -> str:
    return COURSE.format(title=title, extra=extra)


MISTAKES = {
    "malformed collection YAML": (
        {"collections/broken.yml": "title: Broken\ncourses: [basics\nbadge: x\n"},
        "collections/broken.yml:3: invalid YAML",
    ),
    "malformed front matter": (
        {"content/courses/extra/index.md": "---\ntitle: Extra\nroles: [admin\n---\nBody\n"},
        "content/courses/extra/index.md:4: front matter: invalid YAML",
    ),
    "unknown taxonomy value": (
        {"content/courses/extra/index.md": course(extra="level: beginer")},
        "content/courses/extra/index.md:6: unknown level value 'beginer'; did you mean 'beginner'?",
    ),
    "unknown audience in a course": (
        {"content/courses/extra/index.md": "---\ntitle: Extra\nstage: advanced\naudiences: [custmers]\n---\n"},
        "content/courses/extra/index.md:4: unknown audience 'custmers'; did you mean 'customers'?",
    ),
    "unknown course in a collection": (
        {"collections/c.yml": "title: C\naudiences: [customers]\ncourses:\n  - basics\n  - basic\n"},
        "collections/c.yml:5: unknown course 'basic'; did you mean 'basics'?",
    ),
    "unknown audience in a collection": (
        {"collections/c.yml": "title: C\naudiences: [partner]\ncourses: [basics]\n"},
        "collections/c.yml:2: unknown audience 'partner'; did you mean 'partners'?",
    ),
    "duplicate course ids": (
        {"content/courses/extra/index.md": course(extra="id: basics")},
        "content/courses/extra/index.md:6: duplicate course id 'basics'",
    ),
    "prerequisite cycle": (
        {
            "content/courses/a/index.md": course("A", "prerequisites: [b]"),
            "content/courses/b/index.md": course("B", "prerequisites: [a]"),
        },
        "content/courses/a/index.md:6: prerequisite cycle: a -> b -> a",
    ),
    "unknown prerequisite": (
        {"content/courses/extra/index.md": course(extra="prerequisites:\n  - basic")},
        "content/courses/extra/index.md:7: unknown prerequisite course 'basic'; did you mean 'basics'?",
    ),
    "lesson widening audiences": (
        {
            "content/courses/extra/index.md": course(),
            "content/courses/extra/01-l.md": "---\ntitle: L\naudiences: [customers, staff]\n---\nText\n",
        },
        "content/courses/extra/01-l.md:3: lesson widens the course's audiences with staff",
    ),
    "link to a page the audience cannot see": (
        {
            "content/courses/extra/index.md": course(extra="audiences: [customers, staff]").replace(
                "audiences: [customers]\n", ""
            ),
            "content/courses/extra/01-l.md": "---\ntitle: L\n---\nIntro.\n\nSee [staff notes](../../staff-notes.md).\n",
            "content/staff-notes.md": "---\ntitle: Staff notes\naudiences: [staff]\n---\nNotes.\n",
        },
        "content/courses/extra/01-l.md:6: links to content/staff-notes.md, which is not visible to 'customers'",
    ),
    "unknown audience in an audience block": (
        {"content/page.md": "---\naudiences: [customers]\n---\nText\n\n/// audience | custommers\nHidden\n///\n"},
        "content/page.md:6: unknown audience 'custommers' in audience block; did you mean 'customers'?",
    ),
    "audience block for an audience that cannot see the page": (
        {"content/page.md": "---\naudiences: [customers]\n---\n/// audience | staff\nHidden\n///\n"},
        "content/page.md:4: audience block for 'staff', who cannot see this page",
    ),
    "unclosed audience block": (
        {"content/page.md": "---\naudiences: [customers]\n---\nA\n/// audience | customers\nB\n"},
        "content/page.md:5: audience block is never closed",
    ),
    "misspelt front matter key": (
        {"content/courses/extra/index.md": course(extra="role: [admin]")},
        "content/courses/extra/index.md:6: unknown course key 'role'; did you mean 'roles'?",
    ),
    "missing required taxonomy": (
        {"content/courses/extra/index.md": "---\ntitle: Extra\nroles: [admin]\n---\n"},
        "content/courses/extra/index.md:1: 'stage' is missing",
    ),
    "several values for a one-value taxonomy": (
        {"content/courses/extra/index.md": course(extra="level: [beginner, advanced]")},
        "content/courses/extra/index.md:6: 'level' takes one value, not a list",
    ),
    "bad date": (
        {"content/courses/extra/index.md": course(extra="updated: last week")},
        "content/courses/extra/index.md:6: 'updated' must be a date like 2026-10-02",
    ),
    "bad palette colour": (
        {"audiences/staff.yml": "title: Staff\nbranding:\n  palette:\n    primary: indgo\n"},
        "audiences/staff.yml:4: unknown Material colour 'indgo'; did you mean 'indigo'?",
    ),
    "featured collection that does not exist": (
        {"audiences/staff.yml": "title: Staff\nfeatured: [paths]\n"},
        "audiences/staff.yml:2: unknown collection 'paths'",
    ),
    "link to a draft": (
        {
            "content/courses/extra/index.md": course(extra="draft: false"),
            "content/courses/extra/01-l.md": "---\ntitle: L\n---\n[soon](02-m.md)\n",
            "content/courses/extra/02-m.md": "---\ntitle: M\ndraft: true\n---\nSoon.\n",
        },
        "content/courses/extra/01-l.md:4: links to content/courses/extra/02-m.md, which is a draft",
    ),
    "lesson list naming a missing file": (
        {
            "content/courses/extra/index.md": course(extra="lessons: [01-a, 02-b]"),
            "content/courses/extra/01-a.md": "---\ntitle: A\n---\n",
        },
        "content/courses/extra/index.md:6: 'lessons' lists '02-b', which is not a Markdown file",
    ),
}


@pytest.mark.parametrize("files, expected", MISTAKES.values(), ids=MISTAKES.keys())
def test_check_reports_the_mistake_with_file_and_line(tmp_path, academy_cli, files, expected):
    write_academy(tmp_path, files)
    run = academy_cli("check")
    assert run.code == 1
    assert expected in run.err, run.err
    assert "Traceback" not in run.output


@pytest.mark.parametrize("files, expected", MISTAKES.values(), ids=MISTAKES.keys())
def test_build_refuses_exactly_what_check_reports_and_writes_nothing(tmp_path, academy_cli, files, expected):
    write_academy(tmp_path, files)
    check = academy_cli("check")
    build = academy_cli("build")
    assert build.code == 1 and expected in build.err
    assert build.err == check.err  # the same problems, nothing found only by building
    assert not (tmp_path / "site").exists()


def test_check_json_lists_problems_for_machines(tmp_path, academy_cli):
    import json

    write_academy(tmp_path, MISTAKES["bad date"][0])
    run = academy_cli("check", "--format", "json")
    report = json.loads(run.out)
    assert run.code == 1 and report["ok"] is False
    assert report["problems"][0]["path"] == "content/courses/extra/index.md" and report["problems"][0]["line"] == 6


def test_bad_taxonomy_config_is_a_mkdocs_yml_error(tmp_path, academy_cli):
    config = write_academy(tmp_path, {})
    config.write_text(config.read_text().replace("many: true", "many: often"))
    run = academy_cli("check")
    assert run.code == 1 and "mkdocs.yml" in run.err and "'many' must be true or false" in run.err
    assert "Traceback" not in run.output


def test_unknown_audience_on_the_command_line_is_usage_error(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    run = academy_cli("build", "--audience", "partnrs")
    assert run.code == 2 and "did you mean 'partners'?" in run.err


def test_missing_mkdocs_yml_is_usage_error(tmp_path, academy_cli):
    run = academy_cli("check")
    assert run.code == 2 and "mkdocs.yml" in run.err


def test_valid_academy_checks_clean(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    run = academy_cli("check")
    assert run.code == 0 and "OK: 3 audiences, 1 courses, 1 lessons" in run.out
