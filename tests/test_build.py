"""Building: audit, nothing lost, plain MkDocs, branding, escaping, drafts and defaults."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sites import site_texts, write_academy

SHARED_LESSON = {
    "content/courses/basics/02-shared.md": """\
        ---
        title: Shared lesson
        ---
        Everyone reads this.

        /// audience | staff
        Internal: escalate duplicate payments to the payments pod within thirty minutes.
        ///
        """,
}

LEAKY_HOOK = """\
from pathlib import Path


def on_post_build(config):
    if config.plugins["academy/content"].config.audience == "customers":
        Path(config.site_dir, "leak.html").write_text(
            "<p>Escalate duplicate payments to the payments pod within thirty minutes.</p>"
        )
"""


def test_audit_fails_a_build_that_leaks_and_keeps_the_previous_site(tmp_path, academy_cli):
    config = write_academy(tmp_path, SHARED_LESSON)
    assert academy_cli("build").code == 0
    before = (tmp_path / "site/customers/index.html").read_text()
    (tmp_path / "leak.py").write_text(LEAKY_HOOK)
    config.write_text(config.read_text() + "hooks:\n  - leak.py\n")
    (tmp_path / "content/courses/basics/index.md").write_text(
        (tmp_path / "content/courses/basics/index.md").read_text().replace("Start here.", "Start here again.")
    )

    run = academy_cli("build")

    assert run.code == 1
    assert "isolation audit failed" in run.err and "leak.html: contains text of" in run.err
    assert "content/courses/basics/02-shared.md:6 (a passage for staff)" in run.err
    assert "Traceback" not in run.output
    # The failed audience keeps its previous site; the others were rebuilt.
    assert (tmp_path / "site/customers/index.html").read_text() == before
    assert not (tmp_path / "site/customers/leak.html").exists()
    assert "Start here again." in (tmp_path / "site/partners/catalog/index.html").read_text()
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["customers", "partners", "staff"]


def test_audit_catches_a_leaked_link_target(tmp_path, academy_cli):
    config = write_academy(
        tmp_path,
        {
            "content/staff-only.md": "---\ntitle: Staff only\naudiences: [staff]\n---\nx\n",
            "hook.py": "from pathlib import Path\n\n\ndef on_post_build(config):\n"
            '    Path(config.site_dir, "x.html").write_text(\'<a href="staff-only/">x</a>\')\n',
        },
    )
    config.write_text(config.read_text() + "hooks:\n  - hook.py\n")
    run = academy_cli("build", "--audience", "customers")
    assert run.code == 1 and "x.html: refers to staff-only/ (content/staff-only.md)" in run.err


def test_plain_mkdocs_builds_one_audience_through_the_same_plugins(tmp_path):
    write_academy(tmp_path, SHARED_LESSON)
    env = {**os.environ, "ACADEMY_AUDIENCE": "staff"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    done = subprocess.run([str(mkdocs), "build", "-d", "out"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "isolation audit passed for 'staff'" in done.stderr
    assert "escalate duplicate payments" in (tmp_path / "out/courses/basics/02-shared/index.html").read_text()

    env["ACADEMY_AUDIENCE"] = "customers"
    done = subprocess.run([str(mkdocs), "build", "-d", "out"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0
    assert "escalate duplicate payments" not in (tmp_path / "out/courses/basics/02-shared/index.html").read_text()


def test_plain_mkdocs_without_an_audience_says_how_to_choose(tmp_path):
    write_academy(tmp_path, {})
    env = {key: value for key, value in os.environ.items() if key != "ACADEMY_AUDIENCE"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    done = subprocess.run([str(mkdocs), "build"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert "set ACADEMY_AUDIENCE to one of customers, partners, staff" in done.stderr
    assert "Traceback" not in done.stderr


def test_each_site_gets_its_audience_branding(tmp_path, academy_cli):
    (tmp_path / "audiences").mkdir()
    (tmp_path / "audiences/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    write_academy(
        tmp_path,
        {
            "audiences/partners.yml": """\
            title: Partner Academy
            site_url: https://partners.example.com/learn/
            branding:
              palette: {primary: teal, accent: lime}
              logo: logo.svg
            """,
        },
    )
    assert academy_cli("build").code == 0
    home = (tmp_path / "site/partners/index.html").read_text()
    assert "<title>Partner Academy</title>" in home
    assert 'data-md-color-primary="teal"' in home and 'data-md-color-accent="lime"' in home
    assert (tmp_path / "site/partners/assets/academy/brand/logo.svg").is_file()
    assert "https://partners.example.com/learn/catalog/" in (tmp_path / "site/partners/sitemap.xml").read_text()
    assert not (tmp_path / "site/customers/assets/academy/brand").exists()


def test_front_matter_text_is_escaped_everywhere(tmp_path, academy_cli):
    evil = '<script>alert(1)</script> & "quotes"'
    write_academy(
        tmp_path,
        {
            "content/courses/evil/index.md": f"---\ntitle: '{evil}'\ndescription: '<img src=x onerror=alert(2)>'\n"
            "roles: [admin]\nstage: advanced\naudiences: [customers]\n---\nBody\n",
            "collections/evil.yml": f"title: '{evil}'\naudiences: [customers]\ncourses: [evil]\n"
            "badge: {label: '<b>bold</b>', icon: star, colour: '#123456'}\n",
            "audiences/customers.yml": f"title: '{evil}'\ndescription: '<i>d</i>'\n",
        },
    )
    assert academy_cli("build", "--audience", "customers").code == 0
    texts = site_texts(tmp_path / "site/customers")
    for path, text in texts.items():
        if path.endswith((".html", ".json", ".xml", ".svg")):
            assert "<script>alert" not in text, path
            assert "<img src=x" not in text, path
            assert "<b>bold" not in text and "<i>d</i>" not in text, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in texts["courses/evil/index.html"]
    catalog = json.loads(texts["catalog.json"])
    assert catalog["courses"][1]["title"] == evil or catalog["courses"][0]["title"] == evil


def test_a_front_matter_key_set_to_null_builds_as_if_it_were_not_there(tmp_path, academy_cli):
    """YAML's null leaves a field unset (``core.fields``; a flag must be true or false): MkDocs and
    Material never see the None."""
    from academy.core.definitions import FLAG, THEME_FIELDS

    names = [field.name for field in THEME_FIELDS if field.kind != FLAG]
    nulls = "".join(f"{name}: null\n" for name in names)
    write_academy(tmp_path, {"content/courses/basics/02-nulls.md": f"---\ntitle: Nulls\n{nulls}---\nBody\n"})
    assert academy_cli("build", "--audience", "customers").code == 0
    assert "Nulls" in site_texts(tmp_path / "site/customers")["courses/basics/02-nulls/index.html"]


def test_drafts_never_reach_a_site(tmp_path, academy_cli):
    write_academy(
        tmp_path,
        {
            "content/courses/basics/02-draft.md": "---\ntitle: Unfinished lesson\ndraft: true\n---\nTBD\n",
            "content/draft-page.md": "---\ntitle: Draft page\ndraft: true\n---\nTBD\n",
        },
    )
    assert academy_cli("build").code == 0
    for audience in ("customers", "partners", "staff"):
        texts = site_texts(tmp_path / "site" / audience)
        assert not any("Unfinished lesson" in text or "Draft page" in text for text in texts.values())
        assert "courses/basics/02-draft/index.html" not in texts


def test_courses_without_audiences_go_to_the_default_audiences(tmp_path, academy_cli):
    course = "---\ntitle: Default course\nroles: [admin]\nstage: advanced\n---\nBody\n"
    write_academy(tmp_path, {"content/courses/default/index.md": course}, default="[customers]")
    assert academy_cli("build").code == 0
    assert (tmp_path / "site/customers/courses/default/index.html").exists()
    assert not (tmp_path / "site/partners/courses/default").exists()


def test_courses_without_audiences_and_no_default_go_nowhere(tmp_path, academy_cli):
    course = "---\ntitle: Default course\nroles: [admin]\nstage: advanced\n---\nBody\n"
    write_academy(tmp_path, {"content/courses/default/index.md": course})
    assert academy_cli("build").code == 0
    for audience in ("customers", "partners", "staff"):
        assert not (tmp_path / "site" / audience / "courses/default").exists()


def test_audiences_lists_ids_for_a_ci_matrix(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    run = academy_cli("audiences", "--json")
    assert [row["id"] for row in json.loads(run.out)] == ["customers", "partners", "staff"]


def test_lessons_follow_file_names_unless_the_course_lists_them(tmp_path, academy_cli):
    write_academy(
        tmp_path,
        {
            "content/courses/basics/index.md": "---\ntitle: B\nroles: [admin]\nstage: advanced\n"
            "audiences: [customers]\nlessons: [02-b, 01-first]\n---\n",
            "content/courses/basics/02-b.md": "---\ntitle: Second file\n---\n",
        },
    )
    assert academy_cli("build", "-a", "customers").code == 0
    catalog = json.loads((tmp_path / "site/customers/catalog.json").read_text())
    assert [lesson["id"] for lesson in catalog["courses"][0]["lessons"]] == ["02-b", "01-first"]


def test_search_box_shows_with_academy_search(tmp_path, academy_cli):
    write_academy(tmp_path, {})
    assert academy_cli("build", "-a", "customers").code == 0
    page = (tmp_path / "site/customers/courses/basics/01-first/index.html").read_text()
    assert 'data-md-component="search"' in page


def test_build_json_tells_a_pipeline_what_each_audience_published(tmp_path, academy_cli):
    config = write_academy(tmp_path, SHARED_LESSON)
    ids = [row["id"] for row in json.loads(academy_cli("audiences", "--json").out)]
    first = academy_cli("build", "--json")
    assert first.code == 0
    summary = json.loads(first.out)  # stdout holds the JSON and nothing else
    assert summary["ok"] and [entry["id"] for entry in summary["audiences"]] == ids
    for entry in summary["audiences"]:
        site = Path(entry["output"])
        assert entry["ok"] and entry["published"] and site == tmp_path / "site" / entry["id"]
        assert entry["pages"] == len(list(site.rglob("index.html")))  # every page of the site, 404 aside
        assert entry["warnings"] == entry["errors"] == []
    again = json.loads(academy_cli("build", "--json").out)["audiences"]
    assert [(entry["unchanged"], entry["pages"]) for entry in again] == [
        (True, entry["pages"]) for entry in summary["audiences"]
    ]

    (tmp_path / "leak.py").write_text(LEAKY_HOOK)
    config.write_text(config.read_text() + "hooks:\n  - leak.py\n")
    failed = academy_cli("build", "--json")
    assert failed.code == 1
    summary = json.loads(failed.out)
    by_id = {entry["id"]: entry for entry in summary["audiences"]}
    assert not summary["ok"] and not by_id["customers"]["ok"] and by_id["customers"]["published"]  # the old one
    assert any("isolation audit failed" in error for error in by_id["customers"]["errors"])
    assert by_id["partners"]["ok"] and by_id["staff"]["ok"]

    (tmp_path / "content/courses/basics/02-shared.md").write_text("---\ntitle: [unclosed\n---\nx\n")
    broken = academy_cli("build", "--json")
    assert broken.code == 1
    problems = json.loads(broken.out)["problems"]
    assert problems and problems[0]["path"] == "content/courses/basics/02-shared.md"
