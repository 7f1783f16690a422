"""MkDocs hooks of the documentation site (mkdocs.docs.yml), not of any academy.

The pages in docs/ link to the benchmark's README and latest results in bench/, outside the
docs folder, so that the links work when the files are read in the repository. The site
publishes those two files as pages of its own and points the links at them.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = {"../bench/README.md": "bench/README.md", "../bench/results/results.md": "bench/results.md"}
"""Links written in docs/ to the page that stands for them on the site."""


def on_files(files: Files, config) -> Files:
    for source, page in OUTSIDE.items():
        text = (Path(config.docs_dir) / source).resolve().read_text(encoding="utf-8")
        files.append(File.generated(config, page, content=text))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.src_uri in OUTSIDE.values():
        return markdown
    for source, target in OUTSIDE.items():
        markdown = markdown.replace(f"]({source})", f"]({target})")
    return markdown
