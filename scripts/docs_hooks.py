"""MkDocs hooks of the documentation site (mkdocs.docs.yml), not of any academy.

The pages in docs/ link to the benchmark's README and latest results in bench/, outside the
docs folder, so that the links work when the files are read in the repository. The site
publishes those files as pages of its own and points the links at them, from docs/ and from
each other.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = {
    "../bench/README.md": "bench/README.md",
    "../bench/results/results.md": "bench/results.md",
    "../bench/results/lighthouse.md": "bench/lighthouse.md",
    "../bench/results/serve.md": "bench/serve.md",
}
"""Links written in docs/ to the page that stands for them on the site."""


def on_files(files: Files, config) -> Files:
    for source, page in OUTSIDE.items():
        text = (Path(config.docs_dir) / source).resolve().read_text(encoding="utf-8")
        files.append(File.generated(config, page, content=text))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    published = {target: source for source, target in OUTSIDE.items()}
    # Where the page's file is in the repository, relative to docs/, and where it is on the site.
    here = posixpath.dirname(published.get(page.file.src_uri, page.file.src_uri))
    there = posixpath.dirname(page.file.src_uri)
    for source, target in OUTSIDE.items():
        written = posixpath.relpath(posixpath.normpath(source), here or ".")
        markdown = markdown.replace(f"]({written})", f"]({posixpath.relpath(target, there or '.')})")
    return markdown
