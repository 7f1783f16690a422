"""The audit: search a built site for anything of another audience, and report each leak."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .blocks import hidden_lines, parse_blocks, visible_lines
from .model import Academy
from .phrases import PhraseIndex, fingerprints, words_of_html, words_of_markdown
from .view import AudienceView

TEXT_SUFFIXES = (".html", ".htm", ".json", ".xml", ".js", ".txt", ".css", ".svg", ".webmanifest")
_REFERENCE = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#?]+)|<loc>\s*([^<\s]+)|"location"\s*:\s*"([^"#?]*)""")


@dataclass(frozen=True, order=True)
class Leak:
    """Something of another audience found in a built file."""

    file: str
    """The output file, relative to the site folder."""
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The site path MkDocs gives the page ``src`` (``courses/a/b.md`` → ``courses/a/b/``)."""
    stem, _ = posixpath.splitext(src)
    name = posixpath.basename(stem)
    folder = posixpath.dirname(stem)
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    if not use_directory_urls:
        return f"{stem}.html"
    return f"{stem}/"


class Auditor:
    """Knows what one audience must not receive, and looks for it in its output."""

    def __init__(
        self, academy: Academy, view: AudienceView, *, use_directory_urls: bool = True, base_path: str = "/"
    ) -> None:
        self.audience = view.audience.id
        self.base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        self.phrases = PhraseIndex()
        self.paths: dict[str, str] = {}
        """Site paths of hidden files (``courses/x/``, ``courses/x/img.png``) to their sources."""
        docs_rel = academy.settings.rel(academy.settings.docs_dir)
        for src, doc in academy.docs.items():
            if src in view.docs:
                continue
            self.paths[page_url(src, use_directory_urls)] = doc.source
            self._add_text(doc.source, words_of_markdown(f"{doc.title}\n\n{doc.description}\n\n{doc.body}"))
        for src in academy.assets:
            if src not in view.assets:
                self.paths[src] = f"{docs_rel}/{src}"
        for doc in view.docs.values():
            nodes, _ = parse_blocks(doc.body)
            hidden = "".join(line.text for line in hidden_lines(nodes, self.audience, doc.audiences))
            self._add_text(f"{doc.source} (a passage for other audiences)", words_of_markdown(hidden))
        visible_collections = {collection.id for collection, _ in view.collections}
        for collection in academy.collections.values():
            if collection.id not in visible_collections:
                badge = collection.badge.label if collection.badge else ""
                self._add_text(collection.source, words_of_markdown(f"{collection.title}\n\n{collection.description}"))
                self._add_text(collection.source, words_of_markdown(badge))
                self.paths[f"collections/{collection.id}/"] = collection.source
        for audience in academy.audiences.values():
            if audience.id != self.audience:
                self._add_text(audience.source, words_of_markdown(audience.title))
                self._add_text(audience.source, words_of_markdown(audience.description))
        self.phrases.discard_found_in(self._legitimate_texts(view))

    def _add_text(self, owner: str, words: list[str]) -> None:
        for phrase in fingerprints(words):
            self.phrases.add(phrase, owner)

    def _legitimate_texts(self, view: AudienceView) -> Iterator[list[str]]:
        audience = view.audience
        yield words_of_markdown(f"{audience.title}\n{audience.description}")
        if audience.hero:
            yield words_of_markdown(f"{audience.hero.title}\n{audience.hero.text}\n{audience.hero.cta_label}")
        for doc in view.docs.values():
            nodes, _ = parse_blocks(doc.body)
            body = "".join(line.text for line in visible_lines(nodes, self.audience, doc.audiences))
            yield words_of_markdown(f"{doc.title}\n\n{doc.description}\n\n{body}")
        for collection, _ in view.collections:
            yield words_of_markdown(f"{collection.title}\n\n{collection.description}")
            if collection.badge:
                yield words_of_markdown(collection.badge.label)
        for taxonomy in view.academy.settings.taxonomies.values():
            yield words_of_markdown(" ".join([taxonomy.label, *taxonomy.values.values()]))

    def audit(self, site_dir: Path) -> list[Leak]:
        """Every leak in the built site at ``site_dir``."""
        leaks: list[Leak] = []
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(site_dir).as_posix()
            leaks.extend(self._audit_file(path, rel))
        return sorted(set(leaks))

    def _audit_file(self, path: Path, rel: str) -> Iterator[Leak]:
        own = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        if own in self.paths:
            yield Leak(rel, f"is {self.paths[own]}, which '{self.audience}' must not receive")
        text = _read_text(path)
        if text is None:
            return
        folder = posixpath.dirname(rel)
        for match in _REFERENCE.finditer(text):
            reference = next(group for group in match.groups() if group is not None)
            target = self._site_path("" if match.group(3) is not None else folder, reference)
            if target in self.paths:
                yield Leak(rel, f"refers to {target} ({self.paths[target]}), which '{self.audience}' must not see")
        for phrase, owner in self.phrases.find(words_of_html(_json_text(text) if rel.endswith(".json") else text)):
            yield Leak(rel, f'contains text of {owner}: "{" ".join(phrase)}"')

    def _site_path(self, folder: str, reference: str) -> str:
        """A reference made relative to the site root, in the form of ``page_url``."""
        reference = re.sub(r"^[a-z]+://[^/]+/", "/", reference)
        if reference.startswith(self.base_path):
            reference = "/" + reference[len(self.base_path) :]
        return _normalise(folder, reference)


def _read_text(path: Path) -> str | None:
    if path.suffix == ".gz":
        try:
            return gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        except (OSError, EOFError):
            return path.read_bytes().decode("utf-8", "replace")
    if path.suffix in TEXT_SUFFIXES:
        return path.read_text(encoding="utf-8", errors="replace")
    return None


def _json_text(text: str) -> str:
    """The string values of a JSON document, joined (escapes resolved)."""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    parts: list[str] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            parts.append(item)
    return "\n".join(reversed(parts))


def _normalise(folder: str, reference: str) -> str:
    path = posixpath.normpath(posixpath.join("/" + folder, reference)).lstrip("/")
    if reference.endswith("/") and path:
        path += "/"
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path
