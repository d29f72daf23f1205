"""The glossary's entries are Sphinx terms, and each page's first use of a term links to its entry,
in both languages (docs/sphinxext/glossary_links.py)."""

from __future__ import annotations

import sys

import pytest
from bs4 import BeautifulSoup, NavigableString

from paths import DOCS, LANGUAGES, SITE, site_pages

sys.path.insert(0, str(DOCS / "sphinxext"))
from glossary_links import _lookup, entries, pattern  # noqa: E402

ENTRIES = entries(DOCS / "glossary.md")
#: What is not prose: where no term is linked, so where an earlier use does not count either.
NOT_PROSE = ("pre, code, math, h1, h2, h3, h4, a:not(.glossary-term), table, .tutorial-install, .tutorial-stamp, "
             ".sphx-glr-footer, .sphx-glr-signature, .sphx-glr-script-out, .tutorial-untranslated, figure, img, "
             ".sphx-glr-thumbcontainer")  # gallery cards are raw HTML


def article(language: str, page: str) -> BeautifulSoup:
    return BeautifulSoup((SITE / language / page).read_text(encoding="utf-8"), "html.parser").find("article")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_has_its_anchor_and_is_a_term(site, language):
    glossary = article(language, "glossary.html")
    ids = {row.get("id") for row in glossary.find_all("tr")}
    missing = [entry.english for entry in ENTRIES if entry.anchor not in ids]
    assert len(ENTRIES) >= 100 and not missing, missing


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_first_use_of_a_term_links_to_its_entry(site, language):
    anchors = {row.get("id") for row in article(language, "glossary.html").find_all("tr")}
    expression, by_word = pattern(ENTRIES, language)  # a word inside a longer term is that term's
    total, problems = 0, []
    for page in site_pages(language, site):
        if page in ("glossary.html", "search.html", "genindex.html"):
            continue
        body = article(language, page)
        if body is None:
            continue
        links = body.select("a.glossary-term")
        targets = [link["href"].split("#")[1] for link in links]
        total += len(links)
        if len(targets) != len(set(targets)):
            problems.append(f"{page}: an entry linked twice {sorted(t for t in targets if targets.count(t) > 1)}")
        problems += [f"{page}: {t} is not an entry" for t in targets if t not in anchors]
        for element in body.select(NOT_PROSE):
            element.decompose()
        before: list[str] = []  # the strings before, each on its own (a term split by markup is no use of it)
        for string in body.find_all(string=True):
            parent = string.parent
            if isinstance(string, NavigableString) and "glossary-term" in parent.get("class", []):
                entry = _lookup(by_word, string.strip())
                if any(_lookup(by_word, m.group()) == entry for text in before for m in expression.finditer(text)):
                    problems.append(f"{page}: {string.strip()!r} is linked, but not at its first use")
            before.append(str(string))
    assert total >= 300, total
    assert not problems, "\n".join(problems[:20])


def test_a_chinese_page_links_the_chinese_words(site):
    links = {a.get_text(): a["href"] for a in article("zh_CN", "chapters/04_gradients/06_chain_rule_and_backprop.html")
             .select("a.glossary-term")}
    assert links.get("反向传播", "").endswith("glossary.html#term-backpropagation"), links
    assert links.get("链式法则", "").endswith("glossary.html#term-chain-rule"), links
