"""Time Academy's builds against plain MkDocs on generated academies of every shape and several sizes.

Usage (from the repository root; ``make bench`` runs it with the defaults, ``make bench-quick``
with ``--quick``)::

    python -m bench.run [--shapes default,long,wide,many] [--sizes 500,2000 --sizes default=500,2000,8000]
                        [--runs 3,8000=1] [--variants plain,cold,...] [--audiences-scan 4,12,24]
                        [--scan-lessons 2000] [--quick] [--out bench/results] [--work bench/scratch]

For each shape (``SHAPES`` of ``bench.generate``) and size one academy is generated into
``WORK/academy-<shape>-<size>/`` and, in every run, built as:

(a) ``plain``: ``mkdocs build`` of the yardstick config (plain Material, every page once);
(b) ``naive``: one ``ACADEMY_AUDIENCE=<id> mkdocs build`` per audience of the tree, summed, content cache off;
(c) ``cold``: ``academy build`` with its cache folder and previous output deleted first;
(c′) ``nocache``: ``academy build --no-cache`` into a site folder of its own, no cache read or written;
(d) ``warm``: the same ``academy build`` as (c) again after appending a sentence to one lesson;
(e) ``zensical``: ``zensical build --clean`` of the yardstick config, when zensical is installed.

The audience scan (``--audiences-scan``) generates the ``default`` shape's content with several
numbers of audiences at ``--scan-lessons`` lessons and builds each cold, plus one plain build:
the slope of cold time over audiences is the cost of one more audience.

Each build is a subprocess. Wall time comes from the clock, CPU time (user + system, children
included) and peak RSS (the largest single process) from ``os.wait4``. Between builds the runner
deletes nothing: what it clears moves to ``WORK/trash/``, emptied at the end (see ``Trash``). The
medians over the runs go to ``OUT/results.md``, ``OUT/results.json`` and ``OUT/results.svg``, the
targets of ``bench.summary`` judged from them; build logs stay in ``WORK/logs``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from .generate import SHAPES, generate
from .summary import LABELS, audience_cost, describe_shape, label, overview, summary, targets_json

VARIANTS = tuple(LABELS)
SHORT = {
    "plain": "(a) plain",
    "naive": "(b) naive × N",
    "cold": "(c) academy cold",
    "nocache": "(c′) --no-cache",
    "warm": "(d) academy warm",
    "zensical": "(e) zensical",
}
COLOURS = {
    "plain": "#78909c",
    "naive": "#ef6c00",
    "cold": "#1565c0",
    "nocache": "#7e57c2",
    "warm": "#42a5f5",
    "zensical": "#2e7d32",
}
FULL = {
    "sizes": [(None, [500, 2000]), ("default", [500, 2000, 8000])],
    "runs": (3, {8000: 1}),
    "variants": list(VARIANTS),
    "scan": [4, 12, 24],
    "scan_lessons": 2000,
    "out": Path("bench/results"),
}
"""``make bench``: every shape at 500 and 2,000 lessons (3 runs), the default shape at 8,000 too (1 run)."""
QUICK = {
    "sizes": [(None, [150])],
    "runs": (1, {}),
    "variants": ["plain", "cold", "nocache", "warm"],
    "scan": [4, 12],
    "scan_lessons": 150,
    "out": Path("bench/scratch/quick-results"),
}
"""``--quick`` (``make bench-quick``): CI-sized, a few minutes on two cores; not into bench/results."""
BUILD_DATE = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
"""``SOURCE_DATE_EPOCH`` of every build, so that ribbons and sitemaps do not depend on the day."""
EDIT = "\nThis sentence was appended by the benchmark to time an incremental build.\n"


@dataclass
class Measure:
    """One build (or the sum of several): times in seconds, peak RSS in KiB."""

    wall: float
    cpu: float
    rss_kib: int
    ok: bool = True
    note: str = ""


@dataclass
class Tools:
    """The commands the benchmark runs, and what ``academy build`` supports."""

    mkdocs: Path
    academy: Path
    zensical: Path | None
    cache_dir: bool
    timings: bool
    no_cache: bool = True


# --------------------------------------------------------------------------- measuring


def measured(cmd: list[str], env: dict[str, str], log: Path) -> Measure:
    """Run ``cmd``, its output appended to ``log``; return its wall time, CPU time and peak RSS."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"$ {shlex.join(cmd)}\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    measure = Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
    if proc.returncode != 0:
        measure.ok = False
        measure.note = f"exit {proc.returncode}: {error_line(log)}"
    return measure


