"""``academy report``: the coverage report in the terminal, as JSON, or as an HTML folder."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from ..core.model import Academy
from ..core.problems import Problem
from ..report.config import ReportSettings, report_line
from ..report.coverage import short_cells
from ..report.render import report_files
from ..report.summary import Report, build_report
from ..report.text import text_report
from .report_folder import report_folder_problem, write_report_folder
from .sites import SiteFolderError, source_folders


def add_report_parser(commands, common: argparse.ArgumentParser) -> None:
    """Add ``report`` and its options to the ``academy`` command's subcommands."""
    report = commands.add_parser(
        "report",
        parents=[common],
        help="coverage of role x stage per audience; drafts, stale content, orphans",
    )
    report.add_argument(
        "-a", "--audience", action="append", default=[], metavar="ID", help="report on this audience (repeatable)"
    )
    report.add_argument(
        "--format",
        choices=("text", "json", "html"),
        help="text in the terminal (default), JSON on stdout, or an HTML page written to --out",
    )
    report.add_argument(
        "-o", "--out", metavar="DIR", help="folder of the HTML report (default: report/ beside mkdocs.yml)"
    )
    report.add_argument(
        "--stale-after", type=int, metavar="DAYS", help="days without an update before a course is stale"
    )
    report.add_argument(
        "--strict", action="store_true", help="exit 1 when a cell required by 'report.required' has too few courses"
    )


def run_report(
    args: argparse.Namespace, academy: Academy, config, settings: ReportSettings, audiences: list[str]
) -> int:
    """Make and show (or write) the report; the exit code is 1 when ``--strict`` finds a short cell.

    Raises:
        SiteFolderError: when the HTML report may not be written where asked.
    """
    config_file = Path(args.config_file)
    if args.stale_after is not None:
        settings = dataclasses.replace(settings, stale_after=args.stale_after)
    report = build_report(academy, audiences, settings)
    shape = args.format or ("html" if args.out else "text")
    if shape == "json":
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    elif shape == "html":
        out = Path(args.out) if args.out else academy.settings.root / "report"
        _write_html(report, out, academy, config, config_file)
    else:
        print(text_report(report), end="")
    if args.strict:
        problems = strict_problems(report, settings, config_file)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"{len(problems)} required cell(s) below their count.", file=sys.stderr)
            return 1
    return 0


def strict_problems(report: Report, settings: ReportSettings, config_file: Path) -> list[Problem]:
    """One problem per required cell below its count, at the line of the rule that requires it."""
    return [
        Problem(
            config_file.name,
            report_line(config_file, ("required", cell.rule)),
            report.describe(audience, cell),
        )
        for audience in report.audiences
        for cell in short_cells(audience.matrix)
    ]


def _write_html(report: Report, out: Path, academy: Academy, config, config_file: Path) -> None:
    settings = academy.settings
    sources = source_folders(config, settings, config_file)
    problem = report_folder_problem(out, root=settings.root, sources=sources, site_dir=Path(config.site_dir))
    if problem:
        raise SiteFolderError(f"--out: {problem}")
    write_report_folder(out.resolve(), report_files(report, config.site_name))
    index = out.resolve() / "index.html"
    shown = index.relative_to(Path.cwd().resolve()) if index.is_relative_to(Path.cwd().resolve()) else index
    print(f"Wrote the report of {len(report.audiences)} audience(s) to {shown}")
