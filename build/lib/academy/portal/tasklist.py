"""Task-list checkboxes named by their item's text, for assistive technology.

pymdownx.tasklist draws each item's box as ``<label><input disabled></label> text``: the label
holds no text, so a screen reader announces an unnamed checkbox (axe's ``label`` rule, critical).
It keeps that markup as raw HTML in Python-Markdown's stash, behind a placeholder at the start
of the item; this names the box there once the item's text is rendered.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

_PLACEHOLDER = re.compile(re.escape(HTML_PLACEHOLDER).replace("%s", r"(\d+)"))
"""A placeholder of raw HTML in the tree's text (``\\x02wzxhzdk:N\\x03``)."""


def item_text(holder: etree.Element, start: int) -> str:
    """The text of ``holder`` from ``start`` on, without nested lists or raw-HTML placeholders."""
    parts = [(holder.text or "")[start:]]
    for child in holder:
        if child.tag in ("ul", "ol"):
            break
        parts += [*child.itertext(), child.tail or ""]
    return " ".join(_PLACEHOLDER.sub("", "".join(parts)).split())


class TaskListNames(Treeprocessor):
    """Give each task-list checkbox an ``aria-label``: the text of its item."""

    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        for item in root.iter("li"):
            if "task-list-item" not in (item.get("class") or "").split():
                continue
            holder = item if (item.text or "").strip() else next(iter(item), None)
            match = _PLACEHOLDER.match(holder.text or "") if holder is not None else None
            if match is None or int(match.group(1)) >= len(stash):
                continue
            box = stash[int(match.group(1))]
            text = item_text(holder, match.end())
            if isinstance(box, str) and text and "<input " in box and "aria-label" not in box:
                stash[int(match.group(1))] = box.replace("<input ", f'<input aria-label="{escape(text)}" ', 1)


class TaskListNamesExtension(Extension):
    """Registers ``TaskListNames`` after Python-Markdown's own tree processors."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(TaskListNames(md), "academy-task-list-names", -1)
