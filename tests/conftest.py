"""Shared fixtures: the built site, and a local web server for it."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from paths import LANGUAGES, SITE


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; the tests read what ``nox -s docs`` produced."""
    if not all((SITE / lang / "index.html").is_file() for lang in LANGUAGES):
        pytest.fail(f"no built site in {SITE}: run 'nox -s docs' first (or 'nox -s tests', which builds it)")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 for the browser tests."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
