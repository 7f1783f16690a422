"""Shared fixtures: tiny academies in tmp_path, the academy CLI run in-process, browser set-up."""

from __future__ import annotations

import atexit
import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from academy.cli.main import main

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("SOURCE_DATE_EPOCH", "1763856000")  # 2025-11-23: fixed ribbons in tests
# The per-user cache key is made in a folder of the test run, never in the tester's own config.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="academy-test-config-")
atexit.register(shutil.rmtree, os.environ["XDG_CONFIG_HOME"], ignore_errors=True)
os.environ.pop("ACADEMY_CACHE_KEY", None)


@dataclass
class Run:
    """What one ``academy`` command did."""

    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


@pytest.fixture
def academy_cli(capsys, monkeypatch, tmp_path):
    """Run ``academy ARGS`` in ``tmp_path`` (or ``cwd=``) the way a user would, in-process."""

    def run(*args: str, cwd: Path | None = None) -> Run:
        monkeypatch.chdir(cwd or tmp_path)
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("ACADEMY_CHROMIUM", "/usr/bin/chromium")
SAMPLE_AUDIENCES = ("customers", "employees", "partners", "trial")


def build_in(root: Path, *args: str) -> None:
    """Run ``academy build --quiet ARGS`` in ``root``, as a user would there; it must succeed."""
    with contextlib.chdir(root):
        assert main(["build", "--quiet", *args]) == 0, f"the academy in {root} must build"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample academy of this repository, every audience built once for the session."""
    site = tmp_path_factory.mktemp("sample") / "site"
    build_in(REPO, "--site-dir", str(site))
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def sample_urls(sample_site):
    """Each sample audience's site served on its own port of 127.0.0.1."""
    servers, urls = [], {}
    for audience in SAMPLE_AUDIENCES:
        server, url = _serve(sample_site / audience)
        servers.append(server)
        urls[audience] = url
    yield urls
    for server in servers:
        server.shutdown()


class _SitesHandler(_QuietHandler):
    """Every audience under ``/<audience>/``, its own ``404.html`` for a missing page, as a host serves it."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / self.path.strip("/").split("/")[0] / "404.html"
        if code != 404 or not page.is_file() or page.parent == Path(self.directory):
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def sample_sites_url(sample_site):
    """The sample's site folder served on one port: ``<url><audience>/``, with each audience's 404 page."""
    handler = functools.partial(_SitesHandler, directory=str(sample_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; Playwright's own browser download is not available here."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run 'make test' (it installs it) or set ACADEMY_CHROMIUM")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ],
    }  # fmt: skip
