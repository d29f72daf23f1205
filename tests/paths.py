"""Where the tests find the project's parts."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SITE = DOCS / "_build" / "html"
LOCALES = DOCS / "locales"
LANGUAGES = ("en", "zh_CN")
EXAMPLES = sorted((ROOT / "examples").glob("*/*.py"))
#: The exercise page that ends each chapter (sphinxext/exercises.py).
EXERCISES = [page for page in EXAMPLES if page.stem.endswith("_exercises")]

#: Folders of a language's build that hold assets, not pages.
ASSET_DIRS = {"_static", "_sources", "_images", "_downloads", "_sphinx_design_static"}


def site_pages(language: str, site: Path = SITE) -> list[str]:
    """Every HTML page a language's build wrote, as sorted paths below its folder (assets left out)."""
    root = site / language
    return sorted(page.relative_to(root).as_posix() for page in root.rglob("*.html")
                  if not ASSET_DIRS & set(page.relative_to(root).parts))
