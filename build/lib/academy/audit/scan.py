"""The audit: every byte of a built site searched for what its audience must not receive.

Each output file, whatever its name, is accounted for: a file of the theme or a file the
audience may receive, copied as it is; or else read whole (decompressed, decoded, parsed:
text, attributes, scripts, styles, comments, JSON strings and keys) and searched for the
phrases of hidden text, for references to hidden paths, and for copies of hidden files.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.digests import digest
from . import blocks, matcher
from .blocks import BLOCK_LINE, block_key, read_block
from .index import _NUMBER, TOKENS, AuditIndex, blob, path_key
from .matcher import SEP, TOKEN
from .text import BREAK, markup_text, read_output, words
from .theme import is_theme_copy

NAMESPACE = "audit"
MERGED = 64 * 1024
"""Characters of blocks read together (see ``_blocks_of``) beyond which a page is read whole."""
KEPT_BLOCKS = 64 * 1024 * 1024
"""Characters of blocks kept read (a navigation block recurs on every page; most content never does)."""
Part = tuple[list[tuple[str, str | None]], dict[int, tuple[int, str]]]
"""References (with the folder they are relative to, None: the file's) and, per owner, the size
and words of its longest phrase found."""


@dataclass(frozen=True, order=True)
class Leak:
    """Something of another audience found in a built file."""

    file: str
    """The output file, relative to the site folder."""
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


class Auditor:
    """Searches one audience's built site for what it must not receive."""

    def __init__(
        self,
        index: AuditIndex,
        *,
        assets: dict[str, Path],
        theme: list[Path],
        host: str = "",
    ) -> None:
        """
        Args:
            index: what the audience must not receive.
            assets: the files it receives from ``docs_dir``, by site path, to their sources.
            theme: the folders whose files the theme copies into every site.
            host: the host of the site's URL, whose absolute references are the site's own.
        """
        self.index = index
        self.assets = assets
        self.theme = theme
        self.host = host.lower()
        self._singles = {anchor for anchor in index.phrases if len(anchor) == TOKEN}
        self._pairs: dict[bytes, list[tuple[bytes, int, int]]] = {
            anchor: [(phrase, owner, _offset(phrase, anchor)) for phrase, owner in entries]
            for anchor, entries in index.phrases.items()
            if len(anchor) == 2 * TOKEN
        }
        """Each anchoring pair to its phrases, their owners, and where in them the pair stands."""
        self._pair_set = {matcher.pair_of(anchor) for anchor in self._pairs}
        self._blocks: dict[str, Part | None] = {}
        """Blocks of pages read before, to what they hold (None: read the page whole)."""
        self._kept = 0
        self._owners: dict[str, set[int]] = {}
        self._pieces: dict[bytes, bool] = {}
        self._explained: dict[bytes, bool] = {}

    def audit(self, site_dir: Path, cache=None) -> list[Leak]:
        """Every leak in the built site at ``site_dir``.

        With a cache, a file found clean is not read again while its bytes and the index are
        unchanged.
        """
        signature = self.index.signature() if cache is not None and cache.root is not None else ""
        key = digest(self.index.audience, self.index.base_path)
        stored = cache.get(NAMESPACE, key) if signature else None
        before = stored if isinstance(stored, dict) and stored.get("signature") == signature else {}
        clean: dict[str, str] = {}
        leaks: list[Leak] = []
        for rel, path in _files(site_dir):
            data = path.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            if before.get("files", {}).get(rel) == sha:
                clean[rel] = sha
                continue
            found = self.audit_file(rel, data, sha)
            leaks.extend(found)
            if not found:
                clean[rel] = sha
        if signature and (before.get("files") != clean):
            cache.put(NAMESPACE, key, {"signature": signature, "files": clean})
        return sorted(set(leaks))

    def audit_file(self, rel: str, data: bytes, sha: str | None = None) -> list[Leak]:
        """The leaks of one output file at ``rel`` whose bytes are ``data``."""
        sha = sha or hashlib.sha256(data).hexdigest()
        leaks = [
            Leak(rel, f"is {self.index.owners[owner]}, which the audience must not receive")
            for owner in self._owners_of(rel)
        ]
        if sha in self.index.copies:
            leaks.append(
                Leak(
                    rel,
                    f"is a copy of {self.index.owners[self.index.copies[sha]]}, which the audience must not receive",
                )
            )
        source = self.assets.get(rel)
        if (source is not None and _same_bytes(source, data)) or is_theme_copy(rel, data, self.theme):
            return leaks
        folder = posixpath.dirname(rel)
        best: dict[int, tuple[int, str]] = {}
        self._phrases_in(words(rel), best)
        for references, found in self._parts(rel, data, blocks.take(rel)):
            for reference, base in references:
                for owner in self._owners_of(self._site_path(reference, folder if base is None else base)):
                    what = f"{reference} ({self.index.owners[owner]})"
                    leaks.append(Leak(rel, f"refers to {what}, which the audience must not see"))
            for owner, (size, shown) in found.items():
                if best.get(owner, (0, ""))[0] < size:
                    best[owner] = (size, shown)
        leaks += [
            Leak(rel, f'contains text of {self.index.owners[owner]}: "{shown}"') for owner, (_, shown) in best.items()
        ]
        return leaks

    def _parts(self, rel: str, data: bytes, known: dict[str, list]) -> list[Part]:
        """What a file holds, part by part: references and the longest hidden phrase of each owner.

        A page is read as its blocks, cut before each line that opens a block tag: pages share
        most blocks (header, navigation, footer), and a block read before is not read again.
        Cutting there reads every block as it reads within the page unless a block is
        ``open_ended``; then it is read with the blocks after it. ``known``: blocks read ahead
        (``blocks``).
        """
        text = markup_text(data, rel)
        cut = BLOCK_LINE.split(text) if text is not None else []
        if len(cut) > 1:
            parts = self._blocks_of(cut, known)
            if parts is not None:
                return parts
        reading = read_output(data, rel)
        best: dict[int, tuple[int, str]] = {}
        # A file is read a part at a time (phrases never cross segments): a search index holding
        # every page would otherwise be millions of words in memory at once.
        for part in reading.word_parts():
            self._phrases_in(part, best)
        references = [(reference, None) for reference in reading.references]
        return [(references + [(reference, "") for reference in reading.site_references], best)]

    def _blocks_of(self, cut: list[str], known: dict[str, list]) -> list[Part] | None:
        """The parts of a page's blocks. A block that may read on past its end (a script whose
        closing tag opens the next line, say) is read together with the blocks after it until it
        reads whole; None when that grows past ``MERGED`` characters or reaches the page's end
        (the page is then read whole)."""
        parts: list[Part] = []
        pending = ""
        for block in cut:
            block = pending + block
            part = self._block(block, known)
            if part is None:
                if len(block) > MERGED:
                    return None
                pending = block
                continue
            pending = ""
            parts.append(part)
        return None if pending else parts

    def _block(self, block: str, known: dict[str, list]) -> Part | None:
        if block in self._blocks:
            return self._blocks[block]
        ahead = known.get(block_key(block)) if known else None
        reading = blocks.reading(ahead) if ahead is not None else read_block(block)
        part = None
        if not reading.open_ended:
            best: dict[int, tuple[int, str]] = {}
            self._phrases_in(reading.words, best)
            part = ([(reference, None) for reference in reading.references], best)
        if self._kept < KEPT_BLOCKS:
            self._kept += len(block)
            self._blocks[block] = part
        return part

    def _owners_of(self, path: str | None) -> set[int]:
        if not path:
            return set()
        owners = self._owners.get(path)
        if owners is None:  # pages refer to the same few hundred paths thousands of times
            forms = {path, path.rstrip("/") + "/", path.removesuffix("index.html")}
            owners = {self.index.paths[key] for form in forms if (key := path_key(form)) in self.index.paths}
            self._owners[path] = owners
        return owners

    def _site_path(self, reference: str, folder: str) -> str | None:
        """A reference as a path of this site (``courses/x/``), or None when it leads elsewhere."""
        reference = reference.strip()
        parts = urlsplit(reference)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        if parts.netloc and parts.netloc.lower() != self.host:
            return None
        path = unquote(parts.path)
        if not path:
            return None
        if path.startswith("/") or parts.netloc:
            base = self.index.base_path
            path = path[len(base) :] if path.startswith(base) else path.lstrip("/")
            return _normal("", path)
        return _normal(folder, path)

    def _phrases_in(self, found: list[str], best: dict[int, tuple[int, str]]) -> None:
        """Hidden phrases among ``found`` words, into ``best``: per source, its longest phrase found
        (its length and its words). One pass: a phrase is looked for only where its anchoring pair stands.
        """
        text = SEP + blob(found) + SEP
        hits: list[tuple[bytes, int, int]] = []  # phrase, owner, position
        for anchor in self._singles.intersection(map(TOKENS.__getitem__, set(found))):
            hits += [(phrase, owner, text.find(phrase)) for phrase, owner in self.index.phrases[anchor]]
        get = self._pairs.get
        for word in matcher.places(matcher.words(text), self._pair_set):
            start = word * TOKEN
            entries = get(text[start : start + 2 * TOKEN])
            if entries:
                hits += [(p, owner, start - at) for p, owner, at in entries if text.startswith(p, start - at)]
        if not hits:
            return
        shown = ["", *(word if word != BREAK else "" for word in found), ""]
        for phrase, owner, at in hits:
            size = len(phrase) // TOKEN
            if best.get(owner, (0, ""))[0] < size and not self._legitimate(phrase):
                best[owner] = (size, " ".join(shown[at // TOKEN : at // TOKEN + size]))

    def _legitimate(self, phrase: bytes) -> bool:
        """Whether a phrase is legitimate words meeting across segments (see ``index``)."""
        if phrase not in self._explained:
            self._explained[phrase] = self._decomposes(phrase)
        return self._explained[phrase]

    def _decomposes(self, phrase: bytes) -> bool:
        count = len(phrase) // TOKEN
        if count < 2:
            return False

        def piece(start: int, end: int, before: bool, after: bool) -> bool:
            part = phrase[start * TOKEN : end * TOKEN]
            if all(part[i : i + TOKEN] == _NUMBER for i in range(0, len(part), TOKEN)):
                return True
            query = (SEP if before else b"") + part + (SEP if after else b"")
            if query not in self._pieces:
                self._pieces[query] = query in self.corpus()
            return self._pieces[query]

        # reach[end]: phrase[:end] is the end of a segment, then whole segments.
        reach = [False] * count
        for end in range(1, count):
            reach[end] = piece(0, end, False, True) or any(
                reach[middle] and piece(middle, end, True, True) for middle in range(1, end)
            )
        return any(reach[middle] and piece(middle, count, True, False) for middle in range(1, count))

    def corpus(self) -> bytes:
        """Every segment of legitimate text, as one text of digests."""
        return self.index.legitimate


def _offset(phrase: bytes, anchor: bytes) -> int:
    """Where ``anchor`` stands in ``phrase``, at a word's start."""
    at = phrase.find(anchor)
    while at % TOKEN:
        at = phrase.find(anchor, at + 1)
    return at


def _same_bytes(source: Path, data: bytes) -> bool:
    try:
        return source.stat().st_size == len(data) and source.read_bytes() == data
    except OSError:
        return False


def _normal(folder: str, reference: str) -> str:
    path = posixpath.normpath(posixpath.join("/" + folder, reference)).lstrip("/")
    if reference.endswith("/") and path:
        path += "/"
    return path


def _files(site_dir: Path) -> list[tuple[str, Path]]:
    """Every file under ``site_dir`` as (path relative to it, path), sorted; links are read as files."""
    found: list[tuple[str, Path]] = []
    for current, _, files in os.walk(site_dir):
        for name in files:
            path = Path(current) / name
            found.append((path.relative_to(site_dir).as_posix(), path))
    return sorted(found)
