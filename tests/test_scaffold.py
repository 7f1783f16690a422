"""``academy new``: each kind of file it starts passes ``academy check`` and says what it holds."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.cli.main import main
from academy.cli.scaffold import Scaffold, ScaffoldError, write
from academy.core.load import load_academy
from academy.plugins.project import load_mkdocs_config
from academy.plugins.settings import settings_from
from sites import write_academy

IDS = st.text(string.ascii_lowercase + string.digits + "-_", min_size=1, max_size=20).filter(
    lambda value: value[0].isalnum()
)
TITLES = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40).filter(
    lambda value: value.strip() == value and value.strip()
)


def loaded(root):
    config = load_mkdocs_config(root / "mkdocs.yml")
    return load_academy(settings_from(config, config.plugins["academy/content"].config))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(course=IDS, lesson=IDS, collection=IDS, audience=IDS, title=TITLES)
def test_every_new_file_passes_check_and_keeps_its_title(
    tmp_path_factory, monkeypatch, course, lesson, collection, audience, title
):
    root = tmp_path_factory.mktemp("new")
    write_academy(root, {})
    monkeypatch.chdir(root)
    if course != "basics":
        assert main(["new", "course", course, "--title", title, "-a", "customers"]) == 0
    assert main(["new", "lesson", f"{course}/{lesson}", "--title", title]) == 0
    if audience not in ("customers", "partners", "staff"):
        assert main(["new", "audience", audience, "--title", title]) == 0
    assert main(["new", "collection", collection, "--title", title, "-a", "customers"]) == 0
    academy, problems = loaded(root)
    assert problems == []
    assert academy.courses[course].title == (title if course != "basics" else "The basics")
    assert [lesson_.doc.front_title for lesson_ in academy.courses[course].lessons][-1] == title
    assert academy.collections[collection].title == title
    if audience not in ("customers", "partners", "staff"):
        assert academy.audiences[audience].title == title
        assert academy.audiences[audience].site_url == f"https://academy.example.com/{audience}/"


def test_a_new_course_offers_the_academys_taxonomy_values(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    assert academy_cli("new", "course", "billing").code == 0
    text = (tmp_path / "content/courses/billing/index.md").read_text()
    assert "stage: implementation  # one of: implementation, foundational, advanced, maintenance" in text
    assert "# roles: [admin]  # one or more of: admin, developer, analyst" in text  # optional: commented
    assert "audiences: [customers, partners, staff]" in text  # no default audiences: every one


@pytest.mark.parametrize("listed", ["lessons: [01-first]", "lessons:\n  - 01-first"])
def test_a_new_lesson_is_numbered_and_listed_where_the_course_lists_its_lessons(tmp_path, academy_cli, listed):
    write_academy(tmp_path, {})
    overview = tmp_path / "content/courses/basics/index.md"
    overview.write_text(overview.read_text().replace("stage: implementation", f"stage: implementation\n{listed}"))
    run = academy_cli("new", "lesson", "basics/billing")
    assert run.code == 0, run.err
    assert (tmp_path / "content/courses/basics/02-billing.md").is_file()
    academy, problems = loaded(tmp_path)
    assert problems == [] and academy.courses["basics"].lesson_order == ("01-first", "02-billing")


BAD = {
    "existing course": (["course", "basics"], "a course 'basics' exists"),
    "bad id": (["course", "Billing Basics"], "not a valid course id"),
    "unknown course": (["lesson", "basic/intro"], "unknown course 'basic'; did you mean 'basics'"),
    "lesson without course": (["lesson", "intro"], "unknown course 'intro'"),
    "unknown audience": (["collection", "path", "-a", "customer"], "unknown audience 'customer'; did you mean"),
    "existing audience": (["audience", "staff"], "an audience 'staff' exists"),
}


@pytest.mark.parametrize("args,message", BAD.values(), ids=BAD.keys())
def test_bad_requests_are_refused_and_write_nothing(tmp_path, academy_cli, args, message):
    write_academy(tmp_path, {})
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    run = academy_cli("new", *args)
    assert run.code == 2 and message in run.err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_an_existing_file_is_never_overwritten(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    assert academy_cli("new", "collection", "notes").code == 0
    mine = "title: Mine\ncourses: [basics]\n"
    (tmp_path / "collections/notes.yml").write_text(mine)
    run = academy_cli("new", "collection", "notes")
    assert run.code == 2 and "a collection 'notes' exists" in run.err
    assert (tmp_path / "collections/notes.yml").read_text() == mine
    # Found on disk though the academy does not know it (written meanwhile): refused all the same.
    made = Scaffold(tmp_path / "collections/notes.yml", "title: Theirs\n")
    with pytest.raises(ScaffoldError, match="exists; academy new never overwrites"):
        write(made)
    assert (tmp_path / "collections/notes.yml").read_text() == mine


def test_new_refuses_to_start_on_an_academy_with_problems(tmp_path, academy_cli):
    write_academy(tmp_path, {"content/courses/basics/01-first.md": "---\ntitle: [broken\n---\n"})
    run = academy_cli("new", "lesson", "basics/more")
    assert run.code == 1 and "fix these first" in run.err and "01-first.md" in run.err
    assert not (tmp_path / "content/courses/basics/02-more.md").exists()
