"""The content model: courses, lessons, pages, assets, collections and audiences, parsed once.

Who may read each source is decided once, at load (``visibility``), and kept on it as its
``readers``; every consumer asks that answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .checks import Check
from .digests import text_digest
from .markdown import MarkdownSetup
from .passages import Passages
from .taxonomy import Taxonomy

EVERYONE = "*"
"""Stands in an asset's readers when every audience may receive it."""


@dataclass(frozen=True)
class RibbonStyle:
    """How a ribbon looks: its label and background colour."""

    label: str
    colour: str


@dataclass(frozen=True)
class Settings:
    """Everything the model needs from ``mkdocs.yml``, with MkDocs kept out of it."""

    root: Path
    """The folder holding ``mkdocs.yml``; problems name files relative to it."""
    docs_dir: Path
    audiences_dir: Path
    collections_dir: Path
    taxonomies: Mapping[str, Taxonomy] = field(default_factory=dict)
    default_audiences: tuple[str, ...] = ()
    ribbons: Mapping[str, RibbonStyle] = field(default_factory=dict)
    ribbon_window_days: int = 30
    build_date: dt.date | None = None
    """The date ``new`` and ``updated`` ribbons are measured from (``SOURCE_DATE_EPOCH``)."""
    markdown: MarkdownSetup = field(default_factory=MarkdownSetup)
    """The Markdown extensions the site renders with: pages are read with the same parser."""
    use_directory_urls: bool = True
    generated_pages: Mapping[str, str] = field(default_factory=dict)
    """Site paths of the pages Academy generates (``catalog/``), each with what it is."""
    generated_folders: Mapping[str, str] = field(default_factory=dict)
    """Site folders Academy fills itself (``collections/``), each with what it holds."""
    templates: frozenset[str] | None = None
    """The theme's templates (``main.html``, ``blog.html`` …) a page may name; None: not known."""

    def rel(self, path: Path) -> str:
        """A path as authors see it: relative to the project root, with ``/``."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass(frozen=True)
class Link:
    """A reference from a page to a file of ``docs_dir`` (a link, an image, a video poster …)."""

    line: int
    """The body line the reference is written on (1-based)."""
    target: str
    """The ``src`` of the file it points at, e.g. ``courses/api/index.md``."""
    written: str
    """The reference as the author wrote it."""


@dataclass(frozen=True)
class Reading:
    """What one audience reads of a page: its Markdown, the title it gives, the files it uses."""

    markdown: str
    """The body with passages for other audiences removed."""
    title: str | None
    """The text of the page's opening level-1 heading, if it opens with one."""
    links: tuple[Link, ...] = ()
    html: str = ""
    """The Markdown as the site's extensions write it: the text the audience reads, as the isolation
    audit compares output with. Read by the parser, links are not yet rewritten nor code
    highlighted; read from its rendering in a build (``speed.prerender.RenderingReader``), it is
    the rendering itself."""
    checks: tuple[Check, ...] = ()
    """The knowledge checks the audience reads, lines as body lines (``checks``)."""

    @cached_property
    def digest(self) -> str:
        return text_digest(self.markdown)


@dataclass
class Doc:
    """A Markdown file of ``docs_dir``: a course overview, a lesson or a plain page."""

    src: str
    """Path relative to ``docs_dir`` (MkDocs' ``src_uri``)."""
    source: str
    """Path relative to the project root, for messages."""
    kind: str
    """``course``, ``lesson`` or ``page``."""
    front_title: str = ""
    """The ``title`` of the front matter (empty when the page takes it from its heading)."""
    description: str = ""
    audiences: frozenset[str] = frozenset()
    """The audiences the page is written for, after defaults and inheritance (drafts included)."""
    readers: frozenset[str] = frozenset()
    """Who may read it: ``audiences``, or nobody for a draft (see ``visibility``)."""
    draft: bool = False
    body: str = ""
    body_line: int = 1
    meta_lines: Mapping[str, int] = field(default_factory=dict)
    course_id: str | None = None
    id: str = ""
    """Stable id: course id for courses, file stem for lessons, src for pages."""
    front: str | None = None
    """The front matter as written, or None."""
    meta: Mapping[str, Any] = field(default_factory=dict)
    """The front matter as read (plain dicts and lists)."""
    body_lines: tuple[int, ...] | None = None
    """With snippets included: the line of the body as written that each body line comes from."""
    inclusions: tuple[Any, ...] = ()
    """With snippets included: which lines included which files (``snippets.Inclusion``)."""
    passages: Passages = field(default_factory=Passages)
    """The page's audience blocks, as the Markdown parser reads them."""
    readings: dict[str, Reading] = field(default_factory=dict)
    """What each reader reads of the page (none for a draft)."""
    assessment: bool = False
    """A lesson that is its course's final assessment (``assessment: true``)."""
    pass_mark: int | None = None
    """Percent of the page's checks to answer right, as its front matter sets it (a course's: for its lessons)."""

    @cached_property
    def body_digest(self) -> str:
        """A SHA-256 of the body (a body is not changed once read)."""
        return text_digest(self.body)

    def source_line(self, line: int) -> int:
        """The line of the file that body line ``line`` (1-based) comes from."""
        if self.body_lines is not None and 1 <= line <= len(self.body_lines):
            line = self.body_lines[line - 1]
        return line + self.body_line - 1

    def title_for(self, audience: str) -> str:
        """The page's title as ``audience`` sees it: front matter, else its heading, else its name.

        A heading inside a passage for others never titles the page for this audience.
        """
        reading = self.readings.get(audience)
        return self.front_title or (reading.title if reading else None) or self.fallback_title

    @property
    def fallback_title(self) -> str:
        """The title MkDocs makes from the file name."""
        name = Path(self.src).stem
        title = name.replace("-", " ").replace("_", " ")
        return title.capitalize() if title.lower() == title else title