def error_line(log: Path) -> str:
    """What went wrong, from a build log: the first error line (and its first detail), else the last line."""
    lines = [line.strip() for line in log.read_text(errors="replace").splitlines() if line.strip()]
    errors = [n for n, line in enumerate(lines) if "ERROR" in line or line.startswith(("Error", "Traceback"))]
    if not errors:
        return lines[-1][:300] if lines else ""
    first = errors[0]
    text = lines[first] + (" " + lines[first + 1] if lines[first].endswith(":") and first + 1 < len(lines) else "")
    return text[:400]


def summed(measures: list[Measure]) -> Measure:
    """Builds run one after the other: times add up, memory is the largest of them."""
    failed = [m.note for m in measures if not m.ok]
    return Measure(
        wall=sum(m.wall for m in measures),
        cpu=sum(m.cpu for m in measures),
        rss_kib=max(m.rss_kib for m in measures),
        ok=not failed,
        note="; ".join(failed),
    )


def median(measures: list[Measure]) -> Measure:
    """Medians of each quantity over the runs; failed if any run failed."""
    failed = [m.note for m in measures if not m.ok]
    return Measure(
        wall=statistics.median(m.wall for m in measures),
        cpu=statistics.median(m.cpu for m in measures),
        rss_kib=int(statistics.median(m.rss_kib for m in measures)),
        ok=not failed,
        note=failed[0] if failed else "",
    )


# --------------------------------------------------------------------------- tools


class Trash:
    """Where the runner puts the folders it clears between builds, to delete them when it is done.

    On ext4, creating files soon after thousands were deleted costs kernel time: for a minute
    or more, the inode allocator skips each recently freed inode, one block lookup at a time.
    Deleting the last build's cache and output just before a cold build made that build pay
    for the runner's deletion (500 lessons: 11.3 s instead of 9.1 s). A rename costs nothing.
    Builds still pay for what they delete themselves: MkDocs empties its site folder, and
    ``academy build`` deletes the site it replaces.
    """

    def __init__(self, work: Path) -> None:
        self.folder = work / "trash"

    def put(self, path: Path) -> None:
        """Move ``path`` (if it exists) out of the way, into the trash."""
        if not path.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path.rename(Path(tempfile.mkdtemp(dir=self.folder)) / path.name)

    def empty(self) -> None:
        """Delete everything in the trash, leftovers of an interrupted run included."""
        shutil.rmtree(self.folder, ignore_errors=True)


def find_tools() -> Tools:
    """The venv's commands, and whether ``academy build`` has ``--cache-dir``, ``--timings`` and ``--no-cache``."""
    bin_dir = Path(sys.executable).parent
    academy = bin_dir / "academy"
    help_text = subprocess.run([str(academy), "build", "--help"], capture_output=True, text=True, check=False).stdout
    zensical = shutil.which("zensical", path=str(bin_dir)) or shutil.which("zensical")
    return Tools(
        mkdocs=bin_dir / "mkdocs",
        academy=academy,
        zensical=Path(zensical) if zensical else None,
        cache_dir="--cache-dir" in help_text,
        timings="--timings" in help_text,
        no_cache="--no-cache" in help_text,
    )


def base_env() -> dict[str, str]:
    """The environment of every build: fixed build date, no MkDocs 2 banner, no audience preset."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ACADEMY_")}
    env["SOURCE_DATE_EPOCH"] = str(int(BUILD_DATE.timestamp()))
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def version(package: str) -> str:
    """Installed version of ``package``, or ``absent``."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def machine() -> dict[str, str | int]:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    return {
        "cpu": cpu,
        "cores": os.cpu_count() or 1,
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "academy": version("academy"),
        "zensical": version("zensical"),
        "commit": commit.stdout.strip() or "unknown",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# --------------------------------------------------------------------------- the builds


