"""The academy's pages in MkDocs: each is read from the audience view, never from its file.

MkDocs would read a page's file, passages for every audience included, and hand that text to
every plugin before rendering. An ``AcademyPage`` takes its Markdown and metadata from the
``PageView`` instead, and its ``File`` holds that same text: no plugin, template or
extension of the audience's build can read what the audience may not.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Mapping

from markdown import Markdown
from markdown.extensions import Extension
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

from ...core.check_block import EXTENSION as CHECKS_EXTENSION
from ...core.check_block import ChecksExtension
from ...core.markdown import BLOCK_NAME, SNIPPETS
from ...core.view import PageView
from ...portal.images import ImageSizesExtension, image_sizes
from ...portal.tasklist import TaskListNamesExtension


def page_source(view: PageView) -> str:
    """The page as a file that holds only what its audience reads: front matter, then the Markdown."""
    return view.markdown if view.front is None else f"---\n{view.front}---\n\n{view.markdown}"


class AcademyPage(Page):
    """A course overview, lesson or plain page, as one audience reads it."""

    def __init__(self, file: File, config: MkDocsConfig, *, view: PageView) -> None:
        file.content_string = page_source(view)  # what another plugin reads of the file, too
        super().__init__(None, file, config)
        self.view = view

    def read_source(self, config: MkDocsConfig) -> None:
        """Take the page's Markdown and metadata from its view (its front matter is read already).

        A page titled by its opening heading gets that title in its metadata, as the view
        computed it from what its audience reads, so that MkDocs, Material and the portal agree.
        """
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is not None:
            raise PluginError(
                f"{self.view.source}: a plugin supplies this page's source itself (on_page_read_source), "
                "which could bypass audience filtering; remove that plugin"
            )
        self.markdown = self.view.markdown
        self.meta = dict(self.view.meta)
        self.meta["title"] = self.view.title

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Render with the page's images sized from their files (``portal.images``)."""
        render_page(self, config, files, image_sizes(self.view.targets, files))


def render_page(page: Page, config: MkDocsConfig, files: Files, sizes: Mapping, *extensions: Extension) -> None:
    """MkDocs' rendering of ``page``, its images sized from ``sizes`` (``portal.images``), with
    ``extensions`` added for this rendering only."""
    added = [ImageSizesExtension(page.file.src_uri, sizes), *extensions]
    config.markdown_extensions.extend(added)
    try:
        Page.render(page, config, files)
    finally:
        for extension in added:
            config.markdown_extensions.remove(extension)


class _Unresolved(Block):
    """An audience block met while rendering: Academy resolves every one before, so it is an error."""

    NAME = BLOCK_NAME
    ARGUMENT = None
    OPTIONS: dict = {}

    def on_validate(self, parent: etree.Element) -> bool:
        raise PluginError(
            "an audience block reached Markdown rendering: a plugin or Markdown extension added it after "
            "Academy removed passages, so Academy cannot tell who may read it; remove that plugin or extension"
        )

    def on_create(self, parent: etree.Element) -> etree.Element:  # never reached: on_validate raises
        return etree.SubElement(parent, "div")


class AudienceGuard(BlocksExtension):
    """A Markdown extension that fails the build on any audience block left to render (fail closed)."""

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:  # noqa: N802
        block_mgr.register(_Unresolved, {})


def prepare_rendering(config: MkDocsConfig, guard: BlocksExtension | None = None) -> None:
    """Set up the Markdown extensions pages render with: ``AudienceGuard`` added, snippets taken out.

    ``guard`` stands in for ``AudienceGuard`` in the author preview (``author.MarkedPassages``).

    The academy includes snippets into each page before it decides who reads what
    (``core.snippets``): rendering them again would include them a second time. Task-list
    checkboxes get their item's text as their name (``portal.tasklist``); ``/// check`` blocks
    render as knowledge checks (``core.check_block``).
    """
    if SNIPPETS in config.markdown_extensions:
        config.markdown_extensions.remove(SNIPPETS)
    guard = guard or AudienceGuard()
    if not any(isinstance(extension, type(guard)) for extension in config.markdown_extensions):
        config.markdown_extensions.append(guard)
    if not any(isinstance(extension, TaskListNamesExtension) for extension in config.markdown_extensions):
        config.markdown_extensions.append(TaskListNamesExtension())
    # Knowledge checks render without an author listing the extension; its name in the list
    # (and so in every render key) is its class's, as for the extensions above.
    extensions = config.markdown_extensions
    if CHECKS_EXTENSION not in extensions and not any(isinstance(e, ChecksExtension) for e in extensions):
        extensions.append(ChecksExtension())
