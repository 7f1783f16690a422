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
    "date in a form other than YYYY-MM-DD": (
        {"content/courses/extra/index.md": course(extra="updated: 20261002")},
        "content/courses/extra/index.md:6: 'updated' must be a date like 2026-10-02, not '20261002'",
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

BOMB = "\n".join(
    [
        "---",
        "title: Bomb",
        "a: &a [x, x, x, x, x, x, x, x, x, x]",
        *(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
          f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(8)),
        "---",
        "Boom.",
    ]
)  # fmt: skip
"""A "billion laughs": 10 × 9⁸ (430 million) values once its aliases are expanded."""

HOSTILE = {
    # Author values that would run script in learners' browsers, or act on the build machine.
    "a javascript: link in the hero": (
        {"audiences/staff.yml": "title: Staff\nhero:\n  cta:\n    label: Go\n    url: javascript:alert(1)\n"},
        "audiences/staff.yml:5: 'url' uses 'javascript:'; only https:, http:, mailto: URLs are allowed",
    ),
    "a site URL that breaks out of its attribute": (
        {"audiences/staff.yml": "title: Staff\nsite_url: 'https://x.example.com/\"><script>alert(1)</script>'\n"},
        "audiences/staff.yml:2: 'site_url' must not hold spaces, quotes, angle brackets or control characters",
    ),
    "a palette scheme that is not Material's": (
        {"audiences/staff.yml": "title: Staff\nbranding:\n  palette:\n    scheme: 'slate\" onload=\"alert(1)'\n"},
        "audiences/staff.yml:4: unknown Material colour scheme",
    ),
    "a lesson file named with markup": (
        {'content/courses/basics/04-"><img src=x onerror=alert(1)>.md': "---\ntitle: X\n---\nX.\n"},
        'content/courses/basics/04-"><img src=x onerror=alert(1)>.md: the name holds a quote',
    ),
    "an image named with markup": (
        {"content/courses/basics/a'b.png": "not an image"},
        "content/courses/basics/a'b.png: the name holds a quote",
    ),
    "a page where the home page goes": (
        {"content/index.md": "---\ntitle: Welcome\n---\nHello.\n"},
        "content/index.md: would be published at '/', where Academy publishes the home page",
    ),
    "a file where the collection pages go": (
        {"content/collections/notes.md": "---\ntitle: Notes\n---\nNotes.\n"},
        "content/collections/notes.md: would be published at 'collections/notes/', where Academy publishes",
    ),
    "a template outside the theme": (
        {"content/courses/basics/04-t.md": "---\ntitle: T\ntemplate: ../../../etc/passwd\n---\nT.\n"},
        "content/courses/basics/04-t.md:3: 'template' must name a theme template such as main.html",
    ),
    "an icon that is markup": (
        {"content/courses/basics/04-t.md": "---\ntitle: T\nicon: '\"><script>alert(1)</script>'\n---\nT.\n"},
        "content/courses/basics/04-t.md:3: 'icon' must name a Material icon",
    ),
    "a misspelt hide value": (
        {"content/courses/basics/04-t.md": "---\ntitle: T\nhide: [navigaton]\n---\nT.\n"},
        "content/courses/basics/04-t.md:3: unknown 'hide' value 'navigaton'; did you mean 'navigation'?",
    ),
    "a status that is markup": (
        {"content/courses/basics/04-t.md": "---\ntitle: T\nstatus: 'new\" onclick=\"x'\n---\nT.\n"},
        "content/courses/basics/04-t.md:3: 'new\" onclick=\"x' is not a valid id",
    ),
    # Input that would exhaust the build: bounded, with a clear error.
    "a YAML alias bomb": (
        {"content/courses/basics/04-bomb.md": BOMB},
        "content/courses/basics/04-bomb.md:7: front matter: invalid YAML: holds more than 10,000 values",
    ),
    "a list nested 5,000 deep": (
        {"collections/deep.yml": "title: Deep\ncourses: " + "[" * 5000 + "]" * 5000 + "\n"},
        "collections/deep.yml:2: invalid YAML: nested more than 64 levels deep",
    ),
    "a date that does not exist": (
        {"content/courses/extra/index.md": course(extra="published: 2026-02-30")},
        "content/courses/extra/index.md:6: front matter: '2026-02-30' is not a date that exists",
    ),
    "a source too large to be a lesson": (
        {"content/courses/basics/04-big.md": "---\ntitle: Big\n---\n" + "word " * 1_000_000},
        "content/courses/basics/04-big.md: larger than 4 MiB; split it",
    ),
}
MISTAKES.update(HOSTILE)


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


SETTINGS = {
    "a ribbon colour that is no colour": (
        "      ribbons:\n        new: {label: New, colour: '#zzzzzz'}\n",
        "ribbon 'new': colour must be like '#1e6bb8', not '#zzzzzz'",
    ),
    "a ribbon named with markup": (
        "      ribbons:\n        '\"><b>': {label: New, colour: '#1a7f37'}\n",
        "ribbon '\"><b>': ids use lowercase letters",
    ),
    "a negative ribbon window": (
        "      ribbons_window: -3\n",
        "'ribbons_window': expected a number of days (0 or more), not -3",
    ),
}


@pytest.mark.parametrize("option, expected", SETTINGS.values(), ids=SETTINGS.keys())
def test_bad_plugin_settings_are_mkdocs_yml_errors_in_check_and_build(tmp_path, academy_cli, option, expected):
    config = write_academy(tmp_path, {})
    config.write_text(config.read_text().replace("      taxonomies:\n", option + "      taxonomies:\n"))
    for command in ("check", "build"):
        run = academy_cli(command)
        assert run.code in (1, 2) and "mkdocs.yml" in run.err and expected in run.err, run.err
        assert "Traceback" not in run.output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)//", 'https://x.example/"><script>alert(1)</script>', "/relative/"]
)
def test_a_site_url_in_mkdocs_yml_that_material_would_print_raw_is_refused(tmp_path, academy_cli, url):
    config = write_academy(tmp_path, {})
    config.write_text(f"site_url: '{url}'\n" + config.read_text())
    for command in ("check", "build"):
        run = academy_cli(command)
        assert run.code in (1, 2) and "mkdocs.yml" in run.err and "Traceback" not in run.output, run.output
    assert not (tmp_path / "site").exists()


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
