"""The audit: search a built site for anything of another audience, and report each leak."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..speed.cache import Cache, digest
from .hidden import HiddenIndex
from .phrases import blocks_of_html

TEXT_SUFFIXES = (".html", ".htm", ".json", ".xml", ".js", ".txt", ".css", ".svg", ".webmanifest", ".gz")
"""Files read for text (``.gz``: a compressed sitemap)."""
_LOWERS_INTO_ASCII = (b"&#", "\u0130".encode(), "\u212a".encode())
"""Character references, and the only two characters that lower into ASCII letters (İ, the kelvin sign)."""
NAMESPACE = "audit"
MAX_ANCHORED = 2000
"""Largest index whose phrases are first looked for by one word each (see ``_may_hold_phrases``)."""
DIGEST_SIZE = 12
"""Bytes of a JSON string's digest: 96 bits, so that two strings never share one by chance."""
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
        looked for already. A JSON file (a search index holds the text of the whole site) also
        keeps the digests of its strings: when it changes, only its new strings are searched
        for everything.
        """
        cache = cache or Cache(None)
        signature = self.hidden.signature() if cache.root is not None else ""
        key = digest(self.audience, self.base_path)
        stored = cache.get(NAMESPACE, key) if signature else None
        before: dict = stored if isinstance(stored, dict) else {}
        verdicts: dict[str, list] = {}
        since: dict[str, Auditor] = {}

        def auditor_since(checked: str) -> Auditor:
            if checked not in since:
                older = HiddenIndex.outline(cache, checked)
                since[checked] = Auditor(self.hidden.added_since(older)) if older is not None else self
            return since[checked]

        leaks: list[Leak] = []
        for rel, path in _files(site_dir):
            if not signature:
                leaks.extend(self._audit_file(path, rel))
                continue
            data = path.read_bytes()
            content = hashlib.sha256(data).hexdigest()
            verdict = before.get(rel)
            verdict = verdict if isinstance(verdict, list) and len(verdict) in (2, 3) else [""] * 3
            strings = verdict[2] if len(verdict) == 3 and isinstance(verdict[2], str) else None
            if verdict[0] != content:
                if rel.endswith(".json"):
                    older = auditor_since(str(verdict[1])) if strings is not None and verdict[1] else self
                    found, strings = self._audit_json(path, rel, data, _unpack_digests(strings or ""), older)
                else:
                    found, strings = list(self._audit_file(path, rel, data)), None
            elif verdict[1] != signature:
                found = list(auditor_since(str(verdict[1]))._audit_file(path, rel, data))
            else:
                found = []
            leaks.extend(found)
            if not found:
                verdicts[rel] = [content, signature] if strings is None else [content, signature, strings]
        if signature and verdicts != before:
            cache.put(NAMESPACE, key, verdicts)
            # An index no verdict refers to is never read again: each edit would leave one behind.
            for older in {
                str(verdict[1]) for verdict in before.values() if isinstance(verdict, list) and len(verdict) > 1
            } - {signature}:
                HiddenIndex.forget(cache, older)
        return sorted(set(leaks))

    def _audit_file(self, path: Path, rel: str, data: bytes | None = None) -> Iterator[Leak]:
        """Leaks in one file, whose bytes are ``data`` when read already."""
        yield from self._own_path(rel)
        if path.suffix not in TEXT_SUFFIXES:
            return
        data = path.read_bytes() if data is None else data
        if path.suffix != ".gz" and not self._may_hold_phrases(data):  # compressed bytes tell nothing
            return
        text = _read_text(path, data)
        if text is None or not self._may_hold_phrases(text):
            return
        data = _parsed_json(text) if rel.endswith(".json") else None
        if data is None:
            yield from self._references(rel, text)
            yield from self._phrases_in(rel, blocks_of_html(text))
            return
        # One string at a time: a search index holds the text of the whole site, and all its
        # words at once would take several times the memory of the rest of the build.
        yield from self._in_strings(rel, list(_json_strings(data)))

    def _audit_json(
        self, path: Path, rel: str, data: bytes, known: set[bytes], older: Auditor
    ) -> tuple[list[Leak], str]:
        """Leaks in a JSON file, and the digests of its strings (packed, see ``_unpack_digests``).

        Strings whose digest is in ``known`` were found clean by ``older`` (an auditor for
        what was hidden since): only they are spared the search for everything.
        """
        parsed = _parsed_json(_read_text(path, data) or "")
        if parsed is None:
            return list(self._audit_file(path, rel, data)), ""
        leaks = list(self._own_path(rel))
        fresh: list[tuple[str | None, str]] = []
        seen: list[tuple[str | None, str]] = []
        digests: set[bytes] = set()
        for key, string in _json_strings(parsed):
            name = hashlib.blake2b(string.encode("utf-8"), digest_size=DIGEST_SIZE).digest()
            digests.add(name)
            (seen if name in known and older is not self else fresh).append((key, string))
        leaks += self._in_strings(rel, fresh)
        if seen and (older.paths or older.phrases) and older._may_hold_phrases("\n".join(s for _, s in seen)):
            leaks += older._in_strings(rel, seen)
        return leaks, b"".join(sorted(digests)).hex()

    def _in_strings(self, rel: str, strings: list[tuple[str | None, str]]) -> Iterator[Leak]:
        """Leaks in JSON strings (with their keys): references, then phrases, each string read as HTML."""
        yield from self._json_references(rel, strings)
        yield from self._phrases_in(rel, (block for _, string in strings for block in blocks_of_html(string)))

    def _json_references(self, rel: str, strings: list[tuple[str | None, str]]) -> Iterator[Leak]:
        """References to hidden paths in JSON strings: ``location`` values, links in HTML strings."""
        if not self.paths:
            return
        for key, string in strings:
            if key == "location":
                yield from self._refers_to(rel, self._site_path("", re.split(r"[#?]", string, maxsplit=1)[0]))
            elif "href" in string or "src" in string:
                yield from self._references(rel, string)

    def _own_path(self, rel: str) -> Iterator[Leak]:
        own = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        if own in self.paths:
            yield Leak(rel, f"is {self.paths[own]}, which '{self.audience}' must not receive")

    def _references(self, rel: str, text: str) -> Iterator[Leak]:
        if not self.paths:  # nothing to refer to: spare the search through a whole search index
            return
        folder = posixpath.dirname(rel)
        for match in _REFERENCE.finditer(text):
            reference = next(group for group in match.groups() if group is not None)
            yield from self._refers_to(rel, self._site_path("" if match.group(3) is not None else folder, reference))

    def _refers_to(self, rel: str, target: str) -> Iterator[Leak]:
        if target in self.paths:
            yield Leak(rel, f"refers to {target} ({self.paths[target]}), which '{self.audience}' must not see")

    def _phrases_in(self, rel: str, blocks: Iterable[list[str]]) -> Iterator[Leak]:
        for phrase, owner in self.phrases.find(blocks):
            yield Leak(rel, f'contains text of {owner}: "{" ".join(phrase)}"')

    def _may_hold_phrases(self, text: str | bytes) -> bool:
        """False when ``text`` cannot hold any phrase or hidden path, found cheaply.

        Worth it for a small index (what was hidden since the last build): one word of every
        phrase, plain ASCII so that it reads the same in HTML and in JSON, must occur in the
        text as it is. Without such words, or with hidden paths to look for, the text is read.
        A file's bytes are searched as they are, unless they hold what lowers into ASCII
        letters or hides words: then as text.
        """
        if self._anchors is None:
            return True
        if isinstance(text, bytes):
            if not any(mark in text for mark in _LOWERS_INTO_ASCII):
                lowered_bytes = text.lower()  # ASCII letters only: the others cannot make an anchor
                return any(anchor.encode() in lowered_bytes for anchor in self._anchors)
            text = text.decode("utf-8", "replace")
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


def _unpack_digests(packed: str) -> set[bytes]:
    """String digests kept as one hexadecimal text (a list of 80,000 would weigh ten times more)."""
    try:
        data = bytes.fromhex(packed)
    except ValueError:
        return set()
    return {data[start : start + DIGEST_SIZE] for start in range(0, len(data) - DIGEST_SIZE + 1, DIGEST_SIZE)}


def _read_text(path: Path, data: bytes) -> str | None:
    """The text of a file whose bytes are ``data`` (decompressed for ``.gz``), or None for no text."""
    if path.suffix == ".gz":
        try:
            return gzip.decompress(data).decode("utf-8", "replace")
        except (OSError, EOFError):
            return data.decode("utf-8", "replace")
    if path.suffix in TEXT_SUFFIXES:
        return data.decode("utf-8", "replace")
    return None


def _files(site_dir: Path) -> list[tuple[str, Path]]:
    """Every file under ``site_dir`` as (path relative to it, path), sorted."""
    found: list[tuple[str, Path]] = []
    folders = [(str(site_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    found.append((prefix + entry.name, Path(entry.path)))
    return sorted(found)


def _parsed_json(text: str) -> object | None:
    """The data of a JSON document, or None when it is not valid JSON (then it is read as text)."""
    try:
        return json.loads(text)
    except ValueError:
        return None


def _json_strings(data: object) -> Iterator[tuple[str | None, str]]:
    """Every string of parsed JSON (values only), in document order, with its key (None in a list)."""
    stack: list[tuple[str | None, object]] = [(None, data)]
    while stack:
        key, item = stack.pop()
        if isinstance(item, dict):
            stack.extend(reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((None, value) for value in reversed(item))
        elif isinstance(item, str):
            yield key, item


def _normalise(folder: str, reference: str) -> str:
    path = posixpath.normpath(posixpath.join("/" + folder, reference)).lstrip("/")
    if reference.endswith("/") and path:
        path += "/"
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path
