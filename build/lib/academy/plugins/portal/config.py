"""Configuration of the ``academy/portal`` plugin."""

from __future__ import annotations

from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c

from ...core.values import url_problem


class SitePath(c.Type):
    """A path within the site, like ``catalog/``: no scheme, no host, nothing to break out of an attribute."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        problem = url_problem(value)
        if problem or urlsplit(value).scheme or value.startswith("/") or not value.endswith("/"):
            raise base.ValidationError(f"'{value}' must be a path within the site ending in '/', like 'catalog/'")
        return value


class PortalConfig(base.Config):
    """Options of ``academy/portal``."""

    enabled = c.Type(bool, default=True)
    """Turn the generated portal pages off."""

    home = c.Type(bool, default=True)
    """Generate the home page (``index.md`` in ``docs_dir`` is then not allowed)."""
    home_new_courses = c.Type(int, default=6)
    """How many new and updated courses the home page lists."""

    catalog_url = SitePath("catalog/")
    """Where the catalog page is published."""
    catalog_json = c.Type(bool, default=True)
    """Publish ``catalog.json``, the audience's catalog for other systems."""

    collections_url = SitePath("collections/")
    """Where collection and learning path pages are published (``<url><id>/``)."""

    badges_url = SitePath("badges/")
    """Where the badges page is published."""
    my_learning_url = SitePath("my-learning/")
    """Where the learner's own progress page is published."""
    certificate_url = SitePath("certificate/")
    """Where the printable certificate of an earned badge or a finished learning path is published."""
    recommend_url = SitePath("recommend/")
    """Where an audience's recommendation quiz is published (for audiences with ``recommend:``)."""

    nav_pages = c.Type(bool, default=True)
    """List plain pages (help, resources …) in the top navigation after the portal pages."""
