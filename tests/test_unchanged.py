"""A site whose build would write the same bytes is kept as published, and audited again."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys

import pytest

from sites import site_bytes, write_academy

LESSONS = {
    "content/courses/basics/02-second.md": "---\ntitle: Second\n---\nShared text.\n",
    "content/courses/staffing/index.md": (
        "---\ntitle: Staffing\nroles: [admin]\nstage: foundational\naudiences: [staff]\n---\nFor staff.\n"
    ),
    "content/courses/staffing/01-rota.md": "---\ntitle: Rota\n---\nThe rota starts on Monday.\n",
}
AUDIENCES = ("customers", "partners", "staff")


def kept(output: str) -> set[str]:
    """The audiences whose published site a build kept."""
    return set(re.findall(r"ok\s+(\w+): \d+ pages, site unchanged: kept", output))


def files_as_published(site) -> dict[str, tuple[int, int]]:
    """Every published file, with its inode and modification time: a file written again shows."""
    return {
        path.relative_to(site).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def built(tmp_path, academy_cli):
    write_academy(tmp_path, LESSONS)
    first = academy_cli("build")
    assert first.code == 0 and kept(first.out) == set()
    return tmp_path


def test_a_build_with_nothing_changed_keeps_every_published_site(built, academy_cli):
    before = files_as_published(built / "site")
    run = academy_cli("build", "--json")
    assert run.code == 0
    summary = json.loads(run.out)
    assert [(a["id"], a["unchanged"], a["pages"] > 0) for a in summary["audiences"]] == [
        (audience, True, True) for audience in AUDIENCES
    ]
    assert files_as_published(built / "site") == before


def test_an_edit_rebuilds_only_the_sites_that_show_it(built, academy_cli):
    lesson = built / "content/courses/staffing/01-rota.md"
    lesson.write_text(lesson.read_text().replace("Monday", "Tuesday"))
    run = academy_cli("build")
    assert run.code == 0 and kept(run.out) == {"customers", "partners"}
    assert "Tuesday" in (built / "site/staff/courses/staffing/01-rota/index.html").read_text()


def test_a_published_site_changed_by_hand_is_built_again(built, academy_cli):
    site = built / "site/customers"
    before = site_bytes(site)
    (site / "index.html").write_text("changed by hand")
    (site / "courses/basics/01-first/index.html").unlink()
    (site / "stray.html").write_text("<p>Not Academy's</p>")
    run = academy_cli("build")
    assert run.code == 0 and kept(run.out) == {"partners", "staff"}
    assert site_bytes(site) == before


def test_a_site_is_kept_in_another_process_with_another_hash_seed(built):
    """No part of a site's stamp may depend on the process (set order, hash seeds)."""
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "academy.cli.main", "build", "--jobs", "2"]
        done = subprocess.run(command, cwd=built, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        assert kept(done.stdout) == set(AUDIENCES), done.stdout


def test_a_project_with_a_plugin_academy_does_not_know_is_always_built(built, academy_cli):
    (built / "hook.py").write_text("def on_post_build(config):\n    pass\n")
    config = built / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - hook.py\n")
    for _ in range(2):
        run = academy_cli("build")
        assert run.code == 0 and kept(run.out) == set()


def test_a_build_that_warned_is_built_again_and_warns_again(tmp_path, academy_cli, monkeypatch):
    """A warning while pages are written would not show if the site were kept."""
    from academy.plugins.content.plugin import ContentPlugin

    def warn(self, output, *, page, config):
        logging.getLogger("mkdocs.plugins.test").warning("a warning of this build")
        return output

    monkeypatch.setattr(ContentPlugin, "on_post_page", warn)
    write_academy(tmp_path, LESSONS)
    for _ in range(2):
        run = academy_cli("build")
        assert run.code == 0 and "a warning of this build" in run.out + run.err
        assert kept(run.out) == set()


def test_a_kept_site_is_audited_again(built, academy_cli, monkeypatch):
    """Keeping a site skips writing it, never its audit: a published file that holds hidden text
    fails the build even though nothing the build reads changed."""
    from academy.speed import unchanged

    # A hand that rewrites a file keeping its size and time: the listing cannot tell.
    listing = unchanged._listing
    monkeypatch.setattr(unchanged, "_listing", lambda folder: dict.fromkeys(listing(folder), [0, 0]))
    assert academy_cli("build", "--audience", "customers").code == 0  # recorded with such listings
    site = built / "site/customers"
    leaked = site / "courses/basics/index.html"
    leaked.write_text(leaked.read_text().replace("Welcome to the basics.", "The rota starts on Monday."))
    run = academy_cli("build", "--audience", "customers")
    assert run.code == 1 and "courses/basics/index.html: contains text of" in run.err
    assert kept(run.out) == set()


def test_a_rebuilt_site_links_the_pages_it_would_print_again(built, academy_cli, tmp_path_factory):
    """Differential: after an edit, the rebuilt site is byte for byte the site a build from
    scratch writes; its pages that did not change are the published files themselves (linked,
    same inode), and the page that changed is a new file."""
    site = built / "site/staff"
    before = files_as_published(site)
    lesson = built / "content/courses/staffing/01-rota.md"
    lesson.write_text(lesson.read_text().replace("Monday", "Tuesday"))
    run = academy_cli("build")
    assert run.code == 0 and kept(run.out) == {"customers", "partners"}
    after = files_as_published(site)
    fresh = tmp_path_factory.mktemp("fresh")
    assert academy_cli("build", "--no-cache", "--site-dir", str(fresh)).code == 0
    assert site_bytes(site) == site_bytes(fresh / "staff")
    edited = "courses/staffing/01-rota/index.html"
    assert after[edited][0] != before[edited][0]
    linked = {path for path in after if path.endswith(".html") and after[path][0] == before.get(path, (None,))[0]}
    assert "courses/basics/02-second/index.html" in linked
    assert edited not in linked


def test_a_published_page_changed_by_hand_is_printed_again_not_linked(built, academy_cli, tmp_path_factory):
    site = built / "site/staff"
    page = site / "courses/basics/02-second/index.html"
    page.write_text(page.read_text().replace("Shared text.", "Changed by hand."))
    lesson = built / "content/courses/staffing/01-rota.md"
    lesson.write_text(lesson.read_text().replace("Monday", "Tuesday"))
    assert academy_cli("build").code == 0
    fresh = tmp_path_factory.mktemp("fresh")
    assert academy_cli("build", "--no-cache", "--site-dir", str(fresh)).code == 0
    assert site_bytes(site) == site_bytes(fresh / "staff")
    assert "Changed by hand." not in page.read_text()


def test_a_plugin_academy_does_not_know_still_reads_every_page_after_it_is_written(built, academy_cli):
    """Academy lets a page's HTML go once written only when every plugin is its own or search."""
    (built / "hook.py").write_text(
        "from pathlib import Path\n"
        "PAGES = []\n"
        "def on_post_page(output, page, config):\n"
        "    PAGES.append(page)\n"
        "    return output\n"
        "def on_post_build(config):\n"
        "    held = sum(1 for page in PAGES if page.content is not None)\n"
        "    Path(config.site_dir, 'held.txt').write_text(f'{held} of {len(PAGES)}')\n"
        "    PAGES.clear()\n"
    )
    config = built / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - hook.py\n")
    assert academy_cli("build", "--audience", "staff").code == 0
    held, _, total = (built / "site/staff/held.txt").read_text().partition(" of ")
    assert int(total) > 0 and held == total