class SizeBench:
    """The builds of one generated academy: one shape at one size (or one point of the audience scan)."""

    def __init__(
        self,
        shape: str,
        size: int,
        work: Path,
        tools: Tools,
        search: str = "search",
        options: dict | None = None,
        name: str | None = None,
    ) -> None:
        self.shape = shape
        self.size = size
        self.search = search
        self.tools = tools
        self.options = dict(SHAPES[shape] if options is None else options)
        self.name = name or f"{shape}-{size}"
        self.tree = work / f"academy-{self.name}"
        self.sites = work / f"sites-{self.name}"
        self.cache = work / f"cache-{self.name}"
        self.logs = work / "logs"
        self.trash = Trash(work)
        self.env = base_env()
        self.counts: dict = {}

    def prepare(self) -> float:
        """Generate the academy; return the seconds it took."""
        start = time.perf_counter()
        self.counts = generate(self.tree, self.size, search=self.search, **self.options)
        self.trash.put(self.sites)
        return time.perf_counter() - start

    def audience_ids(self) -> list[str]:
        """The audiences the generated academy has: ``audiences/<id>.yml``, sorted."""
        return sorted(path.stem for path in (self.tree / "audiences").glob("*.yml"))

    def log(self, variant: str, run: int, suffix: str = "") -> Path:
        """The log file of one build."""
        return self.logs / f"{self.name}-{variant}{suffix}-run{run}.log"

    def plain(self, run: int) -> Measure:
        """(a) the yardstick: plain Material, every page once."""
        cmd = [str(self.tools.mkdocs), "build", "-f", str(self.tree / "mkdocs-plain.yml"), "-d", str(self.sites / "a")]
        return measured(cmd, self.env, self.log("plain", run))

    def naive(self, run: int) -> Measure:
        """(b) one ``mkdocs build`` per audience of the tree, the academy plugins' own cache off."""
        measures = []
        for audience in self.audience_ids():
            env = {**self.env, "ACADEMY_AUDIENCE": audience, "ACADEMY_CACHE": "false"}
            site = self.sites / "b" / audience
            cmd = [str(self.tools.mkdocs), "build", "-f", str(self.tree / "mkdocs.yml"), "-d", str(site)]
            measure = measured(cmd, env, self.log("naive", run, f"-{audience}"))
            if not measure.ok:
                measure.note = f"{audience}: {measure.note}"
            measures.append(measure)
        if not measures:
            return Measure(0, 0, 0, ok=False, note=f"no audiences/*.yml in {self.tree}")
        return summed(measures)

    def academy_cmd(self, site: Path, cache: bool = True) -> list[str]:
        """``academy build`` into ``site``, with the options this version has (``--no-cache`` without ``cache``)."""
        cmd = [str(self.tools.academy), "-f", str(self.tree / "mkdocs.yml"), "build", "--site-dir", str(site)]
        if not cache:
            cmd.append("--no-cache")
        elif self.tools.cache_dir:
            cmd += ["--cache-dir", str(self.cache.resolve())]
        if self.tools.timings:
            cmd.append("--timings")
        return cmd

    def cold(self, run: int) -> Measure:
        """(c) ``academy build`` with no cache and no previous output."""
        for folder in (self.cache, self.tree / ".cache" / "academy", self.sites / "c"):
            self.trash.put(folder)
        return measured(self.academy_cmd(self.sites / "c"), self.env, self.log("cold", run))

    def nocache(self, run: int) -> Measure:
        """(c′) ``academy build --no-cache`` into its own site folder (no previous output); caches untouched."""
        if not self.tools.no_cache:
            return Measure(0, 0, 0, ok=False, note="n/a: academy build has no --no-cache option")
        self.trash.put(self.sites / "nocache")
        return measured(self.academy_cmd(self.sites / "nocache", cache=False), self.env, self.log("nocache", run))

    def warm(self, run: int) -> Measure:
        """(d) ``academy build`` again after appending a sentence to one lesson (restored afterwards)."""
        lessons = sorted((self.tree / "content" / "courses").glob("*/[0-9]*.md"))
        lesson = lessons[len(lessons) // 2]
        original = lesson.read_text(encoding="utf-8")
        lesson.write_text(original + EDIT, encoding="utf-8")
        try:
            return measured(self.academy_cmd(self.sites / "c"), self.env, self.log("warm", run))
        finally:
            lesson.write_text(original, encoding="utf-8")

    def zensical(self, run: int) -> Measure:
        """(e) zensical on the yardstick config; ``n/a`` with the reason when it is missing or fails."""
        if self.tools.zensical is None:
            return Measure(0, 0, 0, ok=False, note="n/a: zensical is not installed (pip install zensical)")
        cmd = [str(self.tools.zensical), "build", "--clean", "-f", str(self.tree / "mkdocs-plain.yml")]
        try:
            measure = measured(cmd, self.env, self.log("zensical", run))
        except OSError as error:
            return Measure(0, 0, 0, ok=False, note=f"n/a: zensical could not start ({error})")
        finally:
            self.trash.put(self.tree / "site-plain")
        if not measure.ok:
            measure.note = "n/a: " + measure.note
        return measure

    def timings_text(self, variant: str, run: int) -> list[str]:
        """The ``--timings`` report (and cache summary) that ``academy build`` printed in a run."""
        log = self.log(variant, run)
        if not log.is_file():
            return []
        lines = log.read_text(errors="replace").splitlines()
        keep = [line for line in lines if line.startswith("Rendered ")]
        if "Timings (wall clock):" in lines:
            keep += lines[lines.index("Timings (wall clock):") :]
        return [line.rstrip() for line in keep if not line.startswith("Built ")]


# --------------------------------------------------------------------------- reporting numbers


def describe(measure: Measure) -> str:
    """A progress line's numbers."""
    if not measure.ok and measure.note.startswith("n/a"):
        return measure.note
    text = f"{measure.wall:7.2f} s wall, {measure.cpu:7.2f} s CPU, {measure.rss_kib / 1024:6.0f} MB peak RSS"
    return text if measure.ok else f"{text}  FAILED ({measure.note})"


def measure_json(measures: list[Measure]) -> dict:
    """The median of some runs of one build, with every run, as stored in results.json."""
    value = median(measures)
    return {**asdict(value), "runs": [asdict(m) for m in measures]}


def size_result(bench: SizeBench, runs: dict[str, list[Measure]], seconds: float) -> dict:
    """Medians, ratios to (a) and time per page of one shape and size, as stored in results.json."""
    counts = bench.counts
    built_pages = sum(counts["pages_per_audience"].values())
    medians = {variant: median(measures) for variant, measures in runs.items()}
    plain = medians.get("plain")
    rows = {}
    for variant, value in medians.items():
        available = value.ok or not value.note.startswith("n/a")
        pages = counts["pages"] if variant in ("plain", "zensical") else built_pages
        rows[variant] = {
            **asdict(value),
            "available": available,
            "runs": [asdict(m) for m in runs[variant]],
            "ratio_to_plain": value.wall / plain.wall if available and plain and plain.ok and plain.wall else None,
            "ms_per_source_page": 1000 * value.wall / counts["pages"] if available else None,
            "ms_per_built_page": 1000 * value.wall / pages if available else None,
        }
    timings = {v: bench.timings_text(v, len(runs.get(v, [])) - 1) for v in ("cold", "nocache", "warm") if v in runs}
    result = {
        "shape": bench.shape,
        "lessons": bench.size,
        "runs": max((len(measures) for measures in runs.values()), default=0),
        "counts": counts,
        "generate_seconds": seconds,
        "variants": rows,
        "timings": timings,
    }
    if "naive" in runs:
        result["naive_audiences"] = bench.audience_ids()
    return result


def fmt(value: float | None, pattern: str = "{:.2f}") -> str:
    """A number for a table, or n/a."""
    return "n/a" if value is None else pattern.format(value)


def markdown_report(results: dict) -> str:
    """``results.md``: the machine, the targets per shape, the audience scan, then per shape and size the tables."""
    info = results["machine"]
    lines = [
        "# Build benchmark",
        "",
        f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores), Python {info['python']}, "
        f"MkDocs {info['mkdocs']}, Material {info['material']}, Academy {info['academy']} "
        f"(commit {info['commit']}), zensical {info['zensical']}. The academy's search plugin: "
        f"`{results.get('search_plugin', 'search')}`. Mode: {results.get('mode', 'full')}"
        + (f" (`{results['command']}`)." if results.get("command") else "."),
        "",
        "Medians of each size's runs (the number is in its heading). Wall and CPU time in seconds "
        "(CPU = user + system of the build and its worker processes); peak RSS is the largest single "
        "process. × plain compares wall time with (a). Per page: wall time divided by the academy's "
        "Markdown pages (source) or by the pages written to all sites together (built).",
        "",
        "## Summary",
        "",
        summary(results),
    ]
    if results.get("audience_scan"):
        lines += scan_table(results["audience_scan"])
    for shape, data in results["shapes"].items():
        described = describe_shape(data.get("options"))
        lines += [f"## Shape `{shape}`", ""] + ([described + ".", ""] if described else [])
        lines += [overview(data["sizes"])]
        for size in data["sizes"]:
            lines += size_table(size)
    lines += ["See README.md in bench/ for what each variant does and how to read these numbers.", ""]
    return "\n".join(lines)


