"""Pure functions: taxonomies, links, ribbons, badges, durations, problems."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from academy.audit.phrases import PhraseIndex, blocks_of_html, blocks_of_markdown
from academy.core.links import find_links
from academy.core.model import Badge, Course, Doc, RibbonStyle, Settings
from academy.core.passages import Line
from academy.core.problems import did_you_mean
from academy.core.taxonomy import parse_taxonomies
from academy.portal.badges import badge_svg
from academy.portal.cards import duration_label
from academy.portal.ribbons import contrast_ratio, course_ribbons, text_colour


def test_taxonomies_keep_declared_order_and_labels():
    taxonomies = parse_taxonomies({"stage": {"label": "Stage", "values": {"b": "Bee", "a": "Ay"}}})
    stage = taxonomies["stage"]
    assert list(stage.values) == ["b", "a"] and stage.label_of("a") == "Ay" and stage.order("a") == 1
    assert not stage.many


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"title": {"values": ["a"]}}, "reserved"),
        ({"Role": {"values": ["a"]}}, "lowercase"),
        ({"roles": {"values": []}}, "allowed values"),
        ({"roles": {"values": ["a"], "many": "yes"}}, "true or false"),
        ({"roles": {"values": ["a"], "colour": "red"}}, "unknown setting"),
    ],
)
def test_bad_taxonomies_are_rejected_with_a_reason(raw, words):
    with pytest.raises(ValueError, match=words):
        parse_taxonomies(raw)


def test_links_are_found_with_lines_outside_code():
    lines = [
        Line(3, "See [the API](../api/index.md#auth) and ![chart](img/c.png).\n"),
        Line(4, '`[not](a.md)` and <a href="other.md">x</a>\n'),
        Line(5, "```\n"),
        Line(6, "[inside](code.md)\n"),
        Line(7, "```\n"),
        Line(8, "[ref]: ../ref.md\n"),
        Line(9, "[web](https://example.com) [top](#top)\n"),
    ]
    found = [(link.line, link.target) for link in find_links("courses/x/01.md", lines)]
    assert found == [
        (3, "courses/api/index.md"),
        (3, "courses/x/img/c.png"),
        (4, "courses/x/other.md"),
        (8, "courses/ref.md"),
    ]


def _course(**fields) -> Course:
    doc = Doc(src="courses/c/index.md", source="content/courses/c/index.md", kind="course", title="C")
    return Course(id="c", doc=doc, folder="courses/c", **fields)


def _settings(today: dt.date) -> Settings:
    ribbons = {
        "new": RibbonStyle("New", "#1b5e20"),
        "updated": RibbonStyle("Updated", "#0d47a1"),
        "beta": RibbonStyle("Beta", "#e65100"),
    }
    return Settings(
        Path("."), Path("content"), Path("a"), Path("c"), ribbons=ribbons, ribbon_window_days=30, build_date=today
    )


def test_new_and_updated_ribbons_follow_the_window():
    today = dt.date(2026, 11, 23)
    settings = _settings(today)
    assert [r for r, _ in course_ribbons(_course(published=dt.date(2026, 11, 1)), settings)] == ["new"]
    assert [r for r, _ in course_ribbons(_course(updated=dt.date(2026, 11, 1), ribbons=("beta",)), settings)] == [
        "updated",
        "beta",
    ]
    assert course_ribbons(_course(updated=dt.date(2026, 9, 1)), settings) == []


@pytest.mark.parametrize("colour", ["#1b5e20", "#0d47a1", "#b71c1c", "#6a1b9a", "#e65100", "#ffeb3b", "#00bcd4"])
def test_ribbon_text_meets_wcag_aa(colour):
    assert contrast_ratio(colour, text_colour(colour)) >= 4.5


def test_badge_svg_escapes_its_label_and_draws_the_icon():
    svg = badge_svg(Badge(label="R&D <Leads>", icon="rocket", colour="#123456"))
    assert "R&amp;D &lt;Leads&gt;" in svg and "<Leads>" not in svg
    assert svg.startswith("<svg") and re.search(r' d="[Mm][0-9]', svg)


@pytest.mark.parametrize(("minutes", "label"), [(None, ""), (45, "45 min"), (60, "1 h"), (95, "1 h 35 min")])
def test_duration_labels(minutes, label):
    assert duration_label(minutes) == label


def test_did_you_mean_suggests_the_closest_value():
    assert did_you_mean("custmers", ["customers", "partners"]) == "did you mean 'customers'?"
    assert did_you_mean("zzz", ["a", "b"]) == "allowed: a, b"


def test_phrase_index_finds_fingerprints_across_markup():
    index = PhraseIndex()
    index.add_blocks(
        blocks_of_markdown("Escalate **P1 duplicate payments** to the [payments pod](x.md) now"), "secret.md"
    )
    html = "<p>Escalate <strong>P1 duplicate payments</strong> to the <a href='y'>payments pod</a> now</p>"
    assert {owner for _, owner in index.find(blocks_of_html(html))} == {"secret.md"}
    assert list(index.find(blocks_of_html("<p>Escalate P1 tickets to support</p>"))) == []


def test_fingerprints_never_cross_block_edges():
    index = PhraseIndex()
    index.add_blocks(blocks_of_markdown("## Handle exceptions\n\nKeep an eye on the queue every day."), "a.md")
    # The heading and the paragraph sit side by side in the output only by accident of layout.
    assert list(index.find(blocks_of_html("<h2>Handle exceptions</h2><p>Keep an eye on it</p>"))) == []
    assert blocks_of_markdown("| a b c | d e f |\n") == [["a", "b", "c"], ["d", "e", "f"]]


def test_phrase_index_finds_phrases_added_after_a_search():
    index = PhraseIndex()
    index.add(("quarterly", "partner", "roadmap"), "a.md")
    assert [owner for _, owner in index.find([["the", "quarterly", "partner", "roadmap"]])] == ["a.md"]
    index.add_blocks([["internal", "pricing", "sheet"]], "b.md")
    found = index.find([["an", "internal", "pricing", "sheet"], ["quarterly", "partner", "roadmap"]])
    assert sorted(owner for _, owner in found) == ["a.md", "b.md"]
    index.discard(("quarterly", "partner", "roadmap"))
    assert ("quarterly", "partner", "roadmap") not in index and len(index) == 1
