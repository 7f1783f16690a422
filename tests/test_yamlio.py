"""YAML with line numbers, front matter splitting."""

from __future__ import annotations

import pytest

from academy.core.yamlio import YamlProblem, parse_yaml, split_front_matter


def test_mappings_and_lists_remember_their_lines():
    data = parse_yaml("title: A\ncourses:\n  - one\n  - two\nbadge:\n  label: B\n")
    assert data.lines == {"title": 1, "courses": 2, "badge": 5}
    assert data["courses"].lines == [3, 4]
    assert data["badge"].lines == {"label": 6}


def test_lines_can_start_after_front_matter_opening():
    data = parse_yaml("title: A\nroles: [x]\n", first_line=2)
    assert data.lines == {"title": 2, "roles": 3}


def test_invalid_yaml_reports_the_line():
    with pytest.raises(YamlProblem) as error:
        parse_yaml("title: A\nroles: [admin\nstage: x\n")
    assert error.value.line in (3, 4)


def test_duplicate_keys_are_an_error():
    with pytest.raises(YamlProblem) as error:
        parse_yaml("title: A\ntitle: B\n")
    assert error.value.line == 2 and "twice" in error.value.message


def test_front_matter_is_split_from_the_body():
    front, body, line = split_front_matter("---\ntitle: A\n---\n# Body\n")
    assert (front, body, line) == ("title: A\n", "# Body\n", 4)
    assert split_front_matter("# No front matter\n") == (None, "# No front matter\n", 1)
