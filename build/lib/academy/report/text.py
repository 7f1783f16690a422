"""The report as the terminal shows it: one table and a few lists per audience."""

from __future__ import annotations

from ..portal.cards import duration_label
from .coverage import Cell, Matrix
from .findings import Entry
from .summary import AudienceReport, Report

LABEL_WIDTH = 28
"""Row labels longer than this are cut, so the table stays readable in a narrow terminal."""


def text_report(report: Report) -> str:
    """The whole report as plain text."""
    parts = [
        f"Coverage report of {report.date.isoformat()}: {report.rows.label} x {report.columns.label}; "
        f"each cell shows courses/lessons/minutes, '-' an empty cell, '!' one below its required count."
    ]
    parts += [_audience(report, audience) for audience in report.audiences]
    failures = report.failures()
    if failures:
        parts.append("Required cells below their count:\n" + "\n".join(f"  {line}" for line in failures))
    return "\n\n".join(parts) + "\n"


def _audience(report: Report, audience: AudienceReport) -> str:
    minutes = duration_label(audience.minutes) or "0 min"
    lines = [
        f"== {audience.id}: {printable(audience.title)}",
        f"{audience.courses} courses, {audience.lessons} lessons, {minutes}",
        "",
        *matrix_table(audience.matrix),
    ]
    if audience.matrix.unplaced:
        lines.append(f"Not in the matrix (no {report.rows.label} or {report.columns.label}): "
                     + ", ".join(audience.matrix.unplaced))  # fmt: skip
    lines.append("")
    lines += _section("Drafts", [_entry(entry) for entry in audience.drafts])
    lines += _section(
        f"Stale (not updated for more than {report.stale_after} days)",
        [
            f"{_entry(item.entry)}: updated {item.last_change.isoformat()}, {item.days} days ago"
            for item in audience.stale
        ],
    )
    lines += _section("Undated (no 'updated' or 'published' date)", [_entry(item.entry) for item in audience.undated])
    lines += _section("Orphans (in no collection or learning path)", [_entry(entry) for entry in audience.orphans])
    lines += _section(
        "Prerequisites after the course in a learning path",
        [
            f"{item.path}: {item.course.course} (#{item.position}) needs {item.prerequisite} "
            f"(#{item.prerequisite_position}); {item.course.source}:{item.line}"
            for item in audience.forward
        ],
    )
    return "\n".join(lines)


def matrix_table(matrix: Matrix) -> list[str]:
    """The matrix as aligned text lines: a header of column labels, one line per row value."""
    columns = [(value, _cut(label)) for value, label in matrix.columns.values]
    rows = [(value, _cut(label)) for value, label in matrix.rows.values]
    cells = {(row, column): _cell(matrix.cell(row, column)) for row, _ in rows for column, _ in columns}
    first = max([len(printable(matrix.rows.label)), *(len(label) for _, label in rows)])
    widths = [max(len(label), *(len(cells[(row, value)]) for row, _ in rows)) for value, label in columns]
    header = [label.rjust(width) for (_, label), width in zip(columns, widths, strict=True)]
    lines = [" ".join([printable(matrix.rows.label).ljust(first), *header])]
    for row, label in rows:
        values = [cells[(row, column)].rjust(width) for (column, _), width in zip(columns, widths, strict=True)]
        lines.append(" ".join([label.ljust(first), *values]).rstrip())
    return lines


def _cell(cell: Cell) -> str:
    text = "-" if cell.empty else f"{len(cell.courses)}/{cell.lessons}/{cell.minutes}"
    return f"!{text}" if cell.short else text


def _cut(label: str) -> str:
    label = printable(label)
    return label if len(label) <= LABEL_WIDTH else label[: LABEL_WIDTH - 1] + "…"


def _entry(entry: Entry) -> str:
    name = f"{entry.course}/{entry.lesson}" if entry.lesson else entry.course
    return f'{name} "{printable(entry.title)}" ({printable(entry.source)})'


def printable(text: str) -> str:
    """``text`` with control characters written as escapes: an author's title cannot drive the terminal."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _section(title: str, items: list[str]) -> list[str]:
    if not items:
        return [f"{title}: none"]
    return [f"{title}: {len(items)}", *(f"  {item}" for item in items)]
