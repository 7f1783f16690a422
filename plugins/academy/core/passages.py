"""Audience blocks: passages of a page for some audiences only, located by the Markdown parser.

Syntax (the block syntax of pymdown-extensions, so editors and authors know it)::

    /// audience | employees partners
    Only employees and partners read this.
    ///

    /// audience | !trial
    Everyone who sees the page except trial users reads this.
    ///

Passages are removed from the Markdown before it is rendered, so a passage for one audience
never reaches another audience's HTML, search index or anything else. What is a block, and
where it ends, is decided by Python-Markdown with the site's extensions (``markdown.Parser``),
never by a line scanner of our own:

1. every line that looks like an audience marker (or a near miss, such as ``/// audiences``)
   gets a unique tag at its end, which changes nothing Markdown decides;
2. the parser reads the tagged page; each audience block it meets names its line by its tag,
   and hands over its content as written, in which nested blocks are found the same way;
3. a block ends at its closing line, the one after as many lines of its own number of
   slashes as its content holds (pymdown-extensions closes a block at the first such line it
   does not hold as code);
4. a tagged line that the parser did not read as a block is code (fine: documentation of the
   syntax) or not: then it is an error, since its passage would reach every audience;
5. each reading of the page is parsed once more (``analysis``): it must hold no audience
   block, nor a closing line of one, at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .markdown import BLOCK_NAME, BlockParse, MetBlock, Parser, texts_of
from .problems import did_you_mean

_TAG = "\x1d{}\x1d"
_TAGS = re.compile("\x1d(\\d+)\x1d")
_TAG_SUFFIX = re.compile("(?: \\|)? \x1d\\d+\x1d")
_MARKER = re.compile(
    r"^(?P<prefix>[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?[ \t>]*)"
    r"(?P<fence>/{3,})[ \t]*(?P<name>[^\W\d_][\w-]*)(?P<rest>.*)$"
)
_CLOSER = re.compile(r"^[ \t>]*(?<!/)(/{3,})[ \t]*$")
MAX_DEPTH = 20
"""Audience blocks nest at most this deep (fail closed beyond)."""


@dataclass(frozen=True)
class Passage:
    """One audience block; lines are body lines (the body's first line is 1)."""

    line: int
    """The line of the opening ``/// audience | …``."""
    end: int
    """The line of the closing ``///``."""
    fence: int
    """Slashes of the opening and closing lines."""
    ids: tuple[str, ...]
    """Audience ids as written, without ``!``."""
    exclude: bool = False
    """True for ``!id`` blocks: everyone who reads the page but the named audiences."""
    prefix: str = ""
    """What precedes the slashes on its lines (``>`` inside a block quote), kept when removing them."""
    children: tuple[Passage, ...] = ()

    def shows_to(self, audience: str, page_audiences: frozenset[str]) -> bool:
        """Whether ``audience`` reads this passage (its outer passages aside)."""
        if self.exclude:
            return audience in page_audiences and audience not in self.ids
        return audience in self.ids

    def as_json(self) -> list[Any]:
        return [
            self.line, self.end, self.fence, list(self.ids), self.exclude, self.prefix,
            [child.as_json() for child in self.children],
        ]  # fmt: skip

    @classmethod
    def from_json(cls, data: Any) -> Passage:
        line, end, fence, ids, exclude, prefix, children = data
        return cls(
            int(line), int(end), int(fence), tuple(map(str, ids)), bool(exclude), str(prefix),
            tuple(cls.from_json(child) for child in children),
        )  # fmt: skip


@dataclass(frozen=True)
class Passages:
    """The audience blocks of a page, and what is wrong with them (line, message)."""

    blocks: tuple[Passage, ...] = ()
    problems: tuple[tuple[int, str], ...] = ()

    def __iter__(self) -> Iterator[Passage]:
        """Every block, outer before inner."""

        def walk(blocks: tuple[Passage, ...]) -> Iterator[Passage]:
            for block in blocks:
                yield block
                yield from walk(block.children)

        return walk(self.blocks)

    def read(self, body: str, audience: str, page_audiences: frozenset[str]) -> tuple[str, list[int]]:
        """The body as ``audience`` reads it, and the body line of each of its lines.

        A passage for others goes with its markers, leaving one empty line (an empty line of
        its block quote, inside one), so that what stood before and after it stays apart as it
        would around any block; the markers of a passage the audience reads are emptied so.
        """
        return self.read_showing(body, lambda block: block.shows_to(audience, page_audiences))

    def read_showing(self, body: str, shows: Callable[[Passage], bool]) -> tuple[str, list[int]]:
        """The body with the passages ``shows`` accepts (their markers emptied), without the others."""
        lines = body.split("\n")
        if not self.blocks:
            return body, list(range(1, len(lines) + 1))
        replaced: dict[int, str] = {}
        dropped: set[int] = set()

        def visit(blocks: tuple[Passage, ...]) -> None:
            for block in blocks:
                replaced[block.line - 1] = block.prefix
                if shows(block):
                    replaced[block.end - 1] = block.prefix
                    visit(block.children)
                else:
                    dropped.update(range(block.line, block.end))

        visit(self.blocks)
        kept = [index for index in range(len(lines)) if index not in dropped]
        return "\n".join(replaced.get(index, lines[index]) for index in kept), [index + 1 for index in kept]

    def hidden(self, body: str, audience: str, page_audiences: frozenset[str]) -> list[tuple[Passage, str]]:
        """Each outermost passage ``audience`` may not read, with its content as written."""
        lines = body.split("\n")
        found: list[tuple[Passage, str]] = []

        def visit(blocks: tuple[Passage, ...]) -> None:
            for block in blocks:
                if block.shows_to(audience, page_audiences):
                    visit(block.children)
                else:
                    found.append((block, "\n".join(lines[block.line : block.end - 1])))

        visit(self.blocks)
        return found

    def as_json(self) -> dict[str, Any]:
        return {"blocks": [block.as_json() for block in self.blocks], "problems": [list(p) for p in self.problems]}

    @classmethod
    def from_json(cls, data: Any) -> Passages:
        return cls(
            tuple(Passage.from_json(block) for block in data["blocks"]),
            tuple((int(line), str(message)) for line, message in data["problems"]),
        )


@dataclass(frozen=True)
class _Marker:
    """A line that looks like an audience marker: where it is and what it says."""

    index: int
    prefix: str
    fence: int
    name: str
    rest: str

    @property
    def line(self) -> int:
        return self.index + 1


def markers(lines: list[str]) -> dict[int, _Marker]:
    """Lines that open, or look like they mean to open, an audience block, by index."""
    found = {}
    for index, line in enumerate(lines):
        if "//" not in line:  # the test is far cheaper than the match
            continue
        match = _MARKER.match(line)
        if match and _looks_like_audience(match.group("name")):
            found[index] = _Marker(index, match["prefix"], len(match["fence"]), match["name"], match["rest"])
    return found


def _looks_like_audience(name: str) -> bool:
    lowered = name.lower()
    return lowered == BLOCK_NAME or did_you_mean(lowered, [BLOCK_NAME]) == f"did you mean '{BLOCK_NAME}'?"


def parse_passages(body: str, parser: Parser) -> Passages:
    """The audience blocks of ``body`` as Markdown reads them, and every problem found."""
    lines = body.split("\n")
    found = markers(lines)
    if not found:
        return Passages()
    tagged = list(lines)
    for index, marker in found.items():
        tagged[index] = lines[index] + (" " if "|" in marker.rest else " | ") + _TAG.format(index)
    reader = _Reader(lines, found, parser)
    reader.discover("\n".join(tagged), 0)
    blocks = reader.nest([block for index in sorted(reader.met) if (block := reader.passage(index)) is not None])
    if not reader.problems and blocks:
        reader.check_shown("\n".join(tagged), Passages(tuple(blocks)), body)
    return Passages(tuple(blocks), tuple(sorted(set(reader.problems))))


@dataclass
class _Reader:
    lines: list[str]
    found: dict[int, _Marker]
    parser: Parser
    problems: list[tuple[int, str]] = field(default_factory=list)
    met: dict[int, MetBlock] = field(default_factory=dict)
    """Every audience block met, by the index of its opening line."""

    def discover(self, text: str, depth: int) -> None:
        """Meet the blocks of ``text`` (the page, or what a block holds as written), nested ones too."""
        parse = self.parser.blocks(text)
        headers: set[int] = set()
        within: set[int] = set()
        for met in parse.met:
            tags = [int(tag) for tag in _TAGS.findall(met.argument)]
            if len(tags) != 1 or tags[0] not in self.found:
                self.problems.append((1, "an audience block Academy cannot place; write each marker on its own line"))
                continue
            headers.add(tags[0])
            self.met[tags[0]] = met
            nested = {int(tag) for tag in _TAGS.findall(met.raw)}
            within |= nested
            if nested - self.met.keys():
                if depth >= MAX_DEPTH:
                    self.problems.append((tags[0] + 1, f"audience blocks nest more than {MAX_DEPTH} deep"))
                else:
                    self.discover(met.raw, depth + 1)
        for index in sorted({int(tag) for tag in _TAGS.findall(text)} - headers - within - self.met.keys()):
            self._not_a_block(self.found[index], parse)

    def passage(self, index: int) -> Passage | None:
        """The block opened on line ``index``, as met (without its nested blocks)."""
        marker, met = self.found[index], self.met[index]
        if marker.name != BLOCK_NAME:
            self.problems.append((marker.line, f"write '/// {BLOCK_NAME}' in lowercase, not '/// {marker.name}'"))
        if not marker.prefix.strip(" \t>") == "":
            self.problems.append(
                (marker.line, "start an audience block on a line of its own, not on a list item's first line")
            )
            return None
        end = self._closing_line(marker, met.content) if met.closed else None
        if end is None:
            self.problems.append(
                (marker.line, f"audience block is never closed; add a line '{'/' * marker.fence}' after the passage")
            )
            return None
        words, ids, exclude = read_argument(_TAGS.sub("", met.argument))
        if not words:
            self.problems.append(
                (marker.line, "audience block names no audience; write '/// audience | customers partners'")
            )
        elif any(word.startswith("!") for word in words) and not exclude:
            self.problems.append((marker.line, "audience block mixes 'id' and '!id'; use only one form"))
        return Passage(marker.line, end, marker.fence, ids, exclude, marker.prefix.rstrip(" \t"))

    def nest(self, flat: list[Passage]) -> list[Passage]:
        """Blocks in a tree, by which lines each spans; blocks that overlap without nesting are refused."""
        roots: list[Passage] = []
        stack: list[tuple[Passage, list[Passage]]] = []

        def close(until: int) -> None:
            while stack and stack[-1][0].end < until:
                block, children = stack.pop()
                done = Passage(
                    block.line, block.end, block.fence, block.ids, block.exclude, block.prefix, tuple(children)
                )
                (stack[-1][1] if stack else roots).append(done)

        for block in sorted(flat, key=lambda block: block.line):
            close(block.line)
            if stack and block.end > stack[-1][0].end:
                self.problems.append(
                    (block.line, "this audience block ends after the block around it; close the inner one first")
                )
                continue
            stack.append((block, []))
        close(len(self.lines) + 2)
        return roots

    def _closing_line(self, marker: _Marker, content: str) -> int | None:
        """The line that closes ``marker``'s block: the first of its fence that its content does not hold."""
        held = sum(1 for line in content.split("\n") if closes(line, marker.fence))
        for index in range(marker.index + 1, len(self.lines)):
            if closes(self.lines[index], marker.fence):
                if held == 0:
                    return index + 1
                held -= 1
        return None

    def check_shown(self, tagged: str, passages: Passages, body: str) -> None:
        """Markdown, showing every passage, must read the same lines as the reading that shows every one.

        Located from their content as written, passages nested in an admonition, tab or
        details block inside another passage can end elsewhere when Markdown parses the outer
        content as a block: then a closing line is read as text on one side only, and the page
        is refused, never read one way and rendered another. (The order of what is shown may
        differ: pymdown-extensions moves admonitions in some nestings, which Academy does not.)
        """
        native = self.parser.blocks(tagged, shown=True)
        ours = self.parser.blocks(passages.read_showing(body, lambda block: True)[0])
        if any(not met.closed for met in native.met) or Counter(_tree_lines(native)) != Counter(_tree_lines(ours)):
            self.problems.append(
                (
                    min(block.line for block in passages),
                    "Markdown reads this page differently once its audience markers are gone: an indented line "
                    "after a block that ends with a list, admonition or tab would join them (put a line of text "
                    "between), or a block sits in an admonition, tab or details block inside another block "
                    "(nest it differently)",
                )
            )

    def _not_a_block(self, marker: _Marker, parse: BlockParse) -> None:
        """Report a marker the parser did not read as a block, unless it reads it as code."""
        tag = _TAG.format(marker.index)
        where = _where(tag, parse)
        if where == "code":
            return
        written = f"'{'/' * marker.fence} {marker.name}'"
        if marker.name.lower() != BLOCK_NAME:
            self.problems.append((marker.line, f"unknown block {written}; did you mean '/// {BLOCK_NAME}'?"))
        elif where == "html":
            self.problems.append(
                (marker.line, "an audience block inside raw HTML is not read by Markdown; close the HTML element first")
            )
        else:
            self.problems.append(
                (
                    marker.line,
                    f"{written} is not read as an audience block here, so its passage would reach every "
                    "audience: start it on a line of its own, indented at most 3 spaces inside its list item, "
                    "quote or admonition, after an empty line",
                )
            )


def read_argument(argument: str) -> tuple[list[str], tuple[str, ...], bool]:
    """What an audience block's argument says: its words, the audience ids they name, and
    whether the block is for everyone but them (every word ``!id``)."""
    words = argument.replace(",", " ").split()
    return words, tuple(word.lstrip("!") for word in words), bool(words) and all(w.startswith("!") for w in words)


def closes(line: str, fence: int) -> bool:
    """Whether ``line`` is a closing line of a block of ``fence`` slashes."""
    match = _CLOSER.match(line)
    return match is not None and len(match.group(1)) == fence


def _tree_lines(parse: BlockParse) -> list[str]:
    """The non-empty lines of a block parse's texts in order, quote marks and indentation aside."""
    text = _TAG_SUFFIX.sub("", "\n".join(chunk for _, chunk, _ in texts_of(parse.root)))
    lines = (line.strip(" \t>") for line in text.split("\n"))
    return [line for line in lines if line]


def _where(tag: str, parse: BlockParse) -> str:
    """Where the parser put a tagged line: ``code``, ``text``, ``html``, or ``unknown``."""
    for _, text, code in texts_of(parse.root):
        if tag in text:
            return "code" if code else "text"
    if any(tag in text for text in parse.code):
        return "code"
    for html in parse.html:
        if tag in html:
            return "code" if html.lstrip().startswith(("<pre", '<div class="highlight"')) else "html"
    return "unknown"
