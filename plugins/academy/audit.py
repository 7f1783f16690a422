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
from .phrases import Blocks, PhraseIndex, blocks_of_html, blocks_of_markdown
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
            self._add_text(doc.source, [*blocks_of_markdown(doc.title), *blocks_of_markdown(doc.description)])
            self._add_text(doc.source, blocks_of_markdown(doc.body))
        for src in academy.assets:
            if src not in view.assets:
                self.paths[src] = f"{docs_rel}/{src}"
        for doc in view.docs.values():
            nodes, _ = parse_blocks(doc.body)
            hidden = "".join(line.text for line in hidden_lines(nodes, self.audience, doc.audiences))
            self._add_text(f"{doc.source} (a passage for other audiences)", blocks_of_markdown(hidden))
        visible_collections = {collection.id for collection, _ in view.collections}
        for collection in academy.collections.values():
            if collection.id not in visible_collections:
                badge = collection.badge.label if collection.badge else ""
                texts = (collection.title, collection.description, badge)
                self._add_text(collection.source, [block for text in texts for block in blocks_of_markdown(text)])
                self.paths[f"collections/{collection.id}/"] = collection.source
        for audience in academy.audiences.values():
            if audience.id != self.audience:
                texts = (audience.title, audience.description)
                self._add_text(audience.source, [block for text in texts for block in blocks_of_markdown(text)])
        self.phrases.discard_found_in(self._legitimate_texts(view))

    def _add_text(self, owner: str, blocks: Blocks) -> None:
        self.phrases.add_blocks(blocks, owner)

    def _legitimate_texts(self, view: AudienceView) -> Iterator[Blocks]:
        audience = view.audience
        texts = [audience.title, audience.description]
        if audience.hero:
            texts += [audience.hero.title, audience.hero.text, audience.hero.cta_label]
        for doc in view.docs.values():
            nodes, _ = parse_blocks(doc.body)
            texts += [doc.title, doc.description]
            yield blocks_of_markdown("".join(line.text for line in visible_lines(nodes, self.audience, doc.audiences)))
        for collection, _ in view.collections:
            texts += [collection.title, collection.description, collection.badge.label if collection.badge else ""]
        for taxonomy in view.academy.settings.taxonomies.values():
            texts += [taxonomy.label, *taxonomy.values.values()]
        yield [block for text in texts for block in blocks_of_markdown(text)]

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
        blocks = _json_blocks(text) if rel.endswith(".json") else blocks_of_html(text)
        for phrase, owner in self.phrases.find(blocks):
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


def _json_blocks(text: str) -> Blocks:
    """The words of every string of a JSON document, each string read as HTML."""
    try:
        data = json.loads(text)
    except ValueError:
        return blocks_of_html(text)
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
    return [block for part in reversed(parts) for block in blocks_of_html(part)]


def _normalise(folder: str, reference: str) -> str:
    path = posixpath.normpath(posixpath.join("/" + folder, reference)).lstrip("/")
    if reference.endswith("/") and path:
        path += "/"
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path
