"""Open pages of the built site in Debian's headless Chromium, with every request off this host blocked.

The ``browser`` fixture (conftest.py) starts Chromium once per test module; ``open_page`` gives
a test a fresh page that records what would have left the machine and every console error.
"""

from __future__ import annotations

import shutil

from playwright.sync_api import Browser, Page

from paths import LANGUAGES, SITE, site_pages

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = SITE.parent / "screenshots"
#: Findings that do not fail a test but that a reader of the test run should see (conftest.py
#: prints them at the end): axe-core's best-practice rules and its lesser-impact WCAG findings.
FINDINGS: list[str] = []


def open_page(browser: Browser, site_url: str, *, locale: str = "en-US", width: int = 1280) -> tuple[Page, list[str]]:
    """A fresh page that fails on any request off 127.0.0.1, and records console errors."""
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    errors: list[str] = []

    def only_local(route):
        if route.request.url.startswith(site_url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            errors.append(f"blocked request to {route.request.url}")
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page, errors


def all_pages() -> list[str]:
    """Every HTML page of both languages, as paths below the site root."""
    return [f"{language}/{page}" for language in LANGUAGES for page in site_pages(language)]
