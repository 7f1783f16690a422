"""Time the catalog's filters in a real browser on a catalog of thousands of courses.

Usage (from the repository root)::

    python -m bench.filter [--courses 5000] [--audience customers] [--no-build] [--sample-site site]

1. Generates an academy of ``--courses`` one-lesson courses with tiny pages (``bench.generate``).
2. Builds one audience with ``ACADEMY_AUDIENCE=<audience> mkdocs build`` into ``WORK/filter-site``.
3. Serves it on 127.0.0.1 (a free port, in a thread) and opens ``/catalog/`` in Debian's Chromium
   driven by Playwright.
4. Applies a sequence of filter changes (facet checkboxes on and off, free text) and measures
   each in the page with ``performance.now()``: from the change until the synchronous filter
   handler has updated the DOM, and until the first layout after it (a ``requestAnimationFrame``
   callback that then forces layout).
5. Reports medians and maxima, plus the HTML, CSS and JS weight of the home and catalog pages of
   the sample academy (``--sample-site``, built by ``make build``) and of the generated catalog,
   to ``OUT/filter.md`` and stdout.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from .generate import generate
from .run import base_env, machine

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LISTING = "[data-ac-listing]"

MEASURE_JS = """
async (step) => {
  const root = document.querySelector('[data-ac-listing]');
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => {
    void document.body.offsetHeight;  // the first layout after the change
    resolve(performance.now());
  }));
  let start, updated;
  if (step.kind === 'box') {
    const box = root.querySelector(`input[type="checkbox"][name="${step.facet}"][value="${step.value}"]`);
    start = performance.now();
    box.click();  // a click fires 'change'; the listing filters synchronously
    updated = performance.now();
  } else {
    root.querySelector('input[type="search"]').value = step.text;
    start = performance.now();
    root.acFilter();  // what the debounced 'input' handler calls
    updated = performance.now();
  }
  const laidOut = await frame();
  const shown = root.querySelector('[data-ac-shown]').textContent;
  return {update: updated - start, layout: laidOut - start, shown: Number(shown)};
}
"""

FACETS_JS = """
() => {
  const facets = {};
  document.querySelectorAll('[data-ac-listing] input[type="checkbox"]').forEach((box) => {
    (facets[box.name] = facets[box.name] || []).push(box.value);
  });
  return facets;
}
"""


# --------------------------------------------------------------------------- the site


def build_site(tree: Path, site: Path, audience: str) -> float:
    """Build one audience of ``tree`` with plain ``mkdocs build``; return the seconds it took."""
    mkdocs = Path(sys.executable).parent / "mkdocs"
    env = {**base_env(), "ACADEMY_AUDIENCE": audience}
    cmd = [str(mkdocs), "build", "-q", "-f", str(tree / "mkdocs.yml"), "-d", str(site)]
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    return time.perf_counter() - start


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files without a log line per request."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        pass


@contextmanager
def serve(site: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``site`` with ``handler`` on a free port of 127.0.0.1 in a thread; yield its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- the browser


def steps_for(facets: dict[str, list[str]]) -> list[dict]:
    """About twenty filter changes: facets on and off, free text typed and cleared."""

    def box(facet: str, index: int) -> dict:
        values = facets.get(facet) or next(iter(facets.values()))
        name = facet if facet in facets else next(iter(facets))
        return {"kind": "box", "facet": name, "value": values[index % len(values)]}

    def text(value: str) -> dict:
        return {"kind": "text", "text": value}

    return [
        box("roles", 0),
        box("roles", 1),
        box("stage", 0),
        text("approval"),
        box("level", 0),
        box("roles", 0),
        text("approval workflows"),
        text(""),
        box("format", 0),
        box("stage", 0),
        text("vendor"),
        box("stage", 1),
        box("roles", 1),
        text(""),
        box("roles", 4),
        box("level", 0),
        text("invoice capture"),
        box("format", 0),
        text("no course is called this"),
        text(""),
        box("stage", 1),
        box("roles", 4),
    ]


def label(step: dict) -> str:
    """How a step reads in the report."""
    if step["kind"] == "text":
        return f'text "{step["text"]}"' if step["text"] else "text cleared"
    return f"toggle {step['facet']}={step['value']}"


def measure_filters(url: str) -> tuple[int, list[dict]]:
    """Open the catalog, apply every step; return the cards left in the document by the script, and the timings."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url + "catalog/", wait_until="load", timeout=120_000)
            page.wait_for_function(
                f"() => document.querySelector('{LISTING}') && document.querySelector('{LISTING}').acFilter"
            )
            cards = page.evaluate(f"() => document.querySelectorAll('{LISTING} [data-ac-cards] > li').length")
            results = []
            for step in steps_for(page.evaluate(FACETS_JS)):
                results.append({"step": label(step), **page.evaluate(MEASURE_JS, step)})
            return cards, results
        finally:
            browser.close()


