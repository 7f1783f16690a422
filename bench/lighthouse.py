"""Lighthouse's mobile scores for the home page, the catalog and a lesson of one audience.

Usage (from the repository root, after ``make build``; ``scripts/lighthouse`` installs
Lighthouse and calls this)::

    python -m bench.lighthouse --lighthouse PATH [--audience customers] [--lesson courses/x/y/]
                               [--runs 3] [--strict] [--out bench/results]

1. Serves ``site/`` on a free port of 127.0.0.1, compressed with gzip as static hosts serve it.
2. Runs Lighthouse (its default mobile preset: a phone's screen, simulated slow 4G and a
   four times slower CPU) in Debian's Chromium, headless, ``--runs`` times per page, and keeps
   the run of median performance of each page.
3. Writes ``OUT/lighthouse.md`` (the scores, the targets met or NOT met, and the audits that
   cost points) and ``OUT/lighthouse.json`` (the category scores of every run).

The targets: performance at least 95 and accessibility 100 on every page. ``--strict`` makes
the command fail when one is not met.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .filter import QuietHandler
from .filter import serve as serve_with

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
CATEGORIES = {
    "performance": "performance",
    "accessibility": "accessibility",
    "best-practices": "best practices",
    "seo": "SEO",
}
TARGETS = {"performance": 95, "accessibility": 100}
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")


# --------------------------------------------------------------------------- the report


def scores(lhr: dict) -> dict[str, int | None]:
    """The category scores of one Lighthouse result, 0-100; ``None`` where Lighthouse gave none."""
    categories = lhr.get("categories", {})
    out: dict[str, int | None] = {}
    for key in CATEGORIES:
        score = categories.get(key, {}).get("score")
        out[key] = None if score is None else round(score * 100)
    return out


def misses(score_map: dict[str, int | None]) -> list[str]:
    """The targets a page misses, as ``performance 88 < 95``; an absent score misses its target."""
    missed = []
    for key, target in TARGETS.items():
        score = score_map.get(key)
        if score is None or score < target:
            missed.append(f"{CATEGORIES[key]} {'n/a' if score is None else score} < {target}")
    return missed


def costs(lhr: dict, limit: int = 6) -> list[str]:
    """The scored audits of performance and accessibility that cost points, heaviest first."""
    audits = lhr.get("audits", {})
    found = []
    for key in TARGETS:
        for ref in lhr.get("categories", {}).get(key, {}).get("auditRefs", []):
            audit = audits.get(ref.get("id"), {})
            score = audit.get("score")
            if not ref.get("weight") or score is None or score >= 1:
                continue
            shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            found.append((ref["weight"] * (1 - score), f"{CATEGORIES[key]}: {audit.get('title', ref['id'])}{shown}"))
    found.sort(key=lambda item: -item[0])
    return [text for _, text in found[:limit]]


def _cell(score: int | None) -> str:
    return "n/a" if score is None else str(score)


def report(results: dict) -> str:
    """``lighthouse.md``: one row per page, the targets met or NOT met, what cost points."""
    pages = results["pages"]
    lines = [
        "# Lighthouse scores",
        "",
        f"{results['date']} · Lighthouse {results['lighthouse']} · {results['chromium']} · "
        f"audience `{results['audience']}` · mobile preset (simulated slow 4G, 4× CPU slowdown) · "
        f"median of {results['runs']} run{'s' if results['runs'] != 1 else ''} per page · "
        f"commit {results.get('commit', 'unknown')}",
        "",
        *([f"Machine: {results['machine']}.", ""] if results.get("machine") else []),
        "Produced by `scripts/lighthouse` (`make lighthouse`) on the site `make build` wrote, served "
        "from 127.0.0.1 with gzip.",
        "",
        "| page | path | performance | accessibility | best practices | SEO | targets |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for page in pages:
        cells = [_cell(page["scores"].get(key)) for key in CATEGORIES]
        missed = misses(page["scores"])
        verdict = "NOT met: " + ", ".join(missed) if missed else "met"
        lines.append(f"| {page['page']} | `{page['path']}` | {' | '.join(cells)} | {verdict} |")
    lines += ["", "## Targets", "", "| target | verdict |", "| --- | --- |"]
    for key, target in TARGETS.items():
        bound = f"≥ {target}" if target < 100 else f"= {target}"
        met = bool(pages) and all(
            page["scores"].get(key) is not None and page["scores"][key] >= target for page in pages
        )
        lines.append(f"| {CATEGORIES[key]} {bound} on every page | {'met' if met else 'NOT met'} |")
    spread = [page for page in pages if len(page.get("performance_runs", [])) > 1]
    if spread:
        lines += ["", "Performance of each run: " + "; ".join(
            f"{page['page']} {', '.join(_cell(s) for s in page['performance_runs'])}" for page in spread
        ) + "."]  # fmt: skip
    costly = [page for page in pages if page.get("costs")]
    if costly:
        lines += ["", "## What cost points", ""]
        for page in costly:
            lines.append(f"- **{page['page']}**: " + "; ".join(page["costs"]) + ".")
    return "\n".join(lines) + "\n"


def failed(results: dict) -> bool:
    """Whether some page misses a target."""
    return not results["pages"] or any(misses(page["scores"]) for page in results["pages"])


# --------------------------------------------------------------------------- the site


class GzipHandler(QuietHandler):
    """Static files, text compressed with gzip when the browser accepts it, without a log line."""

    def send_head(self):  # noqa: ANN201 (the base class returns a file or None)
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not accepts or not ctype.startswith(COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` compressed (``GzipHandler``) on a free port of 127.0.0.1; yield its base URL."""
    with serve_with(site, GzipHandler) as base:
        yield base