def scan_table(scan: dict) -> list[str]:
    """The Markdown section of the audience scan."""
    plain = scan.get("plain") or {}
    plain_text = f"{plain['wall']:.2f} s" if plain.get("ok") else f"FAILED ({plain.get('note', 'not run')})"
    numbers = [str(point["audiences"]) for point in scan["points"]]
    counts = ", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 else "".join(numbers)
    lines = [
        "## Audience scan",
        "",
        f"The `{scan['shape']}` shape's content at {scan['lessons']:,} lessons generated with {counts} audiences, "
        f"a cold `academy build` of each (median of {scan['runs']} run(s)); the plain build of the first "
        f"tree (the yardstick): {plain_text}.",
        "",
        "| audiences | built pages | wall s | CPU s | peak RSS MB | ms / built page | note |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for point in scan["points"]:
        cold, built = point["cold"], sum(point["counts"]["pages_per_audience"].values())
        note = "" if cold["ok"] else f"FAILED: {cold['note']}".replace("|", "/")
        lines.append(
            f"| {point['audiences']} | {built} | {cold['wall']:.2f} | {cold['cpu']:.2f} | "
            f"{cold['rss_kib'] / 1024:.0f} | {1000 * cold['wall'] / built:.1f} | {note} |"
        )
    cost = audience_cost(scan)
    if cost:
        lines += [
            "",
            f"One more audience costs {cost['seconds_per_audience']:.2f} s (slope of the straight line through "
            f"the points), {cost['ratio']:.3f} × the plain build.",
        ]
    return lines + [""]


def size_table(size: dict) -> list[str]:
    """The Markdown table of one shape and size."""
    counts = size["counts"]
    per_audience = ", ".join(f"{a} {n}" for a, n in counts["pages_per_audience"].items())
    audiences = len(counts["pages_per_audience"])
    shape = size.get("shape", "default")
    lines = [
        f"### `{shape}`, {size['lessons']:,} lessons (median of {size.get('runs', '?')} run(s))",
        "",
        f"{counts['courses']} courses, {counts['lessons']} lessons, {counts['pages']} Markdown pages, "
        f"{counts['collections']} collections; pages per audience: {per_audience}.",
        "",
        "| variant | wall s | CPU s | peak RSS MB | × plain | ms / source page | ms / built page | note |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for variant, row in size["variants"].items():
        name = label(variant, audiences)
        if not row["available"]:
            lines.append(f"| {name} | n/a | n/a | n/a | n/a | n/a | n/a | {row['note']} |")
            continue
        note = "" if row["ok"] else f"FAILED: {row['note']}"
        lines.append(
            f"| {name} | {row['wall']:.2f} | {row['cpu']:.2f} | {row['rss_kib'] / 1024:.0f} "
            f"| {fmt(row['ratio_to_plain'], '{:.2f}×')} | {fmt(row['ms_per_source_page'], '{:.1f}')} "
            f"| {fmt(row['ms_per_built_page'], '{:.1f}')} | {note.replace('|', '/')} |"
        )
    lines.append("")
    for variant, text in size.get("timings", {}).items():
        if text:
            lines += [f"`academy build` report, {variant}, last run:", "", "```text", *text, "```", ""]
    return lines


# --------------------------------------------------------------------------- the chart


def nice_step(top: float) -> float:
    """A 1-2-5 tick step giving about five ticks up to ``top``."""
    raw = max(top, 1e-9) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(magnitude * factor for factor in (1, 2, 5, 10) if magnitude * factor >= raw)


def svg_text(x: float, y: float, text: str, **attrs: str) -> str:
    """An SVG ``<text>`` element (text escaped)."""
    extra = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attrs.items())
    safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{safe}</text>'


ROW = 340.0
"""Height of one shape's row of panels in results.svg."""


def panel(sizes: list[dict], key: str, title: str, left: float, unit: str, dy: float = 0.0) -> list[str]:
    """One grouped bar chart: one group per size, one bar per variant; ``dy`` shifts it down."""
    width, height, top, bottom = 440.0, 250.0, 70.0 + dy, 320.0 + dy
    variants = [v for v in VARIANTS if any(v in s["variants"] for s in sizes)]
    values = [s["variants"][v][key] for s in sizes for v in variants if v in s["variants"]]
    peak = max([v for v in values if v] or [1.0])
    step = nice_step(peak)
    ymax = step * (int(peak / step) + 1)
    scale = height / ymax
    parts = [svg_text(left, top - 34, title, font_size="15", font_weight="bold")]
    tick = 0.0
    while tick <= ymax + 1e-9:
        y = bottom - tick * scale
        parts.append(f'<line x1="{left:.1f}" x2="{left + width:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e0e0e0"/>')
        parts.append(svg_text(left - 6, y + 4, f"{tick:g}", font_size="11", text_anchor="end", fill="#555"))
        tick += step
    group = width / max(1, len(sizes))
    bar = group * 0.8 / max(1, len(variants))
    for index, size in enumerate(sizes):
        x0 = left + index * group + group * 0.1
        for number, variant in enumerate(variants):
            row = size["variants"].get(variant)
            x = x0 + number * bar
            value = row[key] if row and row["available"] else None
            if value is None:
                parts.append(svg_text(x + bar / 2, bottom - 4, "n/a", font_size="9", text_anchor="middle"))
                continue
            y = bottom - value * scale
            failed = "" if row["ok"] else " (failed)"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{value * scale:.1f}" '
                f'fill="{COLOURS[variant]}" fill-opacity="{0.4 if failed else 1}">'
                f"<title>{SHORT[variant]}: {value:.3g} {unit}{failed}</title></rect>"
            )
            text = f"{value:.3g}" + ("✗" if failed else "")
            parts.append(svg_text(x + bar / 2 - 1, y - 3, text, font_size="9", text_anchor="middle"))
        caption = f"{size['lessons']} lessons"
        parts.append(svg_text(x0 + group * 0.4, bottom + 16, caption, font_size="12", text_anchor="middle"))
    parts.append(f'<line x1="{left:.1f}" x2="{left + width:.1f}" y1="{bottom}" y2="{bottom}" stroke="#333"/>')
    return parts