# --------------------------------------------------------------------------- page weights

_CSS = re.compile(r"""<link\b[^>]*\brel=["']?stylesheet["']?[^>]*>""", re.IGNORECASE)
_JS = re.compile(r"""<script\b[^>]*\bsrc=["']?([^"'\s>]+)""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref=["']?([^"'\s>]+)""", re.IGNORECASE)


def local_file(page: Path, site: Path, reference: str) -> Path | None:
    """The file a page's reference points to, if it is inside the site."""
    if re.match(r"^[a-z]+:|^//", reference):
        return None
    reference = reference.split("?", 1)[0].split("#", 1)[0]
    target = (site / reference.lstrip("/")) if reference.startswith("/") else (page.parent / reference)
    target = target.resolve()
    return target if target.is_file() and site.resolve() in target.parents else None


def page_weight(page: Path, site: Path) -> dict[str, int]:
    """Bytes (raw and gzip-compressed) of a page's HTML and of the CSS and JS it loads."""
    html = page.read_bytes()
    text = html.decode("utf-8", "replace")
    css = [m.group(1) for tag in _CSS.findall(text) if (m := _HREF.search(tag))]
    js = _JS.findall(text)
    weight = {"html": len(html), "html_gz": len(gzip.compress(html, 6))}
    for kind, references in (("css", css), ("js", js)):
        files = [f for ref in references if (f := local_file(page, site, ref))]
        data = [f.read_bytes() for f in dict.fromkeys(files)]
        weight[kind] = sum(len(d) for d in data)
        weight[f"{kind}_gz"] = sum(len(gzip.compress(d, 6)) for d in data)
        weight[f"{kind}_files"] = len(data)
    return weight


def weights(site: Path, name: str) -> list[tuple[str, dict[str, int]]]:
    """Weights of the home and catalog pages of every audience site under ``site`` (or of ``site`` itself)."""
    roots = [site] if (site / "catalog" / "index.html").is_file() else sorted(p for p in site.iterdir() if p.is_dir())
    rows = []
    for root in roots:
        for page in ("index.html", "catalog/index.html"):
            if (root / page).is_file():
                where = name if root == site else f"{name} {root.name}"
                rows.append((f"{where}: {page}", page_weight(root / page, root)))
    return rows


# --------------------------------------------------------------------------- report


def summary(values: list[float]) -> str:
    """Median and max in milliseconds."""
    return f"{statistics.median(values):.2f} | {max(values):.2f}" if values else "n/a | n/a"


def kb(value: int) -> str:
    return f"{value / 1024:.1f}"


