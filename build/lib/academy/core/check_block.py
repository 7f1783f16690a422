"""The ``/// check`` block: a knowledge check written in Markdown, rendered as an accessible form.

Syntax (pymdown-extensions' block syntax, like audience blocks)::

    /// check | Who approves an invoice above an approver's limit?
        id: over-limit

    - [ ] The same approver, after a warning
        Limits are hard stops: nobody approves above their own.
    - [x] The next approver in the chain
    - [ ] Nobody: Ledgerly rejects the invoice

    Ledgerly escalates along the chain, and rejects only when the chain ends.
    ///

The argument is the question; anything before the task list is shown with it (a scenario, a
code sample); each item's first line is a choice, ``[x]`` for a right one, and the rest of the
item is the feedback it gives; what follows the list is the explanation. One right choice gives
radio buttons, several give check boxes. ``id`` is optional: by default the check is named
after its question, so a check keeps its learners' progress while its question stays the same.

The form holds the question and the choices only. Feedback and the explanation are rendered
here and taken out of the page once inline Markdown is read (``on_inline_end``): the portal
ships them encrypted (``checks.shipped``). Problems are kept with each check, and ``academy
check`` reports them with their line (``checks_found``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown.serializers import to_html_string
from markdown.treeprocessors import UnescapeTreeprocessor
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block, type_any

from .checks import Check, Choice
from .values import ID_PATTERN

NAME = "check"
EXTENSION = "academy.core.check_block"
"""The extension's name in ``markdown_extensions``."""
LINE_TAG = re.compile("\x1d(\\d+)\x1d")
"""The tag ``checks_found`` puts at the end of a check's opening line to learn its line."""
_BOX = re.compile(r"^\[( |x|X)\][ \t]+")
_SWALLOWED = re.compile(r"^[ \t]*[-*+][ \t]+\[( |x|X)\][ \t]", re.M)
"""A choice that Markdown read as a lazy line of the previous item's feedback."""
_unescape = UnescapeTreeprocessor().unescape
NO_SCRIPT = "Checking your answer needs JavaScript: read the question, then the lesson, and decide."


def default_id(question: str) -> str:
    """The id of a check that sets none: the first words of its question."""
    words = re.findall(r"[a-z0-9]+", question.lower())
    return "-".join(words[:8])


def _first_text(item: etree.Element) -> tuple[etree.Element, str]:
    """The element holding a list item's first line, and that text (a loose item wraps it in ``p``)."""
    if (item.text or "").strip() or not len(item) or item[0].tag != "p":
        return item, item.text or ""
    return item[0], item[0].text or ""


def _is_choices(element: etree.Element) -> bool:
    return (
        element.tag == "ul"
        and len(element) > 0
        and all(child.tag == "li" and _BOX.match(_first_text(child)[1]) for child in element)
    )


def _split_item(item: etree.Element) -> tuple[Choice, etree.Element]:
    """A task-list item as its choice (its first line) and its feedback (the rest of it)."""
    holder, text = _first_text(item)
    mark = _BOX.match(text)
    label, _, more = (text[mark.end() :] if mark else text).partition("\n")
    feedback = etree.Element("div")
    if holder is item:
        feedback.text = more
    else:
        holder.text = more
    for child in list(item):
        item.remove(child)
        if child is not holder or (child.text or "").strip() or len(child):
            feedback.append(child)
    return Choice(label.strip(), bool(mark and mark.group(1) != " ")), feedback


def _choice_problems(choices: list[Choice], feedbacks: list[etree.Element]) -> list[str]:
    """What is wrong with a check's choices: too few, none right, one written twice, one swallowed."""
    problems = []
    for choice, feedback in zip(choices, feedbacks, strict=True):
        if any(_SWALLOWED.search(text) for text in feedback.itertext()):
            problems.append(
                f"a choice reads as part of the feedback of '{choice.text}': put an empty line before it, "
                "or before none of the choices"
            )
    if choices and len(choices) < 2:
        problems.append("a check needs at least two choices")
    if choices and not any(choice.correct for choice in choices):
        problems.append("no choice is marked right; mark the right one(s) '- [x]'")
    texts = [" ".join(choice.text.lower().split()) for choice in choices]
    for index, text in enumerate(texts):
        if text in texts[:index]:
            problems.append(f"the choice '{choices[index].text}' is written twice; make each choice different")
    return problems