@dataclass
class Lesson:
    """A lesson: one Markdown file beside a course's ``index.md``."""

    id: str
    doc: Doc
    duration: int | None = None


@dataclass
class Course:
    """A course: a folder under ``courses/`` with an ``index.md`` carrying its metadata."""

    id: str
    doc: Doc
    folder: str
    """Folder relative to ``docs_dir``, e.g. ``courses/approval-workflows``."""
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Taxonomy id to the values the course has, in declared order."""
    duration: int | None = None
    """Minutes, for the whole course."""
    tags: tuple[str, ...] = ()
    ribbons: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    item_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    """Lines of list items (``prerequisites``), for precise errors."""
    published: dt.date | None = None
    """First publication; a course is ``new`` for ``ribbons_window`` days after it."""
    updated: dt.date | None = None
    lessons: list[Lesson] = field(default_factory=list)
    lesson_order: tuple[str, ...] | None = None
    """The ``lessons:`` list of the front matter, when the course orders its lessons."""

    @property
    def title(self) -> str:
        return self.doc.front_title

    @property
    def description(self) -> str:
        return self.doc.description

    @property
    def readers(self) -> frozenset[str]:
        return self.doc.readers


@dataclass(frozen=True)
class Asset:
    """A file of ``docs_dir`` that is not Markdown: an image, a download, a diagram."""

    src: str
    path: Path
    readers: frozenset[str]
    """Who may receive it (``EVERYONE`` among them when every audience may)."""

    def reaches(self, audience: str) -> bool:
        """Whether ``audience`` may receive the file."""
        return audience in self.readers or EVERYONE in self.readers


@dataclass(frozen=True)
class Badge:
    """A collection's badge: earned when every course of the collection is complete."""

    label: str
    icon: str
    colour: str
    criteria: str = ""
    """What a learner does to earn it, as the Open Badges definitions word it (empty: the default)."""
    claim_url: str = ""
    """An external issuer's page where the learner claims a signed credential (empty: none)."""


@dataclass
class Collection:
    """A collection or learning path, from ``collections/<id>.yml``."""

    id: str
    source: str
    title: str
    description: str
    audiences: frozenset[str]
    courses: tuple[str, ...] = ()
    """Explicitly listed course ids, in order."""
    select: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Taxonomy rules: a course matches when it has one of the values of every key."""
    badge: Badge | None = None
    ribbon: str | None = None
    path: bool = False
    lines: Mapping[str, int] = field(default_factory=dict)
    item_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    """Lines of list items (``courses``, ``audiences``), for precise errors."""
    readers: frozenset[str] = frozenset()
    """Who may see it: its audiences (or the defaults), known ones only."""


@dataclass(frozen=True)
class Issuer:
    """Who issues an audience's badges in its Open Badges definitions (``badges.issuer``)."""

    name: str = ""
    url: str = ""
    email: str = ""


@dataclass(frozen=True)
class Hero:
    """The home page's hero: a title, a sentence and a call to action."""

    title: str
    text: str
    cta_label: str = ""
    cta_url: str = ""


@dataclass(frozen=True)
class Xapi:
    """Where an audience's xAPI statements go and how the learner is named (``xapi:``)."""

    endpoint: str
    auth: str
    actor_from: str
    actor_name: str
    home_page: str


@dataclass(frozen=True)
class Question:
    """A question of a recommendation quiz, with its answers (id to text) in the order offered."""

    id: str
    text: str
    answers: Mapping[str, str]
    line: int = 0


@dataclass(frozen=True)
class Rule:
    """If every question of ``when`` has one of its answers, recommend these collections."""

    when: Mapping[str, tuple[str, ...]]
    recommend: tuple[str, ...]
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict)
    """The line of each key of the rule and of its ``when``, for precise errors."""


@dataclass(frozen=True)
class Quiz:
    """An audience's recommendation quiz: the first rule matching the answers decides, else ``otherwise``."""

    title: str
    intro: str
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...] = ()
    otherwise: tuple[str, ...] = ()
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict)


@dataclass
class Audience:
    """One output site, from ``audiences/<id>.yml``."""

    id: str
    source: str
    title: str
    description: str = ""
    site_url: str = ""
    palette: Mapping[str, str] = field(default_factory=dict)
    palette_lines: Mapping[str, int] = field(default_factory=dict)
    """Line of each palette key (``primary``, ``accent``, ``scheme``), for warnings."""
    logo: Path | None = None
    favicon: Path | None = None
    hero: Hero | None = None
    featured: tuple[str, ...] = ()
    progress: bool = True
    lines: Mapping[str, int] = field(default_factory=dict)
    quiz: Quiz | None = None
    """The recommendation quiz (``recommend:``), if the audience has one."""
    xapi: Xapi | None = None
    """Where learners' browsers send xAPI statements; None (the default) sends nothing."""
    cmi5: bool = False
    """Whether the site's pages follow the cmi5 launch sequence when an LMS launches them."""
    issuer: Issuer = field(default_factory=Issuer)
    """The badges' issuer as written (``badges.issuer``); empty values fall back to the site's."""
    claim_url: str = ""
    """The default claim page of every badge (``badges.claim_url``)."""
    badges_line: int = 0
    """The line of ``badges:`` (0 when the file has none), for messages."""


@dataclass
class Academy:
    """The whole validated source tree."""

    settings: Settings
    audiences: dict[str, Audience] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    collections: dict[str, Collection] = field(default_factory=dict)
    docs: dict[str, Doc] = field(default_factory=dict)
    """Every Markdown file of ``docs_dir`` by ``src``."""
    assets: dict[str, Asset] = field(default_factory=dict)
    """Every other file of ``docs_dir`` by ``src``."""
