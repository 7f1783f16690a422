"""Configuration of the ``academy/portal`` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PortalConfig(base.Config):
    """Options of ``academy/portal``."""

    enabled = c.Type(bool, default=True)
    """Turn the generated portal pages off."""

    home = c.Type(bool, default=True)
    """Generate the home page (``index.md`` in ``docs_dir`` is then not allowed)."""
    home_new_courses = c.Type(int, default=6)
    """How many new and updated courses the home page lists."""

    catalog_url = c.Type(str, default="catalog/")
    """Where the catalog page is published."""
    catalog_json = c.Type(bool, default=True)
    """Publish ``catalog.json``, the audience's catalog for other systems."""

    collections_url = c.Type(str, default="collections/")
    """Where collection and learning path pages are published (``<url><id>/``)."""

    badges_url = c.Type(str, default="badges/")
    """Where the badges page is published."""
    my_learning_url = c.Type(str, default="my-learning/")
    """Where the learner's own progress page is published."""

    nav_pages = c.Type(bool, default=True)
    """List plain pages (help, resources …) in the top navigation after the portal pages."""
