"""Screenshots of the built sample sites for the README, made with the test suite's browser set-up.

Run after ``make build``:  .venv/bin/python scripts/screenshots.py
Writes docs/screenshots/<audience>-<page>-<scheme>.png (1280 px wide), <audience>-<page>-<scheme>-phone.png
(375 px wide), and check-feedback-light.png: a knowledge check answered wrong, with its feedback.
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

PHONE_SHOTS = {
    ("customers", "light"): {"home": "", "catalog": "catalog/"},
    ("partners", "dark"): {"course": "courses/implementation-method/01-phases-and-governance/"},
}
VIEWPORTS = {"": {"width": 1280, "height": 800}, "-phone": {"width": 375, "height": 740}}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def check_feedback(browser, base: str) -> None:
    """A knowledge check right after a wrong answer: the verdict, the chosen answer's feedback, "Try again"."""
    context = browser.new_context(viewport={"width": 900, "height": 800}, color_scheme="light")
    page = context.new_page()
    page.goto(f"{base}customers/courses/approval-workflows/02-routing-rules/")
    box = page.locator('[data-ac-check="base-currency"]')
    box.get_by_label("The document currency").check()
    box.get_by_role("button", name="Check answer").click()
    box.locator("[data-ac-feedback]:not([hidden])").wait_for()
    target = OUT / "check-feedback-light.png"
    box.screenshot(path=str(target))
    print(f"wrote {target.relative_to(ROOT)}")
    context.close()


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
        for suffix, shots in (("", SHOTS), ("-phone", PHONE_SHOTS)):
            for (audience, scheme), pages in shots.items():
                context = browser.new_context(viewport=VIEWPORTS[suffix], color_scheme=scheme)
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(f"{base}{audience}/{path}")
                    page.wait_for_load_state("networkidle")
                    target = OUT / f"{audience}-{name}-{scheme}{suffix}.png"
                    page.screenshot(path=str(target))
                    print(f"wrote {target.relative_to(ROOT)}")
                context.close()
        check_feedback(browser, base)
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
