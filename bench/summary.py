"""The benchmark at a glance: every size side by side, and the build engine's targets checked.

Usage (from the repository root)::

    python -m bench.summary [bench/results/results.json]

prints the Markdown that ``results.md`` opens with (and that the main README quotes).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

LABELS = {
    "plain": "(a) mkdocs build, plain Material (yardstick)",
    "naive": "(b) mkdocs build × 4 audiences (naive)",
    "cold": "(c) academy build, cold cache",
    "warm": "(d) academy build, warm (1 lesson edited)",
    "zensical": "(e) zensical build, yardstick config",
}
TARGET_SIZE = 2000
"""The size the targets are set for."""


def _row(size: dict, variant: str) -> dict | None:
    row = size["variants"].get(variant)
    return row if row and row.get("available") and row.get("ok") else None


def _cell(size: dict, variant: str, key: str) -> str:
    row = _row(size, variant)
    if row is None:
        listed = size["variants"].get(variant)
        return "failed" if listed and listed.get("available") else "n/a"
    if key == "wall":
        return f"{row['wall']:.1f} s ({row['ratio_to_plain']:.2f}×)"
    return f"{row['rss_kib'] / 1024:.0f} MB"


RATIO_TARGETS = (
    # (what is measured, against what, of which figure, the limit)
    ("cold build", "yardstick", "cold", "plain", "wall", 1.0),
    ("cold build", "Zensical", "cold", "zensical", "wall", 1.0),
    ("warm rebuild", "yardstick", "warm", "plain", "wall", 0.1),
    ("peak memory of the cold build", "yardstick", "cold", "plain", "rss_kib", 1.5),
    ("peak memory of the warm rebuild", "yardstick", "warm", "plain", "rss_kib", 1.5),
)
"""The targets at ``TARGET_SIZE`` lessons, each a ratio of two variants' figures."""


def targets(results: dict) -> list[tuple[str, str, bool]]:
    """Each target of the build engine that the results can check: what it asks, what was measured, whether met."""
    sizes = {size["lessons"]: size for size in results["sizes"]}
    found: list[tuple[str, str, bool]] = []
    at = sizes.get(TARGET_SIZE)
    for what, against, variant, yardstick, figure, limit in RATIO_TARGETS if at else ():
        mine, theirs = _row(at, variant), _row(at, yardstick)
        if mine and theirs:
            ratio = mine[figure] / theirs[figure]
            goal = f"{what} ≤ {limit} × {against} at {TARGET_SIZE:,} lessons"
            found.append((goal, f"{ratio:.2f}×", ratio <= limit))
    ends = [sizes[n] for n in (min(sizes), max(sizes))] if len(sizes) > 1 else []
    per_page = [_row(size, "cold") for size in ends]
    if ends and all(per_page):
        low, high = (row["ms_per_source_page"] for row in per_page)
        change = high / low - 1
        found.append(
            (
                f"cold time per page within 20 % from {ends[0]['lessons']:,} to {ends[1]['lessons']:,} lessons",
                f"{low:.1f} → {high:.1f} ms ({change:+.0%}"
                + ("; faster than linear: fixed costs spread over more pages)" if change < -0.2 else ")"),
                abs(change) <= 0.2,
            )
        )
    return found


def summary(results: dict) -> str:
    """Markdown: one table of wall times and one of peak memory, sizes side by side, then the targets."""
    sizes = sorted(results["sizes"], key=lambda size: size["lessons"])
    head = "| | " + " | ".join(f"{size['lessons']:,} lessons" for size in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)
    lines = ["Wall time (× the yardstick (a)):", "", head, rule]
    for variant in LABELS:
        if any(variant in size["variants"] for size in sizes):
            lines.append(f"| {LABELS[variant]} | " + " | ".join(_cell(size, variant, "wall") for size in sizes) + " |")
    lines += ["", "Peak memory (largest single process):", "", head, rule]
    for variant in LABELS:
        if any(variant in size["variants"] for size in sizes):
            lines.append(f"| {LABELS[variant]} | " + " | ".join(_cell(size, variant, "rss") for size in sizes) + " |")
    lines += ["", "Targets:", ""]
    for goal, measured, met in targets(results):
        verdict = "met" if met else "not met"
        lines.append(f"- {goal}: {measured}, **{verdict}**")
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