def first_lesson(audience_site: Path) -> str:
    """The first lesson of the first course (by folder name) of an audience's built site."""
    for course in sorted((audience_site / "courses").glob("*/")):
        lessons = sorted(p.parent for p in course.glob("*/index.html"))
        if lessons:
            return lessons[0].relative_to(audience_site).as_posix() + "/"
    raise SystemExit(f"No lesson found under {audience_site / 'courses'}: is the site built?")


# --------------------------------------------------------------------------- Lighthouse


def run_lighthouse(lighthouse: Path, url: str) -> dict:
    """One Lighthouse run of ``url`` (mobile preset) in Debian's Chromium; its result (LHR)."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
    with tempfile.TemporaryDirectory(prefix="academy-lighthouse-") as scratch:
        out = Path(scratch) / "report.json"
        cmd = [
            str(lighthouse),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not out.is_file():
            raise SystemExit(f"Lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-2000:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def measure(lighthouse: Path, base: str, page: str, path: str, runs: int) -> dict:
    """``runs`` runs of one page; the run of median performance gives the page's scores."""
    results = []
    for n in range(runs):
        print(f"==> Lighthouse: {page} /{path} (run {n + 1} of {runs})", flush=True)
        results.append(run_lighthouse(lighthouse, base + path))
    results.sort(key=lambda lhr: scores(lhr)["performance"] or 0)
    median = results[(len(results) - 1) // 2]
    performance = [scores(lhr)["performance"] for lhr in results]
    return {
        "page": page,
        "path": "/" + path,
        "scores": scores(median),
        "performance_runs": performance,
        "performance_median": statistics.median([p or 0 for p in performance]),
        "runs": [scores(lhr) for lhr in results],
        "costs": costs(median),
        "lighthouse": median.get("lighthouseVersion", "unknown"),
    }


def chromium_version() -> str:
    browser = os.environ.get("CHROME_PATH", CHROMIUM)
    done = subprocess.run([browser, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip().split(" built on")[0] or browser


def commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False, cwd=ROOT
    )
    return done.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/lighthouse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lighthouse", type=Path, required=True, help="the lighthouse command")
    parser.add_argument("--audience", default="customers", help="audience whose site is measured (customers)")
    parser.add_argument("--lesson", help="the lesson's path in that site (the first lesson of the first course)")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built sites (site/)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is kept (3)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="where results go")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is not met")
    args = parser.parse_args(argv)

    audience_site = args.site / args.audience
    if not (audience_site / "index.html").is_file():
        print(
            f"{audience_site}/index.html is missing: build the sites first with 'make build' "
            f"(audience '{args.audience}').",
            file=sys.stderr,
        )
        return 2
    lesson = args.lesson.strip("/") + "/" if args.lesson else first_lesson(audience_site)
    if not (audience_site / lesson / "index.html").is_file():
        print(f"{audience_site / lesson}index.html is missing: --lesson names no built page.", file=sys.stderr)
        return 2
    targets = {"home": "", "catalog": "catalog/", "lesson": lesson}
    load_before = os.getloadavg()[0]
    with serve(args.site) as base:
        pages = [
            measure(args.lighthouse, base, page, f"{args.audience}/{path}", max(1, args.runs))
            for page, path in targets.items()
        ]
    results = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "lighthouse": pages[0]["lighthouse"],
        "chromium": chromium_version(),
        "audience": args.audience,
        "runs": max(1, args.runs),
        "commit": commit(),
        # Simulated throttling scales what the CPU did: a busy machine costs points.
        "machine": f"{os.cpu_count()} cores, load average {load_before:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after the runs",
        "targets": TARGETS,
        "pages": pages,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "lighthouse.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    text = report(results)
    (args.out / "lighthouse.md").write_text(text, encoding="utf-8")
    print(text)
    if failed(results):
        print("Some targets are NOT met" + (" (--strict: failing)." if args.strict else "."), file=sys.stderr)
        return 1 if args.strict else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
