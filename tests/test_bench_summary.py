"""The benchmark summary: sizes side by side, and the targets judged from the figures."""

from __future__ import annotations

from bench.summary import summary, targets


def _row(wall: float, rss_mb: float, plain_wall: float, pages: int, ok: bool = True) -> dict:
    return {
        "available": True,
        "ok": ok,
        "wall": wall,
        "rss_kib": rss_mb * 1024,
        "ratio_to_plain": wall / plain_wall,
        "ms_per_source_page": wall * 1000 / pages,
    }


def _size(lessons: int, plain: float, cold: float, warm: float, zensical: float, cold_rss: float = 100) -> dict:
    pages = lessons
    return {
        "lessons": lessons,
        "variants": {
            "plain": _row(plain, 100, plain, pages),
            "naive": _row(plain * 3, 100, plain, pages, ok=False),
            "cold": _row(cold, cold_rss, plain, pages),
            "warm": _row(warm, cold_rss, plain, pages),
            "zensical": _row(zensical, 500, plain, pages),
        },
    }


def test_targets_are_judged_from_the_figures():
    results = {
        "sizes": [_size(500, 10, 8, 2, 9), _size(2000, 60, 30, 12, 70, cold_rss=240), _size(8000, 300, 130, 40, 290)]
    }
    judged = {goal: (measured, met) for goal, measured, met in targets(results)}
    assert judged["cold build ≤ 1.0 × yardstick at 2,000 lessons"] == ("0.50×", True)
    assert judged["cold build ≤ 1.0 × Zensical at 2,000 lessons"] == ("0.43×", True)
    assert judged["warm rebuild ≤ 0.1 × yardstick at 2,000 lessons"] == ("0.20×", False)
    assert judged["peak memory of the cold build ≤ 1.5 × yardstick at 2,000 lessons"] == ("2.40×", False)
    assert judged["peak memory of the warm rebuild ≤ 1.5 × yardstick at 2,000 lessons"] == ("2.40×", False)
    growth = next(goal for goal in judged if goal.startswith("cold time per page"))
    assert judged[growth] == ("16.0 → 16.2 ms (+2%)", True)


def test_time_per_page_falling_by_more_than_a_fifth_is_reported_as_such():
    results = {"sizes": [_size(500, 10, 10, 2, 9), _size(8000, 300, 120, 40, 290)]}
    (measured, met) = next((m, ok) for goal, m, ok in targets(results) if goal.startswith("cold time per page"))
    assert measured == "20.0 → 15.0 ms (-25%; faster than linear: fixed costs spread over more pages)" and not met


def test_summary_marks_failed_builds_and_skips_targets_it_cannot_judge():
    text = summary({"sizes": [_size(500, 10, 8, 2, 9)]})
    assert "| (b) mkdocs build × 4 audiences (naive) | failed |" in text
    assert "| (c) academy build, cold cache | 8.0 s (0.80×) |" in text
    assert "2,000 lessons" not in text and "per page" not in text
