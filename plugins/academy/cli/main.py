"""The ``academy`` command: build, check, serve, report on, scaffold and list the audiences of an
academy, and write the schemas of its files."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from contextlib import nullcontext
from functools import partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from .. import __version__
from ..checkpoints import checkpoint, mark_main
from ..core.definitions import Vocabulary
from ..core.model import Academy, Settings
from ..core.problems import Problem, did_you_mean
from ..core.schema import schema_texts
from ..plugins.content import author
from ..plugins.content.plugin import shared_theme_texts
from ..plugins.project import CONTENT_PLUGIN, load_mkdocs_config
from ..plugins.settings import settings_from, site_url_error
from ..portal.advice import author_warnings
from ..portal.cmi5 import ExportError
from ..report.summary import settings_problems
from ..speed.analyses import Analyses, load_academy_cached
from ..speed.audit_words import prepare_audit_words
from ..speed.cache import Cache
from ..speed.prerender import RenderingReader, prerender
from ..speed.secret import CacheKeyError
from .build import build_all
from .export import add_export_parser, export_problem, run_export
from .report import add_report_parser, run_report
from .scaffold import KINDS, ScaffoldError, scaffold, write
from .schema import DEFAULT_OUT, academy_vocabulary, out_problem, write_schemas
from .sites import SiteFolder, SiteFolderError, hold_lock, site_dir_problem, source_folders

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line use (exit code 2)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="academy", description="Build per-audience learning portals from one Markdown academy."
    )
    parser.add_argument("--version", action="version", version=f"academy {__version__}")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="path to mkdocs.yml (default: ./mkdocs.yml)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-f", "--config-file", default=argparse.SUPPRESS, help="path to mkdocs.yml")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build", parents=[common], help="build every audience (or some) into SITE_DIR/<audience>/"
    )
    build.add_argument(
        "-a", "--audience", action="append", default=[], metavar="ID", help="build this audience (repeatable)"
    )
    build.add_argument("-d", "--site-dir", help="output folder (default: site_dir of mkdocs.yml)")
    build.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        help="worker processes (default: one per CPU core, at most one per audience)",
    )
    build.add_argument("-s", "--strict", action="store_true", help="fail on MkDocs warnings too")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    build.add_argument("--cache-dir", help="cache folder (default: cache_dir of academy/content, .cache/academy)")
    build.add_argument("--no-cache", action="store_true", help="render everything, read and write no cache")
    build.add_argument("--timings", action="store_true", help="print where the time went")
    build.add_argument(
        "--json", action="store_true", help="print a summary as JSON on stdout (pages, folders, warnings), for CI"
    )

    check = commands.add_parser("check", parents=[common], help="validate everything, write nothing")
    check.add_argument("--format", choices=("text", "json"), default="text")

    serve = commands.add_parser("serve", parents=[common], help="live preview of one audience, or of everything")
    serve.add_argument("-a", "--audience", metavar="ID", help="audience to preview (default: the first)")
    serve.add_argument(
        "--all",
        action="store_true",
        help="author preview: every page and passage of every audience, marked with who reads it "
        "(branded as --audience; never published)",
    )
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")

    add_report_parser(commands, common)
    add_export_parser(commands, common)

    new = commands.add_parser("new", parents=[common], help="start a course, lesson, collection or audience")
    new.add_argument("kind", choices=KINDS)
    new.add_argument("id", metavar="ID", help="its id (for a lesson: COURSE/LESSON)")
    new.add_argument("--title", default="", help="its title (default: from the id)")
    new.add_argument(
        "-a", "--audience", action="append", default=[], metavar="ID", help="who sees a new course or collection"
    )

    audiences = commands.add_parser("audiences", parents=[common], help="list the audiences (one output site each)")
    audiences.add_argument("--json", action="store_true", help="print JSON, e.g. for a CI matrix")

    schema = commands.add_parser("schema", parents=[common], help="write JSON Schemas of the files authors write")
    schema.add_argument("-o", "--out", metavar="DIR", help=f"output folder (default: {DEFAULT_OUT}/ beside mkdocs.yml)")
    schema.add_argument(
        "--generic", action="store_true", help="the schemas of any academy (no mkdocs.yml read), as the package ships"
    )
    return parser


def _configuration(config_file: Path) -> tuple[object, Settings | None, list[Problem]]:
    """``mkdocs.yml`` loaded and the academy's settings; configuration problems become ``Problem``s."""
    if not config_file.is_file():
        raise UsageError(f"{config_file}: no such file; run academy where mkdocs.yml is, or pass -f PATH")
    try:
        config = load_mkdocs_config(config_file)
    except ConfigurationError as error:
        return None, None, [Problem(config_file.name, 0, line) for line in str(error).strip().splitlines()]
    plugin = config.plugins.get(CONTENT_PLUGIN)
    if plugin is None:
        return config, None, [Problem(config_file.name, 0, f"add '{CONTENT_PLUGIN}' to 'plugins'")]
    error = site_url_error(config)
    if error:
        return config, None, [Problem(config_file.name, 0, error)]
    return config, settings_from(config, plugin.config), []


