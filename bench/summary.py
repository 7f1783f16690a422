"""The benchmark at a glance: the build engine's targets, checked per academy shape from the figures.

Usage (from the repository root)::

    python -m bench.summary [bench/results/results.json]

prints the Markdown that ``results.md`` opens with (and that the main README quotes): one table
per shape, each target with the figure it was judged on and ``met``, ``NOT met`` or ``not
measured``. A target is never called met without its figures: a size that was not run, a
variant that was left out or failed, gives ``not measured``.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path

LABELS = {
    "plain": "(a) mkdocs build, plain Material (yardstick)",
    "naive": "(b) mkdocs build × N audiences (naive)",
    "cold": "(c) academy build, cold (empty cache)",
    "nocache": "(c′) academy build --no-cache",
    "warm": "(d) academy build, warm (1 lesson edited)",
    "zensical": "(e) zensical build, yardstick config",
}
"""Every variant, in the order of the tables (and of the builds in each run)."""

MET, NOT_MET, NOT_MEASURED = "met", "NOT met", "not measured"

RATIO_TARGETS = (
    # (goal, the variant, against which variant, which figure, the limit, from how many lessons on)
    ("cold ≤ 1.0 × plain", "cold", "plain", "wall", 1.0, 500),
    ("cold ≤ 0.5 × plain", "cold", "plain", "wall", 0.5, 2000),
    ("cold (empty cache) ≤ 1.05 × nocache", "cold", "nocache", "wall", 1.05, 0),
    ("warm one-edit ≤ 0.05 × plain", "warm", "plain", "wall", 0.05, 2000),
    ("peak memory of cold ≤ 1.5 × plain", "cold", "plain", "rss_kib", 1.5, 0),
    ("peak memory of warm ≤ 1.5 × plain", "warm", "plain", "rss_kib", 1.5, 0),
)
"""Targets that compare two variants of the same size, at every measured size from the given one."""

ZENSICAL_TARGET = ("cold ≤ 1.0 × zensical", "cold", "zensical", "wall", 1.0, 500)
"""Checked only where zensical was installed and built (it is optional)."""

AUDIENCE_LIMIT, AUDIENCE_FROM = 0.05, 2000
"""Each extra audience costs at most this share of a plain build, from this many lessons on."""

FLAT = 0.2
"""Cold time per output page stays within ±20 % from the smallest to the largest size."""


@dataclass(frozen=True)
class Target:
    """One target judged at one size (or over sizes): what it asks, where, the figure, the verdict."""

    goal: str
    at: str
    figure: str
    verdict: str


def label(variant: str, audiences: int | None = None) -> str:
    """A variant's name in tables; the naive one says how many audiences it built."""
    text = LABELS[variant]
    return text.replace("× N ", f"× {audiences} ") if audiences else text


def normalised(results: dict) -> dict:
    """Results in the per-shape layout; a file of the older one-corpus layout becomes shape ``default``."""
    if "shapes" in results:
        return results
    return {**results, "shapes": {"default": {"sizes": results.get("sizes", [])}}}


def _row(size: dict, variant: str) -> dict | None:
    row = size["variants"].get(variant)
    return row if row and row.get("available") and row.get("ok") else None


def _missing(size: dict, variant: str) -> str:
    """Why a variant has no figure at a size."""
    row = size["variants"].get(variant)
    if row is None:
        return f"{variant} not run"
    if not row.get("available"):
        return f"{variant} n/a"
    return f"{variant} failed"


def _ratio(value: float) -> str:
    return f"{value:.2f}×" if value >= 0.1 else f"{value:.3f}×"


def _figure(mine: dict, theirs: dict, key: str) -> tuple[float, str]:
    ratio = mine[key] / theirs[key]
    if key == "wall":
        return ratio, f"{_ratio(ratio)} ({mine['wall']:.1f} s / {theirs['wall']:.1f} s)"
    return ratio, f"{_ratio(ratio)} ({mine[key] / 1024:.0f} MB / {theirs[key] / 1024:.0f} MB)"


