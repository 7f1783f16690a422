"""What each file an author writes may hold, declared once.

``academy check`` reads front matter, collection files and audience files through these
definitions (``fields.read_fields``), and ``academy schema`` turns the same definitions into JSON
Schemas (``schema``), so an editor and the check agree on what is valid.

Some allowed sets are known only at run time: audience ids come from ``audiences/``, taxonomy
values and ribbons from ``mkdocs.yml``. A field names such a set (``Field.allowed`` is a
string) and a ``Vocabulary`` supplies it; the generic schemas shipped in the package are made
with an empty vocabulary, where those fields only need to be ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from .taxonomy import Taxonomy
from .values import HEX_COLOUR, HIDE_VALUES, ICON_NAME, ID_PATTERN, PALETTE_COLOURS, PALETTE_SCHEMES, TEMPLATE_NAME

TEXT, ID, FLAG, IDS, DATE, DURATION, NUMBER, PERCENT, MAPPING, LIST, KEYED = (
    "text", "id", "flag", "ids", "date", "duration", "number", "percent", "mapping", "list", "keyed",
)  # fmt: skip
"""Kinds of field; ``fields.FieldReader`` has one reading method for each."""

BADGE_ICONS = ("award", "book", "chart", "code", "handshake", "rocket", "shield", "star", "wrench")
"""Icons a badge may carry; each is drawn into the badge's SVG."""
AUDIENCE, RIBBON = "audience", "ribbon"
"""Names of the allowed sets a ``Vocabulary`` supplies (and ``taxonomy:<id>`` for each taxonomy)."""
URL, SITE_URL = "url", "site_url"
"""Names of the URL checks of ``values`` a text field may use."""


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its kind, whether it is needed, and what values it allows."""

    name: str
    kind: str
    description: str
    required: bool = False
    """The key must be there."""
    blank_is_missing: bool = True
    """For a required text: a key with no value counts as missing."""
    allowed: tuple[str, ...] | str | None = None
    """Allowed values: fixed, or the name of a run-time set (``AUDIENCE``, ``taxonomy:roles`` …)."""
    what: str = ""
    """The noun of "unknown <what> 'x'" (for a mapping: of "unknown <what> key 'x'")."""
    blank: bool = True
    """For a text with allowed values or a pattern: an empty value is fine."""
    pattern: str | None = None
    """For a text: a regular expression the value must match (Python and ECMA-262 alike)."""
    message: str = ""
    """The problem when the pattern does not match, formatted with ``value``."""
    url: str | None = None
    """For a text: the URL check it must pass (``URL`` or ``SITE_URL``)."""
    one: bool = False
    """For ids: at most one value (a taxonomy without ``many``)."""
    cross_file: str = ""
    """What ``validate`` also checks across files, which no schema of one file can express."""
    set_checked_later: bool = False
    """For ids with allowed values: the reader checks only that each is an id, ``validate`` the set."""
    default: object = None
    """For a flag: its value when the key is not there."""
    fallback_for: str = ""
    """Read only when the field of this name is empty (``color`` for ``colour``)."""
    fields: tuple[Field, ...] = ()
    """For a mapping or each mapping of a list: its own fields; for a keyed mapping: the one field of each value."""
    min_items: int = 0
    """For a list or a keyed mapping: how many items it needs at least."""


@dataclass(frozen=True)
class Vocabulary:
    """The allowed sets known only at run time; None where unknown (the generic schemas)."""

    audiences: tuple[str, ...] | None = None
    ribbons: tuple[str, ...] | None = None
    taxonomies: Mapping[str, Taxonomy] | None = None

    def allowed(self, spec: tuple[str, ...] | str | None) -> tuple[str, ...] | None:
        """The values a field allows, or None when any id will do."""
        if spec is None or isinstance(spec, tuple):
            return spec
        if spec == AUDIENCE:
            return self.audiences
        if spec == RIBBON:
            return None if self.ribbons is None else tuple(dict.fromkeys((*self.ribbons, "new", "updated")))
        taxonomy = (self.taxonomies or {}).get(spec.removeprefix("taxonomy:"))
        return tuple(taxonomy.values) if taxonomy is not None else None


def _anchorless(pattern: str) -> str:
    return pattern.removeprefix("^").removesuffix("$")


ID_SCHEMA_PATTERN = _anchorless(ID_PATTERN.pattern)
"""Ids as a pattern without anchors, for the schemas."""

TITLE = Field("title", TEXT, "The title shown on cards, in navigation and in search.")
DESCRIPTION = Field("description", TEXT, "One or two sentences shown on cards and in the catalog.")
DRAFT = Field("draft", FLAG, "true keeps this page out of every site.")
DOC_AUDIENCES = Field(
    "audiences",
    IDS,
    "The audiences that see this page (default: default_audiences).",
    allowed=AUDIENCE,
    what="audience",
)
DURATION_FIELD = Field("duration", DURATION, "Minutes it takes: 45, or like '1h 30m'.")
PASS_MARK = Field(
    "pass_mark", PERCENT, "Percent of a lesson's knowledge checks to answer right to complete it (default 80).",
    message="'pass_mark' must be a whole number from 0 to 100, not '{value}'",
)  # fmt: skip

THEME_FIELDS = (
    Field("hide", IDS, "Parts of Material's layout to hide on this page.", allowed=HIDE_VALUES, what="'hide' value"),
    Field(
        "icon", TEXT, "A Material icon for the page, such as material/rocket-launch.",
        pattern=_anchorless(ICON_NAME.pattern),
        message="'icon' must name a Material icon such as material/rocket-launch, not '{value}'",
    ),
    Field(
        "template", TEXT, "The theme template this page is rendered with, such as main.html.",
        pattern=_anchorless(TEMPLATE_NAME.pattern),
        message="'template' must name a theme template such as main.html, not '{value}'",
    ),
    Field("status", IDS, "Material's page status (an id declared in extra.status)."),
    Field("subtitle", TEXT, "Material's subtitle in navigation."),
    Field(
        "search", MAPPING, "Material's search settings for this page.", what="'search'",
        fields=(
            Field("exclude", FLAG, "true leaves this page out of search."),
            Field(
                "boost", NUMBER, "Ranks this page higher (above 1) or lower (below 1) in search.",
                message="'search.boost' must be a positive number, not '{value}'",
            ),
        ),
    ),
    Field("comments", FLAG, "Material's comments on this page."),
    Field("authors", IDS, "Material's authors of this page."),
)  # fmt: skip
"""Front-matter keys that belong to MkDocs or Material and pass through, checked where Material trusts them."""


def taxonomy_field(taxonomy: Taxonomy) -> Field:
    """The course front-matter field of one taxonomy."""
    return Field(
        taxonomy.id,
        IDS,
        f"{taxonomy.label}: {'one or more' if taxonomy.many else 'one'} of the values declared in mkdocs.yml.",
        required=taxonomy.required,
        allowed=f"taxonomy:{taxonomy.id}",
        what=f"{taxonomy.id} value",
        one=not taxonomy.many,
    )


COURSE_FIELDS = (
    Field(
        "id", ID, "The course's stable id (default: its folder name).",
        message="course id '{value}' must use lowercase letters, digits, '-' and '_' "
        "(rename the folder or set 'id:')",
    ),
    Field("title", TEXT, TITLE.description, required=True, blank_is_missing=False),
    DESCRIPTION,
    DOC_AUDIENCES,
    DURATION_FIELD,
    Field("tags", IDS, "Free tags, which collections may select on."),
    Field("ribbons", IDS, "Ribbons shown on the course's card.", allowed=RIBBON, what="ribbon"),
    Field(
        "prerequisites", IDS, "Ids of the courses to take first.",
        cross_file="each names an existing course visible to this course's audiences, without cycles",
    ),
    Field("published", DATE, "First publication, like 2026-10-02: the course is new for ribbons_window days."),
    Field("updated", DATE, "Last update, like 2026-10-02: the course is updated for ribbons_window days."),
    PASS_MARK,
    DRAFT,
    Field(
        "lessons", IDS, "The lessons' file stems, in order (default: file-name order).",
        cross_file="lists every Markdown file of the course folder, and nothing else",
    ),
)  # fmt: skip
"""Course front matter (``content/courses/<id>/index.md``), besides its taxonomies and theme keys."""
LESSON_FIELDS = (
    TITLE,
    DESCRIPTION,
    Field(
        "audiences", IDS, "Narrows the course's audiences for this lesson.", allowed=AUDIENCE, what="audience",
        cross_file="only audiences of its course",
    ),
    DURATION_FIELD,
    Field(
        "assessment", FLAG, "true makes this lesson the course's final assessment: the course completes when it is "
        "passed.",
        cross_file="at most one per course, and it holds knowledge checks",
    ),
    replace(PASS_MARK, description="Percent of this lesson's checks to answer right (default: the course's).") ,
    DRAFT,
)  # fmt: skip
"""Lesson front matter (the other Markdown files of a course folder), besides theme keys."""
PAGE_FIELDS = (TITLE, DESCRIPTION, DOC_AUDIENCES, DRAFT)
"""Front matter of any other page in ``content/``, besides theme keys."""

EMAIL_PATTERN = "[^@\\s\"'<>]+@[^@\\s\"'<>]+\\.[^@\\s\"'<>.]+"
"""An e-mail address: something, '@', a host with a dot (no spaces, quotes or angle brackets)."""
CLAIM_URL = Field(
    "claim_url",
    TEXT,
    "An external issuer's page where a learner who earned the badge claims a signed credential, "
    "such as a Credly badge template (https: or http:).",
    url=SITE_URL,
)
"""Where an earned badge leads for a credential this static site cannot sign."""

_COLOUR = Field(
    "colour", TEXT, "The badge's colour, like '#1e6bb8'.",
    pattern=_anchorless(HEX_COLOUR.pattern), message="badge colour must be like '#1e6bb8', not '{value}'",
)  # fmt: skip
COLLECTION_FIELDS = (
    Field("title", TEXT, "The collection's title.", required=True),
    DESCRIPTION,
    Field(
        "audiences", IDS, "The audiences that see this collection.", allowed=AUDIENCE, what="audience",
        set_checked_later=True,
    ),
    Field(
        "courses", IDS, "Course ids, in order.",
        cross_file="each names an existing course visible to the collection's audiences",
    ),
    Field("select", MAPPING, "A course matches if it has one of the listed values for every key.", what="select"),
    Field(
        "badge", MAPPING, "The badge a learner earns by completing every course.", what="badge",
        fields=(
            Field("label", TEXT, "The badge's text.", required=True),
            Field("icon", TEXT, "The badge's icon.", allowed=BADGE_ICONS, what="badge icon", blank=False),
            _COLOUR,
            Field(
                "color", TEXT, "Same as colour (read when colour is not set).",
                pattern=_COLOUR.pattern, message=_COLOUR.message, fallback_for="colour",
            ),
            Field(
                "criteria", TEXT, "What a learner does to earn the badge, in the Open Badges definitions "
                "(default: complete every course of the collection, named).",
            ),
            CLAIM_URL,
        ),
    ),
    Field("ribbon", TEXT, "A ribbon shown on the collection's card.", allowed=RIBBON, what="ribbon"),
    Field("path", FLAG, "true makes the collection an ordered learning path."),
)  # fmt: skip
"""A collection or learning path (``collections/<id>.yml``); ``select`` takes the taxonomies and tags."""
COLLECTION_MEMBERS = ("courses", "select")
"""A collection needs at least one of these, not empty, to have members."""

QUIZ_ID_MESSAGE = "{what} id '{value}' must use lowercase letters, digits, '-' and '_'"
RECOMMEND = Field(
    "recommend", MAPPING, "A short quiz on the site's recommend/ page that points learners to collections and paths.",
    what="recommend",
    fields=(
        Field("title", TEXT, "The quiz page's title (default: Find your learning path)."),
        Field("intro", TEXT, "A sentence or two above the questions."),
        Field(
            "questions", LIST, "The questions, in the order they are asked; each learner answers every one.",
            required=True, what="question", min_items=1,
            fields=(
                Field(
                    "id", ID, "The question's id, which rules name in 'when'.", required=True,
                    pattern=ID_SCHEMA_PATTERN, message=QUIZ_ID_MESSAGE.replace("{what}", "question"),
                    cross_file="no two questions share an id",
                ),
                Field("text", TEXT, "The question as learners read it.", required=True),
                Field(
                    "answers", KEYED, "Each answer as 'id: text', in the order they are offered.",
                    required=True, what="answer", min_items=2,
                    fields=(Field("answer", TEXT, "The answer as learners read it.", required=True),),
                ),
            ),
        ),
        Field(
            "rules", LIST, "Rules in order: the first whose 'when' matches the learner's answers decides.",
            what="rule",
            fields=(
                Field(
                    "when", KEYED, "Question id: the answer id (or a list of them) this rule needs.",
                    required=True, what="question", min_items=1,
                    cross_file="each names a question of this quiz and its answers",
                    fields=(Field("answers", IDS, "The answers this rule matches.", required=True),),
                ),
                Field(
                    "recommend", IDS, "Collection or path ids to recommend, in order.", required=True,
                    cross_file="each names a collection this audience sees",
                ),
            ),
        ),
        Field(
            "otherwise", IDS, "Collection or path ids for answers no rule matches.",
            cross_file="each names a collection this audience sees; without it, rules must cover every answer",
        ),
    ),
)  # fmt: skip
"""The recommendation quiz of an audience: questions, rules from answers to collections, a fallback."""

XAPI_AUTH = ("none", "cookie")
"""How learners' browsers authenticate to the LRS: no secret is ever published in a site."""
XAPI_ACTOR_SOURCES = ("cookie", "query")
"""Where the learner's account name is read: a cookie the hosting SSO sets, or a query parameter."""
XAPI = Field(
    "xapi", MAPPING, "Send xAPI statements from learners' browsers to an LRS (off without this key).",
    what="xapi",
    cross_file="needs the audience's site_url (activity ids are made from it)",
    fields=(
        Field(
            "endpoint", TEXT, "The LRS's xAPI endpoint, like https://lrs.example.com/xapi/.",
            required=True, url=SITE_URL,
        ),
        Field(
            "auth", TEXT, "none (default): the LRS, or a proxy before it, accepts statements from the site's "
            "origin; cookie: the browser sends its cookies for the LRS's host. Never an LRS key: a site is public.",
            allowed=XAPI_AUTH, what="xapi auth",
        ),
        Field(
            "actor", MAPPING, "Where the learner's account name is read; without one found, nothing is sent.",
            required=True, what="actor",
            fields=(
                Field(
                    "from", TEXT, "cookie: a cookie the hosting SSO sets; query: a query parameter of the address.",
                    required=True, allowed=XAPI_ACTOR_SOURCES, what="actor source", blank=False,
                ),
                Field(
                    "name", TEXT, "The cookie's or query parameter's name, like academy_user.",
                    required=True, blank=False,
                    pattern=r"[A-Za-z0-9_.-]{1,64}",
                    message="actor 'name' must be a cookie or parameter name of letters, digits, '_', '.' and '-', "
                    "not '{value}'",
                ),
                Field(
                    "home_page", TEXT, "The system the account name belongs to (the actor's account homePage), "
                    "like https://sso.example.com/.",
                    required=True, url=SITE_URL,
                ),
            ),
        ),
    ),
)  # fmt: skip
"""An audience's xAPI statements: the LRS, how the browser reaches it, and who the learner is."""