def _load(config_file: Path) -> tuple[Academy, list[Problem], object]:
    """Load mkdocs.yml and the academy, keeping nothing (``check``, ``audiences``, ``serve``)."""
    config, settings, problems = _configuration(config_file)
    if settings is None:
        return None, problems, config  # type: ignore[return-value]
    academy, problems = load_academy_cached(settings, None, os.cpu_count() or 1)
    return academy, problems, config


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s) found.", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    academy, problems, _ = _load(Path(args.config_file))
    warnings = author_warnings(academy) if academy is not None else []
    if args.format == "json":
        print(
            json.dumps(
                {
                    "ok": not problems,
                    "problems": [p.as_dict() for p in problems],
                    "warnings": [w.as_dict() for w in warnings],
                },
                indent=2,
            )
        )
        return EXIT_CONTENT if problems else EXIT_OK
    for warning in warnings:
        print(f"{warning.path}:{warning.line}: warning: {warning.message}", file=sys.stderr)
    if problems:
        _print_problems(problems)
    else:
        print(
            f"OK: {len(academy.audiences)} audiences, {len(academy.courses)} courses, "
            f"{sum(len(c.lessons) for c in academy.courses.values())} lessons, {len(academy.collections)} collections"
            + (f"; {len(warnings)} warning(s)." if warnings else ".")
        )
    return EXIT_CONTENT if problems else EXIT_OK


def _chosen(academy: Academy, wanted: list[str]) -> list[str]:
    for audience in wanted:
        if audience not in academy.audiences:
            raise UsageError(f"unknown audience '{audience}'; {did_you_mean(audience, academy.audiences)}")
    return list(dict.fromkeys(wanted)) or sorted(academy.audiences)


def cmd_build(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file)
    started = time.monotonic()
    config, settings, problems = _configuration(config_file)
    if settings is None:
        return _content_problems(args, problems)
    site_dir = Path(args.site_dir or config.site_dir).resolve()
    problem = site_dir_problem(site_dir, root=settings.root, sources=source_folders(config, settings, config_file))
    if problem:
        raise UsageError(f"--site-dir: {problem}")
    cache_dir = _cache_dir(args, config, settings.root)
    if cache_dir and (cache_dir.resolve().is_relative_to(site_dir) or site_dir.is_relative_to(cache_dir.resolve())):
        raise UsageError(f"--site-dir: {site_dir} and the cache ({cache_dir}) must not lie inside each other")
    site = SiteFolder(site_dir)
    with site.locked(), hold_lock(cache_dir, "the cache") if cache_dir else nullcontext():
        return _build(args, config, settings, site, cache_dir, started)