def _ratio_targets(sizes: list[dict], spec: tuple) -> list[Target]:
    name, variant, yardstick, key, limit, start = spec
    goal = f"{name}, from {start:,} lessons" if start else f"{name}, every size"
    applies = [size for size in sizes if size["lessons"] >= start]
    if not applies:
        return [Target(goal, "—", f"no size of {start:,} lessons or more was run", NOT_MEASURED)]
    found = []
    for size in applies:
        at = f"{size['lessons']:,}"
        mine, theirs = _row(size, variant), _row(size, yardstick)
        if not (mine and theirs and theirs[key]):
            reasons = [_missing(size, v) for v, row in ((variant, mine), (yardstick, theirs)) if not row]
            found.append(Target(goal, at, ", ".join(reasons) or f"{yardstick} is zero", NOT_MEASURED))
            continue
        ratio, figure = _figure(mine, theirs, key)
        found.append(Target(goal, at, figure, MET if ratio <= limit else NOT_MET))
    return found


def _flat_target(sizes: list[dict]) -> Target:
    goal = "cold time per output page flat (±20 %), smallest to largest size"
    measured = [size for size in sizes if _row(size, "cold")]
    if len(measured) < 2:
        return Target(goal, "—", "needs cold builds at two sizes or more", NOT_MEASURED)
    low, high = measured[0], measured[-1]
    first, last = (_row(size, "cold")["ms_per_built_page"] for size in (low, high))
    change = last / first - 1
    figure = f"{first:.1f} → {last:.1f} ms per built page ({change:+.0%}"
    figure += "; faster than linear: fixed costs spread over more pages)" if change < -FLAT else ")"
    at = f"{low['lessons']:,} → {high['lessons']:,}"
    return Target(goal, at, figure, MET if abs(change) <= FLAT else NOT_MET)


def least_squares_slope(points: list[tuple[float, float]]) -> float:
    """The slope of the straight line closest to ``points`` (x, y)."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x in xs)


def audience_cost(scan: dict) -> dict | None:
    """Seconds per extra audience (slope of cold wall time over the number of audiences) and its
    ratio to the plain build, from the audience scan; ``None`` without two good points and a plain build."""
    points = [(p["audiences"], p["cold"]["wall"]) for p in scan.get("points", []) if p["cold"].get("ok")]
    plain = scan.get("plain") or {}
    if len({x for x, _ in points}) < 2 or not plain.get("ok") or not plain.get("wall"):
        return None
    slope = least_squares_slope(points)
    return {"seconds_per_audience": slope, "plain_wall": plain["wall"], "ratio": slope / plain["wall"]}


def _audience_target(scan: dict | None) -> Target:
    goal = f"each extra audience ≤ {AUDIENCE_LIMIT} × plain, at {AUDIENCE_FROM:,} lessons (audience scan)"
    if not scan:
        return Target(goal, "—", "no audience scan was run", NOT_MEASURED)
    cost = audience_cost(scan)
    counts = ", ".join(str(p["audiences"]) for p in scan.get("points", []))
    at = f"{scan['lessons']:,} ({counts} audiences)"
    if cost is None:
        return Target(goal, at, "needs two good cold builds and a plain build", NOT_MEASURED)
    figure = f"{cost['seconds_per_audience']:.2f} s per audience / {cost['plain_wall']:.1f} s = {_ratio(cost['ratio'])}"
    if scan["lessons"] < AUDIENCE_FROM:
        return Target(goal, at, f"only at {scan['lessons']:,} lessons: {figure}", NOT_MEASURED)
    return Target(goal, at, figure, MET if cost["ratio"] <= AUDIENCE_LIMIT else NOT_MET)


def targets(results: dict) -> dict[str, list[Target]]:
    """Every target of every shape measured, judged from the figures; the audience scan's goes with its shape."""
    results = normalised(results)
    found: dict[str, list[Target]] = {}
    for shape, data in results["shapes"].items():
        sizes = sorted(data["sizes"], key=lambda size: size["lessons"])
        rows: list[Target] = []
        for spec in RATIO_TARGETS:
            rows += _ratio_targets(sizes, spec)
        if any(_row(size, "zensical") for size in sizes):
            rows += _ratio_targets(sizes, ZENSICAL_TARGET)
        rows.append(_flat_target(sizes))
        found[shape] = rows
    scan = results.get("audience_scan")
    home = scan["shape"] if scan else "default"
    if scan or home in found:
        found.setdefault(home, []).append(_audience_target(scan))
    return found