def report(info: dict, context: dict, steps: list[dict], rows: list[tuple[str, dict]], missing: str) -> str:
    """``filter.md``."""
    boxes = [s for s in steps if s["step"].startswith("toggle")]
    texts = [s for s in steps if not s["step"].startswith("toggle")]
    lines = [
        "# Catalog filter benchmark",
        "",
        f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores), Chromium headless "
        f"({CHROMIUM}), Python {info['python']}, MkDocs {info['mkdocs']}, Material {info['material']}.",
        "",
        f"Catalog of the '{context['audience']}' site of a generated academy of {context['courses']} courses: "
        f"{context['listed']} course cards in the HTML, of which the script keeps the first {context['cards']} "
        f"matching ones in the document at a time. {context['build']}",
        "",
        "*update*: from the change (checkbox click, or `acFilter()` after setting the search text) until the "
        "synchronous handler returns with the DOM updated. *first layout*: from the change until the next "
        "`requestAnimationFrame` callback has forced layout (includes waiting for the next frame).",
        "",
        "| changes | n | update median ms | update max ms | first layout median ms | first layout max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, group in (("facet checkboxes", boxes), ("free text", texts), ("all", steps)):
        update = summary([s["update"] for s in group])
        layout = summary([s["layout"] for s in group])
        lines.append(f"| {name} | {len(group)} | {update} | {layout} |")
    lines += ["", "| # | change | cards shown | update ms | first layout ms |", "|---:|---|---:|---:|---:|"]
    for number, s in enumerate(steps, start=1):
        lines.append(f"| {number} | {s['step']} | {s['shown']} | {s['update']:.2f} | {s['layout']:.2f} |")
    lines += [
        "",
        "## Page weights",
        "",
        "KiB, uncompressed / gzip -6. CSS and JS are the local files the page links (Material's and Academy's).",
        "",
        "| page | HTML | HTML gz | CSS | CSS gz | JS | JS gz |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, w in rows:
        lines.append(
            f"| {name} | {kb(w['html'])} | {kb(w['html_gz'])} | {kb(w['css'])} ({w['css_files']}) "
            f"| {kb(w['css_gz'])} | {kb(w['js'])} ({w['js_files']}) | {kb(w['js_gz'])} |"
        )
    if missing:
        lines += ["", missing]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m bench.filter``."""
    parser = argparse.ArgumentParser(prog="python -m bench.filter", description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=5000, help="courses in the generated academy")
    parser.add_argument(
        "--audience", default="employees", help="the audience whose catalog is timed (employees see every course)"
    )
    parser.add_argument("--work", type=Path, default=Path("bench/scratch"))
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    parser.add_argument("--sample-site", type=Path, default=Path("site"), help="the sample academy's built sites")
    parser.add_argument("--no-build", action="store_true", help="reuse WORK/filter-site from a previous run")
    args = parser.parse_args(argv)
    tree, site = args.work.resolve() / "filter-academy", args.work.resolve() / "filter-site"
    build = "Site reused from a previous run (--no-build)."
    if not args.no_build or not (site / "catalog" / "index.html").is_file():
        print(f"Generating {args.courses} one-lesson courses into {tree} ...", flush=True)
        generate(tree, args.courses, per_course=(1, 1), tiny=True)
        print(f"Building the '{args.audience}' site into {site} ...", flush=True)
        seconds = build_site(tree, site, args.audience)
        build = f"Built with `ACADEMY_AUDIENCE={args.audience} mkdocs build` in {seconds:.1f} s."
        print(build, flush=True)
    with serve(site) as url:
        print(f"Serving {site} at {url}; timing filters in Chromium ...", flush=True)
        cards, steps = measure_filters(url)
    rows = weights(site, "generated")
    missing = ""
    if args.sample_site.is_dir() and any(args.sample_site.iterdir()):
        rows = weights(args.sample_site, "sample") + rows
    else:
        missing = f"The sample academy is not built at {args.sample_site}; run `make build` to include its pages."
    listed = (site / "catalog" / "index.html").read_text(encoding="utf-8").count('<li class="ac-card"')
    context = {"audience": args.audience, "courses": args.courses, "listed": listed, "cards": cards, "build": build}
    text = report(machine(), context, steps, rows, missing)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "filter.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
