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

from .. import __version__
from ..core.digests import digest
from . import blocks, matcher, record
from .blocks import block_key, read_block, split_blocks
from .index import _NUMBER, TOKENS, AuditIndex, blob, path_key
from .matcher import SEP, TOKEN
from .text import BREAK, Reading, as_it_stands, json_chunks, read_json_strings, read_output, words
from .theme import is_theme_copy

NAMESPACE = "audit"
MERGED = 64 * 1024
"""Characters of blocks read together (see ``_blocks_of``) beyond which a page is read whole."""
KEPT_BLOCKS = 64 * 1024 * 1024
"""Characters of blocks kept read (a navigation block recurs on every page; most content never does)."""
SHORT_BLOCK = 200
"""Characters of a block of content short enough to be kept read (see ``_block``)."""
KEPT_TARGETS = 20_000
"""References whose targets are kept (every page repeats the theme's and the navigation's; a
search index holds one per section, each met once)."""
_NOBODY: frozenset[int] = frozenset()
"""The owners of a path of the audience's own: one set for the thousands of such paths a site refers to."""
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
        self._met: set[int] = set()
        """Hashes of the blocks met once (``_block``)."""
        self._owners: dict[str, frozenset[int]] = {}
        self._targets: dict[str, tuple[bool, str] | None] = {}
        """References met, to where they lead (``_target``)."""
        self._pieces: dict[bytes, bool] = {}
        self._corpus: bytes | None = None
        self._explained: dict[bytes, bool] = {}
        self._vocabulary: record.Vocabulary | None = None
        """Every text read, while the audit keeps a record (``record``)."""
        self._references: set[bytes] = set()
        """Digests of every site path met."""
        self._copied: set[str] = set()
        """Files found to be copies of the theme's or the audience's own files (not read)."""
        self._trusted_chunks: set[int] = set()
        """Chunks of JSON documents the record found clean, still clean (``_still_clean``)."""
        self._clean_chunks: set[int] = set()
        """Chunks of JSON documents found clean by this audit, or trusted and met again."""

    def audit(self, site_dir: Path, cache=None) -> list[Leak]:
        """Every leak in the built site at ``site_dir``.

        With a cache, the audit keeps a record of what it found (``record``): the next audit of
        the site reads only the files whose bytes changed, unless the index changed in a way
        the unchanged files could show.
        """
        keep = cache is not None and cache.root is not None
        # A file found clean is clean as this version reads it: another version reads again.
        key = digest(NAMESPACE, record.FORMAT, __version__, self.index.audience, self.index.base_path, self.host)
        known = None
        trusted: dict[str, str] | None = None
        before = None
        if keep:
            self._vocabulary = record.Vocabulary()
            phrases = record.hidden_phrases(self.index.phrases)
            keys = record.phrase_keys(phrases)  # in the order of ``phrases``
            known = record.distinct(keys)
            stored = cache.get_bytes(NAMESPACE, key)
            before = record.Record.from_bytes(stored) if stored is not None else None
            if before is not None:
                trusted = self._still_clean(before, record.new_phrases(before.phrases, phrases, keys), known)
            del phrases, keys
        clean: dict[str, str] = {}
        leaks: list[Leak] = []
        for rel, path in site_files(site_dir):
            data = path.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            if trusted and trusted.get(rel) == sha and sha not in self.index.copies:
                clean[rel] = sha
                continue
            found = self.audit_file(rel, data, sha)
            leaks.extend(found)
            if not found and rel not in self._copied:  # a copy is compared again every time, not trusted
                clean[rel] = sha
        if keep:
            now = self._record(clean, known)
            if trusted is not None:  # what files and chunks not read again could hold is known from before
                now = before.merged(now)
            cache.put_bytes(NAMESPACE, key, now.to_bytes())
        return sorted(set(leaks))

    def _record(self, clean: dict[str, str], known) -> record.Record:
        """What this audit found: its clean files, and what the files it read could hold."""
        import numpy as np

        words, pairs, quads = self._vocabulary.arrays()
        return record.Record(
            files=clean,
            phrases=known,
            paths={path.hex() for path in self.index.paths},
            references={reference.hex() for reference in self._references},
            explained={phrase for phrase, explained in self._explained.items() if explained},
            chunks=np.array(sorted(self._clean_chunks), dtype=np.uint64),
            words=words,
            pairs=pairs,
            quads=quads,
        )

    def _still_clean(self, before: record.Record, new: list[bytes], known) -> dict[str, str] | None:
        """The files ``before`` found clean that are clean against this index too while their
        bytes are the same; None when the index holds anything new that the site could show.

        ``new``: the index's phrases ``before`` did not hold; ``known``: the keys of all of them.
        """
        if before.may_hold(new):
            return None
        if any(path.hex() not in before.paths and path.hex() in before.references for path in self.index.paths):
            return None
        # An explained phrase still in the index must still be explained (one that shares a key
        # with a phrase of the index is checked too: that only costs a check).
        if not all(self._legitimate(phrase) for phrase in record.held(known, list(before.explained))):
            return None
        self._trusted_chunks = set(before.chunks.tolist())
        return before.files

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
            self._copied.add(rel)
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
        text, document = as_it_stands(data, rel)
        if document is not None:
            return self._json_parts(document, posixpath.dirname(rel))
        cut = split_blocks(text) if text is not None else []
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

    def _json_parts(self, document: object, folder: str) -> list[Part]:
        """The parts of a JSON document, a chunk of its strings each (phrases never cross strings).

        A chunk found clean before, by this audit or by the last one while its record holds
        (``_still_clean``), is not read again: a search index changes by the entries of the
        pages that changed.
        """
        parts: list[Part] = []
        for strings in json_chunks(document):
            key = _chunk_key(strings)
            if key in self._clean_chunks:
                continue
            if key in self._trusted_chunks:
                self._clean_chunks.add(key)
                continue
            reading = read_json_strings(strings, Reading())
            best: dict[int, tuple[int, str]] = {}
            for words_part in reading.word_parts():
                self._phrases_in(words_part, best)
            references = [(reference, None) for reference in reading.references]
            references += [(reference, "") for reference in reading.site_references]
            # Only references to hidden paths are handed on: the others are resolved once, here.
            hidden = [
                (reference, base)
                for reference, base in references
                if self._owners_of(self._site_path(reference, folder if base is None else base))
            ]
            if best or hidden:
                parts.append((hidden, best))
            else:
                self._clean_chunks.add(key)
        return parts

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
        # A long block read with the rendering is a page's own paragraph, met once: keeping it
        # would hold a site's text in memory for nothing. The frame's blocks recur on every
        # page, and so do the short ones of content (a list's opening line, a table's); a block
        # is kept when it is met again (most are a page's own: its title, its place in the menu).
        if (ahead is None or len(block) <= SHORT_BLOCK) and self._kept < KEPT_BLOCKS:
            seen = hash(block)
            if seen in self._met:
                self._kept += len(block)
                self._blocks[block] = part
            else:
                self._met.add(seen)
        return part

    def _owners_of(self, path: str | None) -> frozenset[int]:
        if not path:
            return _NOBODY
        owners = self._owners.get(path)
        if owners is None:  # pages refer to the same few hundred paths thousands of times
            keys = {path_key(form) for form in (path, path.rstrip("/") + "/", path.removesuffix("index.html"))}
            self._references |= keys
            owners = frozenset(self.index.paths[key] for key in keys if key in self.index.paths) or _NOBODY
            self._owners[path] = owners
        return owners

    def _site_path(self, reference: str, folder: str) -> str | None:
        """A reference as a path of this site (``courses/x/``), or None when it leads elsewhere."""
        target = self._targets.get(reference, False)
        if target is False:
            target = self._target(reference)
            if len(self._targets) < KEPT_TARGETS:
                self._targets[reference] = target
        if target is None:
            return None
        relative, path = target
        return _normal(folder, path) if relative else path

    def _target(self, reference: str) -> tuple[bool, str] | None:
        """Where a reference leads, whatever page holds it: (True, a path relative to the page's
        folder) or (False, a path of the site); None when it leads elsewhere."""
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
            return False, _normal("", path)
        return True, path

    def _phrases_in(self, found: list[str], best: dict[int, tuple[int, str]]) -> None:
        """Hidden phrases among ``found`` words, into ``best``: per source, its longest phrase found
        (its length and its words). One pass: a phrase is looked for only where its anchoring pair stands.
        """
        text = SEP + blob(found) + SEP
        if self._vocabulary is not None:
            self._vocabulary.add(text)
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
        """Every segment of legitimate text, as one text of digests (joined once, when first asked:
        most audits never ask, and the index keeps its texts apart)."""
        if self._corpus is None:
            self._corpus = self.index.legitimate
        return self._corpus


def _chunk_key(strings: list[str]) -> int:
    """A 64-bit digest of a chunk of strings (each with its length: no two chunks read alike)."""
    hasher = hashlib.blake2b(digest_size=8)
    for item in strings:
        data = item.encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "little") + data)
    return int.from_bytes(hasher.digest(), "little")


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


def site_files(site_dir: Path) -> list[tuple[str, Path]]:
    """Every file under ``site_dir`` as (path relative to it, path), sorted; links are read as files."""
    found: list[tuple[str, Path]] = []
    for current, _, files in os.walk(site_dir):
        for name in files:
            path = Path(current) / name
            found.append((path.relative_to(site_dir).as_posix(), path))
    return sorted(found)
