"""The syllabus notes are met only in their "In the notes" boxes (docs/sphinxext/notes_box.py)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from paths import DOCS, EXAMPLES, LANGUAGES, site_pages

sys.path.insert(0, str(DOCS / "sphinxext"))
from notes_box import boxes_to_markdown  # noqa: E402

#: The box's title, as the reader sees it.
TITLE = {"en": "In the notes", "zh_CN": "笔记中"}
#: A mention of the notes, in each language ("笔记本" is a notebook, not the notes).
MENTION = {"en": re.compile(r"\bnotes\b", re.I), "zh_CN": re.compile(r"笔记(?!本)")}
BOXED = [page for page in EXAMPLES if ".. in-the-notes::" in page.read_text(encoding="utf-8")]


def chapter_pages(site: Path, language: str) -> list[Path]:
    return [site / language / page for page in site_pages(language, site) if page.startswith("chapters/")]


def prose_outside_boxes(path: Path) -> list[str]:
    """The page's text without code, output, formulas and the notes boxes themselves."""
    article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("article")
    assert article is not None, f"{path} has no <article>"
    for node in article.select("pre, code, math, div.in-the-notes"):
        node.decompose()
    return [" ".join(p.get_text(" ").split()) for p in article.find_all(["p", "li", "h1", "h2", "h3", "dt", "dd"])]


@pytest.mark.parametrize("language", LANGUAGES)
def test_chapter_pages_mention_the_notes_only_in_their_boxes(site, language):
    stray = [f"{path.relative_to(site)}: {text[:120]}" for path in chapter_pages(site, language)
             for text in prose_outside_boxes(path) if MENTION[language].search(text)]
    assert not stray, "the notes are mentioned outside an 'In the notes' box:\n" + "\n".join(stray)


def test_the_pages_correct_the_notes_in_boxes(site):
    """Every chapter that follows the notes has its corrections in boxes, in both languages."""
    chapters = {page.parent.name for page in BOXED}
    assert len(chapters) >= 8, f"only {sorted(chapters)} have 'In the notes' boxes"
    for language in LANGUAGES:
        title = TITLE[language]
        for page in BOXED:
            html = site / language / "chapters" / page.parent.name / f"{page.stem}.html"
            boxes = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select("div.admonition.in-the-notes")
            assert boxes, f"{html}: the source has an 'in-the-notes' box, the page shows none"
            for box in boxes:
                assert box.select_one(".admonition-title").get_text(strip=True) == title
                body = " ".join(p.get_text(" ") for p in box.find_all("p"))
                if language == "zh_CN":
                    assert re.search(r"[\u4e00-\u9fff]", body), f"{html}: an untranslated box: {body[:80]}"


def test_a_notebook_shows_the_box_as_a_titled_quote(site):
    page = BOXED[0]
    for language in LANGUAGES:
        notebook = next((site / language / "_downloads").rglob(page.with_suffix(".ipynb").name))
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        markdown = "".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")
        assert ".. in-the-notes::" not in markdown
        assert f"> **{TITLE[language]}**" in markdown
        # not read as a reST heading by sphinx-gallery's converter ("## > **...**")
        assert not re.search(r"^#+ >", markdown, re.M), "a box's title became a heading in the notebook"


def test_boxes_to_markdown_keeps_lists_and_the_text_after_the_box():
    text = ".. in-the-notes::\n\n   - one\n   - two\n\n     indented\n\nAfter.\n"
    assert boxes_to_markdown(text, "笔记中") == "> **笔记中**  \n> - one\n> - two\n>\n>   indented\n\nAfter.\n"


def test_notes_box_doctests():
    import doctest

    import notes_box

    result = doctest.testmod(notes_box)
    assert result.attempted >= 3 and result.failed == 0


def test_a_chinese_download_translates_the_box_body():
    """The download's translator reads a box's indented paragraphs as prose (learner_downloads)."""
    import gettext

    from learner_downloads import _Translator

    class Catalog(gettext.NullTranslations):
        _catalog = {"Teach it.": "讲它。", "The notes write ``x``, a typo.": "笔记写成 ``x``，是笔误。",
                    "One.": "一。", "Two more words.": "又两个词。"}

        def gettext(self, message: str) -> str:
            return self._catalog.get(message, message)

    translator = _Translator(Catalog(), "page")
    text = ("Teach it.\n\n.. in-the-notes::\n\n   The notes write ``x``,\n   a typo.\n\n   - One.\n   - Two more\n"
            "     words.\n\n.. math::\n\n   a + b\n")
    assert translator.block(text) == ("讲它。\n\n.. in-the-notes::\n\n   笔记写成 ``x``，是笔误。\n\n   - 一。\n   - 又两个词。\n\n"
                                      ".. math::\n\n   a + b\n")
    assert translator.missing == []


def test_a_chinese_download_translates_an_admonition_title_and_body():
    import gettext

    from learner_downloads import _Translator

    class Catalog(gettext.NullTranslations):
        _catalog = {"Installing Visdom": "安装 Visdom", "Install it first, then build::": "先安装，再构建："}

        def gettext(self, message: str) -> str:
            return self._catalog.get(message, message)

    text = ".. admonition:: Installing Visdom\n   :class: note\n\n   Install it first, then\n   build::\n\n       pip install x\n"
    translator = _Translator(Catalog(), "page")
    translated = translator.block(text)
    assert translated == (".. admonition:: 安装 Visdom\n   :class: note\n\n   先安装，再构建::\n\n       pip install x\n")
    assert translator.missing == []
    assert boxes_to_markdown(translated, "", "admonition").startswith("> **安装 Visdom**  \n> 先安装，再构建::\n>\n>     pip install x")
