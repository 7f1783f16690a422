"""Tiny academies written into a temporary folder, and helpers to build and read them."""

from __future__ import annotations

import gzip
import textwrap
from pathlib import Path

MKDOCS_YML = """\
site_name: Tiny academy
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - academy/search
  - academy/content:
      audience: !ENV [ACADEMY_AUDIENCE, null]
      default_audiences: {default}
      taxonomies:
        roles:
          label: Role
          many: true
          values: {{admin: Administrator, developer: Developer, analyst: Analyst}}
        stage:
          label: Journey stage
          required: true
          values:
            implementation: Implementation
            foundational: Foundational
            advanced: Advanced
            maintenance: Maintenance
        level:
          label: Level
          values: {{beginner: Beginner, advanced: Advanced}}
  - academy/portal
markdown_extensions:
  - admonition
  - toc
"""

AUDIENCES = {
    "audiences/customers.yml": "title: Customer Academy\nsite_url: https://academy.example.com/customers/\n",
    "audiences/partners.yml": "title: Partner Academy\nsite_url: https://academy.example.com/partners/\n",
    "audiences/staff.yml": "title: Staff Academy\nsite_url: https://academy.example.com/staff/\n",
}

BASIC_COURSE = {
    "content/courses/basics/index.md": """\
        ---
        title: The basics
        description: Start here.
        roles: [admin]
        stage: implementation
        audiences: [customers, partners, staff]
        ---
        Welcome to the basics.
        """,
    "content/courses/basics/01-first.md": """\
        ---
        title: First steps
        ---
        Open the product and sign in.
        """,
}


STAFF_COURSE = {
    "content/courses/internal/index.md": """\
        ---
        title: Internal tools
        roles: [admin]
        stage: advanced
        audiences: [staff]
        ---
        For staff.
        """,
    "content/courses/internal/01-console.md": "---\ntitle: The console\n---\nThe admin console lists every tenant.\n",
}
"""A course for staff alone."""


def write_academy(root: Path, files: dict[str, str], *, default: str = "[]", with_basics: bool = True) -> Path:
    """Write mkdocs.yml, three audiences, a shared course and ``files`` under ``root``."""
    tree = {"mkdocs.yml": MKDOCS_YML.format(default=default), **AUDIENCES}
    if with_basics:
        tree.update(BASIC_COURSE)
    tree.update(files)
    for rel, text in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root / "mkdocs.yml"


def site_bytes(site: Path) -> dict[str, bytes]:
    """Every file of a built site by path, but its marker (which names the build that made it)."""
    from academy.cli.sites import MARKER

    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def site_texts(site: Path) -> dict[str, str]:
    """Every file of a built site as text (gzip files decompressed)."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        texts[path.relative_to(site).as_posix()] = data.decode("utf-8", "replace")
    return texts


def load(root: Path):
    """The academy written under ``root``, loaded and validated (it must have no problems)."""
    from academy.core.load import load_academy
    from academy.plugins.project import load_mkdocs_config
    from academy.plugins.settings import settings_from

    config = load_mkdocs_config(root / "mkdocs.yml")
    academy, problems = load_academy(settings_from(config, config.plugins["academy/content"].config))
    assert problems == [], problems
    return academy


def audit_index(academy, audience: str, base_path: str = "/customers/"):
    """The audit index of ``audience``: its hidden text against the text of its view (no theme)."""
    from academy.audit.index import AuditIndex
    from academy.audit.units import hidden_copies, hidden_paths, hidden_units, legit_units
    from academy.core.view import build_view

    return AuditIndex.build(
        audience,
        base_path,
        hidden_units(academy, audience),
        legit_units(build_view(academy, audience)),
        hidden_paths(academy, audience),
        hidden_copies(academy, audience),
    )


def auditor_of(academy, audience: str):
    """An auditor of ``audience``'s site at ``https://academy.example.com/<audience>/``."""
    from academy.audit.scan import Auditor
    from academy.core.view import build_view

    index = audit_index(academy, audience, f"/{audience}/")
    return Auditor(index, assets=dict(build_view(academy, audience).assets), theme=[], host="academy.example.com")