def targets_json(results: dict) -> dict[str, list[dict]]:
    """``targets`` as plain data, for results.json."""
    return {shape: [asdict(target) for target in rows] for shape, rows in targets(results).items()}


def describe_shape(options: dict | None) -> str:
    """A shape's generator options in a few words."""
    if not options:
        return ""
    low, high = options["per_course"]
    words = options["words"]
    parts = [
        f"{low}-{high} lessons per course" if low != high else f"{low} lessons per course",
        f"{words[0]}-{words[1]} words",
        f"{options['audiences']} audiences",
        f"features {', '.join(options['features'])}",
        f"{options['links']:g} cross-course links per lesson",
        f"audience blocks in {options['blocks']:.0%} of lessons"
        + (f" ({options['block_audience']} only)" if options.get("block_audience") else ""),
    ]
    return "; ".join(parts)


def summary(results: dict) -> str:
    """Markdown: a count of the verdicts, then one table of targets per shape."""
    results = normalised(results)
    judged = targets(results)
    every = [target.verdict for rows in judged.values() for target in rows]
    lines = [
        f"Targets: {every.count(MET)} met, {every.count(NOT_MET)} NOT met, {every.count(NOT_MEASURED)} not measured.",
        "",
    ]
    for shape, rows in judged.items():
        options = results["shapes"].get(shape, {}).get("options")
        described = describe_shape(options)
        lines += [f"Shape `{shape}`" + (f" ({described})" if described else "") + ":", ""]
        lines += ["| target | lessons | figure | verdict |", "|---|---:|---|---|"]
        for target in rows:
            verdict = f"**{target.verdict}**" if target.verdict == NOT_MET else target.verdict
            lines.append(f"| {target.goal} | {target.at} | {target.figure} | {verdict} |")
        lines.append("")
    return "\n".join(lines)


def _cell(size: dict, variant: str, key: str) -> str:
    row = _row(size, variant)
    if row is None:
        listed = size["variants"].get(variant)
        return "failed" if listed and listed.get("available") else "n/a"
    if key == "wall":
        ratio = row.get("ratio_to_plain")
        return f"{row['wall']:.1f} s" + (f" ({ratio:.2f}×)" if ratio is not None else "")
    return f"{row['rss_kib'] / 1024:.0f} MB"


def overview(sizes: list[dict]) -> str:
    """Markdown: wall time and peak memory of one shape, sizes side by side."""
    sizes = sorted(sizes, key=lambda size: size["lessons"])
    head = "| | " + " | ".join(f"{size['lessons']:,} lessons" for size in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)
    audiences = next((len(size["counts"]["pages_per_audience"]) for size in sizes if "counts" in size), None)
    variants = [variant for variant in LABELS if any(variant in size["variants"] for size in sizes)]
    lines = ["Wall time (× the yardstick (a)):", "", head, rule]
    for variant in variants:
        cells = " | ".join(_cell(size, variant, "wall") for size in sizes)
        lines.append(f"| {label(variant, audiences)} | {cells} |")
    lines += ["", "Peak memory (largest single process):", "", head, rule]
    for variant in variants:
        cells = " | ".join(_cell(size, variant, "rss") for size in sizes)
        lines.append(f"| {label(variant, audiences)} | {cells} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the summary of a results file."""
    parser = argparse.ArgumentParser(prog="python -m bench.summary", description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="?", type=Path, default=Path("bench/results/results.json"))
    args = parser.parse_args(argv)
    print(summary(json.loads(args.results.read_text(encoding="utf-8"))), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
