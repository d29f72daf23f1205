"""Where the tests find the project's parts."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SITE = DOCS / "_build" / "html"
LOCALES = DOCS / "locales"
LANGUAGES = ("en", "zh_CN")
EXAMPLES = sorted((ROOT / "examples").glob("*/*.py"))
