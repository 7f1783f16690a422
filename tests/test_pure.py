"""Pure functions: taxonomies, ribbons, badges, durations, problems."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from academy.core.model import Badge, RibbonStyle
from academy.core.problems import did_you_mean
from academy.core.taxonomy import parse_taxonomies
from academy.core.view import AudienceView, CourseView
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


def _course(published=None, updated=None, ribbons=()) -> CourseView:
    return CourseView(
        "c", "courses/c/index.md", "C", "", "courses/c/", {}, (), ribbons, (), published, updated, None, ()
    )


def _view(today: dt.date) -> AudienceView:
    ribbons = {
        "new": RibbonStyle("New", "#1b5e20"),
        "updated": RibbonStyle("Updated", "#0d47a1"),
        "beta": RibbonStyle("Beta", "#e65100"),
    }
    return AudienceView(None, {}, ribbons, 30, today, True)  # type: ignore[arg-type]


def test_new_and_updated_ribbons_follow_the_window():
    today = dt.date(2026, 11, 23)
    settings = _view(today)
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


def _portal_with(ids: list[str], featured: tuple[str, ...]):
    from types import SimpleNamespace

    from academy.portal.cards import CollectionEntry
    from academy.portal.site import Portal

    audience = SimpleNamespace(featured=featured)
    entries = [CollectionEntry(SimpleNamespace(id=cid), [], f"collections/{cid}/", None) for cid in ids]
    return Portal(SimpleNamespace(audience=audience), collections=entries)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("featured", "finished", "after"),
    [
        (("a", "b", "c", "d"), "c", ["d", "a", "b"]),  # featured after it first, then from the top
        (("b", "d"), "b", ["d", "a", "c"]),  # then the rest, in the audience's collection order
        ((), "b", ["c", "d", "e"]),  # nothing featured: every collection is, in its order
        (("a",), "e", ["a", "b", "c"]),  # a collection not featured: the featured ones first
    ],
)
def test_after_a_finished_path_come_the_collections_featured_after_it(featured, finished, after):
    portal = _portal_with(["a", "b", "c", "d", "e"], featured)
    entry = portal.collection(finished)
    assert [other.id for other in portal.after(entry)] == after
    assert finished not in [other.id for other in portal.after(entry, limit=10)]
