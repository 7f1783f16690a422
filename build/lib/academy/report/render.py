"""The report as files: an HTML page and one SVG heatmap per audience, from autoescaped templates.

The geometry and colours of a heatmap are worked out here; the templates only place them.
Every text that reaches a template (titles, labels, sources) is escaped where it lands.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..portal.cards import duration_label
from ..portal.ribbons import text_colour
from .coverage import Matrix
from .summary import AudienceReport, Report

TEMPLATES = Path(__file__).parent / "templates"
CELL_WIDTH, CELL_HEIGHT, HEADER, MARGIN, CHAR = 136, 52, 40, 16, 7.2
"""Heatmap geometry in pixels; ``CHAR`` is the width of one character of a label, roughly."""
LOW, HIGH, EMPTY = "#e3f2fd", "#0d47a1", "#fafafa"
"""The fill of a cell with one course, with the most courses, and with none."""


@dataclass(frozen=True)
class HeatCell:
    """One cell of a heatmap, placed and coloured."""

    x: float
    y: float
    fill: str
    ink: str
    courses: int
    lessons: int
    minutes: int
    short: bool
    tooltip: str


@dataclass(frozen=True)
class Heatmap:
    """A matrix laid out as an SVG picture."""

    id: str
    title: str
    width: float
    height: float
    label_width: float
    cell_width: int
    cell_height: int
    columns: list[tuple[float, str, str]]
    """``(x of the centre, shown label, full label)``."""
    rows: list[tuple[float, str, str]]
    """``(y of the centre, shown label, full label)``."""
    cells: list[HeatCell]
    legend_y: float
    scale: list[tuple[float, str, str, str]]
    """The legend's swatches: ``(x, fill, outline, caption)``."""


def heatmap(audience: AudienceReport, most: int) -> Heatmap:
    """The heatmap of ``audience``'s matrix, coloured on a scale of 1 to ``most`` courses."""
    matrix = audience.matrix
    longest = max((len(label) for _, label in matrix.rows.values), default=4)
    label_width = min(max(longest * CHAR + 24, 96), 240)
    left, top = MARGIN + label_width, MARGIN + 28 + HEADER
    rows = [
        (top + index * CELL_HEIGHT + CELL_HEIGHT / 2, _cut(label, int((label_width - 16) / CHAR)), label)
        for index, (_, label) in enumerate(matrix.rows.values)
    ]
    columns = [
        (left + index * CELL_WIDTH + CELL_WIDTH / 2, _cut(label, int((CELL_WIDTH - 12) / CHAR)), label)
        for index, (_, label) in enumerate(matrix.columns.values)
    ]
    cells = [
        _cell(matrix, audience, row, column, left + j * CELL_WIDTH, top + i * CELL_HEIGHT, most)
        for i, (row, _) in enumerate(matrix.rows.values)
        for j, (column, _) in enumerate(matrix.columns.values)
    ]
    bottom = top + len(rows) * CELL_HEIGHT
    short = any(cell.short for cell in cells)
    scale = [(MARGIN + k * 96, *swatch) for k, swatch in enumerate(_legend(most, short))]
    return Heatmap(
        id=f"heatmap-{audience.id}",
        title=f"{audience.title}: courses per {matrix.rows.label} and {matrix.columns.label}",
        width=max(left + len(columns) * CELL_WIDTH + MARGIN, MARGIN * 2 + len(scale) * 96),
        height=bottom + 56,
        label_width=label_width,
        cell_width=CELL_WIDTH,
        cell_height=CELL_HEIGHT,
        columns=columns,
        rows=rows,
        cells=cells,
        legend_y=bottom + 20,
        scale=scale,
    )


def _cell(matrix: Matrix, audience: AudienceReport, row: str, column: str, x: float, y: float, most: int):
    cell = matrix.cell(row, column)
    count = len(cell.courses)
    fill = EMPTY if not count else _mix(LOW, HIGH, (count - 1) / max(most - 1, 1))
    names = ", ".join(audience.titles.get(course, course) for course in cell.courses)
    where = f"{dict(matrix.rows.values)[row]} x {dict(matrix.columns.values)[column]}"
    tooltip = f"{where}: {count} course(s), {cell.lessons} lesson(s), {cell.minutes} min"
    if names:
        tooltip += f": {names}"
    if cell.short:
        tooltip += f" (at least {cell.required} required)"
    return HeatCell(x, y, fill, text_colour(fill), count, cell.lessons, cell.minutes, cell.short, tooltip)


def _legend(most: int, short: bool) -> list[tuple[str, str, str]]:
    """Swatches ``(fill, outline, caption)``: empty, a few steps of the scale, and a short cell if any."""
    swatches = [(EMPTY, "dashed", "no course")]
    steps = sorted({1, (most + 1) // 2, most}) if most else []
    swatches += [(_mix(LOW, HIGH, (step - 1) / max(most - 1, 1)), "", f"{step} course(s)") for step in steps]
    if short:
        swatches.append((EMPTY, "required", "below required"))
    return swatches


def _mix(low: str, high: str, share: float) -> str:
    """The colour ``share`` (0 to 1) of the way from ``low`` to ``high``."""
    channels = [
        round(int(low[i : i + 2], 16) + (int(high[i : i + 2], 16) - int(low[i : i + 2], 16)) * share) for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def _cut(label: str, room: int) -> str:
    return label if len(label) <= room else label[: max(room - 1, 1)] + "…"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def report_files(report: Report, site_name: str) -> dict[str, str]:
    """Every file of the report's folder by name: ``index.html``, ``report.json`` and one
    ``heatmap-<audience>.svg`` per audience."""
    environment = _environment()
    most = max((audience.matrix.most for audience in report.audiences), default=0)
    maps = {audience.id: heatmap(audience, most) for audience in report.audiences}
    svg = environment.get_template("heatmap.svg")
    files = {f"{item.id}.svg": svg.render(heatmap=item) for item in maps.values()}
    files["index.html"] = environment.get_template("report.html").render(
        report=report,
        site_name=site_name,
        heatmaps=maps,
        failures=report.failures(),
        duration=duration_label,
    )
    files["report.json"] = json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    return files
