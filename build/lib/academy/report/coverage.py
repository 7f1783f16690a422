"""The coverage matrix of one audience: its courses counted per row value x column value.

A course counts in every cell of its values (a course for admins and approvers counts in both
rows); its lessons and minutes are the ones the audience sees. Every declared value gets a
row or column, so a value no course of the audience has shows as an empty line, not a missing one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..core.taxonomy import Taxonomy
from ..core.view import AudienceView
from .config import Requirement


@dataclass(frozen=True)
class Axis:
    """One side of the matrix: a taxonomy and its declared values, in order."""

    taxonomy: str
    label: str
    values: tuple[tuple[str, str], ...]
    """``(value, label)`` pairs."""

    @classmethod
    def of(cls, taxonomy: Taxonomy) -> Axis:
        """The axis of every declared value of ``taxonomy``."""
        return cls(taxonomy.id, taxonomy.label, tuple(taxonomy.values.items()))


@dataclass
class Cell:
    """What the audience has for one row value and one column value."""

    row: str
    column: str
    courses: list[str] = field(default_factory=list)
    """Ids of the courses in the cell, in catalog order."""
    lessons: int = 0
    minutes: int = 0
    required: int = 0
    """The fewest courses ``report.required`` asks for here (0: none asked)."""
    rule: int | None = None
    """The index of the rule that asks for ``required``."""

    @property
    def empty(self) -> bool:
        return not self.courses

    @property
    def short(self) -> bool:
        """Whether the cell holds fewer courses than required."""
        return len(self.courses) < self.required


@dataclass
class Matrix:
    """The coverage of one audience."""

    rows: Axis
    columns: Axis
    cells: dict[tuple[str, str], Cell]
    unplaced: list[str] = field(default_factory=list)
    """Courses with no value on one of the axes, which no cell counts."""

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[(row, column)]

    @property
    def most(self) -> int:
        """The most courses in one cell."""
        return max((len(cell.courses) for cell in self.cells.values()), default=0)


def coverage(view: AudienceView, rows: Taxonomy, columns: Taxonomy, requirements: Iterable[Requirement] = ()) -> Matrix:
    """Count the audience's courses, lessons and minutes in each cell of ``rows`` x ``columns``."""
    row_axis, column_axis = Axis.of(rows), Axis.of(columns)
    matrix = Matrix(
        row_axis,
        column_axis,
        {(row, column): Cell(row, column) for row, _ in row_axis.values for column, _ in column_axis.values},
    )
    for course in view.courses:
        placed = False
        for row in course.terms.get(rows.id, ()):
            for column in course.terms.get(columns.id, ()):
                cell = matrix.cells.get((row, column))
                if cell is None:
                    continue
                placed = True
                cell.courses.append(course.id)
                cell.lessons += len(course.lessons)
                cell.minutes += course.minutes or 0
        if not placed:
            matrix.unplaced.append(course.id)
    _require(matrix, view.audience.id, requirements)
    return matrix


def _require(matrix: Matrix, audience: str, requirements: Iterable[Requirement]) -> None:
    """Set each cell's required count: the strictest rule that names it for ``audience``."""
    for rule in requirements:
        if not rule.applies_to(audience):
            continue
        rows = rule.rows or tuple(value for value, _ in matrix.rows.values)
        columns = rule.columns or tuple(value for value, _ in matrix.columns.values)
        for row in rows:
            for column in columns:
                cell = matrix.cells[(row, column)]
                if rule.courses > cell.required:
                    cell.required, cell.rule = rule.courses, rule.index


def short_cells(matrix: Matrix) -> list[Cell]:
    """The cells holding fewer courses than ``report.required`` asks, in matrix order."""
    return [cell for cell in matrix.cells.values() if cell.short]


def labels(axis: Axis) -> Mapping[str, str]:
    """The label of each value of ``axis``."""
    return dict(axis.values)
