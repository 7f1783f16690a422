"""The benchmark runner: housekeeping, what each variant runs, its plan per shape, and a tiny real run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench import run
from bench.generate import SHAPES, audience_ids
from bench.run import FULL, QUICK, SHORT, Measure, SizeBench, Tools, Trash, audience_scan, main, sizes_for


def test_trash_moves_folders_aside_and_deletes_them_only_when_emptied(tmp_path):
    trash = Trash(tmp_path)
    for name in ("cache", "site"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "page.html").write_text(name)
    twin = tmp_path / "other" / "site"  # a second folder of the same name must not collide
    twin.mkdir(parents=True)

    for folder in (tmp_path / "cache", tmp_path / "site", twin, tmp_path / "missing"):
        trash.put(folder)

    assert not (tmp_path / "cache").exists() and not (tmp_path / "site").exists() and not twin.exists()
    assert len(list((tmp_path / "trash").iterdir())) == 3
    held = sorted(page.read_text() for page in (tmp_path / "trash").rglob("page.html"))
    assert held == ["cache", "site"]

    trash.empty()
    assert not (tmp_path / "trash").exists()


TOOLS = Tools(mkdocs=Path("mkdocs"), academy=Path("academy"), zensical=None, cache_dir=True, timings=True)


class Recorder:
    """Stands in for ``run.measured``: records each command and its audience, times nothing."""

    def __init__(self, wall=lambda cmd, env: 1.0) -> None:
        self.calls: list[tuple[list[str], dict[str, str]]] = []
        self.wall = wall

    def __call__(self, cmd, env, log):
        self.calls.append((cmd, env))
        return Measure(self.wall(cmd, env), 1.0, 1024)


def test_naive_builds_every_audience_the_generated_academy_has(tmp_path, monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(run, "measured", recorder)
    bench = SizeBench("wide", 12, tmp_path, TOOLS)
    bench.prepare()
    (bench.tree / "audiences" / "branding" / "not-an-audience.yml").write_text("x: 1\n")  # only audiences/*.yml

    total = bench.naive(0)

    built = [env["ACADEMY_AUDIENCE"] for _, env in recorder.calls]
    assert built == sorted(audience_ids(SHAPES["wide"]["audiences"])) == bench.audience_ids()
    assert len(built) == 12 and total.wall == 12.0
    assert all(env["ACADEMY_CACHE"] == "false" for _, env in recorder.calls)
    assert [cmd[-1] for cmd, _ in recorder.calls] == [str(bench.sites / "b" / audience) for audience in built]
    assert "×4" not in SHORT["naive"] and "×4" not in run.label("naive")


def test_cold_and_nocache_build_into_their_own_folders(tmp_path, monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(run, "measured", recorder)
    bench = SizeBench("default", 20, tmp_path, TOOLS)
    bench.prepare()
    bench.cache.mkdir()
    (bench.sites / "nocache").mkdir(parents=True)

    bench.cold(0)
    bench.nocache(0)

    (cold, _), (nocache, _) = recorder.calls
    assert cold[cold.index("--site-dir") + 1] == str(bench.sites / "c") and "--cache-dir" in cold
    assert nocache[nocache.index("--site-dir") + 1] == str(bench.sites / "nocache")
    assert "--no-cache" in nocache and "--cache-dir" not in nocache and "--timings" in nocache
    assert not bench.cache.exists() and not (bench.sites / "nocache").exists()  # both moved to the trash first
    assert bench.tree == tmp_path / "academy-default-20"


def test_audience_scan_reports_seconds_per_extra_audience(tmp_path, monkeypatch):
    def wall(cmd, env):  # a cold build costs 2 s plus 0.25 s per audience; the plain build 10 s
        if "academy" not in cmd[0]:
            return 10.0
        tree = Path(cmd[cmd.index("-f") + 1]).parent
        return 2.0 + 0.25 * len(list((tree / "audiences").glob("*.yml")))

    monkeypatch.setattr(run, "measured", Recorder(wall))
    scan = audience_scan(20, [4, 12], 1, tmp_path, TOOLS, "search")

    assert [point["audiences"] for point in scan["points"]] == [4, 12]
    assert [point["cold"]["wall"] for point in scan["points"]] == [3.0, 5.0]
    assert scan["cost"] == {"seconds_per_audience": 0.25, "plain_wall": 10.0, "ratio": 0.025}
    assert len(list((tmp_path / "academy-scan-20-12" / "audiences").glob("*.yml"))) == 12


def test_plan_sizes_per_shape_runs_per_size_and_the_quick_mode():
    given = [run._sizes("500,2000"), run._sizes("default=500,2000,8000")]
    assert sizes_for("default", given) == [500, 2000, 8000] and sizes_for("many", given) == [500, 2000]
    assert sizes_for("default", FULL["sizes"]) == [500, 2000, 8000] and sizes_for("long", FULL["sizes"]) == [500, 2000]
    assert sizes_for("wide", [run._sizes("default=100")]) == []
    assert run._runs("3,8000=1") == (3, {8000: 1}) == FULL["runs"]
    with pytest.raises(Exception, match="N\\[,SIZE=N"):
        run._runs("3,3,1")
    with pytest.raises(Exception, match="unknown shape"):
        run._sizes("tall=100")
    assert run._scan("none") == [] and run._scan("24,4,12") == [4, 12, 24]
    assert all(sizes_for(shape, QUICK["sizes"]) == [150] for shape in SHAPES)
    assert QUICK["runs"] == (1, {}) and QUICK["variants"] == ["plain", "cold", "nocache", "warm"]
    assert (QUICK["scan"], QUICK["scan_lessons"]) == ([4, 12], 150)
    assert QUICK["out"] == Path("bench/scratch/quick-results")


def test_a_tiny_quick_run_writes_results_per_shape(tmp_path, capsys):
    """A real run: the default shape at 20 lessons, plain and cold builds, the quick mode's plumbing."""
    out = tmp_path / "out"
    argv = ["--quick", "--shapes", "default", "--sizes", "20", "--variants", "plain,cold", "--audiences-scan", "none"]
    assert main([*argv, "--out", str(out), "--work", str(tmp_path / "work")]) == 0

    results = json.loads((out / "results.json").read_text())
    assert results["mode"] == "quick, custom" and results["audience_scan"] is None
    assert list(results["shapes"]) == ["default"]
    (size,) = results["shapes"]["default"]["sizes"]
    assert size["shape"] == "default" and size["lessons"] == 20 and size["runs"] == 1
    assert list(size["variants"]) == ["plain", "cold"]
    assert all(row["ok"] for row in size["variants"].values()), size["variants"]
    assert "Timings (wall clock):" in size["timings"]["cold"]
    verdicts = {target["goal"]: target["verdict"] for target in results["targets"]["default"]}
    assert verdicts["cold ≤ 1.0 × plain, from 500 lessons"] == "not measured"
    assert verdicts["cold (empty cache) ≤ 1.05 × nocache, every size"] == "not measured"  # nocache not run
    assert verdicts["peak memory of cold ≤ 1.5 × plain, every size"] in ("met", "NOT met")

    report = (out / "results.md").read_text()
    summary_at, shape_at = report.index("## Summary"), report.index("## Shape `default`")
    assert summary_at < shape_at < report.index("### `default`, 20 lessons")
    assert "Measured " in report and "commit " in report
    assert (out / "results.svg").read_text().startswith("<svg")
    assert not (tmp_path / "work" / "trash").exists()
    assert "Targets:" in capsys.readouterr().out
