"""Click through the site in a real headless Chromium (Debian's), with every non-local request blocked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browsing import SCREENSHOTS, all_pages, open_page
from paths import LANGUAGES

TENSORS = "chapters/02_tensors/index.html"


def test_switcher_keeps_the_page(browser, site_url):
    page, errors = open_page(browser, site_url)
    page.goto(f"{site_url}/en/{TENSORS}")
    page.locator("nav.language-switcher a[hreflang='zh-CN']").first.click()
    expect(page).to_have_url(f"{site_url}/zh_CN/{TENSORS}")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    expect(page.locator("article h1")).to_contain_text("张量")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "zh_tensors_index.png"), full_page=False)
    page.locator("nav.language-switcher a[hreflang='en']").first.click()
    expect(page).to_have_url(f"{site_url}/en/{TENSORS}")
    page.screenshot(path=str(SCREENSHOTS / "en_tensors_index.png"), full_page=False)
    assert not errors, errors


@pytest.mark.parametrize(
    ("language", "query"), [("zh_CN", "张量"), ("zh_CN", "广播"), ("en", "broadcasting")],
)
def test_search_finds_the_tensors_chapter(browser, site_url, language, query):
    page, errors = open_page(browser, site_url)
    page.goto(f"{site_url}/{language}/search.html?q={query}")
    results = page.locator("#search-results ul.search li a")
    expect(results.first).to_be_visible(timeout=15_000)
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("chapters/02_tensors/" in href for href in hrefs), hrefs
    page.screenshot(path=str(SCREENSHOTS / f"search_{language}.png"))
    assert not errors, errors


@pytest.mark.parametrize(("locale", "language"), [("zh-CN", "zh_CN"), ("en-GB", "en"), ("fr-FR", "en")])
def test_root_page_sends_readers_to_their_language(browser, site_url, locale, language):
    page, errors = open_page(browser, site_url, locale=locale)
    page.goto(f"{site_url}/index.html")
    expect(page).to_have_url(f"{site_url}/{language}/index.html")
    assert not errors, errors


def test_copy_button_copies_the_code_without_prompts(browser, site_url):
    page, errors = open_page(browser, site_url)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page.goto(f"{site_url}/en/index.html")
    page.locator("div.highlight").first.hover()
    page.locator("button.copybtn").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines()[0] == "import torch", copied
    assert ">>>" not in copied
    assert not errors, errors


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_pages_render_without_errors(browser, site_url, language, width):
    page, errors = open_page(browser, site_url, width=width)
    for path in ("index.html", "glossary.html", TENSORS):
        page.goto(f"{site_url}/{language}/{path}")
        expect(page.locator("article h1")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / f"{language}_{width}_tensors.png"), full_page=False)
    assert not errors, errors


def test_every_page_loads_with_no_request_off_this_host(browser, site_url):
    """The whole site works with no internet: no CDN font, script, MathJax or analytics."""
    pages = all_pages()
    assert len(pages) > 20, pages
    page, errors = open_page(browser, site_url)
    for path in pages:
        page.goto(f"{site_url}/{path}", wait_until="load")
        assert not errors, f"{path}: {errors}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_address_gets_the_404_page_with_working_links(browser, site_url, language):
    """Hosts serve 404.html for any missing address, at any depth (the test server does too)."""
    page, errors = open_page(browser, site_url, width=390)
    response = page.goto(f"{site_url}/{language}/chapters/no/such/page.html")
    assert response is not None and response.status == 404
    if language != "en":  # the root 404 page sends the reader on to their language's
        expect(page).to_have_url(f"{site_url}/{language}/404.html")
    expect(page.locator("article h1")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == language.replace("_", "-")
    # The theme's stylesheet loaded (absolute URLs): the navbar is laid out, not raw HTML.
    assert page.evaluate("getComputedStyle(document.querySelector('.bd-header')).display") != "inline"
    page.screenshot(path=str(SCREENSHOTS / f"{language}_404_phone.png"))
    page.locator("article a[href$='/chapters/index.html']").first.click()
    expect(page).to_have_url(f"{site_url}/{language}/chapters/index.html")
    assert not errors or all("404" in e for e in errors), errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_figures_are_readable_on_a_phone(browser, site_url, language):
    """At 390 px the figures of a chapter page span (nearly) the width of the screen."""
    page, errors = open_page(browser, site_url, width=390)
    page.goto(f"{site_url}/{language}/chapters/05_first_network/03_mlp_with_cross_entropy.html")
    images = page.locator("article img.sphx-glr-single-img")
    assert images.count() >= 1
    for i in range(images.count()):
        images.nth(i).scroll_into_view_if_needed()
        box = images.nth(i).bounding_box()
        assert box is not None and box["width"] >= 330, box
    page.goto(f"{site_url}/{language}/chapters/07_visualising_training/01_visdom.html")  # the longest install line
    install = page.locator("article .tutorial-install")
    assert install.evaluate("e => e.scrollWidth <= e.clientWidth"), "the install line overflows at 390 px"
    install.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"{language}_phone_chapter.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SCREENSHOTS / f"{language}_desktop_chapter.png"), full_page=False)
    assert not errors, errors
