"""``academy export``: a learning path or a course as a package for the learner's LMS (cmi5, SCORM 1.2)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import MkDocsException

from ..core.model import Academy
from ..core.problems import did_you_mean
from ..core.view import build_view
from ..plugins.project import LogCollector, configure, load_mkdocs_config
from ..portal import scorm
from ..portal.cmi5 import ExportError, course_structure, package_zip

FORMATS = ("cmi5", "scorm12")


def add_export_parser(commands, common: argparse.ArgumentParser) -> None:
    """The ``export`` command's arguments."""
    export = commands.add_parser(
        "export", parents=[common], help="a learning path or course as a package for an LMS (cmi5, SCORM 1.2)"
    )
    export.add_argument("format", choices=FORMATS, help="the package's standard")
    export.add_argument("-a", "--audience", required=True, metavar="ID", help="the site the package points at")
    what = export.add_mutually_exclusive_group(required=True)
    what.add_argument("--path", metavar="ID", help="a learning path or collection: one AU (SCO) per course")
    what.add_argument("--course", metavar="ID", help="one course: one AU (SCO)")
    export.add_argument("-o", "--out", metavar="FILE", help="the ZIP to write (default: <id>-<format>.zip)")


def export_problem(academy: Academy, args: argparse.Namespace) -> str | None:
    """Why the arguments name nothing to export (bad command-line use), or None."""
    if args.audience not in academy.audiences:
        return f"unknown audience '{args.audience}'; {did_you_mean(args.audience, academy.audiences)}"
    if args.path is not None and args.path not in academy.collections:
        return f"unknown learning path '{args.path}'; {did_you_mean(args.path, academy.collections)}"
    if args.course is not None and args.course not in academy.courses:
        return f"unknown course '{args.course}'; {did_you_mean(args.course, academy.courses)}"
    return None


def run_export(academy: Academy, args: argparse.Namespace, lang: str) -> tuple[Path, int]:
    """Write the package; its path and how many AUs (SCOs) it holds. ``ExportError`` says what stops it."""
    view = build_view(academy, args.audience)
    out = Path(args.out or f"{args.path or args.course}-{args.format}.zip")
    if args.format == "scorm12":
        scorm.scos(view, path=args.path, course=args.course)  # what is missing stops it before the build
        with tempfile.TemporaryDirectory(prefix="academy-scorm-") as folder:
            build_site(Path(args.config_file), args.audience, academy, Path(folder))
            data, count = scorm.package(view, Path(folder), path=args.path, course=args.course)
        out.write_bytes(data)
        return out, count
    if not view.audience.cmi5:
        raise ExportError(
            f"{view.audience.source}: the site does not accept cmi5 launches; add 'cmi5: true' "
            "(its pages then follow the cmi5 launch sequence when an LMS opens them)"
        )
    structure = course_structure(view, path=args.path, course=args.course, lang=lang)
    out.write_bytes(package_zip(structure))
    return out, structure.count("<au ")


def build_site(config_file: Path, audience: str, academy: Academy, folder: Path) -> None:
    """Build the audience's site into ``folder`` the way ``academy build`` does (the audited pages)."""
    with LogCollector() as collector:
        try:
            config = load_mkdocs_config(config_file, site_dir=str(folder))
            configure(config, audience=audience, cache_dir=None, preloaded=academy)
            mkdocs_build(config)
        except MkDocsException as error:
            errors = [m for m in collector.messages if m.startswith("ERROR")] or [str(error)]
            raise ExportError(f"the {audience} site does not build: " + "; ".join(errors)) from error