def chart_svg(results: dict) -> str:
    """``results.svg``: one row per shape, wall time and time per output page, grouped by size."""
    parts: list[str] = []
    shapes = [(shape, data["sizes"]) for shape, data in results["shapes"].items() if data["sizes"]]
    for index, (shape, sizes) in enumerate(shapes):
        dy = index * ROW
        parts += panel(sizes, "wall", f"{shape}: wall time (s)", 60, "s", dy)
        parts += panel(sizes, "ms_per_built_page", f"{shape}: time per output page (ms)", 580, "ms", dy)
    base = len(shapes) * ROW
    shown = [v for v in VARIANTS if any(v in size["variants"] for _, sizes in shapes for size in sizes)]
    for number, variant in enumerate(shown):
        x = 60 + number * 165
        parts.append(f'<rect x="{x}" y="{base + 16:.0f}" width="12" height="12" fill="{COLOURS[variant]}"/>')
        parts.append(svg_text(x + 17, base + 26, SHORT[variant], font_size="12"))
    info = results["machine"]
    caption = (
        f"{info['cpu']}, {info['cores']} cores, Python {info['python']}, medians of each size's runs; "
        "pale bars marked ✗ are builds that failed (see results.md)"
    )
    parts.append(svg_text(60, base + 52, caption, font_size="11", fill="#555"))
    body = "\n".join(parts)
    height = int(base + 64)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="1060" height="{height}" viewBox="0 0 1060 {height}" '
        f'font-family="system-ui, sans-serif">\n<rect width="1060" height="{height}" fill="#fff"/>\n'
        f"{body}\n</svg>\n"
    )


