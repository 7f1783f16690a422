"""Knowledge checks: what a ``/// check`` block holds, and what a site ships of it.

A check is one question with its choices (a task list: ``- [x]`` right, ``- [ ]`` wrong), the
feedback each choice gives and an explanation (see ``check_block`` for the syntax). The page
shows the question and its choices; which choices are right is never shipped as such. Each
site gets, per question:

- a **salt**, derived from the audience, the site's URL, the check's id and its question, so
  that it differs per question and per site yet rebuilding the same sources gives the same
  bytes;
- the **digest** of the right answer: SHA-256 of the salt and the indices of the right
  choices, which the browser compares with the digest of what the learner chose;
- the **feedback** of each choice and the **explanation**, encrypted (SHA-256 in counter mode,
  XOR): each choice's feedback under a key of its own, the explanation under a key that only
  the right answer gives.

Every option is on the page, so a learner who tries each combination finds the answer: these
are practice checks, not proctored exams. What they prevent is reading the answer off the
page source, the search index or any JSON.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

DEFAULT_PASS_MARK = 80
"""Percent of a page's checks to answer right when neither the lesson nor its course sets one."""


@dataclass(frozen=True)
class Choice:
    """One answer a learner may choose."""

    text: str
    """The choice as written (Markdown), for messages and the duplicate check."""
    correct: bool
    feedback: str = ""
    """What choosing it tells the learner, as HTML (empty: none)."""


@dataclass(frozen=True)
class Check:
    """One ``/// check`` block as a reading of a page holds it."""

    id: str
    question: str
    """The question as written (the block's argument)."""
    line: int
    """The line of its opening ``/// check`` in the text it was read from (1-based)."""
    choices: tuple[Choice, ...] = ()
    explanation: str = ""
    """Shown once the learner answers right, as HTML."""
    problems: tuple[str, ...] = field(default=(), compare=False)
    """What is wrong with the block as written."""

    @property
    def multiple(self) -> bool:
        """Whether more than one choice is right (check boxes rather than radio buttons)."""
        return sum(choice.correct for choice in self.choices) > 1

    @property
    def answer(self) -> tuple[int, ...]:
        """Indices of the right choices."""
        return tuple(index for index, choice in enumerate(self.choices) if choice.correct)

    def as_json(self) -> list[Any]:
        return [
            self.id, self.question, self.line,
            [[choice.text, choice.correct, choice.feedback] for choice in self.choices],
            self.explanation, list(self.problems),
        ]  # fmt: skip

    @classmethod
    def from_json(cls, data: Any) -> Check:
        check_id, question, line, choices, explanation, problems = data
        return cls(
            str(check_id), str(question), int(line),
            tuple(Choice(str(text), bool(correct), str(feedback)) for text, correct, feedback in choices),
            str(explanation), tuple(map(str, problems)),
        )  # fmt: skip


def _sha(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()


def salt(audience: str, site_url: str, check: Check) -> str:
    """The salt of ``check`` on one site: the same for the same sources, different across sites and questions."""
    return _sha("academy-check-salt", audience, site_url, check.id, check.question).hex()[:32]


def answer_text(indices: Iterable[int]) -> str:
    """A set of chosen choices as the digest reads it: sorted indices joined by commas."""
    return ",".join(str(index) for index in sorted(set(indices)))


def answer_digest(check_salt: str, indices: Iterable[int]) -> str:
    """The digest the browser compares: SHA-256 of ``salt:answer``, in hex."""
    return hashlib.sha256(f"{check_salt}:{answer_text(indices)}".encode()).hexdigest()


def _keystream(key: str, length: int) -> bytes:
    blocks = bytearray()
    counter = 0
    while len(blocks) < length:
        blocks += hashlib.sha256(f"{key}:{counter}".encode()).digest()
        counter += 1
    return bytes(blocks[:length])


def seal(key: str, text: str) -> str:
    """``text`` encrypted under ``key`` (SHA-256 counter mode), in base64; the browser undoes it."""
    data = text.encode("utf-8")
    return base64.b64encode(bytes(a ^ b for a, b in zip(data, _keystream(key, len(data)), strict=True))).decode()


def unseal(key: str, sealed: str) -> str:
    """The inverse of ``seal`` (for tests)."""
    data = base64.b64decode(sealed)
    return bytes(a ^ b for a, b in zip(data, _keystream(key, len(data)), strict=True)).decode("utf-8")


def feedback_key(check_salt: str, index: int) -> str:
    """The key of choice ``index``'s feedback."""
    return f"{check_salt}:feedback:{index}"


def explanation_key(check_salt: str, indices: Iterable[int]) -> str:
    """The key of the explanation: only the right answer gives it."""
    return f"{check_salt}:explanation:{answer_text(indices)}"


def _padded(text: str, width: int) -> str:
    return text + " " * (width - len(text.encode("utf-8")))


def shipped(check: Check, audience: str, site_url: str) -> dict[str, Any]:
    """What a site ships of ``check`` for the browser: nothing that names a right choice."""
    check_salt = salt(audience, site_url, check)
    # Every choice gets sealed feedback of one length (spaces pad it; the browser trims them), so
    # which choices carry feedback, often the wrong ones, cannot be read off the page either.
    width = max(len(choice.feedback.encode("utf-8")) for choice in check.choices) if check.choices else 0
    return {
        "id": check.id,
        "salt": check_salt,
        "digest": answer_digest(check_salt, check.answer),
        "feedback": [
            seal(feedback_key(check_salt, index), _padded(choice.feedback, width))
            for index, choice in enumerate(check.choices)
        ],
        "explanation": seal(explanation_key(check_salt, check.answer), check.explanation)
        if check.explanation
        else None,
    }
