"""What checking a page finds in its body alone: malformed blocks, blocks, links per audience.

The findings depend on the page's ``src``, body, audiences and draft state only, so they can
be kept between builds (``speed.analyses``); what they mean for the rest of the academy (a
link to a hidden page, an unknown audience) is checked again every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .links import Link, find_links
from .model import Doc
from .passages import Block, iter_blocks, parse_blocks, visible_lines


@dataclass(frozen=True)
class Analysis:
    """The findings of one page's body; lines are body lines (the body's first line is 1)."""

    problems: list[tuple[int, str]]
    """Malformed audience blocks: line and message."""
    blocks: list[tuple[int, list[str], bool]]
    """Every audience block: line, audience ids as written, whether they are excluded (``!id``)."""
    links: dict[str, list[Link]]
    """The links each audience of the page reads (none for a draft)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "problems": [list(problem) for problem in self.problems],
            "blocks": [list(block) for block in self.blocks],
            "links": {
                audience: [[link.line, link.target, link.written] for link in links]
                for audience, links in self.links.items()
            },
        }

    @classmethod
    def from_json(cls, data: Any) -> Analysis | None:
        """The analysis stored as ``data``, or None when it does not have the shape ``as_json`` gives."""
        try:
            return cls(
                [(int(line), str(message)) for line, message in data["problems"]],
                [(int(line), [str(i) for i in ids], bool(exclude)) for line, ids, exclude in data["blocks"]],
                {
                    str(audience): [Link(int(line), str(target), str(written)) for line, target, written in links]
                    for audience, links in data["links"].items()
                },
            )
        except (TypeError, ValueError, KeyError, AttributeError):
            return None


def analyse(doc: Doc) -> Analysis:
    """Parse ``doc``'s body for audience blocks, and for the links each of its audiences reads."""
    nodes, block_problems = parse_blocks(doc.body)
    links: dict[str, list[Link]] = {}
    if not doc.draft:
        # A page without audience blocks reads the same for everyone: find its links once.
        same_for_all = not any(isinstance(node, Block) for node in nodes)
        shared = find_links(doc.src, nodes) if same_for_all else None  # nodes are all lines then
        for audience in sorted(doc.audiences):
            found = shared if shared is not None else find_links(doc.src, visible_lines(nodes, audience, doc.audiences))
            links[audience] = found
    return Analysis(
        [(problem.line, problem.message) for problem in block_problems],
        [(block.line, list(block.ids), block.exclude) for block in iter_blocks(nodes)],
        links,
    )
