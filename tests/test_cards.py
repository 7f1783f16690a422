"""Course cards' generated icons and the catalog's tags facet, as pure functions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.portal.cards import ICON_TONES, Card, icon_tone, initials, tags_facet

TAG = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)


def card(course_id: str, tags: list[str]) -> Card:
    return Card(
        id=course_id, title=course_id, description="", url=f"courses/{course_id}/", terms={}, labels={},
        duration=None, ribbons=[], lessons=[], prerequisites=[], tags=tags, updated="",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("title", "icon"),
    [
        ("Approval workflows", "AW"),
        ("Connect your ERP", "CY"),
        ("SSO", "S"),
        ("  month-end   close ", "MC"),
        ("1099 reporting", "1R"),
        ("— A dash first", "AD"),
        ("Écritures comptables", "ÉC"),
        ("", ""),
    ],
)
def test_a_card_icon_shows_the_initials_of_the_first_two_words(title, icon):
    assert initials(title) == icon


@given(st.text(max_size=30))
def test_an_icon_colour_is_one_of_the_tones_and_the_same_every_time(key):
    assert 0 <= icon_tone(key) < ICON_TONES
    assert icon_tone(key) == icon_tone(str(key))


def test_no_tags_no_facet():
    assert tags_facet([card("a", []), card("b", [])]) is None


@given(st.lists(st.lists(TAG, max_size=5), min_size=1, max_size=8))
def test_the_tags_facet_counts_each_course_once_per_tag_most_used_first(tag_lists):
    cards = [card(f"c{index}", tags) for index, tags in enumerate(tag_lists)]
    facet = tags_facet(cards)
    every = {tag for tags in tag_lists for tag in tags}
    if not every:
        assert facet is None
        return
    assert facet is not None and facet.id == "tags" and facet.label == "Tags"
    counts = {value["id"]: value["count"] for value in facet.values}
    assert counts == {tag: sum(tag in tags for tags in tag_lists) for tag in every}
    order = [value["id"] for value in facet.values]
    assert order == sorted(every, key=lambda tag: (-counts[tag], tag))
    assert all(value["label"] == value["id"] for value in facet.values)
