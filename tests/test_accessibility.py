"""The site as a screen-reader or keyboard user meets it, in both languages.

axe-core (installed from the npm registry by ``nox -s tests`` into ``tests/node``, injected from
disk) audits every page of both languages, the search page with results, the search dialog,
the 404 page served for a missing address, and a few pages in the dark colour scheme. A WCAG
2.1 A/AA violation of impact "serious" or "critical" fails the test; every other finding (best
practice, or a lesser impact) is listed at the end of the test run and written, with the
counts per rule, to ``docs/_build/axe.json``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browsing import FINDINGS, all_pages, open_page
from paths import DOCS, LANGUAGES, ROOT

AXE = ROOT / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"serious", "critical"}
REPORT = DOCS / "_build" / "axe.json"
TENSORS = "chapters/02_tensors/index.html"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: What a search for a glossary term returns, per language.
QUERIES = {"en": "broadcasting", "zh_CN": "广播"}


@pytest.fixture(scope="module")
def axe() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing from {AXE.parent}: 'nox -s tests' installs it "
                    f"(or run: npm ci --prefix {AXE.parents[2]})")
    return AXE.read_text(encoding="utf-8")


def audit(page: Page, axe: str) -> list[dict]:
    """axe-core's violations on the page as it is now (WCAG 2.1 A/AA and best practice)."""
    # Colours still fading in (the theme's CSS transitions on load, e.g. into the dark scheme)
    # would be measured half-way: audit the page as it settles.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, tags: v.tags, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.html.slice(0, 160) + ' '"
        " + [...n.any, ...n.all, ...n.none].map(c => c.message).join(' '))})))",
        [*WCAG, "best-practice"],
    )


def _views(page: Page, site_url: str, language: str):
    """Every page, then the views that only exist after something happened: yield their names."""
    for path in (p for p in all_pages() if p.startswith(f"{language}/")):
        page.goto(f"{site_url}/{path}", wait_until="load")
        yield path
    page.goto(f"{site_url}/{language}/search.html?q={QUERIES[language]}")
    expect(page.locator("#search-results ul.search li a").first).to_be_visible(timeout=15_000)
    yield f"{language}/search.html?q={QUERIES[language]} (with results)"
    page.goto(f"{site_url}/{language}/{TENSORS}")
    page.locator(".search-button__button").first.click()
    expect(page.locator(".search-button__search-container input, .bd-search input").first).to_be_focused()
    yield f"{language}/{TENSORS} (search dialog open)"
    page.mouse.move(0, 899)  # off the button just clicked: the next pages are audited without a hover
    response = page.goto(f"{site_url}/{language}/chapters/no/such/page.html")
    assert response is not None and response.status == 404
    expect(page.locator("article h1")).to_be_visible()
    yield f"{language}/chapters/no/such/page.html (404)"
    page.emulate_media(color_scheme="dark")  # the theme follows the reader's colour scheme: contrast
    for path in ("index.html", "chapters/05_first_network/03_mlp_with_cross_entropy.html", "glossary.html"):
        page.goto(f"{site_url}/{language}/{path}")
        yield f"{language}/{path} (dark)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_serious_accessibility_violation_on_any_page(browser, site_url, axe, language):
    page, errors = open_page(browser, site_url)
    failures: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    pages = 0
    for view in _views(page, site_url, language):
        pages += 1
        for violation in audit(page, axe):
            wcag = bool(set(violation["tags"]) & set(WCAG))
            key = f"{violation['id']} ({violation['impact']}{'' if wcag else ', best practice'})"
            counts[key] += len(violation["nodes"])
            line = f"{view}: {violation['help']}: {violation['nodes'][0]}"
            if wcag and violation["impact"] in FAILING:
                failures.setdefault(key, []).append(line)
            else:
                FINDINGS.append(f"axe-core {key}: {line}")
    report = json.loads(REPORT.read_text()) if REPORT.is_file() else {}
    report[language] = {"views": pages, "violations": dict(counts)}
    REPORT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    assert pages > 60, pages
    assert not failures, "\n".join(f"{key}: {len(lines)} views, e.g.\n  " + "\n  ".join(lines[:3])
                                   for key, lines in failures.items())
    assert not [e for e in errors if "404" not in e], errors