AUDIENCE_FIELDS = (
    Field("title", TEXT, "The site's title.", required=True),
    Field("description", TEXT, "What the site is for."),
    Field("site_url", TEXT, "Where the site is published, like https://academy.example.com/customers/.", url=SITE_URL),
    Field(
        "branding", MAPPING, "Colours, logo and favicon.", what="branding",
        fields=(
            Field(
                "palette", MAPPING, "Material's palette.", what="palette",
                fields=(
                    Field("primary", TEXT, "Material's primary colour.",
                          allowed=PALETTE_COLOURS, what="Material colour"),
                    Field("accent", TEXT, "Material's accent colour.", allowed=PALETTE_COLOURS, what="Material colour"),
                    Field(
                        "scheme", TEXT, "Material's colour scheme.",
                        allowed=PALETTE_SCHEMES, what="Material colour scheme",
                    ),
                ),
            ),
            Field("logo", TEXT, "A file of this project, relative to audiences/ (checked by academy check)."),
            Field("favicon", TEXT, "A file of this project, relative to audiences/ (checked by academy check)."),
        ),
    ),
    Field(
        "hero", MAPPING, "The home page's banner.", what="hero",
        fields=(
            Field("title", TEXT, "The banner's heading (default: the site's title)."),
            Field("text", TEXT, "The banner's text."),
            Field(
                "cta", MAPPING, "The banner's button.", what="cta",
                fields=(
                    Field("label", TEXT, "The button's text."),
                    Field("url", TEXT, "Where the button leads: a relative path or an https: URL.", url=URL),
                ),
            ),
        ),
    ),
    Field(
        "featured", IDS, "Collections on the home page, in order.",
        cross_file="each names an existing collection this audience sees",
    ),
    Field("progress", FLAG, "Whether learners' progress is tracked (default: true).", default=True),
    Field(
        "badges", MAPPING, "Who issues this site's badges, for its Open Badges definitions.", what="badges",
        fields=(
            Field(
                "issuer", MAPPING, "The issuing organisation (default: the site's title and site_url).",
                what="issuer",
                fields=(
                    Field("name", TEXT, "The issuer's name."),
                    Field("url", TEXT, "The issuer's home page (https: or http:).", url=SITE_URL),
                    Field(
                        "email", TEXT, "A contact address of the issuer.", pattern=EMAIL_PATTERN,
                        message="'email' must be an address like academy@example.com, not '{value}'",
                    ),
                ),
            ),
            replace(CLAIM_URL, description="The default claim_url of every badge of this site (a badge's own wins)."),
        ),
    ),
    RECOMMEND,
    XAPI,
    Field(
        "cmi5", FLAG, "true lets an LMS launch this site's courses as cmi5 assignable units (academy export cmi5).",
        cross_file="needs the audience's site_url",
    ),
)  # fmt: skip
"""An audience (``audiences/<id>.yml``): one output site."""


def course_fields(taxonomies: Mapping[str, Taxonomy]) -> tuple[Field, ...]:
    """Every field of course front matter for these taxonomies."""
    return COURSE_FIELDS + THEME_FIELDS + tuple(taxonomy_field(t) for t in taxonomies.values())


def select_fields(taxonomies: Mapping[str, Taxonomy]) -> tuple[Field, ...]:
    """The rules a collection's ``select`` may hold: one per taxonomy, and tags."""
    rules = tuple(
        Field(
            t.id, IDS, f"Courses with one of these {t.label} values.", allowed=f"taxonomy:{t.id}", what=f"{t.id} value"
        )
        for t in taxonomies.values()
    )
    return rules + (Field("tags", IDS, "Courses with one of these tags."),)


def collection_fields(taxonomies: Mapping[str, Taxonomy]) -> tuple[Field, ...]:
    """Every field of a collection file for these taxonomies."""
    return tuple(replace(f, fields=select_fields(taxonomies)) if f.name == "select" else f for f in COLLECTION_FIELDS)
