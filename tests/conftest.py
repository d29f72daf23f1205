"""Shared fixtures: the built site, a local web server for it, and a headless Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from browsing import CHROMIUM, CHROMIUM_ARGS, FINDINGS
from paths import LANGUAGES, SITE


@pytest.fixture(autouse=True)
def _close_diagrams(request: pytest.FixtureRequest) -> Iterator[None]:
    """Close the figures a diagram test drew (tests/test_diagrams_*.py), so that they do not pile up."""
    yield
    if request.module.__name__.startswith("test_diagrams_"):
        import matplotlib.pyplot as plt

        plt.close("all")


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; the tests read what ``nox -s docs`` produced."""
    if not all((SITE / lang / "index.html").is_file() for lang in LANGUAGES):
        pytest.fail(f"no built site in {SITE}: run 'nox -s docs' first (or 'nox -s tests', which builds it)")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host does, ``404.html`` included for a missing address."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 for the browser tests."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, once per test module."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium (see .ci/run)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_terminal_summary(terminalreporter) -> None:
    """List what the accessibility audit found without failing (best practice, lesser impact)."""
    if FINDINGS:
        terminalreporter.section("accessibility findings that do not fail the build")
        for line in FINDINGS:
            terminalreporter.write_line(line)