def _control_names(page: Page) -> list[tuple[str, str]]:
    """(role, accessible name) of every control Chromium exposes, as a screen reader reads them."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    controls = {"button", "DisclosureTriangle", "combobox", "searchbox", "textbox", "navigation", "search"}
    return [(n["role"]["value"], n.get("name", {}).get("value", "")) for n in nodes
            if not n.get("ignored") and n.get("role", {}).get("value") in controls]


@pytest.mark.parametrize("path", [TENSORS, "chapters/02_tensors/02_creating_tensors.html", "search.html"])
def test_every_control_is_named_in_the_page_language(browser, site_url, path):
    """Sidebar toggles, switcher, theme and copy buttons, search: named, and in Chinese on zh_CN."""
    for language in LANGUAGES:
        page, errors = open_page(browser, site_url)
        page.goto(f"{site_url}/{language}/{path}")
        names = _control_names(page)
        kinds = Counter(role for role, _ in names)
        assert kinds["button"] >= 2 and kinds["navigation"] >= 2, names
        if path != "search.html":
            assert kinds["DisclosureTriangle"] >= 9, names  # the sidebar's chapter toggles
        unnamed = [(role, name) for role, name in names if not name.strip() and role != "navigation"]
        assert not unnamed, unnamed
        if language == "zh_CN":
            english = [(role, name) for role, name in names if name.strip() and not CJK.search(name)]
            assert not english, f"controls named in English on a Chinese page: {english}"
        else:
            assert not [name for _, name in names if CJK.search(name)], names
        assert not errors, errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_figures_have_alt_text_in_the_page_language(site, language):
    """Each figure is described in the reader's language; on zh_CN, none only in English."""
    chapters = site / language / "chapters"
    alts = {page.relative_to(chapters).as_posix(): re.findall(r'<img src="[^"]*_images/sphx_glr_[^"]*"[^>]*alt="([^"]*)"',
                                                            page.read_text(encoding="utf-8"))
            for page in sorted(chapters.glob("*/[0-9]*.html"))}
    figures = [(page, alt) for page, page_alts in alts.items() for alt in page_alts]
    assert len(figures) >= 40, len(figures)
    assert all(alt.strip() for _, alt in figures), [f for f in figures if not f[1].strip()]
    if language == "zh_CN":
        english = [(page, alt) for page, alt in figures if not CJK.search(alt)]
        assert not english, f"figures described only in English on Chinese pages: {english}"


TABS = 400


def _tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focused element matches ``selector`` (as a keyboard user would)."""
    for _ in range(TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{TABS} presses of Tab never reached {selector!r} on {page.url}")


def test_keyboard_alone_switches_language_searches_and_opens_a_section(browser, site_url):
    page, errors = open_page(browser, site_url)
    page.goto(f"{site_url}/en/{TENSORS}")
    _tab_to(page, "nav.language-switcher a[hreflang='zh-CN']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site_url}/zh_CN/{TENSORS}")

    # A folded sidebar section opens with Enter, and shows its pages.
    _tab_to(page, "details:not([open]) > summary")
    section = page.evaluate_handle("document.activeElement.parentElement")
    page.keyboard.press("Enter")
    assert section.evaluate("d => d.open"), "Enter did not open the folded section"
    assert section.evaluate("d => d.querySelector('ul a').offsetHeight") > 0

    # The search button, then a query typed into the dialog it opens.
    page.goto(f"{site_url}/zh_CN/{TENSORS}")
    _tab_to(page, ".search-button__button")
    page.keyboard.press("Enter")
    field = page.locator(".bd-search input[name='q']").first
    expect(field).to_be_focused()
    page.keyboard.type("广播")
    page.keyboard.press("Enter")
    expect(page.locator("#search-results ul.search li a").first).to_be_visible(timeout=15_000)

    # Next page at the bottom of the article.
    page.goto(f"{site_url}/zh_CN/{TENSORS}")
    _tab_to(page, "a.right-next")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(target)
    assert not errors, errors
