"""Formulas are typeset as MathML while building (docs/sphinxext/mathml.py): in both languages, with
no script and no request off the site, readable at phone width, and never left as code or raw LaTeX."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup

from browsing import SCREENSHOTS, open_page
from paths import DOCS, EXAMPLES, LANGUAGES, LOCALES, site_pages

sys.path.insert(0, str(DOCS / "sphinxext"))
import mathml  # noqa: E402

CATALOGS = sorted((LOCALES / "zh_CN" / "LC_MESSAGES").rglob("*.po"))
BACKPROP = "chapters/04_gradients/06_chain_rule_and_backprop.html"
#: Symbols that only a formula uses: inline code holding one is a formula left as code.
MATH_SYMBOLS = re.compile(r"[∂δσΣ∑√⊙≤≥≈²³ᵀηλμ∇]")


def test_the_renderer_doctests_pass():
    assert doctest.testmod(mathml).failed == 0


def test_every_formula_in_the_sources_typesets():
    """Pages and catalogs hold many formulas, and each converts (the build would fail on one that does not)."""
    sources = [*EXAMPLES, *CATALOGS]
    formulas = {source: list(mathml.formulas(source)) for source in sources}
    failing = []
    for source, texts in formulas.items():
        for tex in texts:
            try:
                mathml.to_mathml(tex)
            except ValueError as error:
                failing.append(f"{source.name}: {error}")
    assert not failing, "\n".join(failing)
    pages_with_math = [source for source in EXAMPLES if formulas[source]]
    assert len(pages_with_math) >= 20, [p.name for p in pages_with_math]


def test_a_formula_that_does_not_convert_fails_the_build(tmp_path):
    (tmp_path / "conf.py").write_text(
        f"import sys; sys.path.insert(0, {str(DOCS / 'sphinxext')!r})\n"
        "extensions = ['mathml']\nhtml_math_renderer = 'mathml'\n", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Page\n====\n\nA half :math:`\\frac12` formula.\n", encoding="utf-8")
    build = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(tmp_path),
                            str(tmp_path / "_build")], capture_output=True, text=True)
    assert build.returncode != 0
    assert "index.rst:4" in build.stderr and "cannot typeset '\\\\frac12'" in build.stderr, build.stderr


def _roles(text: str, role: str) -> list[str]:
    return sorted(re.findall(rf":{role}:`([^`]+)`", text))


def _labels(text: str) -> list[str]:
    return sorted(re.sub(r"^.*<(.+)>$", r"\1", ref, flags=re.S) for ref in _roles(text, "ref"))


#: The display equations of the pages (their messages in the catalogs are the equations themselves).
DISPLAYS = {tex.strip() for page in EXAMPLES for tex in mathml.formulas(page)}


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: p.relative_to(LOCALES).as_posix())
def test_translations_keep_formulas_and_markup(catalog):
    """A msgstr has the msgid's formulas byte for byte, its inline code and its cross-references."""
    wrong = []
    for entry in polib.pofile(str(catalog)):
        if not entry.msgstr:
            continue
        if _roles(entry.msgid, "math") != _roles(entry.msgstr, "math"):
            wrong.append(f"formulas differ: {entry.msgid[:70]!r}")
        if entry.msgid.count("``") != entry.msgstr.count("``"):
            wrong.append(f"inline code differs: {entry.msgid[:70]!r}")
        if _labels(entry.msgid) != _labels(entry.msgstr):
            wrong.append(f"cross-references differ: {entry.msgid[:70]!r}")
        if entry.msgid.strip() in DISPLAYS and entry.msgstr != entry.msgid:
            wrong.append(f"a display equation translated: {entry.msgid[:70]!r}")
    assert not wrong, "\n".join(wrong)


def _article(site: Path, language: str, page: str) -> BeautifulSoup:
    """The page's article (the search page has none: an empty one)."""
    html = BeautifulSoup((site / language / page).read_text(encoding="utf-8"), "html.parser")
    return html.find("article") or BeautifulSoup("<article></article>", "html.parser").article


def test_both_languages_show_the_same_formulas(site):
    """Every page shows as many formulas in Chinese as in English, and the site has no MathJax."""
    counts = {}
    for page in site_pages("en", site):
        english = len(_article(site, "en", page).find_all("math"))
        chinese = len(_article(site, "zh_CN", page).find_all("math"))
        assert english == chinese, f"{page}: {english} formulas in English, {chinese} in Chinese"
        counts[page] = english
    assert sum(counts.values()) >= 150 and counts[BACKPROP] >= 10, counts
    for language in LANGUAGES:
        for page in site_pages(language, site):
            assert "mathjax" not in (site / language / page).read_text(encoding="utf-8").lower(), page


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_formula_is_left_as_code_or_raw_markup(site, language):
    """Prose shows no inline code holding a formula's symbols, and no role or LaTeX left unrendered."""
    found = []
    for page in site_pages(language, site):
        article = _article(site, language, page)
        for code in article.select("p code, li code, dd code"):
            text = code.get_text()
            # a call or a keyword argument with a Greek placeholder is code: SGD(..., lr=η)
            if MATH_SYMBOLS.search(text) and not re.match(r"^[\w.]+\(.*\)$|^\w+=", text, re.S):
                found.append(f"{page}: formula as code {code.get_text()!r}")
        for pre in article.find_all(["pre", "math", "code"]):
            pre.decompose()
        text = article.get_text(" ")
        found += [f"{page}: raw markup {m!r}" for m in re.findall(r":(?:math|ref|doc):`|\\frac|\\partial|``", text)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_formulas_render_on_every_formula_page(browser, site_url, site, language):
    """In Chromium, every formula of every page that has any is laid out with a size (MathML Core)."""
    formula_pages = [p for p in site_pages(language, site) if _article(site, language, p).find("math")]
    assert len(formula_pages) >= 20, formula_pages
    page, errors = open_page(browser, site_url)
    for path in formula_pages:
        page.goto(f"{site_url}/{language}/{path}")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # folded answers
        sizes = page.evaluate("[...document.querySelectorAll('article math')]"
                              ".map(m => { const r = m.getBoundingClientRect(); return [r.width, r.height]; })")
        assert sizes and all(w > 0 and h > 0 for w, h in sizes), f"{path}: {sizes}"
        # MathML laid out as mathematics, not as inline text: a fraction is taller than it is a line
        if page.locator("article mfrac").count():
            box = page.locator("article mfrac").first.bounding_box()
            assert box is not None and box["height"] > 20, f"{path}: a fraction {box}"
    assert not errors, errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_backprop_page_fits_a_phone(browser, site_url, language):
    """At 390 px the page body never scrolls sideways: a long equation scrolls inside its own box."""
    page, errors = open_page(browser, site_url, width=390)
    page.goto(f"{site_url}/{language}/{BACKPROP}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    boxes = page.locator("article div.math-display")
    assert boxes.count() >= 2
    for i in range(boxes.count()):
        assert boxes.nth(i).evaluate("e => e.getBoundingClientRect().right <= 390")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    boxes.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"{language}_backprop_390.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    boxes.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"{language}_backprop_1280.png"))
    assert not errors, errors