class CheckBlock(Block):
    """One ``/// check`` block: a question, its choices, their feedback, an explanation."""

    NAME = NAME
    ARGUMENT = None
    OPTIONS: dict[str, Any] = {"id": ("", type_any)}

    def on_markdown(self) -> str:
        return "block"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"class": "ac-check"})

    def on_end(self, block: etree.Element) -> None:
        argument = str(self.argument or "")
        tags = LINE_TAG.findall(argument)
        line = int(tags[0]) + 1 if tags else 0
        question = LINE_TAG.sub("", argument).strip()
        problems: list[str] = []
        if not question:
            problems.append("a check needs its question: write '/// check | Your question?'")
        written_id = self.options.get("id")
        check_id = str(written_id).strip() if written_id not in (None, "") else default_id(question)
        if not ID_PATTERN.match(check_id):
            problems.append(
                f"check id '{check_id}' must use lowercase letters, digits, '-' and '_'; set 'id: …' under the "
                "'/// check' line, indented by 4 spaces"
            )
        children = list(block)
        lists = [index for index, child in enumerate(children) if _is_choices(child)]
        if not lists:
            problems.append("a check needs its choices as a task list: '- [x] a right answer', '- [ ] a wrong one'")
        elif len(lists) > 1:
            problems.append("a check holds one question: put the second task list in a '/// check' of its own")
        for child in children:
            block.remove(child)
        stem, items, after = (children, [], []) if not lists else (
            children[: lists[0]], list(children[lists[0]]), children[lists[0] + 1 :]
        )  # fmt: skip
        split = [_split_item(item) for item in items]
        choices = [choice for choice, _ in split]
        feedbacks = [feedback for _, feedback in split]
        problems += _choice_problems(choices, feedbacks)
        check = Check(check_id, question, line, tuple(choices), "", tuple(problems))
        self.config["checks"].append(check)
        self._index = len(self.config["checks"]) - 1
        self._build(block, check, stem, feedbacks, after)

    def _build(self, block, check: Check, stem, feedbacks, after) -> None:
        """The form: a fieldset per question, a labelled input per choice, a live region for feedback."""
        name = f"ac-check-{check.id}"
        block.set("data-ac-check", check.id)
        block.set("id", name)
        fieldset = etree.SubElement(block, "fieldset", {"class": "ac-check__question"})
        legend = etree.SubElement(fieldset, "legend", {"class": "ac-check__legend"})
        legend.text = check.question
        fieldset.extend(stem)
        hint = etree.SubElement(fieldset, "p", {"class": "ac-check__hint"})
        hint.text = "Choose every right answer." if check.multiple else "Choose one answer."
        listing = etree.SubElement(fieldset, "ul", {"class": "ac-check__choices"})
        kind = "checkbox" if check.multiple else "radio"
        for index, (choice, feedback) in enumerate(zip(check.choices, feedbacks, strict=True)):
            item = etree.SubElement(listing, "li", {"class": "ac-check__choice", "data-ac-choice": str(index)})
            field_id = f"{name}-{index + 1}"
            etree.SubElement(item, "input", {"type": kind, "id": field_id, "name": name, "value": str(index)})
            label = etree.SubElement(item, "label", {"for": field_id})
            label.text = choice.text
            feedback.set("class", "ac-check__feedback")
            feedback.set("data-ac-feedback", str(index))
            feedback.set("hidden", "hidden")
            item.append(feedback)
        explanation = etree.SubElement(
            block, "div", {"class": "ac-check__explanation", "data-ac-explanation": "", "hidden": "hidden"}
        )
        explanation.extend(after)
        # The note and the buttons are the form's, not the lesson's text: search leaves them out.
        note = etree.SubElement(
            block, "p", {"class": "ac-check__nojs", "data-ac-check-nojs": "", "data-search-exclude": ""}
        )
        note.text = NO_SCRIPT
        actions = etree.SubElement(
            block, "div", {"class": "ac-check__actions", "data-ac-check-actions": "", "data-search-exclude": ""}
        )
        actions.set("hidden", "hidden")
        for role, text in (("submit", "Check answer"), ("retry", "Try again")):
            button = etree.SubElement(
                actions, "button", {"type": "button", "class": f"ac-check__button ac-check__button--{role}"}
            )
            button.set(f"data-ac-check-{role}", "")
            button.text = text
        result = etree.SubElement(
            block, "p", {"class": "ac-check__result", "role": "status", "data-ac-check-result": "", "tabindex": "-1"}
        )
        # tabindex: once a right answer hides the buttons, focus moves to the verdict, not to the page's top.
        result.text = ""

    def on_inline_end(self, block: etree.Element) -> None:
        """Take the feedback and the explanation out of the page, rendered, into the check's record."""
        check = self.config["checks"][self._index]
        feedback = []
        for index, choice in enumerate(check.choices):
            holder = block.find(f".//div[@data-ac-feedback='{index}']")
            feedback.append(Choice(choice.text, choice.correct, self._take(holder)))
        explanation = self._take(block.find(".//div[@data-ac-explanation]"))
        self.config["checks"][self._index] = Check(
            check.id, check.question, check.line, tuple(feedback), explanation, check.problems
        )

    def _take(self, holder: etree.Element | None) -> str:
        """The rendered HTML inside ``holder``, which is emptied."""
        if holder is None:
            return ""
        html = to_html_string(holder)
        html = html[html.index(">") + 1 : html.rindex("<")]
        for processor in self.md.postprocessors:
            html = processor.run(html)
        holder.text = None
        for child in list(holder):
            holder.remove(child)
        return _unescape(html).strip()


class ChecksExtension(BlocksExtension):
    """Registers ``/// check``; ``checks`` lists the checks of the last text converted, in order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.checks: list[Check] = []
        super().__init__(*args, **kwargs)

    def extendMarkdownBlocks(self, md: markdown.Markdown, block_mgr: BlocksProcessor) -> None:  # noqa: N802
        md.registerExtension(self)
        block_mgr.register(CheckBlock, {"checks": self.checks})

    def reset(self) -> None:
        self.checks.clear()


def makeExtension(*args: Any, **kwargs: Any) -> ChecksExtension:  # noqa: N802
    """Markdown's entry point: ``markdown_extensions: [academy.core.check_block]``."""
    return ChecksExtension(*args, **kwargs)