# --------------------------------------------------------------------------- main


def bench_size(
    shape: str, size: int, runs: int, work: Path, tools: Tools, variants: list[str], search: str = "search"
) -> dict:
    """Generate one academy of ``shape``, build it every way ``runs`` times, return its results."""
    bench = SizeBench(shape, size, work, tools, search)
    seconds = bench.prepare()
    counts = bench.counts
    tag = f"[{shape} {size}]"
    print(
        f"{tag} generated {counts['courses']} courses, {counts['lessons']} lessons, {counts['pages']} pages, "
        f"{len(counts['pages_per_audience'])} audiences in {seconds:.1f} s",
        flush=True,
    )
    audiences = len(counts["pages_per_audience"])
    measures: dict[str, list[Measure]] = {variant: [] for variant in variants}
    for run in range(runs):
        for variant in variants:
            print(f"{tag} run {run + 1}/{runs} {label(variant, audiences)} ...", end=" ", flush=True)
            measure = getattr(bench, variant)(run)
            measures[variant].append(measure)
            print(describe(measure), flush=True)
    return size_result(bench, measures, seconds)


def audience_scan(lessons: int, audiences: list[int], runs: int, work: Path, tools: Tools, search: str) -> dict:
    """The ``default`` shape's content with each number of ``audiences``: a cold build of each, one plain build."""
    shape = "default"
    benches = [
        SizeBench(shape, lessons, work, tools, search, {**SHAPES[shape], "audiences": n}, name=f"scan-{lessons}-{n}")
        for n in audiences
    ]
    for bench in benches:
        seconds = bench.prepare()
        print(f"[scan {lessons}] generated {bench.options['audiences']} audiences in {seconds:.1f} s", flush=True)
    plain: list[Measure] = []
    cold: list[list[Measure]] = [[] for _ in benches]
    for run in range(runs):
        print(f"[scan {lessons}] run {run + 1}/{runs} plain ({audiences[0]} audiences) ...", end=" ", flush=True)
        plain.append(benches[0].plain(run))
        print(describe(plain[-1]), flush=True)
        for bench, measures in zip(benches, cold, strict=True):
            print(
                f"[scan {lessons}] run {run + 1}/{runs} cold, {bench.options['audiences']} audiences ...",
                end=" ",
                flush=True,
            )
            measures.append(bench.cold(run))
            print(describe(measures[-1]), flush=True)
    scan = {
        "shape": shape,
        "lessons": lessons,
        "runs": runs,
        "plain": measure_json(plain),
        "points": [
            {"audiences": bench.options["audiences"], "counts": bench.counts, "cold": measure_json(measures)}
            for bench, measures in zip(benches, cold, strict=True)
        ],
    }
    scan["cost"] = audience_cost(scan)
    return scan


