"""Time the author's loop: save a lesson, see it in ``academy serve``.

Usage (from the repository root)::

    python -m bench.serve [--lessons 2000] [--edits 3] [--out bench/results] [--work bench/scratch]

Starts ``academy serve --audience customers``, then the author preview
``academy serve --all --audience customers``, on a free port of 127.0.0.1, first for the sample
academy of this repository, then for a generated academy (``bench.generate``, default shape)
of ``--lessons`` lessons. For each it times the first page served after start, then
``--edits`` times: append a sentence to one lesson and poll that lesson's URL until the sentence
is there (save to reload). The lesson is put back as it was. Writes ``OUT/serve.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .generate import generate

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_LESSON = "content/courses/getting-started/01-how-ledgerly-works.md"


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _until(url: str, wanted, limit: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < limit:
        page = _get(url)
        if page is not None and wanted(page):
            return time.monotonic() - start
        time.sleep(0.05)
    raise SystemExit(f"bench.serve: {url} did not show the edit within {limit:.0f} s")


def time_serve(root: Path, lesson: str, edits: int, options: tuple[str, ...], limit: float = 1800.0) -> dict:
    """First serve and save-to-reload seconds of ``academy serve OPTIONS`` in ``root``, editing ``lesson``."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/{Path(lesson).relative_to('content').with_suffix('').as_posix()}/"
    command = [
        str(Path(sys.executable).with_name("academy")),
        "serve",
        *options,
        "--dev-addr",
        f"127.0.0.1:{port}",
    ]
    source = root / lesson
    original = source.read_text(encoding="utf-8")
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = _until(url, lambda page: True, limit)
        reloads = []
        for number in range(edits):
            time.sleep(1.0)  # the watcher settles after a build
            token = f"Benchmark edit {number} {time.time_ns()}."
            started = time.monotonic()
            source.write_text(original.rstrip("\n") + f"\n\n{token}\n", encoding="utf-8")
            _until(url, lambda page, token=token: token in page, limit)
            reloads.append(time.monotonic() - started)
    finally:
        source.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(timeout=60)
    return {"first": first, "reloads": reloads}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results")
    parser.add_argument("--work", type=Path, default=ROOT / "bench/scratch")
    args = parser.parse_args(argv)
    generated = args.work / f"serve-default-{args.lessons}"
    counts = generate(generated, args.lessons)
    lesson = next(
        p.relative_to(generated).as_posix() for p in sorted((generated / "content/courses").glob("*/01-*.md"))
    )
    previews = {"customers": ("-a", "customers"), "author preview (--all)": ("--all", "-a", "customers")}
    rows = [
        (f"{academy}, {name}", time_serve(root, edited, args.edits, options))
        for academy, root, edited in (
            ("sample academy", ROOT, SAMPLE_LESSON),
            (f"generated, {args.lessons:,} lessons", generated, lesson),
        )
        for name, options in previews.items()
    ]
    lines = [
        "# Live preview: save to reload",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.processor() or platform.machine()} "
        f"({os.cpu_count()} cores), Python {platform.python_version()}; `python -m bench.serve --lessons "
        f"{args.lessons} --edits {args.edits}`. The generated academy: {counts['pages']:,} pages.",
        "",
        "`academy serve --audience customers`, and the author preview `academy serve --all --audience customers`:",
        "first page served after start, then the time from writing one lesson to that lesson's URL",
        "serving the new text (median and slowest of the edits).",
        "",
        "| academy, preview | first serve s | save to reload s, median | slowest |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, found in rows:
        reloads = found["reloads"]
        lines.append(f"| {name} | {found['first']:.1f} | {statistics.median(reloads):.1f} | {max(reloads):.1f} |")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "serve.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
