"""Readable colours, whole badge labels and named checkboxes: the pure functions behind them."""

from __future__ import annotations

import colorsys
import re

import markdown
import pytest

from academy.core.model import Badge
from academy.portal.badges import badge_svg, label_layout
from academy.portal.palette import (
    AA,
    ACCENT,
    PAGE,
    PRIMARY,
    contrast,
    header_surface,
    luminance,
    page_surface,
    palette_css,
    primary_advice,
)
from academy.portal.tasklist import TaskListNamesExtension


def rgb(colour: str) -> tuple[float, ...]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def css_values(css: str, selector: str) -> dict[str, str]:
    body = re.search(re.escape(selector) + r"\{([^}]*)\}", css).group(1)
    return dict(item.split(":", 1) for item in body.split(";"))


@pytest.mark.parametrize("scheme", PAGE)
@pytest.mark.parametrize("name", PRIMARY)
def test_every_named_primary_reads_in_the_header_and_on_the_page(name, scheme):
    css = palette_css()
    at = f"[data-md-color-scheme={scheme}][data-md-color-primary={name}]"
    header, page = css_values(css, at), css_values(css, at + " .md-main")
    assert contrast(header["--md-primary-bg-color"], header["--md-primary-fg-color"]) >= AA
    assert contrast(page["--md-primary-fg-color"], PAGE[scheme]) >= AA  # buttons and links as text
    assert contrast(page["--md-typeset-a-color"], PAGE[scheme]) >= AA
    assert contrast(page["--md-primary-bg-color"], page["--md-primary-fg-color"]) >= AA  # primary buttons
    assert contrast(page["--md-primary-bg-color"], page["--md-primary-fg-color--dark"]) >= AA  # the hero


@pytest.mark.parametrize("scheme", PAGE)
@pytest.mark.parametrize("name", ACCENT)
def test_every_named_accent_reads_on_the_page(name, scheme):
    values = css_values(palette_css(), f"[data-md-color-scheme={scheme}][data-md-color-accent={name}] .md-main")
    assert contrast(values["--md-accent-fg-color"], PAGE[scheme]) >= AA
    assert contrast(values["--md-accent-bg-color"], values["--md-accent-fg-color"]) >= AA


def test_a_colour_that_reads_is_kept_and_one_that_does_not_keeps_its_hue():
    assert header_surface("#4051b5", "#ffffff").colour == "#4051b5"
    darker = header_surface("#ff6e42", "#ffffff").colour
    assert luminance(darker) < luminance("#ff6e42")
    assert abs(colorsys.rgb_to_hls(*rgb(darker))[0] - colorsys.rgb_to_hls(*rgb("#ff6e42"))[0]) < 0.01
    assert page_surface("#4051b5", "default").colour == "#4051b5"


def test_only_failing_primaries_get_advice():
    assert primary_advice("indigo") is None
    advice = primary_advice("deep-orange")
    assert advice is not None and any("2.78:1" in failure for failure in advice.failures)


def test_a_long_badge_label_wraps_whole_onto_three_lines():
    layout = label_layout("Certified Implementation Partner")
    assert layout.lines == ("Certified", "Implementation", "Partner") and not layout.shortened
    svg = badge_svg(Badge(label="Certified Implementation Partner", icon="handshake", colour="#00695c"))
    assert [text for text in re.findall(r">([^<>]+)</text>", svg)] == ["Certified", "Implementation", "Partner"]


def test_a_label_too_long_for_any_lettering_is_marked_shortened():
    layout = label_layout("Distinguished contributor to the accounts payable automation programme of the year")
    assert layout.shortened and len(layout.lines) == 3 and layout.lines[-1].endswith("…")


def test_task_list_checkboxes_are_named_by_their_items():
    md = markdown.Markdown(
        extensions=["pymdownx.tasklist", TaskListNamesExtension()],
        extension_configs={"pymdownx.tasklist": {"custom_checkbox": True}},
    )
    html = md.convert(
        '- [ ] Review **the** `design` & "sign"\n- [x] Done\n    - [ ] nested\n\n1. [ ] loose\n\n2. [x] two'
    )
    assert re.findall(r'aria-label="([^"]*)"', html) == [
        "Review the design &amp; &quot;sign&quot;",
        "Done",
        "nested",
        "loose",
        "two",
    ]
