"""Audience blocks: parsing, resolution per audience, malformed blocks."""

from __future__ import annotations

import pytest

from academy.core.passages import hidden_markdown, parse_blocks, resolve

ALL = frozenset({"customers", "partners", "staff"})

PAGE = """\
Shared intro.

/// audience | staff
Staff escalation: call the on-call lead.
///

/// audience | customers partners
Open a ticket in the portal.
///

/// audience | !customers
Everyone but customers reads this.
///

Shared outro.
"""


@pytest.mark.parametrize(
    ("audience", "present", "absent"),
    [
        ("staff", ["Staff escalation", "Everyone but customers"], ["Open a ticket"]),
        ("customers", ["Open a ticket"], ["Staff escalation", "Everyone but customers"]),
        ("partners", ["Open a ticket", "Everyone but customers"], ["Staff escalation"]),
    ],
)
def test_resolve_keeps_only_the_audiences_passages(audience, present, absent):
    text = resolve(PAGE, audience, ALL)
    assert "Shared intro." in text and "Shared outro." in text
    assert "///" not in text
    for passage in present:
        assert passage in text
    for passage in absent:
        assert passage not in text


@pytest.mark.parametrize("audience", ["staff", "customers", "partners"])
def test_hidden_markdown_holds_exactly_the_passages_resolve_removes(audience):
    hidden = hidden_markdown(PAGE, audience, ALL)
    shown = resolve(PAGE, audience, ALL)
    for passage in ["Staff escalation", "Open a ticket", "Everyone but customers"]:
        assert (passage in hidden) != (passage in shown)
    assert "Shared" not in hidden and "///" not in hidden
    assert hidden_markdown("No block here.\n", audience, ALL) == ""


def test_blocks_inside_code_fences_are_left_alone():
    page = "```\n/// audience | staff\nnot a block\n///\n```\n"
    assert resolve(page, "customers", ALL) == page


def test_other_pymdown_blocks_nest_inside_audience_blocks():
    page = "/// audience | staff\n/// note\ninner\n///\nstill staff\n///\nafter\n"
    assert resolve(page, "customers", ALL) == "after\n"
    assert resolve(page, "staff", ALL) == "/// note\ninner\n///\nstill staff\nafter\n"


def test_nested_audience_blocks_need_both_audiences():
    page = "//// audience | staff partners\nouter\n/// audience | staff\ninner\n///\n////\n"
    assert resolve(page, "partners", ALL) == "outer\n"
    assert resolve(page, "staff", ALL) == "outer\ninner\n"


@pytest.mark.parametrize(
    ("page", "line", "words"),
    [
        ("text\n/// audience | staff\nnever closed\n", 2, "never closed"),
        ("/// audience |\nx\n///\n", 1, "names no audience"),
        ("/// audience | staff !customers\nx\n///\n", 1, "mixes"),
    ],
)
def test_malformed_blocks_are_reported_with_their_line(page, line, words):
    _, problems = parse_blocks(page)
    assert [(p.line, words in p.message) for p in problems] == [(line, True)]