def _build(
    args, config: MkDocsConfig, settings: Settings, site: SiteFolder, cache_dir: Path | None, started: float
) -> int:
    config_file = Path(args.config_file)
    say = (lambda *_: None) if args.quiet or args.json else (lambda text: print(text, flush=True))
    for done in site.recover():
        say(f"Recovered: {done}.")
    checkpoint("load")
    jobs = args.jobs or (os.cpu_count() or 1)
    # Pages analysed here are read from their renderings, kept for the audiences (``Analyses``).
    rendering = partial(RenderingReader, config_file, cache_dir, args.audience) if cache_dir is not None else None
    analyses = Analyses(Cache(cache_dir) if cache_dir is not None else None, jobs, rendering, say)
    academy, problems = analyses.load(settings)
    if problems:
        return _content_problems(args, problems)
    audiences = _chosen(academy, args.audience)
    site.check_targets(audiences)
    jobs = args.jobs or min(len(audiences), os.cpu_count() or 1)
    timings = {"load and check": time.monotonic() - started}
    if cache_dir is not None:
        checkpoint("render")
        phase = time.monotonic()
        distinct, rendered = prerender(config_file, academy, audiences, cache_dir, jobs)
        timings["render shared pages"] = time.monotonic() - phase
        ahead = min(analyses.rendered, distinct - rendered)  # rendered as they were analysed
        rendered += ahead
        analysing = f", {ahead} while analysing them" if ahead else ""
        say(f"Rendered {rendered} of {distinct} distinct page texts ({distinct - rendered} from the cache{analysing})")
    phase = time.monotonic()
    prepare_audit_words(academy, audiences, Cache(cache_dir), jobs, say, shared_theme_texts(config))
    timings["read words for the audits"] = time.monotonic() - phase
    say(
        f"Building {len(audiences)} audience(s) into {_shown(site.path)}/ with {jobs} worker(s): {', '.join(audiences)}"
    )

    def report(result) -> None:
        mark = "ok  " if result.ok else "FAIL"
        for message in result.messages:
            print(
                f"  [{result.audience}] {message}",
                file=sys.stderr if args.json or not result.ok or message.startswith("ERROR") else sys.stdout,
            )
        kept = ", site unchanged: kept" if result.unchanged else ""
        say(f"{mark} {result.audience}: {result.pages} pages{kept} in {result.seconds:.1f} s")

    phase = time.monotonic()
    results = build_all(
        config_file, audiences, site, academy, jobs=jobs, strict=args.strict, cache_dir=cache_dir, on_result=report
    )
    timings["build audiences"] = time.monotonic() - phase
    checkpoint("built")
    if args.timings and not args.json:
        _print_timings(timings, results)
    if args.json:
        print(json.dumps(_summary(site, results, timings, time.monotonic() - started), indent=2))
    failed = [r.audience for r in results if not r.ok]
    if failed:
        kept = [audience for audience in failed if site.target(audience).is_dir()]
        print(
            f"Failed: {', '.join(failed)}"
            + (f" (previous site kept: {', '.join(kept)})" if kept else " (no site published)")
            + f". Built: {', '.join(r.audience for r in results if r.ok) or 'none'}.",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    say(f"Built {len(results)} audience(s) in {time.monotonic() - started:.1f} s.")
    return EXIT_OK


def _content_problems(args: argparse.Namespace, problems: list[Problem]) -> int:
    """Report problems that stop a build (also as JSON on stdout with ``--json``)."""
    _print_problems(problems)
    if args.json:
        print(json.dumps({"ok": False, "problems": [p.as_dict() for p in problems], "audiences": []}, indent=2))
    return EXIT_CONTENT


def _summary(site: SiteFolder, results, timings: dict[str, float], seconds: float) -> dict:
    """What ``academy build --json`` prints: per audience, what a pipeline needs to publish it."""
    return {
        "ok": all(result.ok for result in results),
        "site_dir": str(site.path),
        "seconds": round(seconds, 3),
        "timings": {phase: round(value, 3) for phase, value in timings.items()},
        "audiences": [
            {
                "id": result.audience,
                "ok": result.ok,
                "output": str(site.target(result.audience)),
                "published": site.target(result.audience).is_dir(),
                "pages": result.pages,
                "unchanged": result.unchanged,
                "seconds": round(result.seconds, 3),
                "warnings": [m.split(":", 1)[1].strip() for m in result.messages if m.startswith("WARNING")],
                "errors": [m.split(":", 1)[1].strip() for m in result.messages if m.startswith("ERROR")],
                "cache": dict(result.cache),
            }
            for result in results
        ],
    }


def _cache_dir(args: argparse.Namespace, config, root: Path) -> Path | None:
    options = config.plugins[CONTENT_PLUGIN].config
    if args.no_cache or (not options.cache and not args.cache_dir):
        return None
    return (root / (args.cache_dir or options.cache_dir)).resolve()


def _print_timings(timings: dict[str, float], results) -> None:
    print("Timings (wall clock):")
    for phase, seconds in timings.items():
        print(f"  {phase:<24} {seconds:7.2f} s")
    for result in results:
        parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.timings.items())
        cache = ", ".join(f"{name} {count}" for name, count in result.cache.items() if count)
        print(f"  {result.audience:<24} {result.seconds:7.2f} s  ({parts}; cache: {cache or 'off'})")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def cmd_audiences(args: argparse.Namespace) -> int:
    academy, problems, _ = _load(Path(args.config_file))
    if academy is None or (problems and not academy.audiences):
        _print_problems(problems)
        return EXIT_CONTENT
    rows = [
        {"id": a.id, "title": a.title, "site_url": a.site_url}
        for a in sorted(academy.audiences.values(), key=lambda a: a.id)
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            print(f"{row['id']:<16} {row['title']}  {row['site_url']}".rstrip())
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file)
    if args.out and args.format in ("text", "json"):
        raise UsageError(f"--out writes the HTML report; drop it, or use --format html instead of {args.format}")
    if args.stale_after is not None and args.stale_after < 1:
        raise UsageError(f"--stale-after takes a number of days (1 or more), not {args.stale_after}")
    academy, problems, config = _load(config_file)
    if problems:
        _print_problems(problems)
        return EXIT_CONTENT
    audiences = _chosen(academy, args.audience)
    settings = config.plugins[CONTENT_PLUGIN].config.report
    problems = settings_problems(settings, academy, config_file)
    if problems:
        _print_problems(problems)
        return EXIT_CONTENT
    return run_report(args, academy, config, settings, audiences)


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    academy, problems, _ = _load(Path(args.config_file))
    if problems:
        _print_problems(problems)
        return EXIT_CONTENT
    audience = _chosen(academy, [args.audience] if args.audience else [])[0]
    os.environ["ACADEMY_AUDIENCE"] = audience
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    if args.all:
        print(
            f"Serving the author preview (every page and passage of every audience, marked; "
            f"branded as '{audience}') on http://{args.dev_addr}/ (Ctrl+C to stop)"
        )
    else:
        print(f"Serving the '{audience}' audience on http://{args.dev_addr}/ (Ctrl+C to stop)")
    try:
        with author.serving_all() if args.all else nullcontext():
            serve(config_file=str(Path(args.config_file)), dev_addr=args.dev_addr, livereload=True)
    except KeyboardInterrupt:  # a second Ctrl+C while MkDocs shuts down after the first
        pass
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file)
    academy, problems, _ = _load(config_file)
    if academy is None or problems:
        print("academy new: fix these first (academy check):", file=sys.stderr)
        _print_problems(problems)
        return EXIT_CONTENT
    try:
        settings = academy.settings
        made = scaffold(args.kind, args.id, academy, settings, title=args.title, audiences=args.audience)
        write(made)
    except ScaffoldError as error:
        raise UsageError(str(error)) from None
    shown = settings.rel(made.path)
    academy, problems = _load(config_file)[:2]
    if problems:  # a scaffold that does not pass check is a bug: say so, keep the file to look at
        print(f"Created {shown}, but academy check finds:", file=sys.stderr)
        _print_problems(problems)
        return EXIT_CONTENT
    print(f"Created {shown}; academy check passes. Edit it, then run academy build or academy serve.")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    academy, problems, config = _load(Path(args.config_file))
    if problems:
        _print_problems(problems)
        return EXIT_CONTENT
    problem = export_problem(academy, args)
    if problem:
        raise UsageError(problem)
    try:
        out, units = run_export(academy, args, config.theme.get("language") or "en")
    except ExportError as error:
        print(error, file=sys.stderr)
        return EXIT_CONTENT
    what = f"cmi5.xml with {units} assignable unit(s)"
    if args.format == "scorm12":
        what = f"imsmanifest.xml with {units} SCO(s)"
    print(f"Wrote {_shown(out)}: {what}; import it into the LMS.")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    if args.generic:
        texts, out, forbidden = schema_texts(Vocabulary()), Path(args.out or DEFAULT_OUT), {}
    else:
        _, settings, problems = _configuration(Path(args.config_file))
        if settings is None:
            _print_problems(problems)
            return EXIT_CONTENT
        texts = schema_texts(academy_vocabulary(settings))
        out = Path(args.out) if args.out else settings.root / DEFAULT_OUT
        forbidden = {"the docs folder": settings.docs_dir}
    problem = out_problem(out, forbidden)
    if problem:
        raise UsageError(f"--out: {problem}")
    try:
        names = write_schemas(out, texts)
    except OSError as error:
        raise UsageError(f"--out: cannot write {error.filename or out}: {error.strerror or error}") from None
    print(f"Wrote {len(names)} schemas to {_shown(out)}/: {', '.join(names)}")
    return EXIT_OK


COMMANDS = {
    "build": cmd_build,
    "check": cmd_check,
    "serve": cmd_serve,
    "report": cmd_report,
    "audiences": cmd_audiences,
    "new": cmd_new,
    "schema": cmd_schema,
    "export": cmd_export,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``academy`` command; returns the exit code."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    mark_main()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    logging.getLogger("mkdocs").propagate = False
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (UsageError, SiteFolderError) as error:
        print(f"academy: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except CacheKeyError as error:
        print(f"academy: error: {error}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as error:  # the machine's fault (no space, no permission): one line, not a traceback
        where = f" ({error.filename})" if error.filename else ""
        print(f"academy: error: {error.strerror or error}{where}", file=sys.stderr)
        return EXIT_CONTENT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
