"""Screenshots of the built sample sites for the README, made with the test suite's browser set-up.

Run after ``make build``:  .venv/bin/python scripts/screenshots.py
Writes docs/screenshots/<audience>-<page>-<scheme>.png.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SHOTS = {
    ("customers", "light"): {
        "home": "",
        "catalog": "catalog/?stage=foundational",
        "collection": "collections/admin-path/",
        "course": "courses/approval-workflows/",
    },
    ("partners", "dark"): {
        "home": "",
        "catalog": "catalog/",
        "collection": "collections/partner-certification/",
        "course": "courses/implementation-method/01-phases-and-governance/",
    },
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> int:
    site = ROOT / "site"
    if not (site / "customers" / "index.html").exists():
        print("Build the sample first: make build", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for (audience, scheme), pages in SHOTS.items():
            context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
            page = context.new_page()
            for name, path in pages.items():
                page.goto(f"{base}{audience}/{path}")
                page.wait_for_load_state("networkidle")
                target = OUT / f"{audience}-{name}-{scheme}.png"
                page.screenshot(path=str(target))
                print(f"wrote {target.relative_to(ROOT)}")
            context.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
