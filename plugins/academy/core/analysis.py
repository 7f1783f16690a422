"""What reading a page's body finds: its passages, and what each of its readers reads.

A reading (the Markdown one audience reads, its opening heading, the files it refers to)
depends on the page's ``src``, body, audiences, draft state and the site's Markdown setup,
nothing else. So an analysis can be kept between builds under a digest of those
(``speed.analyses``); what it means for the rest of the academy (a link to a page an audience
cannot see, an unknown audience) is checked every time (``validate``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from .. import __version__
from .checks import Check
from .checks_found import locate_checks
from .digests import digest
from .links import links_of
from .markdown import Parser, TreeParse, texts_of
from .model import Academy, Doc, Link, Reading
from .passages import Passages, closes, parse_passages

FORMAT = 3
"""Bump when what an analysis holds changes: older stored analyses then no longer match."""

UNRESOLVED = (
    "Academy cannot remove this page's audience blocks the way Markdown reads them; check that each "
    "block is closed, and that a block nested in another uses more slashes than the one around it"
)


@dataclass(frozen=True)
class Analysis:
    """The passages of a page (with what is wrong with them), and what each reader reads."""

    passages: Passages
    readings: dict[str, Reading]

    def as_json(self) -> dict[str, Any]:
        texts: dict[str, list[Any]] = {}
        readers: dict[str, str] = {}
        for audience, reading in sorted(self.readings.items()):
            readers[audience] = reading.digest
            texts[reading.digest] = [
                reading.markdown,
                reading.title,
                [[link.line, link.target, link.written] for link in reading.links],
                reading.html,
                [check.as_json() for check in reading.checks],
            ]
        return {"passages": self.passages.as_json(), "readers": readers, "texts": texts}

    @classmethod
    def from_json(cls, data: Any) -> Analysis | None:
        """The analysis stored as ``data``, or None when it does not have the shape ``as_json`` gives."""
        try:
            texts = {
                name: Reading(
                    str(markdown),
                    None if title is None else str(title),
                    tuple(Link(int(line), str(target), str(written)) for line, target, written in links),
                    str(html),
                    tuple(Check.from_json(check) for check in checks),
                )
                for name, (markdown, title, links, html, checks) in data["texts"].items()
            }
            return cls(
                Passages.from_json(data["passages"]),
                {str(audience): texts[name] for audience, name in data["readers"].items()},
            )
        except (TypeError, ValueError, KeyError, AttributeError):
            return None


def analysis_key(doc: Doc, parser: Parser) -> str:
    """Everything an analysis of ``doc`` depends on, digested."""
    return digest(
        "analysis",
        FORMAT,
        __version__,
        doc.src,
        sorted(doc.audiences),
        doc.draft,
        doc.body_digest,
        parser.setup.signature(),
    )


Read = Callable[[list[str], str], "TreeParse | None"]
"""A page's reading (its readers, its Markdown) as ``Parser.tree`` parses it, written; None when
it cannot tell (``Parser.tree`` then parses it)."""


def analyse(doc: Doc, parser: Parser, read: Read | None = None) -> Analysis:
    """Find ``doc``'s passages and, unless it is a draft, what each of its readers reads.

    ``read`` parses each distinct reading, given its readers, in place of ``parser`` (a build
    reads it from its rendering, ``speed.prerender.RenderingReader``): what it gives must be
    what ``Parser.tree`` gives.
    """
    passages = parse_passages(doc.body, parser)
    problems = list(passages.problems)
    readings: dict[str, Reading] = {}
    if doc.draft or passages.problems:
        return Analysis(passages, readings)
    by_text: dict[str, tuple[list[int], list[str]]] = {}  # each text: its line map, its readers
    for audience in sorted(doc.audiences):
        text, line_map = passages.read(doc.body, audience, doc.audiences)
        by_text.setdefault(text, (line_map, []))[1].append(audience)
    for text, (line_map, readers) in by_text.items():
        parse = read(readers, text) if read is not None else None
        reading, found = read_text(doc.src, passages, text, line_map, parser, parse)
        problems.extend(found)
        readings.update(dict.fromkeys(readers, reading))
    return Analysis(Passages(passages.blocks, tuple(sorted(set(problems)))), readings)


def read_text(
    src: str, passages: Passages, text: str, line_map: list[int], parser: Parser, parse: TreeParse | None = None
) -> tuple[Reading, list[tuple[int, str]]]:
    """The reading whose Markdown is ``text`` (the body of page ``src`` with ``passages``
    resolved), and its problems; ``line_map`` gives the body line of each line of ``text``.
    ``parse``: ``text`` parsed already, else ``parser`` parses it.
    """
    problems = []
    fences = {block.fence for block in passages}
    parse = parse or parser.tree(text, write=True)
    leftover = any(
        closes(line, fence) for _, chunk, code in texts_of(parse.root) if not code
        for line in chunk.split("\n") for fence in fences
    )  # fmt: skip
    if parse.met or leftover:
        problems.append((min(block.line for block in passages) if fences else 1, UNRESOLVED))
    links = links_of(src, parse.root, parse.html, text, line_map)
    checks, found = locate_checks(text, parser, parse.checks)
    problems.extend((line_map[line - 1], message) for line, message in found)
    checks = [replace(check, line=line_map[check.line - 1]) for check in checks]
    return Reading(text, parse.title, links, parse.written, tuple(checks)), problems


class Memo(Protocol):
    """Somewhere analyses are kept between builds, by key (see ``speed.analyses``)."""

    def get(self, key: str) -> Any | None: ...

    def put(self, key: str, value: Any) -> None: ...

    def prepare(self, docs: list[Doc], parser: Parser) -> None:
        """Get ready to be asked for the analyses of ``docs`` (analyse missing ones ahead, say)."""


def analyse_all(academy: Academy, parser: Parser, memo: Memo | None = None) -> None:
    """Set every page's passages and readings, from ``memo`` where it holds them."""
    if memo is not None:
        memo.prepare(list(academy.docs.values()), parser)
    for doc in academy.docs.values():
        key = analysis_key(doc, parser)
        stored = memo.get(key) if memo is not None else None
        found = Analysis.from_json(stored) if stored is not None else None
        if found is None:
            found = analyse(doc, parser)
            if memo is not None:
                memo.put(key, found.as_json())
        doc.passages, doc.readings = found.passages, found.readings
