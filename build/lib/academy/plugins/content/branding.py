"""An audience's branding applied to MkDocs' configuration: name, URL, palette, logo, favicon."""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig

from ...core.model import Audience

BRAND_DIR = "assets/academy/brand"
"""Where an audience's logo and favicon are published in its site."""


def apply_branding(config: MkDocsConfig, audience: Audience) -> dict[str, Path]:
    """Brand the site for ``audience``.

    Returns:
        Files to publish (site path to source file): the logo and favicon.
    """
    config.site_name = escape(audience.title)
    if audience.description:
        config.site_description = escape(audience.description)
    if audience.site_url:
        config.site_url = audience.site_url if audience.site_url.endswith("/") else audience.site_url + "/"
    if audience.palette:
        _apply_palette(config, dict(audience.palette))
    files = {}
    for key in ("logo", "favicon"):
        source: Path | None = getattr(audience, key)
        if source is not None:
            target = f"{BRAND_DIR}/{key}{source.suffix}"
            config.theme[key] = target
            files[target] = source
    return files


def _apply_palette(config: MkDocsConfig, palette: dict[str, str]) -> None:
    current = config.theme.get("palette")
    if isinstance(current, list) and current:
        # A light/dark toggle: keep each scheme, recolour both.
        config.theme["palette"] = [
            {**entry, **{k: v for k, v in palette.items() if k != "scheme"}} for entry in current
        ]
    elif isinstance(current, dict):
        config.theme["palette"] = {**current, **palette}
    else:
        config.theme["palette"] = palette