def write_results(results: dict, out: Path) -> None:
    """results.json (targets judged included), results.md and results.svg into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    results["targets"] = targets_json(results)
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (out / "results.md").write_text(markdown_report(results), encoding="utf-8")
    (out / "results.svg").write_text(chart_svg(results), encoding="utf-8")


def _ints(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, not {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"expected positive numbers, not {text!r}")
    return values


def _sizes(text: str) -> tuple[str | None, list[int]]:
    """``N,N,...`` (every shape) or ``SHAPE=N,N,...`` (that shape only)."""
    shape, equals, numbers = text.rpartition("=")
    if equals and shape not in SHAPES:
        raise argparse.ArgumentTypeError(f"unknown shape {shape!r}; use {', '.join(SHAPES)}")
    return (shape if equals else None), sorted(set(_ints(numbers)))


def _runs(text: str) -> tuple[int, dict[int, int]]:
    """``N`` runs per size, then ``SIZE=N`` exceptions: ``3,8000=1``."""
    default, exceptions = None, {}
    for part in (part.strip() for part in text.split(",") if part.strip()):
        size, equals, count = part.rpartition("=")
        try:
            if equals:
                exceptions[int(size)] = int(count)
            elif default is None:
                default = int(count)
            else:
                raise ValueError
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected N[,SIZE=N...] such as 3,8000=1, not {text!r}") from None
    return (default or 1), exceptions


def _shapes(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    if unknown := [shape for shape in chosen if shape not in SHAPES]:
        raise argparse.ArgumentTypeError(f"unknown shape(s) {', '.join(unknown)}; use {', '.join(SHAPES)}")
    return list(dict.fromkeys(chosen))


def _scan(text: str) -> list[int]:
    """Numbers of audiences for the audience scan, or ``none``."""
    return [] if text.strip().lower() in ("", "none", "no") else sorted(set(_ints(text)))


def _variants(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = set(chosen) - set(VARIANTS)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown variant(s) {', '.join(sorted(unknown))}; use {', '.join(VARIANTS)}")
    return [variant for variant in VARIANTS if variant in chosen]


def sizes_for(shape: str, given: list[tuple[str | None, list[int]]]) -> list[int]:
    """The sizes of ``shape``: its own ``SHAPE=...`` list if given, else the last list for every shape."""
    every: list[int] = []
    own: dict[str, list[int]] = {}
    for name, sizes in given:
        if name is None:
            every = sizes
        else:
            own[name] = sizes
    return own.get(shape, every)


def mode_name(args: argparse.Namespace) -> str:
    """``quick``, ``full`` (the defaults of ``make bench``) or ``custom`` (a plan option given)."""
    plan = (args.sizes, args.runs, args.variants, args.audiences_scan, args.scan_lessons)
    custom = any(option is not None for option in plan) or args.shapes != list(SHAPES)
    return ("quick, custom" if custom else "quick") if args.quick else ("custom" if custom else "full")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m bench.run``."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="CI-sized: every shape at 150 lessons, 1 run, plain,cold,nocache,warm, scan of 4 and 12 audiences "
        "at 150 lessons; results into bench/scratch/quick-results",
    )
    parser.add_argument("--shapes", type=_shapes, default=list(SHAPES), help="comma-separated (default: all)")
    parser.add_argument(
        "--sizes",
        type=_sizes,
        action="append",
        metavar="[SHAPE=]N,N",
        help="lesson counts for every shape, or SHAPE=... for one shape; repeatable "
        "(default: 500,2000 and default=500,2000,8000)",
    )
    parser.add_argument(
        "--runs", type=_runs, metavar="N[,SIZE=N]", help="runs per size (medians reported); default 3,8000=1"
    )
    parser.add_argument("--variants", type=_variants, help=f"subset of {','.join(VARIANTS)} (default: all)")
    parser.add_argument(
        "--audiences-scan",
        type=_scan,
        metavar="N,N|none",
        help="numbers of audiences of the audience scan (default 4,12,24; none to skip)",
    )
    parser.add_argument("--scan-lessons", type=int, metavar="N", help="lessons of the audience scan (default 2000)")
    parser.add_argument("--out", type=Path, help="where results go (default bench/results)")
    parser.add_argument("--work", type=Path, default=Path("bench/scratch"), help="generated trees, sites, logs")
    parser.add_argument("--search", default="academy/search", help="search plugin of the academy config")
    args = parser.parse_args(argv)
    mode = QUICK if args.quick else FULL
    given_sizes = args.sizes or mode["sizes"]
    default_runs, runs_at = args.runs or mode["runs"]
    variants = args.variants or mode["variants"]
    scan = mode["scan"] if args.audiences_scan is None else args.audiences_scan
    scan_lessons = args.scan_lessons or mode["scan_lessons"]
    out = args.out or mode["out"]
    tools = find_tools()
    print(
        f"academy build: --cache-dir {'yes' if tools.cache_dir else 'no (cold and warm are the same build)'}, "
        f"--timings {'yes' if tools.timings else 'no'}, --no-cache {'yes' if tools.no_cache else 'no'}; "
        f"zensical: {tools.zensical or 'not installed'}",
        flush=True,
    )
    work = args.work.resolve()
    shutil.rmtree(work / "logs", ignore_errors=True)
    trash = Trash(work)
    trash.empty()
    results: dict = {
        "machine": machine(),
        "mode": mode_name(args),
        "command": shlex.join(["python", "-m", "bench.run", *(sys.argv[1:] if argv is None else argv)]),
        "search_plugin": args.search,
        "variants": variants,
        "shapes": {},
        "audience_scan": None,
    }
    for shape in args.shapes:
        sizes = sizes_for(shape, given_sizes)
        if not sizes:
            print(f"[{shape}] no sizes given for this shape: skipped", flush=True)
            continue
        results["shapes"][shape] = {"options": SHAPES[shape], "sizes": []}
        for size in sizes:
            runs = runs_at.get(size, default_runs)
            results["shapes"][shape]["sizes"].append(bench_size(shape, size, runs, work, tools, variants, args.search))
            write_results(results, out)
    if scan:
        runs = runs_at.get(scan_lessons, default_runs)
        results["audience_scan"] = audience_scan(scan_lessons, scan, runs, work, tools, args.search)
    write_results(results, out)
    print("Deleting the builds' output ...", flush=True)
    trash.empty()
    print(f"Results: {out / 'results.md'}, {out / 'results.json'}, {out / 'results.svg'}")
    print(summary(results), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
