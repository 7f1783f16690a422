"""``academy serve``: a live preview of one audience that picks up each edit, isolated as builds are."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sites import write_academy

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


@pytest.fixture
def preview(tmp_path):
    """``academy serve --audience customers`` on a free port of 127.0.0.1, in a tiny academy."""
    write_academy(tmp_path, {})
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("academy")), "serve", "-a", "customers", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        yield tmp_path, f"http://127.0.0.1:{port}/courses/basics/01-first/"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


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
