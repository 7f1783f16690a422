"""The whole report: per audience, its matrix and findings; the cells below their threshold; JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core.model import Academy
from ..core.problems import Problem, did_you_mean
from ..core.view import build_view
from .config import ReportSettings, report_line
from .coverage import Axis, Cell, Matrix, coverage, labels, short_cells
from .findings import Entry, ForwardPrerequisite, Stale, drafts, forward_prerequisites, orphans, stale


@dataclass
class AudienceReport:
    """What one audience has, and what in it needs attention."""

    id: str
    title: str
    matrix: Matrix
    courses: int
    lessons: int
    minutes: int
    drafts: list[Entry]
    stale: list[Stale]
    undated: list[Stale]
    orphans: list[Entry]
    forward: list[ForwardPrerequisite]
    titles: dict[str, str]
    """The title of each of the audience's courses, as the audience reads it."""


@dataclass
class Report:
    """The report over the chosen audiences."""

    date: dt.date
    """The build date the stale window is measured from."""
    stale_after: int
    rows: Axis
    columns: Axis
    audiences: list[AudienceReport]

    def failures(self) -> list[str]:
        """One sentence per required cell that holds too few courses, naming the audience and cell."""
        return [self.describe(audience, cell) for audience in self.audiences for cell in short_cells(audience.matrix)]

    def describe(self, audience: AudienceReport, cell: Cell) -> str:
        """The sentence ``failures`` gives for ``cell``."""
        row, column = labels(self.rows)[cell.row], labels(self.columns)[cell.column]
        return (
            f"{audience.id}: {row} x {column} ({self.rows.taxonomy}: {cell.row}, {self.columns.taxonomy}: "
            f"{cell.column}) has {len(cell.courses)} course(s); report.required rule {cell.rule + 1} "
            f"asks for at least {cell.required}"
        )

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``academy report --format json``)."""
        return {
            "date": self.date.isoformat(),
            "stale_after": self.stale_after,
            "rows": _axis(self.rows),
            "columns": _axis(self.columns),
            "audiences": [_audience(audience) for audience in self.audiences],
            "failures": self.failures(),
        }


def settings_problems(settings: ReportSettings, academy: Academy, config_file: Path) -> list[Problem]:
    """What stops the report from being made with ``settings`` for ``academy``, with lines of ``mkdocs.yml``."""
    name = config_file.name
    if settings.rows is None or settings.columns is None:
        return [
            Problem(
                name,
                report_line(config_file, ()),
                "the report needs two taxonomies for its rows and columns: declare them under 'taxonomies' "
                "and name them in 'report: {rows: …, columns: …}'",
            )
        ]
    problems = []
    for rule in settings.required:
        for audience in rule.audiences:
            if audience not in academy.audiences:
                problems.append(
                    Problem(
                        name,
                        report_line(config_file, ("required", rule.index, "audiences")),
                        f"report.required rule {rule.index + 1} names unknown audience '{audience}'; "
                        f"{did_you_mean(audience, academy.audiences)}",
                    )
                )
    return problems


def build_report(academy: Academy, audiences: list[str], settings: ReportSettings) -> Report:
    """The report of ``audiences`` (ids of ``academy``) under ``settings`` (with both axes named)."""
    taxonomies = academy.settings.taxonomies
    rows, columns = taxonomies[settings.rows], taxonomies[settings.columns]
    parts = []
    for audience_id in audiences:
        view = build_view(academy, audience_id)
        old, undated = stale(view, settings.stale_after)
        parts.append(
            AudienceReport(
                id=audience_id,
                title=view.audience.title,
                matrix=coverage(view, rows, columns, settings.required),
                courses=len(view.courses),
                lessons=sum(len(course.lessons) for course in view.courses),
                minutes=sum(course.minutes or 0 for course in view.courses),
                drafts=drafts(academy, audience_id),
                stale=old,
                undated=undated,
                orphans=orphans(view),
                forward=forward_prerequisites(academy, view),
                titles={course.id: course.title for course in view.courses},
            )
        )
    date = academy.settings.build_date or dt.date.today()
    return Report(date, settings.stale_after, Axis.of(rows), Axis.of(columns), parts)


def _axis(axis: Axis) -> dict[str, Any]:
    return {
        "taxonomy": axis.taxonomy,
        "label": axis.label,
        "values": [{"id": value, "label": label} for value, label in axis.values],
    }


def _audience(audience: AudienceReport) -> dict[str, Any]:
    return {
        "id": audience.id,
        "title": audience.title,
        "totals": {"courses": audience.courses, "lessons": audience.lessons, "minutes": audience.minutes},
        "matrix": [
            {
                "row": cell.row,
                "column": cell.column,
                "courses": list(cell.courses),
                "lessons": cell.lessons,
                "minutes": cell.minutes,
                "empty": cell.empty,
                "required": cell.required,
                "short": cell.short,
            }
            for cell in audience.matrix.cells.values()
        ],
        "unplaced": audience.matrix.unplaced,
        "drafts": [asdict(entry) for entry in audience.drafts],
        "stale": [_stale(item) for item in audience.stale],
        "undated": [asdict(item.entry) for item in audience.undated],
        "orphans": [asdict(entry) for entry in audience.orphans],
        "forward_prerequisites": [
            {
                "path": item.path,
                "course": item.course.course,
                "position": item.position,
                "prerequisite": item.prerequisite,
                "prerequisite_position": item.prerequisite_position,
                "source": item.course.source,
                "line": item.line,
            }
            for item in audience.forward
        ],
    }


def _stale(item: Stale) -> dict[str, Any]:
    return {**asdict(item.entry), "updated": item.last_change.isoformat(), "days": item.days}
