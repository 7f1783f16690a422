"""A build killed at any instant leaves every site whole, and no process behind.

The command is run as a user's CI would run it, in its own process group, and killed with
SIGKILL at each named phase boundary (``academy.checkpoints``) and at seeded random instants.
Afterwards each audience's site is the complete old or the complete new one (or missing with
its old copy aside, which the next build puts back before anything else), no process of the
build is left after a second, nothing outside the output folder changed, and the next build
succeeds.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from academy.checkpoints import ENVIRONMENT
from sites import site_bytes, write_academy

AUDIENCES = ("customers", "partners", "staff")
COURSES, LESSONS = 6, 15  # enough pages that analysis and shared rendering use worker processes


def lessons(edition: str) -> dict[str, str]:
    files = {}
    for course in range(COURSES):
        folder = f"content/courses/course-{course}"
        files[f"{folder}/index.md"] = (
            f"---\ntitle: Course {course}\ndescription: Course {course}, {edition}.\nstage: foundational\n"
            "audiences: [customers, partners, staff]\n---\nAbout this course.\n"
        )
        for lesson in range(LESSONS):
            files[f"{folder}/{lesson:02d}-lesson.md"] = (
                f"---\ntitle: Lesson {course}.{lesson}\n---\n## Steps {lesson}\n\n"
                f"Lesson {course}.{lesson} of the {edition}: open settings {lesson} and save.\n\n"
                f"/// audience | staff\nStaff note {course}.{lesson}.\n///\n"
            )
    return files


def command(root: Path, *args: str, kill_at: str | None = None) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != ENVIRONMENT}
    if kill_at:
        env[ENVIRONMENT] = kill_at
    return subprocess.Popen(
        [sys.executable, "-m", "academy.cli.main", "build", "--jobs", "2", "--quiet", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: what is left of it can be found
    )


def live_members(group: int) -> list[int]:
    """Processes of ``group`` that are still running (zombies awaiting their reaper are done)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == group:
            found.append(int(entry.name))
    return found


def finish(process: subprocess.Popen) -> tuple[int, str]:
    """Wait for the command; check that nothing of it outlives it by more than a second."""
    process.wait(timeout=300)
    deadline = time.monotonic() + 1.0
    while live_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not live_members(process.pid), "worker processes outlived the command by a second"
    output = process.stdout.read().decode()  # every writer has gone: this cannot block
    process.stdout.close()
    return process.returncode, output


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """An academy with its old sites built and its sources edited since, and the new sites."""
    root = tmp_path_factory.mktemp("faults") / "academy"
    write_academy(root, lessons("first edition"))
    assert finish(command(root))[0] == 0
    old = {audience: site_bytes(root / "site" / audience) for audience in AUDIENCES}
    write_academy(root, lessons("second edition"))
    started = time.monotonic()
    assert finish(command(root, "--no-cache", "--site-dir", "expected"))[0] == 0
    seconds = time.monotonic() - started
    new = {audience: site_bytes(root / "expected" / audience) for audience in AUDIENCES}
    shutil.rmtree(root / "expected")
    assert all(old[audience] != new[audience] for audience in AUDIENCES)
    return root, old, new, seconds


def outside_site(root: Path) -> dict[str, bytes]:
    """Every file outside the output and cache folders; those are never walked, since a killed
    build's last system call may still be changing them while this reads."""
    files = {}
    for folder, subfolders, names in os.walk(root):
        if Path(folder) == root:
            subfolders[:] = [name for name in subfolders if name not in ("site", ".cache")]
        for name in names:
            path = Path(folder, name)
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return dict(sorted(files.items()))


def check_whole(root: Path, old: dict, new: dict, *, missing_allowed: bool) -> None:
    site = root / "site"
    for audience in AUDIENCES:
        if not (site / audience).exists():
            assert missing_allowed, f"{audience}: no site"
            assert any(path.name.startswith(f".academy-{audience}.old-") for path in site.iterdir()), (
                f"{audience}: no site, and no previous one kept aside"
            )
            continue
        found = site_bytes(site / audience)
        assert found in (old[audience], new[audience]), f"{audience}: a mixed or partial site"


def kill_and_recover(root: Path, old: dict, new: dict, process: subprocess.Popen, *, may_end: bool = False) -> None:
    sources = outside_site(root)
    code, output = finish(process)
    assert code == -signal.SIGKILL or (may_end and code == 0), output
    assert "Traceback" not in output  # workers left without a parent end quietly
    check_whole(root, old, new, missing_allowed=True)
    # The next build recovers before anything else: killed right after loading, every site is whole.
    code, output = finish(command(root, kill_at="load"))
    assert code == -signal.SIGKILL, output
    check_whole(root, old, new, missing_allowed=False)
    assert not [path.name for path in (root / "site").iterdir() if path.name.startswith(".academy-")]
    code, output = finish(command(root))
    assert code == 0, output
    assert "Traceback" not in output
    assert {audience: site_bytes(root / "site" / audience) for audience in AUDIENCES} == new
    assert outside_site(root) == sources


CHECKPOINTS = [
    "load",
    "analysing",
    "render",
    "rendering",
    "build:customers",
    "audit:customers",
    "built:customers",
    "swap:customers:aside",
    "swap:customers:in",
    "build:staff",
    "audit:staff",
    "built:staff",
    "swap:staff:aside",
    "swap:staff:in",
    "cleanup",
    "built",
]


@pytest.mark.parametrize("checkpoint", CHECKPOINTS)
def test_a_kill_at_each_phase_leaves_whole_sites(editions, tmp_path, checkpoint):
    source, old, new, _ = editions
    root = tmp_path / "academy"
    shutil.copytree(source, root, symlinks=True)
    kill_and_recover(root, old, new, command(root, kill_at=checkpoint))


@pytest.mark.parametrize("seed", range(6))
def test_a_kill_at_a_random_instant_leaves_whole_sites(editions, tmp_path, seed):
    source, old, new, seconds = editions
    root = tmp_path / "academy"
    shutil.copytree(source, root, symlinks=True)
    process = command(root)
    time.sleep(random.Random(seed).uniform(0.0, seconds))
    process.send_signal(signal.SIGKILL)  # the main process only: its workers must end themselves
    kill_and_recover(root, old, new, process, may_end=True)  # a kill after the end finds it done
