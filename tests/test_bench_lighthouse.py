"""scripts/lighthouse's report: Lighthouse's category scores turned into the table, targets judged."""

from __future__ import annotations

import gzip
import urllib.request

from bench.lighthouse import costs, failed, first_lesson, main, report, scores, serve


def _lhr(performance, accessibility, best=1.0, seo=1.0) -> dict:
    """A minimal Lighthouse result: only what the report reads."""
    return {
        "categories": {
            "performance": {"score": performance},
            "accessibility": {"score": accessibility},
            "best-practices": {"score": best},
            "seo": {"score": seo},
        }
    }


def _results(*pages: tuple[str, dict]) -> dict:
    return {
        "date": "2026-12-03 19:40 UTC",
        "lighthouse": "12.8.2",
        "chromium": "Chromium 156.0",
        "audience": "customers",
        "runs": 1,
        "commit": "abc1234",
        "machine": "2 cores, load average 0.1 before and 1.0 after the runs",
        "pages": [
            {"page": name, "path": f"/customers/{name}/", "scores": scores(lhr), "costs": costs(lhr)}
            for name, lhr in pages
        ],
    }


def _row(text: str, page: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| {page} |"))


def test_scores_become_the_table_with_each_target_judged():
    results = _results(
        ("home", _lhr(0.99, 1.0, 0.96, 0.92)),
        ("catalog", _lhr(0.94, 1.0)),  # one point under the performance target
        ("lesson", _lhr(0.95, 0.98)),  # performance exactly on target, accessibility under
    )
    text = report(results)
    assert _row(text, "home") == "| home | `/customers/home/` | 99 | 100 | 96 | 92 | met |"
    assert _row(text, "catalog").endswith("| 94 | 100 | 100 | 100 | NOT met: performance 94 < 95 |")
    assert _row(text, "lesson").endswith("| 95 | 98 | 100 | 100 | NOT met: accessibility 98 < 100 |")
    assert "| performance ≥ 95 on every page | NOT met |" in text
    assert "| accessibility = 100 on every page | NOT met |" in text
    assert "Lighthouse 12.8.2" in text and "Chromium 156.0" in text and "audience `customers`" in text
    assert "2026-12-03 19:40 UTC" in text and "Machine: 2 cores, load average 0.1 before" in text
    assert failed(results)


def test_all_targets_met():
    results = _results(("home", _lhr(0.95, 1.0)), ("catalog", _lhr(1.0, 1.0)), ("lesson", _lhr(0.97, 1.0)))
    text = report(results)
    assert "| performance ≥ 95 on every page | met |" in text
    assert "| accessibility = 100 on every page | met |" in text
    assert "NOT met" not in text
    assert not failed(results)


def test_a_missing_score_is_never_met():
    """Lighthouse gives ``score: null`` when a category errored: shown as n/a, never met."""
    results = _results(("home", _lhr(None, 1.0)))
    text = report(results)
    assert _row(text, "home").endswith("| n/a | 100 | 100 | 100 | NOT met: performance n/a < 95 |")
    assert "| performance ≥ 95 on every page | NOT met |" in text
    assert failed(results)
    assert failed(_results())  # no page measured: nothing is met


def test_the_audits_that_cost_points_are_listed_heaviest_first():
    lhr = _lhr(0.9, 0.95)
    lhr["categories"]["performance"]["auditRefs"] = [
        {"id": "largest-contentful-paint", "weight": 25},
        {"id": "total-blocking-time", "weight": 30},
        {"id": "diagnostics", "weight": 0},
    ]
    lhr["categories"]["accessibility"]["auditRefs"] = [{"id": "color-contrast", "weight": 7}]
    lhr["audits"] = {
        "largest-contentful-paint": {"title": "Largest Contentful Paint", "score": 0.6, "displayValue": "3.1 s"},
        "total-blocking-time": {"title": "Total Blocking Time", "score": 1},
        "diagnostics": {"title": "Diagnostics", "score": 0},
        "color-contrast": {"title": "Contrast", "score": 0},
    }
    assert costs(lhr) == ["performance: Largest Contentful Paint (3.1 s)", "accessibility: Contrast"]
    text = report(_results(("home", lhr)))
    assert "- **home**: performance: Largest Contentful Paint (3.1 s); accessibility: Contrast." in text


def test_the_site_is_served_compressed_as_hosts_serve_it(tmp_path):
    page = tmp_path / "customers" / "index.html"
    page.parent.mkdir()
    page.write_text("<!doctype html><title>Home</title>" + "<p>text</p>" * 200)
    with serve(tmp_path) as base:
        request = urllib.request.Request(base + "customers/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()) == page.read_bytes()
        with urllib.request.urlopen(base + "customers/") as response:  # no gzip asked, none sent
            assert response.headers["Content-Encoding"] is None
            assert response.read() == page.read_bytes()


def test_the_lesson_and_a_missing_site(tmp_path, capsys):
    for path in ("b-course/index.html", "b-course/01-start/index.html", "a-course/index.html"):
        (tmp_path / "customers" / "courses" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "customers" / "courses" / path).write_text("<p>page</p>")
    assert first_lesson(tmp_path / "customers") == "courses/b-course/01-start/"
    assert main(["--lighthouse", "lighthouse", "--site", str(tmp_path), "--audience", "partners"]) == 2
    assert "make build" in capsys.readouterr().err
