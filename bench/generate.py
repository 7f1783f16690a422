"""Generate a realistic academy of any size, deterministically, for benchmarks.

Usage::

    python -m bench.generate OUT_DIR --lessons 2000 [--shape default|long|wide|many] [--per-course 3-6]
        [--words 400-700] [--features code,tables,images,admonitions] [--links 0] [--blocks 0.33]
        [--narrowing 0.1] [--audiences 4] [--block-audience ID] [--tiny] [--plain] [--seed N]

``OUT_DIR`` receives an academy in the format of the sample (see README.md):

- ``mkdocs.yml``: Material with ``navigation.prune``, the sample's Markdown extensions, and the
  plugins ``search``, ``academy/content`` and ``academy/portal``;
- ``mkdocs-plain.yml``: the yardstick, the same docs and extensions built by plain Material with
  only ``search`` (audience blocks then render as plain text);
- ``content/courses/<id>/``: courses of 3-6 lessons of 400-700 words, each with a ``diagram.svg``;
- ``content/help.md``, ``collections/*.yml`` (select rules, explicit lists, 2 learning paths),
  ``audiences/*.yml`` with their logos.

The options change the academy's shape (lessons per course, words per lesson, the Markdown
features lessons use, cross-course links, audience blocks, narrowed lessons, the number of
audiences); ``SHAPES`` names bundles of them. Without options the output is what it always was.

With ``plain=True`` (``--plain``) ``mkdocs.yml`` itself is the yardstick configuration.
The same arguments always give byte-identical trees: everything comes from one seeded
``random.Random``; nothing depends on the clock or on hash randomisation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

SEED = 20261101
MARKER = ".generated-by-bench"
"""File that marks a folder as generated, so that regenerating may delete it."""

AUDIENCES = ("trial", "customers", "partners", "employees")
VISIBILITY = (
    (25, ("trial", "customers", "partners", "employees")),
    (40, ("customers", "partners", "employees")),
    (15, ("partners", "employees")),
    (10, ("employees",)),
    (10, ("customers", "employees")),
)
"""Weights (percent of courses) of the audience sets courses are published to."""
DEFAULT_AUDIENCES = ("customers", "employees")


@dataclass(frozen=True)
class Segment:
    """An audience beyond the four of the sample: a segment of one of them (its ``parent``)."""

    id: str
    name: str
    """Short name, as in titles and badges (``Acme Corp``)."""
    readers: str
    """Who they are, as in descriptions (``Acme Corp's finance team``)."""
    parent: str
    """The audience it is a segment of: it sees most courses that one sees."""
    primary: str
    accent: str
    icon: str
    role: str
    """Role whose courses come first in its learning path."""


SEGMENTS = (
    Segment("enterprise", "Enterprise", "enterprise customers", "customers", "deep-purple", "amber", "award", "admin"),
    Segment("smb", "Small business", "small-business customers", "customers", "green", "lime", "rocket", "accountant"),
    Segment("gov", "Public sector", "public-sector customers", "customers", "blue-grey", "orange", "shield", "admin"),
    Segment("emea", "EMEA partners", "partners in Europe, the Middle East and Africa", "partners", "indigo", "pink",
            "handshake", "consultant"),
    Segment("apac", "APAC partners", "partners in Asia-Pacific", "partners", "red", "yellow", "handshake",
            "consultant"),
    Segment("acme-corp", "Acme Corp", "Acme Corp's finance team", "customers", "orange", "light-blue", "star",
            "approver"),
    Segment("americas", "Americas partners", "partners in the Americas", "partners", "light-blue", "deep-orange",
            "handshake", "consultant"),
    Segment("globex", "Globex", "the Globex shared service centre", "customers", "purple", "cyan", "star",
            "accountant"),
    Segment("healthcare", "Healthcare", "customers in healthcare", "customers", "teal", "red", "shield", "admin"),
    Segment("education", "Education", "universities and schools", "customers", "brown", "amber", "book",
            "requester"),
    Segment("nonprofit", "Non-profit", "non-profit organisations", "customers", "pink", "light-green", "star",
            "approver"),
    Segment("resellers", "Resellers", "resellers", "partners", "deep-orange", "indigo", "chart", "consultant"),
    Segment("integrators", "Integrators", "systems integrators", "partners", "cyan", "purple", "code", "developer"),
    Segment("developers", "Developers", "developers building on the API", "customers", "black", "lime", "code",
            "developer"),
    Segment("support-staff", "Support staff", "the support organisation", "employees", "grey", "red", "wrench",
            "support"),
    Segment("sales", "Sales", "the sales team", "employees", "lime", "deep-purple", "chart", "consultant"),
    Segment("finance-leaders", "Finance leaders", "finance leaders", "customers", "indigo", "orange", "chart",
            "approver"),
    Segment("initech", "Initech", "Initech's accounts payable team", "customers", "yellow", "blue", "star",
            "accountant"),
    Segment("latam", "LATAM partners", "partners in Latin America", "partners", "green", "orange", "handshake",
            "consultant"),
    Segment("auditors", "Auditors", "external auditors", "customers", "blue", "yellow", "wrench", "support"),
)  # fmt: skip
"""Audiences added beyond the four of the sample (``audiences`` > 4), in this order."""
SEGMENT_BY_ID = {segment.id: segment for segment in SEGMENTS}
SEGMENT_SHARE = 0.75
"""Chance that a segment sees a course its parent audience sees."""
SEGMENT_EXTRA = 0.1
"""Chance that a segment sees a course its parent does not see (one made for that segment)."""
MIN_AUDIENCES, MAX_AUDIENCES = 2, len(AUDIENCES) + len(SEGMENTS)


def audience_ids(count: int) -> tuple[str, ...]:
    """The ids of an academy of ``count`` audiences, in canonical order (employees always among them)."""
    if not MIN_AUDIENCES <= count <= MAX_AUDIENCES:
        raise ValueError(f"audiences must be between {MIN_AUDIENCES} and {MAX_AUDIENCES}")
    if count < len(AUDIENCES):
        return {2: DEFAULT_AUDIENCES, 3: ("customers", "partners", "employees")}[count]
    return AUDIENCES + tuple(segment.id for segment in SEGMENTS[: count - len(AUDIENCES)])


FEATURES = ("tabs", "emoji", "code", "tables", "images", "footnotes", "admonitions")
"""Markdown features lessons may use (``features``). Lists, numbered steps and task lists are always there."""
DEFAULT_FEATURES = ("code", "tables", "images", "admonitions")
"""The features of lessons when none are asked for (what the generator always wrote)."""
DEFAULT_WORDS = (400, 700)
"""Words of a lesson page (front matter and all) when not asked for: about what it always wrote."""
DEFAULT_BLOCKS = 1 / 3
DEFAULT_NARROWING = 0.1

ROLES = {
    "admin": "Administrator",
    "accountant": "AP accountant",
    "approver": "Approver",
    "requester": "Requester",
    "developer": "Developer",
    "consultant": "Implementation consultant",
    "support": "Support engineer",
}
STAGES = {
    "implementation": "Implementation",
    "foundational": "Foundational",
    "advanced": "Advanced",
    "maintenance": "Maintenance",
}
LEVELS = {"beginner": "Beginner", "intermediate": "Intermediate", "advanced": "Advanced"}
FORMATS = {
    "self-paced": "Self-paced",
    "hands-on-lab": "Hands-on lab",
    "video": "Video",
    "live-workshop": "Live workshop",
}

FORMAT_WEIGHTS = ((60, "self-paced"), (20, "video"), (10, "hands-on-lab"), (10, "live-workshop"))
"""Formats of courses whose title does not imply one."""

MARKDOWN_EXTENSIONS = """\
markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.superfences
  - pymdownx.tasklist:
      custom_checkbox: true
"""
"""The Markdown extensions of the sample academy's mkdocs.yml, verbatim."""
FEATURE_EXTENSIONS = {
    "tabs": "  - pymdownx.tabbed:\n      alternate_style: true\n",
    "emoji": (
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
    ),
}
"""Extensions added to both configurations when lessons use a feature the sample's list lacks
(configured as Material's documentation shows)."""


def markdown_extensions(features=DEFAULT_FEATURES) -> str:
    """The ``markdown_extensions`` of both configurations: the sample's, plus what ``features`` need."""
    return MARKDOWN_EXTENSIONS + "".join(
        FEATURE_EXTENSIONS[f] for f in FEATURES if f in features and f in FEATURE_EXTENSIONS
    )


@dataclass(frozen=True)
class Topic:
    """A subject courses are about: its name, tags and the roles it is for."""

    name: str
    tags: tuple[str, ...]
    roles: tuple[str, ...]


TOPICS = (
    Topic("approval workflows", ("approvals", "workflows"), ("admin", "approver")),
    Topic("invoice capture", ("capture", "ocr"), ("accountant",)),
    Topic("purchase requests", ("procurement", "requests"), ("requester", "approver")),
    Topic("vendor onboarding", ("vendors", "onboarding"), ("accountant", "admin")),
    Topic("payment runs", ("payments",), ("accountant", "admin")),
    Topic("three-way matching", ("matching", "purchase-orders"), ("accountant",)),
    Topic("ERP sync", ("erp", "integration"), ("admin", "developer")),
    Topic("the REST API", ("api",), ("developer",)),
    Topic("webhooks", ("api", "webhooks"), ("developer",)),
    Topic("spend reporting", ("reporting",), ("admin", "accountant")),
    Topic("month-end close", ("close", "general-ledger"), ("accountant",)),
    Topic("expense policies", ("policies",), ("admin", "approver")),
    Topic("single sign-on", ("security", "sso"), ("admin",)),
    Topic("audit trails", ("audit", "security"), ("admin", "support")),
    Topic("multi-entity setups", ("entities",), ("admin", "consultant")),
    Topic("tax codes", ("tax",), ("accountant",)),
    Topic("currency handling", ("fx", "currencies"), ("accountant",)),
    Topic("coding rules", ("coding", "automation"), ("accountant", "admin")),
    Topic("user permissions", ("permissions", "security"), ("admin",)),
    Topic("data imports", ("imports", "migration"), ("consultant", "admin")),
    Topic("escalation handling", ("support", "escalations"), ("support",)),
    Topic("implementation projects", ("implementation",), ("consultant",)),
    Topic("solution design workshops", ("workshops", "design"), ("consultant",)),
    Topic("fraud controls", ("security", "payments"), ("admin", "accountant")),
    Topic("dashboards", ("reporting", "dashboards"), ("admin", "approver")),
    Topic("mobile approvals", ("mobile", "approvals"), ("approver",)),
    Topic("budget checks", ("budgets",), ("approver", "requester")),
    Topic("credit notes", ("credit-notes",), ("accountant",)),
    Topic("bank connections", ("banking", "payments"), ("admin",)),
    Topic("sandbox testing", ("sandbox", "testing"), ("developer", "consultant")),
    Topic("support diagnostics", ("support", "diagnostics"), ("support",)),
    Topic("release upgrades", ("releases",), ("support", "admin")),
)

COURSE_TITLES = (
    # (template, stage or None, level or None, format or None)
    ("{T} fundamentals", "foundational", "beginner", None),
    ("Getting started with {t}", "foundational", "beginner", None),
    ("Advanced {t}", "advanced", "advanced", None),
    ("{T} for administrators", "implementation", "intermediate", None),
    ("Troubleshooting {t}", "maintenance", "intermediate", None),
    ("Automating {t}", "advanced", "advanced", None),
    ("{T} in practice", None, "intermediate", "hands-on-lab"),
    ("Designing {t}", "implementation", None, "live-workshop"),
    ("Scaling {t}", "advanced", None, None),
    ("Securing {t}", "maintenance", None, None),
    ("{T}: a hands-on lab", None, None, "hands-on-lab"),
    ("Measuring {t}", "maintenance", None, "video"),
    ("Rolling out {t}", "implementation", None, None),
    ("{T} best practices", None, "intermediate", "video"),
)
QUALIFIERS = (
    "",
    " for multi-entity groups",
    " in regulated industries",
    " at high volume",
    " for small teams",
    " across regions",
    " with the ERP connector",
    " for shared service centres",
    " in the first 90 days",
    " for global rollouts",
)

FIRST_LESSONS = ("Where {t} fits", "Inside {t}", "An overview of {t}", "Plan the rollout")
MIDDLE_LESSONS = (
    "Configure {t}",
    "Set up the rules",
    "Work through an example",
    "Handle exceptions",
    "Connect the moving parts",
    "Review the results",
    "Automate the routine steps",
    "Test with real data",
    "Roll out to your team",
    "Monitor day to day",
    "Permissions and ownership",
    "Reporting on {t}",
)
LAST_LESSONS = ("Check your work and next steps", "Go live and hand over", "Measure and improve", "Wrap-up and review")

ACTORS = (
    "the AP team",
    "an approver",
    "the workspace admin",
    "the controller",
    "a requester",
    "the integration owner",
    "your implementation partner",
    "the support engineer",
    "the finance lead",
    "each budget owner",
)
VERBS = (
    ("review", "reviews", "reviewed"),
    ("approve", "approves", "approved"),
    ("export", "exports", "exported"),
    ("reconcile", "reconciles", "reconciled"),
    ("configure", "configures", "configured"),
    ("archive", "archives", "archived"),
    ("route", "routes", "routed"),
    ("validate", "validates", "validated"),
    ("match", "matches", "matched"),
    ("schedule", "schedules", "scheduled"),
    ("post", "posts", "posted"),
    ("tag", "tags", "tagged"),
)
OBJECTS = (
    "open invoices",
    "purchase orders",
    "vendor records",
    "payment batches",
    "approval rules",
    "coding suggestions",
    "exception queues",
    "sync errors",
    "GL postings",
    "credit notes",
    "budget lines",
    "audit events",
)
WHEN = (
    "every morning",
    "before the bank cutoff",
    "at the end of each period",
    "as soon as they arrive",
    "once a week",
    "after each payment run",
    "during the pilot",
    "before go-live",
)
PROBLEMS = (
    "a rule matches nothing",
    "an approver is out of office",
    "the ERP rejects a posting",
    "a vendor changes bank details",
    "totals differ by a cent",
    "a duplicate invoice arrives",
    "the sync falls behind",
)
FIXES = (
    "check the rule order on the **Workflows** settings page",
    "assign a delegate from the user profile",
    "open the sync log and retry after fixing the cause",
    "hold the vendor and verify the change by phone",
    "compare the rounding method on both sides",
    "reject it with the reason `duplicate`",
    "pause outbound posting until the backlog clears",
)
METRICS = ("cycle time", "the close calendar", "cash forecasts", "approval times", "the exception rate")
SCREENS = ("Inbox", "Payments", "Vendors", "Reports", "Sync history", "Approvals")
VIEWS = ("grouped by entity", "sorted by due date", "filtered by status", "with their owners")
SENTENCES = (
    "{Actor} {verbs} {object} {when}.",
    "Before you {verb} {object}, make sure {actor} agrees on who owns them.",
    "Most teams {verb} {object} {when}, which keeps {metric} predictable.",
    "If {problem}, {fix}.",
    "{Object} are checked {when}, so {actor} can {verb} {object2} without waiting.",
    "The **{screen}** screen lists {object} {view}, and {actor} can {verb} them in bulk.",
    "A common mistake is to {verb} {object} {when} instead of {when2}.",
    "In {topic}, {object} are prepared by {actor} and checked by {actor2}.",
    "Write down who will {verb} {object}; {actor} usually owns this in the first months.",
    "Ledgerly keeps a history of every change to {object}, so {actor} can see who did what and when.",
    "Keep an eye on {metric}: it is the first number that moves when {problem}.",
    "Start small: {verb} {object} for one entity, then extend the setup once {actor} is confident.",
)
DESCRIPTIONS = (
    "Learn how {actor} can {verb} {object} {when}.",
    "What {actor} needs to know about {object} in {topic}.",
    "Steps, settings and pitfalls for {object} in {topic}.",
    "How {topic} changes the way {actor} works with {object}.",
    "Everything {actor} needs to {verb} {object} with confidence.",
    "A guide for {actor}: {object}, {metric} and {topic} in one place.",
)
"""Front-matter descriptions. They never start like a body sentence: cards and navigation put
descriptions and titles next to page text, and the audit compares word sequences."""
HEADINGS = (
    "What changes for {actor}",
    "Before you begin",
    "How it fits together",
    "A worked example",
    "Settings that matter",
    "Common pitfalls",
    "Keeping it healthy",
    "Working with {object}",
    "Who does what",
    "Edge cases",
    "Rules of thumb",
    "Checking the outcome",
)
ADMONITIONS = (
    ("tip", "Save time on {object}"),
    ("tip", "Start with one entity"),
    ("warning", "Check this before go-live"),
    ("warning", "Do not skip the sandbox"),
    ("note", "How {topic} handles weekends"),
    ("info", "Limits at high volume"),
)
AUDIENCE_NOTES = {
    "trial": "**During your trial:**",
    "customers": "**Plan note:**",
    "partners": "**Partner delivery tip:**",
    "employees": "**Internal:**",
}
RESOURCES = ("invoices", "vendors", "payments", "purchase-orders", "approvals", "credit-notes")
STATUSES = ("pending_approval", "approved", "posted", "on_hold", "rejected", "paid")
SVG_COLOURS = ("#283593", "#00695c", "#4527a0", "#bf360c", "#37474f", "#1565c0", "#6a1b9a")
TAB_SETS = (
    ("Web app", "Mobile app"),
    ("Web app", "API"),
    ("Cloud", "On-premises"),
    ("Single entity", "Multi-entity"),
    ("Administrator", "Approver", "Requester"),
)
"""Labels of content tabs (``tabs`` feature)."""
ICONS = (
    ":material-check:",
    ":material-check-circle:",
    ":material-clock-outline:",
    ":material-account-group:",
    ":octicons-rocket-16:",
    ":fontawesome-solid-gear:",
    ":white_check_mark:",
)
"""Icon and emoji shortcodes placed inside list items (``emoji`` feature)."""
EMOJI_SENTENCES = (
    "Take it :smile: one step at a time.",
    "Most teams are done :tada: before lunch.",
    "Small wins :rocket: add up quickly.",
    "Ask your admin :bulb: if something looks off.",
    "Watch the totals :warning: closely.",
)
"""Sentences with an emoji shortcode between their words (``emoji`` feature), as authors write them."""


def audience_note(audience: str) -> str:
    """How a passage for ``audience`` opens."""
    if audience in AUDIENCE_NOTES:
        return AUDIENCE_NOTES[audience]
    return f"**For {SEGMENT_BY_ID[audience].readers}:**"


@dataclass
class Lesson:
    """A lesson as planned, before its text is written."""

    stem: str
    title: str
    audiences: tuple[str, ...]
    narrowed: bool = False


@dataclass
class Course:
    """A course as planned: its classification, audiences and lessons."""

    id: str
    title: str
    topic: Topic
    audiences: tuple[str, ...]
    roles: tuple[str, ...]
    stage: str
    level: str
    format: str
    lessons: list[Lesson] = field(default_factory=list)
    prerequisites: tuple[str, ...] = ()
    ribbons: tuple[str, ...] = ()
    updated: dt.date | None = None
    published: dt.date | None = None


# --------------------------------------------------------------------------- small helpers


def slugify(text: str) -> str:
    """A lowercase, hyphenated file or id name for ``text``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def yaml_str(text: str) -> str:
    """``text`` as a YAML scalar: bare when safe, else double-quoted (JSON is valid YAML)."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.()'-]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text)


def yaml_list(items) -> str:
    """A flow-style YAML list of simple scalars."""
    return "[" + ", ".join(yaml_str(item) for item in items) + "]"


def capitalise(text: str) -> str:
    """``text`` with its first letter upper-cased (``the REST API`` keeps its case)."""
    return text[:1].upper() + text[1:]


def wrap(text: str) -> str:
    """A paragraph wrapped at 100 columns, as authors write them."""
    return textwrap.fill(text, width=100, break_long_words=False, break_on_hyphens=False)


def pick_weighted(rng: Random, options):
    """One value of ``(weight, value)`` pairs."""
    total = sum(weight for weight, _ in options)
    roll = rng.uniform(0, total)
    for weight, value in options:
        roll -= weight
        if roll <= 0:
            return value
    return options[-1][1]


def in_order(audiences, order) -> tuple[str, ...]:
    """The ids of ``audiences`` in the order of ``order`` (a course's or the academy's audiences)."""
    wanted = set(audiences)
    return tuple(a for a in order if a in wanted)


# --------------------------------------------------------------------------- prose


class Writer:
    """Realistic Markdown prose, tables, code and admonitions from one seeded generator."""

    def __init__(self, rng: Random, features=DEFAULT_FEATURES) -> None:
        self.rng = rng
        self.features = frozenset(features)

    def _slots(self, topic: Topic) -> dict[str, str]:
        rng = self.rng
        verb, verbs, done = rng.choice(VERBS)
        actor, actor2 = rng.sample(ACTORS, 2)
        obj, obj2 = rng.sample(OBJECTS, 2)
        when, when2 = rng.sample(WHEN, 2)
        return {
            "actor": actor,
            "Actor": capitalise(actor),
            "actor2": actor2,
            "verb": verb,
            "verbs": verbs,
            "done": done,
            "object": obj,
            "Object": capitalise(obj),
            "object2": obj2,
            "when": when,
            "when2": when2,
            "problem": rng.choice(PROBLEMS),
            "fix": rng.choice(FIXES),
            "metric": rng.choice(METRICS),
            "screen": rng.choice(SCREENS),
            "view": rng.choice(VIEWS),
            "topic": topic.name,
        }

    def sentence(self, topic: Topic) -> str:
        """One sentence about ``topic``."""
        return self.rng.choice(SENTENCES).format(**self._slots(topic))

    def paragraph(self, topic: Topic, low: int = 3, high: int = 5) -> str:
        """A wrapped paragraph of ``low`` to ``high`` sentences."""
        return wrap(" ".join(self.sentence(topic) for _ in range(self.rng.randint(low, high))))

    def description(self, topic: Topic) -> str:
        """A one-sentence description for front matter."""
        return capitalise(self.rng.choice(DESCRIPTIONS).format(**self._slots(topic)))

    def headings(self, topic: Topic, count: int) -> list[str]:
        """``count`` distinct second-level section headings (at most ``len(HEADINGS)``)."""
        return ["## " + capitalise(h.format(**self._slots(topic))) for h in self.rng.sample(HEADINGS, count)]

    def bullets(self, topic: Topic) -> str:
        """A bulleted list of short items."""
        items = []
        for _ in range(self.rng.randint(3, 5)):
            slots = self._slots(topic)
            items.append(f"- **{capitalise(slots['object'])}:** {slots['verb']} them {slots['when']}")
        return "\n".join(items)

    def steps(self, topic: Topic) -> str:
        """A numbered procedure."""
        lines = []
        for number in range(1, self.rng.randint(3, 6) + 1):
            slots = self._slots(topic)
            lines.append(
                f"{number}. Open **{slots['screen']}** and {slots['verb']} the {slots['object']} {slots['view']}."
            )
        return "\n".join(lines)

    def checklist(self, topic: Topic) -> str:
        """A task list (pymdownx.tasklist)."""
        lines = []
        for _ in range(self.rng.randint(3, 5)):
            slots = self._slots(topic)
            lines.append(f"- [ ] {capitalise(slots['object'])} {slots['done']} by {slots['actor']}")
        return "\n".join(lines)

    def table(self, topic: Topic) -> str:
        """A Markdown table of settings, errors or responsibilities."""
        kind = self.rng.randrange(3)
        rows = self.rng.randint(3, 6)
        if kind == 0:
            head = "| Setting | Default | Recommended |\n|---|---|---|"
            body = [
                f"| {capitalise(self.rng.choice(OBJECTS))} {self.rng.choice(('limit', 'window', 'owner', 'order'))} "
                f"| {self.rng.choice(('Off', 'On', '15 minutes', '1 day', 'None'))} "
                f"| {capitalise(self.rng.choice(WHEN))} |"
                for _ in range(rows)
            ]
        elif kind == 1:
            head = "| Error code | Meaning | Fix |\n|---|---|---|"
            body = [
                f"| `{self.rng.choice(STATUSES).upper()}_{self.rng.randint(100, 999)}` "
                f"| {capitalise(self.rng.choice(PROBLEMS))} | {capitalise(self.rng.choice(FIXES))} |"
                for _ in range(rows)
            ]
        else:
            head = "| Task | Owner | When |\n|---|---|---|"
            body = [
                f"| {capitalise(self.rng.choice(VERBS)[0])} {self.rng.choice(OBJECTS)} "
                f"| {capitalise(self.rng.choice(ACTORS))} | {capitalise(self.rng.choice(WHEN))} |"
                for _ in range(rows)
            ]
        return head + "\n" + "\n".join(body)

    def code(self, topic: Topic) -> str:
        """A fenced code block in Python, JSON or Bash."""
        rng = self.rng
        resource, status = rng.choice(RESOURCES), rng.choice(STATUSES)
        limit = rng.choice((25, 50, 100, 200))
        if "api" in topic.tags or rng.random() < 0.4:
            kind = rng.randrange(3)
        else:
            kind = rng.choice((1, 2))
        if kind == 0:
            attribute = resource.replace("-", "_")
            return (
                "```python\nimport os\n\nfrom ledgerly import Client\n\n"
                'client = Client(api_key=os.environ["LEDGERLY_API_KEY"])\n'
                f'for item in client.{attribute}.list(status="{status}", limit={limit}):\n'
                f"    print(item.id, item.status, item.updated_at)\n```"
            )
        if kind == 1:
            document = {
                "id": f"{resource[:3]}_{rng.getrandbits(40):010x}",
                "status": status,
                "amount": {"value": f"{rng.randint(100, 99999)}.{rng.randint(0, 99):02d}", "currency": "EUR"},
                "entity": rng.choice(("DE01", "FR02", "UK01", "US03")),
                "owner": rng.choice(ACTORS),
            }
            return "```json\n" + json.dumps(document, indent=2) + "\n```"
        return (
            "```bash\n"
            f'curl -s "https://api.ledgerly.example/v2/{resource}?status={status}&limit={limit}" \\\n'
            "  -H \"Authorization: Bearer $LEDGERLY_TOKEN\" | jq '.data[] | {id, status}'\n```"
        )

    def admonition(self, topic: Topic) -> str:
        """An admonition with a title and a 4-space indented body."""
        kind, title = self.rng.choice(ADMONITIONS)
        title = capitalise(title.format(**self._slots(topic)))
        body = " ".join(self.sentence(topic) for _ in range(2))
        return f'!!! {kind} "{title}"\n' + textwrap.indent(wrap(body), "    ")

    def tabs(self, topic: Topic) -> str:
        """Content tabs (pymdownx.tabbed, alternate style): steps, lists, prose or code per tab."""
        makers = [self.steps, self.bullets, self.paragraph]
        if "code" in self.features:
            makers.append(self.code)
        tabs = []
        for label in self.rng.choice(TAB_SETS):
            body = self.rng.choice(makers)(topic)
            tabs.append(f'=== "{label}"\n\n' + textwrap.indent(body, "    "))
        return "\n\n".join(tabs)

    def outcomes(self, topic: Topic) -> str:
        """A list whose items open with icon or emoji shortcodes (pymdownx.emoji)."""
        lines = []
        for _ in range(self.rng.randint(3, 5)):
            slots = self._slots(topic)
            icon = self.rng.choice(ICONS)
            lines.append(f"- {capitalise(slots['object'])} {icon} {slots['done']} {slots['when']}")
        return "\n".join(lines)

    def footnote(self, topic: Topic) -> str:
        """The text of a footnote: a sentence of the lesson's topic, in the words other pages use too."""
        return self.sentence(topic)

    def audience_block(self, topic: Topic, ids: list[str], exclude: bool) -> str:
        """An audience block for ``ids`` (or for everyone but them)."""
        label = "!" + ids[0] if exclude else " ".join(ids)
        note = "**Note:**" if exclude else audience_note(ids[0])
        text = wrap(note + " " + " ".join(self.sentence(topic) for _ in range(self.rng.randint(2, 3))))
        return f"/// audience | {label}\n{text}\n///"


# --------------------------------------------------------------------------- planning


def plan_sizes(rng: Random, lessons: int, per_course: tuple[int, int]) -> list[int]:
    """Lesson counts of the courses: each in ``per_course``, adding up to ``lessons``."""
    low, high = per_course
    sizes: list[int] = []
    remaining = lessons
    while remaining > 0:
        size = rng.randint(low, high)
        if remaining <= high or remaining - size < low:
            size = remaining if remaining <= high else remaining - low
        sizes.append(size)
        remaining -= size
    return sizes


def course_titles(rng: Random, count: int) -> list[tuple[str, Topic, tuple]]:
    """``count`` distinct course titles, each with its topic and title template."""
    combos = [
        (template, topic, qualifier) for template in COURSE_TITLES for topic in TOPICS for qualifier in QUALIFIERS
    ]
    rng.shuffle(combos)
    titles = []
    for index in range(count):
        template, topic, qualifier = combos[index % len(combos)]
        title = template[0].format(t=topic.name, T=capitalise(topic.name)) + qualifier
        if index >= len(combos):
            title += f" (edition {index // len(combos) + 1})"
        titles.append((title, topic, template))
    return titles


def lesson_titles(rng: Random, topic: Topic, count: int) -> list[str]:
    """Titles of a course's lessons, from an overview to a wrap-up."""
    if count == 1:
        return [capitalise(rng.choice(FIRST_LESSONS).format(t=topic.name))]
    pool = list(MIDDLE_LESSONS)
    rng.shuffle(pool)
    middle = [
        pool[n % len(pool)] + (f" (part {n // len(pool) + 1})" if n >= len(pool) else "") for n in range(count - 2)
    ]
    titles = [rng.choice(FIRST_LESSONS), *middle, rng.choice(LAST_LESSONS)]
    return [capitalise(title.format(t=topic.name)) for title in titles]


def narrowed_audiences(rng: Random, audiences: tuple[str, ...]) -> tuple[str, ...]:
    """A proper, non-empty subset of ``audiences`` (a lesson only some of them see)."""
    options = [("employees",), tuple(a for a in audiences if a != "trial"), audiences[1:], audiences[-2:]]
    options = [o for o in options if o and set(o) < set(audiences)]
    return in_order(rng.choice(options), audiences)


def plan_lessons(rng: Random, course: Course, count: int, narrowing: float = DEFAULT_NARROWING) -> None:
    """Add ``count`` lessons to ``course``; a share ``narrowing`` of them narrows its audiences."""
    for number, title in enumerate(lesson_titles(rng, course.topic, count), start=1):
        stem = f"{number:02d}-{slugify(title)}"
        audiences, narrowed = course.audiences, False
        if len(course.audiences) > 1 and count > 1 and rng.random() < narrowing:
            audiences, narrowed = narrowed_audiences(rng, course.audiences), True
        course.lessons.append(Lesson(stem, title, audiences, narrowed))


def course_audiences(rng: Random, picked: tuple[str, ...], audiences: tuple[str, ...]) -> tuple[str, ...]:
    """The audiences of a course drawn for the sample's four (``picked``) in an academy of ``audiences``.

    Audiences left out of a smaller academy are dropped (employees see every course, so one is
    left); each segment sees most courses its parent sees and a few others (``rng`` draws which).
    """
    if audiences == AUDIENCES:
        return picked
    chosen = set(picked)
    for audience in audiences:
        segment = SEGMENT_BY_ID.get(audience)
        if segment and rng.random() < (SEGMENT_SHARE if segment.parent in picked else SEGMENT_EXTRA):
            chosen.add(audience)
    return in_order(chosen, audiences)


def plan_course(
    rng: Random,
    title: str,
    topic: Topic,
    template: tuple,
    taken: set[str],
    today: dt.date,
    audiences: tuple[str, ...] = AUDIENCES,
    segment_rng: Random | None = None,
) -> Course:
    """A course's id, classification, audiences, ribbons and dates.

    ``segment_rng`` draws the audiences beyond the sample's four (``rng`` draws the same values
    for the sample's four whatever their number).
    """
    _, stage, level, fmt = template
    course_id = slugify(title)
    while course_id in taken:
        course_id += "-x"
    taken.add(course_id)
    extra_roles = [rng.choice(tuple(ROLES))] if rng.random() < 0.2 else []
    roles = tuple(r for r in ROLES if r in {*topic.roles, *extra_roles})
    course = Course(
        id=course_id,
        title=title,
        topic=topic,
        audiences=course_audiences(segment_rng or rng, pick_weighted(rng, VISIBILITY), audiences),
        roles=roles,
        stage=stage or rng.choice(tuple(STAGES)),
        level=level or rng.choice(tuple(LEVELS)),
        format=fmt or pick_weighted(rng, FORMAT_WEIGHTS),
    )
    roll = rng.random()
    course.ribbons = ("popular",) if roll < 0.1 else ("beta",) if roll < 0.13 else ()
    course.updated = today - dt.timedelta(days=rng.randint(0, 500))
    if rng.random() < 0.3:
        course.published = course.updated - dt.timedelta(days=rng.randint(0, 120))
    return course


def add_prerequisites(rng: Random, courses: list[Course]) -> None:
    """Give about 30% of courses an earlier course, visible to all their audiences, as prerequisite."""
    for index, course in enumerate(courses[1:], start=1):
        if rng.random() >= 0.3:
            continue
        window = courses[max(0, index - 20) : index]
        fitting = [c for c in window if set(c.audiences) >= set(course.audiences)]
        if fitting:
            course.prerequisites = (rng.choice(fitting).id,)


def plan_courses(
    rng: Random,
    lessons: int,
    per_course: tuple[int, int],
    today: dt.date,
    *,
    audiences: tuple[str, ...] = AUDIENCES,
    narrowing: float = DEFAULT_NARROWING,
    segment_rng: Random | None = None,
) -> list[Course]:
    """Every course of the academy, with planned lessons."""
    sizes = plan_sizes(rng, lessons, per_course)
    taken: set[str] = set()
    courses = []
    for size, (title, topic, template) in zip(sizes, course_titles(rng, len(sizes)), strict=True):
        course = plan_course(rng, title, topic, template, taken, today, audiences, segment_rng)
        plan_lessons(rng, course, size, narrowing)
        courses.append(course)
    add_prerequisites(rng, courses)
    return courses


# --------------------------------------------------------------------------- pages


def front_matter(fields: dict[str, str | None]) -> str:
    """A front-matter block from already formatted YAML values (``None`` values are left out)."""
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


def course_index(writer: Writer, course: Course, tiny: bool) -> str:
    """``index.md`` of a course: its front matter and introduction."""
    rng = writer.rng
    duration = sum(rng.randint(10, 30) for _ in course.lessons)
    meta = front_matter(
        {
            "title": yaml_str(course.title),
            "description": yaml_str(writer.description(course.topic)),
            "roles": yaml_list(course.roles),
            "stage": course.stage,
            "level": course.level,
            "format": course.format,
            "audiences": yaml_list(course.audiences),
            "duration": str(duration),
            "tags": yaml_list(course.topic.tags),
            "ribbons": yaml_list(course.ribbons) if course.ribbons else None,
            "prerequisites": yaml_list(course.prerequisites) if course.prerequisites else None,
            "published": course.published.isoformat() if course.published else None,
            "updated": course.updated.isoformat() if course.updated else None,
        }
    )
    if tiny:
        return meta + "\n" + writer.paragraph(course.topic, 1, 2) + "\n"
    parts = [writer.paragraph(course.topic, 4, 6), "## What you will learn", writer.bullets(course.topic)]
    linked = [lesson for lesson in course.lessons if not lesson.narrowed]
    if linked:
        items = [f"{n}. [{lesson.title}]({lesson.stem}.md)" for n, lesson in enumerate(linked, start=1)]
        parts += ["## Lessons", "\n".join(items)]
    parts += ["## Before you start", writer.paragraph(course.topic, 2, 3)]
    return meta + "\n" + "\n\n".join(parts) + "\n"


def lesson_links(rng: Random, course: Course, lesson: Lesson) -> str:
    """A paragraph linking to other lessons of the course that every reader of ``lesson`` can see."""
    targets = [
        other
        for other in course.lessons
        if other is not lesson and set(other.audiences) >= set(lesson.audiences)  # the link rule
    ]
    text = "Go back to the [course overview](index.md) at any time."
    if targets:
        chosen = rng.sample(targets, min(2, len(targets)))
        links = " and ".join(f"[{other.title}]({other.stem}.md)" for other in chosen)
        text = f"This lesson builds on {links}. " + text
    return wrap(text)


class Linker:
    """Links from lessons to lessons of other courses, ``density`` per lesson on average.

    The link rule of Academy decides where each link may go. A link to a lesson every reader of
    the linking one sees is a plain link, in a "related lessons" paragraph. A link to a lesson only
    some of them see goes inside an audience block naming just readers who see both pages (just
    ``block_audience``, if given); such links are only made in lessons that hold an audience block
    (``blocks``), and the first link of such a lesson is one of them when there is a candidate.
    Its own ``rng`` draws the links (the prose does not depend on which lessons they point to).
    """

    TRIES = 64

    def __init__(self, rng: Random, courses: list[Course], density: float, block_audience: str | None = None):
        self.rng = rng
        self.density = density
        self.block_audience = block_audience
        self.lessons = [(course, lesson) for course in courses for lesson in course.lessons]
        self.plain = 0
        self.in_blocks = 0
        self._pools: dict[tuple, list[tuple[Course, Lesson]]] = {}

    def _fits(self, kind: str, readers: frozenset[str], target: Lesson) -> bool:
        seen = set(target.audiences)
        if kind == "plain":
            return seen >= readers
        restricted = not seen >= readers and bool(seen & readers)
        if kind == "restricted":
            return restricted and (self.block_audience is None or self.block_audience in seen)
        return seen >= readers or self._fits("restricted", readers, target)  # "any"

    def _pick(self, kind: str, course: Course, readers: frozenset[str]) -> tuple[Course, Lesson] | None:
        """A random lesson of another course that fits ``kind``: a few random tries, then the full list."""
        for _ in range(self.TRIES):
            other, target = self.rng.choice(self.lessons)
            if other is not course and self._fits(kind, readers, target):
                return other, target
        key = (kind, readers)
        if key not in self._pools:
            self._pools[key] = [(c, t) for c, t in self.lessons if self._fits(kind, readers, t)]
        pool = [(c, t) for c, t in self._pools[key] if c is not course]
        return self.rng.choice(pool) if pool else None

    def add_links(self, parts: list[str], course: Course, lesson: Lesson, has_block: bool) -> None:
        """Add this lesson's links to ``parts``: a paragraph of plain links, a block per restricted link."""
        rng = self.rng
        count = int(self.density) + (rng.random() < self.density - int(self.density))
        readers = frozenset(lesson.audiences)
        if self.block_audience is not None and self.block_audience not in readers:
            has_block = False
        plain, blocks = [], []
        for number in range(count):
            kind = ("restricted" if number == 0 else "any") if has_block else "plain"
            picked = self._pick(kind, course, readers) or (self._pick("plain", course, readers) if has_block else None)
            if picked is None:
                continue
            other, target = picked
            link = f"[{target.title}](../{other.id}/{target.stem}.md) in *{other.title}*"
            if set(target.audiences) >= readers:
                plain.append(link)
            else:
                ids = (self.block_audience,) if self.block_audience else in_order(target.audiences, lesson.audiences)
                note = audience_note(ids[0]) if len(ids) == 1 else "**For you as well:**"
                text = wrap(f"{note} {rng.choice(SEE_ALSO)} {link}.")
                blocks.append(f"/// audience | {', '.join(ids)}\n{text}\n///")
        if plain:
            parts.append(wrap("Related lessons in other courses: " + "; ".join(plain) + "."))
        for block in blocks:
            parts.insert(rng.randint(1, len(parts)), block)
        self.plain += len(plain)
        self.in_blocks += len(blocks)


SEE_ALSO = ("see also", "the next step is", "compare with", "go further with", "your team also reads")
"""How a link inside an audience block is introduced."""


def audience_block_for(writer: Writer, course: Course, lesson: Lesson, block_audience: str | None = None) -> str:
    """An audience block naming only audiences that see ``lesson`` (only ``block_audience`` if given)."""
    rng = writer.rng
    audiences = list(lesson.audiences)
    if block_audience in audiences:
        return writer.audience_block(course.topic, [block_audience], exclude=False)
    if len(audiences) > 1 and rng.random() < 0.2:
        return writer.audience_block(course.topic, [rng.choice(audiences[:-1])], exclude=True)
    size = rng.randint(1, max(1, len(audiences) - 1))
    return writer.audience_block(course.topic, list(in_order(rng.sample(audiences, size), audiences)), exclude=False)


LONG_PAGE = 600
"""Body targets above this (never reached by the default lengths) get more headings and elements."""


def lesson_sections(
    writer: Writer, course: Course, lesson: Lesson, target: int, features=DEFAULT_FEATURES
) -> list[str]:
    """The body of a lesson: sections with varied Markdown until about ``target`` words."""
    topic, rng = course.topic, writer.rng
    elements = [writer.table] if "tables" in features else []
    elements += [writer.code] if "code" in features else []
    elements += [writer.admonition] if "admonitions" in features else []
    elements.append(rng.choice((writer.bullets, writer.steps)))
    if rng.random() < 0.4:
        elements.append(writer.checklist)
    elements += [writer.tabs] if "tabs" in features else []
    elements += [writer.outcomes] if "emoji" in features else []
    rng.shuffle(elements)
    headings = iter(writer.headings(topic, len(HEADINGS)))
    parts = [writer.paragraph(topic, 2, 3)]
    if "emoji" in features:
        parts[0] = wrap(rng.choice(EMOJI_SENTENCES) + " " + parts[0])
    prose = [0]  # plain paragraphs, which may carry footnote references
    image = rng.randrange(len(elements)) if "images" in features else -1
    for index, element in enumerate(elements):
        parts += [next(headings), writer.paragraph(topic, 1, 2), element(topic)]
        prose.append(len(parts) - 2)
        if index == image:
            parts.append(f"![Diagram: how the steps of {course.title} fit together](diagram.svg)")
    parts.append(lesson_links(rng, course, lesson))
    long = target > LONG_PAGE
    while sum(len(part.split()) for part in parts) < target:
        heading = next(headings, None)
        if heading is None and long:
            headings = iter(writer.headings(topic, len(HEADINGS)))
            heading = next(headings)
        parts += [heading or "## More to know", writer.paragraph(topic, 2, 4)]
        prose.append(len(parts) - 1)
        if long and rng.random() < 0.3:
            parts.append(rng.choice(elements)(topic))
    if "footnotes" in features:
        marked = sorted(rng.sample(prose, min(len(prose), rng.randint(1, 3))))
        for number, index in enumerate(marked, start=1):
            parts[index] += f"[^{number}]"
            parts.append(f"[^{number}]: {writer.footnote(topic)}")
    return parts


def lesson_page(
    writer: Writer,
    course: Course,
    lesson: Lesson,
    tiny: bool,
    *,
    words: tuple[int, int] = DEFAULT_WORDS,
    features=DEFAULT_FEATURES,
    blocks: float = DEFAULT_BLOCKS,
    block_audience: str | None = None,
    linker: Linker | None = None,
) -> tuple[str, bool]:
    """A lesson's Markdown, and whether it holds an audience block.

    The body aims at a length drawn from ``words`` less what the front matter, the last section,
    an audience block and cross-course links usually add, so that whole pages come out about that long.
    """
    rng = writer.rng
    meta = front_matter(
        {
            "title": yaml_str(lesson.title),
            "description": yaml_str(writer.description(course.topic)),
            "duration": str(rng.randint(10, 30)),
            "audiences": yaml_list(lesson.audiences) if lesson.narrowed else None,
        }
    )
    if tiny:
        return meta + "\n" + writer.paragraph(course.topic, 1, 2) + "\n", False
    low, high = words
    low, high = low - 40, high - 100
    if linker:
        low, high = low - int(15 * linker.density), high - int(15 * linker.density)
    parts = lesson_sections(writer, course, lesson, rng.randint(low, max(low, high)), features)
    has_block = rng.random() < blocks
    if has_block:
        parts.insert(rng.randint(2, len(parts) - 1), audience_block_for(writer, course, lesson, block_audience))
    if linker:
        linker.add_links(parts, course, lesson, has_block)
    return meta + "\n" + "\n\n".join(parts) + "\n", has_block


def diagram_svg(course: Course, colour: str) -> str:
    """A small flow diagram of the course's steps (generic labels only: it reaches every reader)."""
    width = 40 + 150 * len(course.lessons)
    boxes = []
    for index in range(len(course.lessons)):
        x = 20 + 150 * index
        boxes.append(
            f'<rect x="{x}" y="40" width="120" height="50" rx="8" fill="{colour}"/>'
            f'<text x="{x + 60}" y="70" text-anchor="middle" fill="#fff" font-size="14">Step {index + 1}</text>'
        )
        if index:
            boxes.append(f'<path d="M{x - 30} 65h26" stroke="#555" stroke-width="2"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="110" viewBox="0 0 {width} 110" '
        f'role="img" aria-label="Course flow">'
        f'<text x="20" y="24" font-size="14" fill="#333">Course flow</text>{"".join(boxes)}</svg>\n'
    )


def help_page(audiences: tuple[str, ...] = AUDIENCES) -> str:
    """``content/help.md``: a plain page for every audience, with a passage per audience."""
    blocks = [
        f"/// audience | {audience}\n{audience_note(audience)} "
        f"the {audience} help desk answers within one business day; see your portal's home page.\n///"
        for audience in audiences
    ]
    meta = front_matter({"title": "Getting help", "audiences": yaml_list(audiences)})
    intro = "Where to ask questions about courses, your progress and the product itself."
    return meta + "\n" + intro + "\n\n## Your support channel\n\n" + "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------- collections and audiences


def visible_to(course: Course, audiences) -> bool:
    """Whether every one of ``audiences`` sees ``course``."""
    return set(course.audiences) >= set(audiences)


SELECTED = (
    {
        "id": "finance-foundations",
        "title": "Finance team foundations",
        "audiences": AUDIENCES,
        "select": {"roles": ["accountant", "approver", "requester"], "stage": ["foundational"]},
        "badge": ("Finance Foundations", "book"),
    },
    {
        "id": "run-and-optimise",
        "title": "Run and optimise",
        "audiences": ("customers", "employees"),
        "select": {"stage": ["advanced", "maintenance"]},
        "badge": ("Ledgerly Optimiser", "chart"),
    },
    {
        "id": "developer-track",
        "title": "Developer track",
        "audiences": ("customers", "partners", "employees"),
        "select": {"roles": ["developer"], "tags": ["api", "webhooks", "erp"]},
        "badge": ("Ledgerly Developer", "code"),
    },
    {"id": "hands-on-labs", "title": "Hands-on labs", "audiences": AUDIENCES, "select": {"format": ["hands-on-lab"]}},
)
"""Collections defined by ``select`` rules."""

EXPLICIT = (
    # id, title, audiences, number of courses, badge, learning path?, role whose courses come first
    ("support-readiness", "Support readiness", ("employees",), 5, ("Support Ready", "wrench"), False, None),
    ("trial-essentials", "Trial essentials", ("trial",), 4, ("Trial Essentials", "rocket"), False, None),
    (
        "admin-path", "Administrator path", ("customers", "partners", "employees"), 6,
        ("Certified Administrator", "shield"), True, "admin",
    ),
    (
        "partner-certification", "Implementation partner certification", ("partners", "employees"), 5,
        ("Certified Implementation Partner", "handshake"), True, "consultant",
    ),
)  # fmt: skip
"""Collections and learning paths listing their courses."""


def collection_specs(rng: Random, courses: list[Course], audiences: tuple[str, ...] = AUDIENCES) -> list[dict]:
    """Collections (select rules and explicit lists) and two learning paths that fit ``courses``.

    In an academy of other ``audiences`` than the sample's four, collections lose the audiences
    it lacks (and go if none is left); a collection with rules is also for the segments of its
    audiences; each segment gets a learning path of its own.
    """
    specs = []
    for spec in SELECTED:
        scoped = in_order({*spec["audiences"], *segments_of(spec["audiences"], audiences)}, audiences)
        if scoped:
            specs.append({**spec, "audiences": scoped})
    for cid, title, readers, *rest in EXPLICIT:
        scoped = in_order(readers, audiences)
        if scoped:
            specs.append(explicit_spec(rng, courses, cid, title, scoped, *rest))
    for audience in audiences:
        segment = SEGMENT_BY_ID.get(audience)
        if segment:
            badge = (f"{segment.name} Ready", segment.icon)
            title = f"{segment.name} learning path"
            specs.append(
                explicit_spec(rng, courses, f"{audience}-path", title, (audience,), 5, badge, True, segment.role)
            )
    return [spec for spec in specs if spec and _selects_some(spec, courses)]


def segments_of(parents, audiences: tuple[str, ...]) -> list[str]:
    """The segments among ``audiences`` whose parent is one of ``parents``."""
    return [a for a in audiences if a in SEGMENT_BY_ID and SEGMENT_BY_ID[a].parent in parents]


def explicit_spec(rng: Random, courses: list[Course], cid, title, audiences, size, badge, path, role) -> dict | None:
    """A collection listing up to ``size`` courses every one of ``audiences`` sees (``role`` ones first)."""
    fitting = [c for c in courses if visible_to(c, audiences)]
    preferred = [c for c in fitting if role in c.roles]
    chosen = (preferred + [c for c in fitting if c not in preferred])[:size]
    if not chosen:
        return None
    if not path:
        rng.shuffle(chosen)
    spec = {"id": cid, "title": title, "audiences": audiences, "courses": [c.id for c in chosen], "badge": badge}
    if path:
        spec.update(path=True, ribbon="required" if role == "consultant" else None)
    return spec


def _selects_some(spec: dict, courses: list[Course]) -> bool:
    """Whether a collection has at least one course (the academy rejects empty rules)."""
    if spec.get("courses"):
        return True
    rules = spec["select"]

    def matches(course: Course) -> bool:
        values = {"roles": course.roles, "stage": (course.stage,), "format": (course.format,)}
        values["level"], values["tags"] = (course.level,), course.topic.tags
        return all(set(values[key]) & set(wanted) for key, wanted in rules.items())

    return any(matches(course) for course in courses)


def collection_yaml(spec: dict, colour: str) -> str:
    """``collections/<id>.yml`` of a spec."""
    lines = [
        f"title: {yaml_str(spec['title'])}",
        f"description: {yaml_str('Courses picked for ' + spec['title'].lower() + '.')}",
        f"audiences: {yaml_list(spec['audiences'])}",
    ]
    if spec.get("path"):
        lines.append("path: true")
    if spec.get("courses"):
        lines.append(f"courses: {yaml_list(spec['courses'])}")
    if spec.get("select"):
        lines.append("select:")
        lines += [f"  {key}: {yaml_list(values)}" for key, values in spec["select"].items()]
    if spec.get("badge"):
        label, icon = spec["badge"]
        lines.append(f'badge: {{ label: {yaml_str(label)}, icon: {icon}, colour: "{colour}" }}')
    if spec.get("ribbon"):
        lines.append(f"ribbon: {spec['ribbon']}")
    return "\n".join(lines) + "\n"


AUDIENCE_META = {
    "trial": ("Ledgerly Trial Academy", "deep-orange", "amber", "Make the most of your Ledgerly trial"),
    "customers": ("Ledgerly Academy", "indigo", "teal", "Learn Ledgerly at your own pace"),
    "partners": ("Ledgerly Partner Academy", "teal", "light-green", "Deliver Ledgerly projects with confidence"),
    "employees": ("Ledgerly Internal Academy", "blue-grey", "cyan", "Know the product the way customers use it"),
}


def audience_yaml(audience: str, specs: list[dict]) -> str:
    """``audiences/<id>.yml``: title, site URL, branding, hero and featured collections."""
    featured = [spec["id"] for spec in specs if audience in spec["audiences"]]
    if audience in AUDIENCE_META:
        title, primary, accent, hero = AUDIENCE_META[audience]
        description = f"Courses and learning paths for Ledgerly {audience}."
    else:
        segment = SEGMENT_BY_ID[audience]
        title, primary, accent = f"Ledgerly Academy for {segment.name}", segment.primary, segment.accent
        hero, description = f"Ledgerly, the way {segment.readers} use it", f"Courses for {segment.readers}."
        featured.sort(key=lambda cid: cid != f"{audience}-path")  # its own path first
    featured = featured[:4]
    lines = [
        f"title: {title}",
        f"description: {yaml_str(description)}",
        f"site_url: https://academy.ledgerly.example/{audience}/",
        "branding:",
        f"  palette: {{ primary: {primary}, accent: {accent} }}",
        f"  logo: branding/{audience}-logo.svg",
        f"  favicon: branding/{audience}-logo.svg",
        "hero:",
        f"  title: {hero}",
        "  text: >-",
        "    Role-based courses organised by where you are: implementing, building foundations,",
        "    going advanced or running day to day.",
        "  cta: { label: Browse the catalog, url: catalog/ }",
    ]
    if featured:
        lines.append(f"featured: {yaml_list(featured)}")
    return "\n".join(lines) + "\n"


def logo_svg(colour: str) -> str:
    """A simple square logo."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="5" '
        f'fill="{colour}"/><path d="M6 6h3v9h9v3H6z" fill="#fff"/></svg>\n'
    )


# --------------------------------------------------------------------------- mkdocs.yml


def taxonomies_yaml() -> str:
    """The ``taxonomies`` option of ``academy/content`` (same shape as the sample's)."""
    blocks = []
    for name, label, values, extra in (
        ("roles", "Role", ROLES, ("many: true", "required: true")),
        ("stage", "Journey stage", STAGES, ("required: true",)),
        ("level", "Level", LEVELS, ()),
        ("format", "Format", FORMATS, ()),
    ):
        lines = [
            f"        {name}:",
            f"          label: {label}",
            *(f"          {e}" for e in extra),
            "          values:",
        ]
        lines += [f"            {key}: {value}" for key, value in values.items()]
        blocks.append("\n".join(lines))
    return "      taxonomies:\n" + "\n".join(blocks) + "\n"


def mkdocs_yaml(counts: dict, search: str = "search", features=DEFAULT_FEATURES) -> str:
    """The academy configuration: Material, ``navigation.prune``, ``search`` and the academy plugins."""
    return (
        f"# Generated by bench/generate.py: {counts['courses']} courses, {counts['lessons']} lessons.\n"
        "site_name: Ledgerly Academy (benchmark)\n"
        "docs_dir: content\nsite_dir: site\n\n"
        "theme:\n  name: material\n  font: false\n  features:\n    - navigation.prune\n\n"
        + markdown_extensions(features)
        + f"\nplugins:\n  - {search}\n  - academy/content:\n"
        "      audience: !ENV [ACADEMY_AUDIENCE, null]\n"
        "      cache: !ENV [ACADEMY_CACHE, true]\n"
        f"      default_audiences: {yaml_list(DEFAULT_AUDIENCES)}\n"
        '      ribbons:\n        beta: { label: Beta, colour: "#e65100" }\n'
        + taxonomies_yaml()
        + "  - academy/portal\n"
    )


def plain_yaml(counts: dict, features=DEFAULT_FEATURES) -> str:
    """The yardstick configuration: plain Material with ``navigation.prune`` and only ``search``."""
    return (
        f"# Yardstick generated by bench/generate.py: {counts['courses']} courses, {counts['lessons']} lessons.\n"
        "# Plain Material, no academy plugins: every page once, audience blocks render as text.\n"
        "site_name: Ledgerly Academy (benchmark, plain)\n"
        "docs_dir: content\nsite_dir: site-plain\n\n"
        "theme:\n  name: material\n  font: false\n  features:\n    - navigation.prune\n\n"
        + markdown_extensions(features)
        + "\nplugins:\n  - search\n"
    )


# --------------------------------------------------------------------------- writing


def prepare(out: Path) -> None:
    """Empty ``out`` if it was generated before; refuse to delete anything else."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SystemExit(f"{out} is not empty and was not generated by bench.generate; choose another folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Generated by bench/generate.py; deleted and rewritten on every run.\n")


def write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8, LF), creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_courses(out: Path, writer: Writer, courses: list[Course], tiny: bool, **page_options) -> dict:
    """Write every course folder; return counts of what was written (``page_options`` go to ``lesson_page``)."""
    counts = {"audience_blocks": 0, "narrowed_lessons": 0, "words": 0}
    images = "images" in page_options.get("features", DEFAULT_FEATURES)
    for number, course in enumerate(courses):
        folder = out / "content" / "courses" / course.id
        index = course_index(writer, course, tiny)
        write(folder / "index.md", index)
        counts["words"] += len(index.split())
        if not tiny and images:
            write(folder / "diagram.svg", diagram_svg(course, SVG_COLOURS[number % len(SVG_COLOURS)]))
        for lesson in course.lessons:
            text, has_block = lesson_page(writer, course, lesson, tiny, **page_options)
            write(folder / f"{lesson.stem}.md", text)
            counts["words"] += len(text.split())
            counts["audience_blocks"] += has_block
            counts["narrowed_lessons"] += lesson.narrowed
    return counts


def pages_per_audience(courses: list[Course], audiences: tuple[str, ...] = AUDIENCES) -> dict[str, int]:
    """Markdown pages each audience's site is built from (course overviews, lessons, help)."""
    pages = {}
    for audience in audiences:
        seen = [c for c in courses if audience in c.audiences]
        pages[audience] = 1 + len(seen) + sum(1 for c in seen for lesson in c.lessons if audience in lesson.audiences)
    return pages


SHAPES: dict[str, dict] = {
    "default": {
        "per_course": (3, 6),
        "words": DEFAULT_WORDS,
        "features": DEFAULT_FEATURES,
        "links": 0.0,
        "blocks": DEFAULT_BLOCKS,
        "narrowing": DEFAULT_NARROWING,
        "audiences": 4,
        "block_audience": None,
    },
}
"""Named shapes of academies: keyword arguments of ``generate`` (``generate(out, n, **SHAPES["long"])``).

- ``default``: what the generator always wrote (the same as passing no option);
- ``long``: like an outside benchmark corpus: 9 lessons per course of 600-1,200 words using every
  feature, 2 cross-course links per lesson, a tenth of the lessons with an employees-only passage;
- ``wide``: 12 audiences, short courses (3-5 lessons) of short lessons (300-500 words), one
  cross-course link per lesson, audience blocks in 30% of the lessons;
- ``many``: the default academy published to 24 audiences.
"""
SHAPES["long"] = {
    **SHAPES["default"],
    "per_course": (9, 9),
    "words": (600, 1200),
    "features": ("tabs", "emoji", "code", "tables", "admonitions", "images", "footnotes"),
    "links": 2.0,
    "blocks": 0.1,
    "block_audience": "employees",
}
SHAPES["wide"] = {
    **SHAPES["default"],
    "per_course": (3, 5),
    "words": (300, 500),
    "audiences": 12,
    "links": 1.0,
    "blocks": 0.3,
}
SHAPES["many"] = {**SHAPES["default"], "audiences": 24}


def generate(
    out: Path,
    lessons: int,
    *,
    plain: bool = False,
    per_course: tuple[int, int] = (3, 6),
    tiny: bool = False,
    seed: int = SEED,
    search: str = "search",
    words: tuple[int, int] = DEFAULT_WORDS,
    features=DEFAULT_FEATURES,
    links: float = 0.0,
    blocks: float = DEFAULT_BLOCKS,
    narrowing: float = DEFAULT_NARROWING,
    audiences: int = len(AUDIENCES),
    block_audience: str | None = None,
) -> dict:
    """Write an academy of ``lessons`` lessons into ``out`` and return counts of what it holds.

    ``per_course`` bounds the lessons of each course (``(1, 1)`` gives one course per lesson);
    ``tiny`` writes one-paragraph pages without images or audience blocks (for catalog-scale tests);
    ``plain`` makes ``mkdocs.yml`` the yardstick configuration (``mkdocs-plain.yml`` is always written);
    ``search`` is the search plugin of ``mkdocs.yml`` (for example ``academy/search``; the yardstick keeps
    Material's ``search``).

    The shape of the academy: ``words`` bounds the words of a lesson page (roughly: a page cannot
    be shorter than the features it holds); ``features`` lists the Markdown features lessons use
    (of ``FEATURES``; both configurations get the extensions they need); ``links`` is the average
    number of links per lesson to lessons of other courses; ``blocks`` the share of lessons holding
    an audience block (only for ``block_audience``, if given) and ``narrowing`` the share of
    lessons narrowing their course's audiences; ``audiences`` the number of audiences (2-24: the
    sample's four, fewer of them, or more with the segments of ``SEGMENTS``).
    """
    features = tuple(features)
    if lessons < 1 or not 1 <= per_course[0] <= per_course[1]:
        raise ValueError("need lessons >= 1 and 1 <= per_course[0] <= per_course[1]")
    if not 1 <= words[0] <= words[1]:
        raise ValueError("need 1 <= words[0] <= words[1]")
    if unknown := sorted(set(features) - set(FEATURES)):
        raise ValueError(f"unknown features {unknown}; choose from {', '.join(FEATURES)}")
    if links < 0 or not 0 <= blocks <= 1 or not 0 <= narrowing <= 1:
        raise ValueError("need links >= 0 and blocks and narrowing between 0 and 1")
    ids = audience_ids(audiences)
    if block_audience is not None and block_audience not in ids:
        raise ValueError(f"block_audience {block_audience!r} is not one of the audiences {', '.join(ids)}")
    out = Path(out)
    rng = Random(seed)
    today = dt.date(2026, 11, 1)
    courses = plan_courses(
        rng, lessons, per_course, today, audiences=ids, narrowing=narrowing, segment_rng=Random(f"{seed}:segments")
    )
    prepare(out)
    counts = {"courses": len(courses), "lessons": lessons, "pages": 1 + len(courses) + lessons}
    linker = Linker(Random(f"{seed}:links"), courses, links, block_audience) if links and not tiny else None
    counts.update(
        write_courses(
            out,
            Writer(rng, features),
            courses,
            tiny,
            words=words,
            features=features,
            blocks=blocks,
            block_audience=block_audience,
            linker=linker,
        )
    )
    counts["cross_course_links"] = linker.plain + linker.in_blocks if linker else 0
    counts["cross_course_links_in_blocks"] = linker.in_blocks if linker else 0
    write(out / "content" / "help.md", help_page(ids))
    specs = collection_specs(rng, courses, ids)
    for number, spec in enumerate(specs):
        write(out / "collections" / f"{spec['id']}.yml", collection_yaml(spec, SVG_COLOURS[number % len(SVG_COLOURS)]))
    for number, audience in enumerate(ids):
        write(out / "audiences" / f"{audience}.yml", audience_yaml(audience, specs))
        write(out / "audiences" / "branding" / f"{audience}-logo.svg", logo_svg(SVG_COLOURS[number % len(SVG_COLOURS)]))
    counts["collections"] = len(specs)
    counts["paths"] = sum(1 for spec in specs if spec.get("path"))
    counts["pages_per_audience"] = pages_per_audience(courses, ids)
    write(out / "mkdocs-plain.yml", plain_yaml(counts, features))
    write(out / "mkdocs.yml", plain_yaml(counts, features) if plain else mkdocs_yaml(counts, search, features))
    return counts


def _range(text: str) -> tuple[int, int]:
    """``LOW-HIGH`` (or ``N``) as a pair of integers."""
    low, _, high = text.partition("-")
    try:
        return int(low), int(high or low)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected LOW-HIGH, such as 3-6, not {text!r}") from None


def _features(text: str) -> tuple[str, ...]:
    """A comma-separated list of features (``all`` for every one, empty for none)."""
    if text.strip() == "all":
        return FEATURES
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    if unknown := [name for name in names if name not in FEATURES]:
        raise argparse.ArgumentTypeError(f"unknown feature(s) {', '.join(unknown)}; choose from {', '.join(FEATURES)}")
    return names


def _share(text: str) -> float:
    """A number between 0 and 1."""
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, not {text}")
    return value


OPTIONS = ("per_course", "words", "features", "links", "blocks", "narrowing", "audiences", "block_audience")
"""The keyword arguments of ``generate`` a shape sets (and the command-line options that override it)."""


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m bench.generate OUT_DIR --lessons N``."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (emptied first if generated before)")
    parser.add_argument("--lessons", type=int, required=True, help="number of lessons")
    parser.add_argument(
        "--shape",
        choices=tuple(SHAPES),
        default="default",
        help="a named bundle of the options below (default: default)",
    )
    parser.add_argument("--per-course", type=_range, metavar="LOW-HIGH", help="lessons per course (default 3-6)")
    parser.add_argument("--words", type=_range, metavar="LOW-HIGH", help="words per lesson page (default 400-700)")
    parser.add_argument(
        "--features",
        type=_features,
        metavar="LIST",
        help=f"comma-separated Markdown features of lessons, of: {', '.join(FEATURES)} "
        f"(or 'all'; default {','.join(DEFAULT_FEATURES)})",
    )
    parser.add_argument(
        "--links", type=float, metavar="X", help="cross-course links per lesson, on average (default 0)"
    )
    parser.add_argument(
        "--blocks", type=_share, metavar="X", help="share of lessons with an audience block (default 1/3)"
    )
    parser.add_argument(
        "--narrowing", type=_share, metavar="X", help="share of lessons narrowing their course's audiences"
    )
    parser.add_argument(
        "--audiences", type=int, metavar="N", help=f"number of audiences, {MIN_AUDIENCES}-{MAX_AUDIENCES} (default 4)"
    )
    parser.add_argument("--block-audience", metavar="ID", help="audience blocks are for this audience only")
    parser.add_argument("--tiny", action="store_true", help="one-paragraph pages, no images or audience blocks")
    parser.add_argument("--plain", action="store_true", help="make mkdocs.yml the yardstick config too")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--search", default="search", help="search plugin of mkdocs.yml, e.g. academy/search")
    args = parser.parse_args(argv)
    options = dict(SHAPES[args.shape])
    options.update({name: getattr(args, name) for name in OPTIONS if getattr(args, name) is not None})
    try:
        counts = generate(
            args.out, args.lessons, plain=args.plain, tiny=args.tiny, seed=args.seed, search=args.search, **options
        )
    except ValueError as error:
        parser.error(str(error))
    print(json.dumps(counts, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
