"""Audience blocks: passages of a page shown to some audiences only.

Syntax (the block syntax of pymdown-extensions, so editors and authors know it)::

    /// audience | employees partners
    Only employees and partners read this.
    ///

    /// audience | !trial
    Everyone who sees the page except trial users reads this.
    ///

Blocks are resolved on the Markdown source, before rendering, so a passage for one
audience never reaches another audience's HTML, search index or anything else.
Fenced code is left alone; other ``///`` blocks nest as pymdown-extensions nests them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_OPEN = re.compile(r"^\s*(?P<fence>/{3,})[ \t]*audience[ \t]*\|(?P<ids>[^\n]*)$")
_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
_FENCE_CLOSE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})\s*$")


@dataclass
class Block:
    """One audience block of a page."""

    line: int
    """Line of the opening ``/// audience`` in the body (1-based)."""
    fence: int
    """Number of slashes of the opening line; the closing line repeats them."""
    ids: tuple[str, ...]
    """Audience ids as written, without ``!``."""
    exclude: bool = False
    """True for ``!id`` blocks: everyone but the named audiences."""
    children: list[Node] = field(default_factory=list)
    closed: bool = False

    def shows_to(self, audience: str, page_audiences: frozenset[str]) -> bool:
        """Whether ``audience`` reads this passage."""
        if self.exclude:
            return audience in page_audiences and audience not in self.ids
        return audience in self.ids


@dataclass(frozen=True)
class Line:
    """One source line of a page outside any audience marker."""

    number: int
    text: str


Node = Line | Block


@dataclass
class BlockProblem:
    """A malformed block, at a body line."""

    line: int
    message: str


def parse_blocks(body: str) -> tuple[list[Node], list[BlockProblem]]:
    """Parse a Markdown body into lines and (nested) audience blocks."""
    if not has_blocks(body):  # most pages: no line can open a block
        return [Line(number, text) for number, text in enumerate(body.splitlines(keepends=True), start=1)], []
    root: list[Node] = []
    stack: list[tuple[Block, int]] = []  # open blocks and the depth of other blocks inside
    problems: list[BlockProblem] = []
    code_fence: str | None = None
    for number, text in enumerate(body.splitlines(keepends=True), start=1):
        target = stack[-1][0].children if stack else root
        stripped = text.rstrip("\n")
        if code_fence is not None:
            if _closes(code_fence, stripped):
                code_fence = None
            target.append(Line(number, text))
            continue
        fence_match = _FENCE.match(stripped)
        if fence_match:
            code_fence = fence_match.group("fence")
            target.append(Line(number, text))
            continue
        opening = _OPEN.match(stripped)
        if opening:
            block = _new_block(number, opening, problems)
            target.append(block)
            stack.append((block, 0))
            continue
        if stack:
            block, depth = stack[-1]
            slashes = "/" * block.fence
            if re.fullmatch(rf"\s*{slashes}\s*", stripped):
                if depth == 0:
                    block.closed = True
                    stack.pop()
                    continue
                stack[-1] = (block, depth - 1)
            elif re.match(rf"\s*{slashes}(?!/)\s*\S", stripped):
                stack[-1] = (block, depth + 1)
        target.append(Line(number, text))
    for block, _ in stack:
        problems.append(
            BlockProblem(
                block.line, f"audience block is never closed; add a line '{'/' * block.fence}' after the passage"
            )
        )
    return root, problems


def _closes(code_fence: str, text: str) -> bool:
    match = _FENCE_CLOSE.match(text)
    return bool(match) and match.group("fence")[0] == code_fence[0] and len(match.group("fence")) >= len(code_fence)


def _new_block(number: int, match: re.Match[str], problems: list[BlockProblem]) -> Block:
    words = match.group("ids").replace(",", " ").split()
    negated = [word.startswith("!") for word in words]
    block = Block(number, len(match.group("fence")), tuple(word.lstrip("!") for word in words))
    if not words:
        problems.append(
            BlockProblem(number, "audience block names no audience; write '/// audience | customers partners'")
        )
    elif any(negated) and not all(negated):
        problems.append(BlockProblem(number, "audience block mixes 'id' and '!id'; use only one form"))
    block.exclude = bool(words) and all(negated)
    return block


def iter_blocks(nodes: list[Node]) -> Iterator[Block]:
    """Every block, outer before inner."""
    for node in nodes:
        if isinstance(node, Block):
            yield node
            yield from iter_blocks(node.children)


def visible_lines(nodes: list[Node], audience: str, page_audiences: frozenset[str]) -> Iterator[Line]:
    """The lines ``audience`` reads, in order, without the block markers."""
    for node in nodes:
        if isinstance(node, Line):
            yield node
        elif node.shows_to(audience, page_audiences):
            yield from visible_lines(node.children, audience, page_audiences)


def hidden_lines(nodes: list[Node], audience: str, page_audiences: frozenset[str]) -> Iterator[Line]:
    """The lines of passages that ``audience`` must not read."""
    for node in nodes:
        if isinstance(node, Block):
            if node.shows_to(audience, page_audiences):
                yield from hidden_lines(node.children, audience, page_audiences)
            else:
                yield from _all_lines(node.children)


def _all_lines(nodes: list[Node]) -> Iterator[Line]:
    for node in nodes:
        if isinstance(node, Line):
            yield node
        else:
            yield from _all_lines(node.children)


def resolve(body: str, audience: str, page_audiences: frozenset[str]) -> str:
    """The Markdown ``audience`` reads: passages for others removed."""
    nodes, _ = parse_blocks(body)
    return _visible_text(nodes, audience, page_audiences)


def _visible_text(nodes: list[Node], audience: str, page_audiences: frozenset[str]) -> str:
    return "".join(line.text for line in visible_lines(nodes, audience, page_audiences))


def markdown_by_audience(markdown: str, audiences: list[str], page_audiences: frozenset[str]) -> dict[str, str]:
    """``markdown_for`` for each of ``audiences``, the text parsed once."""
    if not has_blocks(markdown):
        return dict.fromkeys(audiences, markdown)
    nodes, _ = parse_blocks(markdown)
    return {audience: _visible_text(nodes, audience, page_audiences) for audience in audiences}


def has_blocks(body: str) -> bool:
    """Cheap test: whether the body may contain an audience block."""
    return "audience" in body and "///" in body


def markdown_for(markdown: str, audience: str, page_audiences: frozenset[str]) -> str:
    """The Markdown of a page as ``audience`` reads it (unchanged when it has no audience block)."""
    return resolve(markdown, audience, page_audiences) if has_blocks(markdown) else markdown


def hidden_markdown(markdown: str, audience: str, page_audiences: frozenset[str]) -> str:
    """The passages of a page that ``audience`` must not read (empty when it has no audience block)."""
    if not has_blocks(markdown):
        return ""
    nodes, _ = parse_blocks(markdown)
    return "".join(line.text for line in hidden_lines(nodes, audience, page_audiences))
