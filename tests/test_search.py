"""The Chinese search finds what a learner types (docs/sphinxext/chinese_search.py): every page
whose text holds a term, a learner's synonym as well as the course's word, and the page that
teaches the term among the first three results. Run in Chromium on the built site."""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browsing import open_page
from paths import DOCS, SITE, site_pages

sys.path.insert(0, str(DOCS / "sphinxext"))
from chinese_search import other_words, split_chinese  # noqa: E402
from translations import glossary_terms  # noqa: E402

#: Pages that list terms rather than teach them, and pages that are not content.
NOT_TAUGHT = {"glossary.html", "search.html", "genindex.html", "404.html", "index.html", "chapters/index.html"}
#: Terms from the pages' headings that are not in the glossary: what a learner looks up too.
HEADING_TERMS = ["创建张量", "随机张量", "等间距数值", "省略号", "改变形状", "数学运算", "矩阵范数", "比较运算", "更新规则",
                 "精确解", "决策边界", "梯度场", "雅可比矩阵", "等高线图", "损失曲线", "测试准确率", "默认设备", "事件文件",
                 "恒等映射", "输出尺寸", "边缘滤波器", "滑动统计量", "网络结构", "展平层", "混淆矩阵", "移动平均"]


@cache
def page_text(page: str) -> tuple[str, str]:
    """A Chinese page's headings and its main text (code and output blocks left out)."""
    article = BeautifulSoup((SITE / "zh_CN" / page).read_text(encoding="utf-8"), "html.parser").find("article")
    if article is None:
        return "", ""
    for block in article.select("pre, div.highlight, math, script, style"):
        block.decompose()
    headings = " ".join(h.get_text(" ") for h in article.find_all(["h1", "h2", "h3"]))
    return headings, " ".join(article.get_text(" ").split())


def pages_with(term: str) -> list[str]:
    return [page for page in site_pages("zh_CN") if term in page_text(page)[1] and page != "search.html"]


def teaching_page(term: str) -> str | None:
    """The first page of the course with the term in a heading, else the first whose text has it."""
    content = [page for page in site_pages("zh_CN") if page not in NOT_TAUGHT]
    return (next((page for page in content if term in page_text(page)[0]), None)
            or next((page for page in content if term in page_text(page)[1]), None))


def chinese_terms() -> list[str]:
    terms = {re.sub(r"（.*?）", "", zh).strip() for zh in glossary_terms().values()}
    return sorted(term for term in terms if re.fullmatch(r"[\u4e00-\u9fff]{2,}", term))


@pytest.fixture(scope="module")
def search(browser, site_url):
    """Run a query on the Chinese search page; return the pages found, best first."""
    page, errors = open_page(browser, site_url)
    page.goto(f"{site_url}/zh_CN/search.html")
    page.wait_for_function("() => typeof Search !== 'undefined' && Search._index !== null", timeout=15_000)

    def run(query: str) -> list[str]:
        found = page.evaluate("(q) => Search._performSearch(...Search._parseQuery(q)).reverse().map((r) => r[0])",
                              query)
        return list(dict.fromkeys(f"{docname}.html" for docname in found))

    yield run
    assert not errors, errors


def test_the_browser_splits_a_query_as_the_index_was_split(browser, site_url):
    page, errors = open_page(browser, site_url)
    page.goto(f"{site_url}/zh_CN/search.html")
    for text in ["交叉熵损失", "熵", "ReLU 激活函数", "用 softmax 之后的概率"]:
        latin = re.findall(r"[A-Za-z0-9_]+", text)
        assert page.evaluate("(q) => splitQuery(q)", text) == [*_in_order(text, latin)], text
    assert not errors, errors


def _in_order(text: str, latin: list[str]) -> list[str]:
    """Python's split of ``text`` in reading order (the index does not care about order; a test does)."""
    out = []
    for run in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9_]+", text):
        out += split_chinese(run, query=True) if re.match(r"[\u3400-\u9fff]", run) else [run]
    assert sorted(w for w in out if w in latin) == sorted(latin)
    return out


def test_search_finds_every_page_that_uses_a_term_and_the_teaching_page_first(search):
    terms = chinese_terms()
    assert len(terms) >= 60, terms
    for term in HEADING_TERMS:  # each really is a heading of some page
        assert any(term in page_text(page)[0] for page in site_pages("zh_CN")), term
    rows, missed, late = [], [], []
    for term in [*terms, *HEADING_TERMS]:
        expected = pages_with(term)
        if not expected:
            continue
        found = search(term)
        recall = len(set(found) & set(expected)) / len(expected)
        rows.append((term, len(expected), recall))
        if recall < 0.95:
            missed.append(f"{term}: {recall:.2f} of {len(expected)} (missed {sorted(set(expected) - set(found))[:3]})")
        teacher = teaching_page(term)
        if teacher and teacher not in found[:3]:
            late.append(f"{term}: {teacher} is not in the top 3 {found[:3]}")
    report = "\n".join(f"{term}\t{count}\t{recall:.2f}" for term, count, recall in rows)
    Path(SITE.parent / "search-recall.tsv").write_text(report + "\n", encoding="utf-8")
    assert len(rows) >= 80, rows
    assert not missed, "\n".join(missed)
    assert not late, "\n".join(late)


def test_a_learners_word_finds_the_courses_term(search):
    words = other_words(DOCS / "glossary.md")
    for word in ["批归一化", "准确度", "学习率衰减", "正规化"]:
        assert word in words, sorted(words)
    for word, term in words.items():
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,}", word):
            continue
        expected = pages_with(term)
        if expected:
            found = search(word)
            assert set(expected) <= set(found), f"{word} → {term}: missed {sorted(set(expected) - set(found))[:3]}"
