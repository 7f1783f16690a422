"""A careless operator and a hostile contributor: nothing Academy did not make is touched.

``--site-dir`` never points at a folder whose loss would hurt, a folder Academy did not make is
never replaced or deleted, two builds never share an output folder, and faults of the
machine or the theme end in one clear line with the published sites whole.
"""

from __future__ import annotations

import errno
import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.cli.sites import MARKER, SiteFolder, hold_lock, remove_site
from sites import site_bytes, write_academy

AUDIENCES = ("customers", "partners", "staff")


@pytest.fixture
def project(tmp_path):
    write_academy(tmp_path, {})
    return tmp_path


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "site_dir, said",
    [
        (".", "the project's folder"),
        ("/", "the file system's root"),
        ("~", "your home folder"),
        ("content", "holds sources of the academy"),
        ("content/courses/out", "lies among them"),
        ("audiences", "holds sources of the academy"),
        ("mkdocs.yml", "is a file, not a folder"),
        ("mkdocs.yml/site", "lies under a file"),
        (".cache", "must not lie inside each other"),
    ],
)
def test_a_site_dir_whose_loss_would_hurt_is_refused(project, academy_cli, site_dir, said):
    before = tree(project)
    run = academy_cli("build", "--site-dir", os.path.expanduser(site_dir))
    assert run.code == 2 and said in run.err and "Traceback" not in run.output
    assert tree(project) == before


def test_a_folder_named_like_an_audience_that_academy_did_not_make_is_kept(project, academy_cli):
    own = project / "out/partners/notes.txt"
    own.parent.mkdir(parents=True)
    own.write_text("mine")
    run = academy_cli("build", "--site-dir", "out")
    assert run.code == 2 and "out/partners: not made by Academy" in run.err
    assert own.read_text() == "mine" and not (project / "out/customers").exists()
    assert academy_cli("build", "--site-dir", "out", "--audience", "customers").code == 0  # others are fine


NAMES = st.sampled_from(
    [*AUDIENCES, ".academy-customers.old-1234", ".academy-staff.building-abcd", ".partners.old-1", "notes", ".git"]
)
CONTENT = st.binary(max_size=64)


@st.composite
def foreign_trees(draw) -> dict[str, bytes]:
    """Files of someone else's in the output folder, some named as Academy names its own."""
    files = {}
    for _ in range(draw(st.integers(1, 6))):
        top = draw(NAMES)
        leaf = draw(st.text(string.ascii_lowercase, min_size=1, max_size=8))
        marked = draw(st.booleans()) and top in AUDIENCES
        files[f"{top}/{leaf}.txt"] = draw(CONTENT)
        if marked:  # a marker that is not Academy's: another tool's JSON, or junk
            files[f"{top}/{MARKER}"] = draw(st.sampled_from([b"{}", b'{"made-by": "someone"}', b"\xff"]))
    return files


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=foreign_trees())
def test_nothing_academy_did_not_make_is_moved_or_deleted(project, academy_cli, files):
    out = project / "out"
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    run = academy_cli("build", "--site-dir", "out", "--jobs", "1")
    assert run.code in (0, 2) and "Traceback" not in run.output
    left = tree(out)
    assert all(left.get(rel) == data for rel, data in files.items())
    if run.code == 2:
        assert "not made by Academy" in run.err
    for folder in out.iterdir():
        marker = folder / MARKER
        if folder.name in AUDIENCES and marker.is_file() and marker.read_bytes().startswith(b'{"made-by": "academy"'):
            assert (folder / "index.html").is_file()
    # Leave the output folder empty for the next example: what Academy made, as Academy deletes it.
    for rel in files:
        (out / rel).unlink(missing_ok=True)
    for audience in AUDIENCES:
        if (out / audience / MARKER).is_file():
            remove_site(out / audience)
    for folder in sorted(out.rglob("*"), reverse=True):
        if folder.is_dir():
            folder.rmdir()


def test_a_second_build_on_the_same_output_folder_exits_2(project, academy_cli):
    with hold_lock(project / "site", "the output folder"):
        run = academy_cli("build")
    assert run.code == 2 and "another academy build is using the output folder" in run.err
    assert academy_cli("build").code == 0


def test_a_second_build_on_the_same_cache_exits_2(project, academy_cli):
    with hold_lock(project / ".cache/academy", "the cache"):
        run = academy_cli("build", "--site-dir", "elsewhere")
    assert run.code == 2 and "another academy build is using the cache" in run.err


def test_a_broken_override_template_is_one_line_with_its_file_and_line(project, academy_cli):
    assert academy_cli("build").code == 0
    before = {audience: site_bytes(project / "site" / audience) for audience in AUDIENCES}
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    (project / "overrides").mkdir()
    (project / "overrides/main.html").write_text('{% extends "base.html" %}\n{% block content %}\n{{ page.title\n')
    run = academy_cli("build", "--jobs", "1")
    assert run.code == 1 and "Traceback" not in run.output
    assert "ERROR: overrides/main.html:3: template error:" in run.err
    assert "previous site kept" in run.output
    assert {audience: site_bytes(project / "site" / audience) for audience in AUDIENCES} == before
    assert sorted(path.name for path in (project / "site").iterdir()) == list(AUDIENCES)


def test_a_full_disk_is_one_line_and_leaves_the_sites_whole(project, academy_cli, monkeypatch):
    import mkdocs.utils

    assert academy_cli("build").code == 0
    before = {audience: site_bytes(project / "site" / audience) for audience in AUDIENCES}
    (project / "content/courses/basics/01-first.md").write_text("---\ntitle: First\n---\nChanged.\n")

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "site/page.html")

    monkeypatch.setattr(mkdocs.utils, "write_file", full)
    run = academy_cli("build", "--jobs", "1")
    assert run.code == 1 and "Traceback" not in run.output
    assert "No space left on device" in run.err
    assert {audience: site_bytes(project / "site" / audience) for audience in AUDIENCES} == before
    assert sorted(path.name for path in (project / "site").iterdir()) == list(AUDIENCES)


def test_a_marker_names_its_build_and_role(tmp_path):
    folder = SiteFolder(tmp_path / "site")
    (tmp_path / "site").mkdir()
    built = folder.temporary("customers")
    assert (built / MARKER).read_text().count(folder.build) == 1 and '"role": "building"' in (
        built / MARKER
    ).read_text()
