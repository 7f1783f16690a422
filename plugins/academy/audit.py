"""The audit: search a built site for anything of another audience, and report each leak."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .cache import Cache, digest
from .hidden import HiddenIndex
from .phrases import blocks_of_html

TEXT_SUFFIXES = (".html", ".htm", ".json", ".xml", ".js", ".txt", ".css", ".svg", ".webmanifest")
NAMESPACE = "audit"
MAX_ANCHORED = 2000
"""Largest index whose phrases are first looked for by one word each (see ``_may_hold_phrases``)."""
_REFERENCE = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#?]+)|<loc>\s*([^<\s]+)|"location"\s*:\s*"([^"#?]*)""")


@dataclass(frozen=True, order=True)
class Leak:
    """Something of another audience found in a built file."""

    file: str
    """The output file, relative to the site folder."""
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


class Auditor:
    """Looks for what one audience must not receive in its built output."""

    def __init__(self, hidden: HiddenIndex) -> None:
        self.hidden = hidden
        self.audience = hidden.audience
        self.base_path = hidden.base_path
        self.paths = hidden.paths
        self.phrases = hidden.phrases
        self._anchors = _anchors(hidden) if len(hidden.phrases) <= MAX_ANCHORED else None

    def audit(self, site_dir: Path, cache: Cache | None = None) -> list[Leak]:
        """Every leak in the built site at ``site_dir``.

        With a cache, the verdicts are kept: for each clean file, its content digest and the
        signature of the index it was found clean against. A file found clean against this very
        index is not read again; one found clean against an older index is searched only for
        what was added since (when the cache still holds that index), since everything else was
        looked for already.
        """
        cache = cache or Cache(None)
        signature = self.hidden.signature() if cache.root is not None else ""
        key = digest(self.audience, self.base_path)
        stored = cache.get(NAMESPACE, key) if signature else None
        before: dict = stored if isinstance(stored, dict) else {}
        verdicts: dict[str, list[str]] = {}
        since: dict[str, Auditor] = {}
        leaks: list[Leak] = []
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(site_dir).as_posix()
            if not signature:
                leaks.extend(self._audit_file(path, rel))
                continue
            content = hashlib.sha256(path.read_bytes()).hexdigest()
            verdict = before.get(rel)
            checked = str(verdict[1]) if isinstance(verdict, list) and verdict[:1] == [content] else ""
            if checked != signature:
                if checked and checked not in since:
                    older = HiddenIndex.stored(cache, checked)
                    since[checked] = Auditor(self.hidden.added_since(older)) if older is not None else self
                found = list((since[checked] if checked else self)._audit_file(path, rel))
                leaks.extend(found)
                if found:
                    continue
            verdicts[rel] = [content, signature]
        if signature and verdicts != before:
            cache.put(NAMESPACE, key, verdicts)
        return sorted(set(leaks))

    def _audit_file(self, path: Path, rel: str) -> Iterator[Leak]:
        own = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        if own in self.paths:
            yield Leak(rel, f"is {self.paths[own]}, which '{self.audience}' must not receive")
        text = _read_text(path)
        if text is None or not self._may_hold_phrases(text):
            return
        folder = posixpath.dirname(rel)
        for match in _REFERENCE.finditer(text):
            reference = next(group for group in match.groups() if group is not None)
            target = self._site_path("" if match.group(3) is not None else folder, reference)
            if target in self.paths:
                yield Leak(rel, f"refers to {target} ({self.paths[target]}), which '{self.audience}' must not see")
        blocks = _json_blocks(text) if rel.endswith(".json") else blocks_of_html(text)
        for phrase, owner in self.phrases.find(blocks):
            yield Leak(rel, f'contains text of {owner}: "{" ".join(phrase)}"')

    def _may_hold_phrases(self, text: str) -> bool:
        """False when ``text`` cannot hold any phrase or hidden path, found cheaply.

        Worth it for a small index (what was hidden since the last build): one word of every
        phrase, plain ASCII so that it reads the same in HTML and in JSON, must occur in the
        text as it is. Without such words, or with hidden paths to look for, the text is read.
        """
        if self._anchors is None:
            return True
        if "&#" in text:  # character references (as in obfuscated e-mail addresses) hide words
            text = html.unescape(text)
        lowered = text.lower()
        return any(anchor in lowered for anchor in self._anchors)

    def _site_path(self, folder: str, reference: str) -> str:
        """A reference made relative to the site root, in the form of ``page_url``."""
        reference = re.sub(r"^[a-z]+://[^/]+/", "/", reference)
        if reference.startswith(self.base_path):
            reference = "/" + reference[len(self.base_path) :]
        return _normalise(folder, reference)


def _anchors(hidden: HiddenIndex) -> set[str] | None:
    """The longest plain ASCII word of each phrase, or None when some phrase has none (or paths)."""
    if hidden.paths:
        return None
    anchors: set[str] = set()
    for phrase, _ in hidden.phrases.items():
        plain = [word for word in phrase if word.isascii()]
        if not plain:
            return None
        anchors.add(max(plain, key=len))
    return anchors


def _read_text(path: Path) -> str | None:
    if path.suffix == ".gz":
        try:
            return gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        except (OSError, EOFError):
            return path.read_bytes().decode("utf-8", "replace")
    if path.suffix in TEXT_SUFFIXES:
        return path.read_text(encoding="utf-8", errors="replace")
    return None


def _json_blocks(text: str) -> Iterator[list[str]]:
    """The words of every string of a JSON document, each string read as HTML.

    One string at a time: a search index holds the text of the whole site, and all its words
    at once would take several times the memory of the rest of the build.
    """
    try:
        data = json.loads(text)
    except ValueError:
        yield from blocks_of_html(text)
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(reversed(item.values()))
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, str):
            yield from blocks_of_html(item)


def _normalise(folder: str, reference: str) -> str:
    path = posixpath.normpath(posixpath.join("/" + folder, reference)).lstrip("/")
    if reference.endswith("/") and path:
        path += "/"
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path
