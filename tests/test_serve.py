"""``academy serve``: a live preview of one audience that picks up each edit, isolated as builds are;
with ``--all``, the author preview of every audience's pages and passages, marked."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from sites import STAFF_COURSE, write_academy

LESSON = "content/courses/basics/01-first.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, wanted, seconds: float = 90.0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and wanted(page):
            return page
        time.sleep(0.1)
    raise AssertionError(f"{url} did not show what was expected within {seconds} s")


@contextmanager
def serving(root: Path, *args: str):
    """``academy serve ARGS`` on a free port of 127.0.0.1 in ``root``; yields the server's address."""
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("academy")), "serve", *args, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def preview(tmp_path):
    """``academy serve --audience customers`` in a tiny academy."""
    write_academy(tmp_path, {})
    with serving(tmp_path, "-a", "customers") as base:
        yield tmp_path, base + "courses/basics/01-first/"


def test_serve_shows_each_edit_and_only_what_its_audience_may_read(preview):
    root, url = preview
    assert "Open the product and sign in." in wait_for(url, lambda page: "Open the product" in page)
    lesson = root / LESSON
    lesson.write_text(
        lesson.read_text()
        + "\nNow with a second step: choose a workspace.\n\n/// audience | staff\nStaff only: the admin console.\n///\n"
    )
    page = wait_for(url, lambda page: "choose a workspace" in page)
    assert "Staff only" not in page and "admin console" not in page
    lesson.write_text(lesson.read_text().replace("second step", "third step"))
    assert "admin console" not in wait_for(url, lambda page: "third step" in page)


def test_serve_all_shows_every_audience_marked_and_each_edit(tmp_path):
    write_academy(tmp_path, STAFF_COURSE)
    lesson = tmp_path / LESSON
    lesson.write_text(lesson.read_text() + "\n/// audience | partners\nPartners: resell it.\n///\n")
    with serving(tmp_path, "--all", "-a", "customers") as base:
        page = wait_for(base + "courses/basics/01-first/", lambda page: "Open the product" in page)
        assert "Read by: customers, partners, staff." in page
        assert "Passage for partners only" in page and "Partners: resell it." in page
        console = wait_for(base + "courses/internal/01-console/", lambda page: "admin console" in page)
        assert "Read by: staff." in console
        lesson.write_text(lesson.read_text() + "\n/// audience | !staff\nNot for staff: the price list.\n///\n")
        page = wait_for(base + "courses/basics/01-first/", lambda page: "the price list" in page)
        assert "Passage for every reader of the page but staff" in page
