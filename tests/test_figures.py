"""Chinese figures on Chinese pages, from one run of the examples (docs/sphinxext/figure_i18n.py):
each figure with words is drawn again from the catalogs, in a font that has the glyphs."""

from __future__ import annotations

import doctest
import json
import pickle
import re
import sys
from pathlib import Path

import matplotlib
import polib
import pytest
from bs4 import BeautifulSoup

from paths import DOCS, LOCALES, site_pages

matplotlib.use("Agg")
sys.path.insert(0, str(DOCS / "sphinxext"))
import figure_i18n  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
#: Two English words in a row: a phrase that should have been translated.
PHRASE = re.compile(r"[A-Za-z]{3,}[ -][A-Za-z]{3,}")
_DIRECTIVE = re.compile(r"\.\. image-sg:: (\S+)\n(?:[ \t]+:(?!texts:)\w+:.*\n)*?[ \t]+:texts: (.*)\n")


def figures_with_words() -> dict[str, tuple[str, list[str]]]:
    """Each figure that has words, by its image path: (its page, its messages), from the generated pages."""
    found = {}
    for page in sorted((DOCS / "chapters").glob("*/*.rst")):
        for uri, texts in _DIRECTIVE.findall(page.read_text(encoding="utf-8")):
            found[uri] = (page.relative_to(DOCS).with_suffix("").as_posix(), json.loads(texts))
    return found


def catalog(page: str) -> dict[str, str]:
    po = polib.pofile(str(LOCALES / "zh_CN" / "LC_MESSAGES" / f"{page}.po"))
    return {entry.msgid: entry.msgstr for entry in po if entry.msgstr and "fuzzy" not in entry.flags}


def test_the_figure_doctests_pass():
    assert doctest.testmod(figure_i18n).failed == 0


def test_the_zh_pages_show_their_own_figures(site):
    """Every figure with words that Chinese writes otherwise is a different image on the Chinese page;
    one without words (or with only words kept as they are, such as ``dy/dx``) is shared."""
    words = {uri: (page, texts) for uri, (page, texts) in figures_with_words().items()
             if any(catalog(page).get(text, text) != text for text in texts)}
    assert len(words) >= 30, sorted(words)
    translated = 0
    for page in site_pages("en", site):
        if not page.startswith("chapters/"):
            continue
        english, chinese = ([img["src"] for img in BeautifulSoup((site / language / page).read_text(encoding="utf-8"),
                                                                   "html.parser").select("article img[class^=sphx-glr]")]
                            for language in ("en", "zh_CN"))
        assert len(english) == len(chinese), page
        for en_src, zh_src in zip(english, chinese):
            name = Path(en_src).name
            has_words = any(uri.endswith("/" + name) for uri in words)
            if not has_words:
                assert zh_src == en_src, f"{page}: {zh_src}"
                continue
            assert zh_src.endswith(name.replace(".png", ".zh_CN.png")), f"{page}: {zh_src}"
            en_png = (site / "en" / page).parent / en_src
            zh_png = (site / "zh_CN" / page).parent / zh_src
            assert en_png.read_bytes() != zh_png.read_bytes(), f"{page}: {zh_src} is the English figure"
            translated += 1
    assert translated == len(words), f"{translated} translated figures on the pages, {len(words)} with words"


@pytest.mark.parametrize("uri", sorted(figures_with_words()), ids=lambda uri: Path(uri).stem.removeprefix("sphx_glr_"))
def test_a_zh_figure_shows_the_catalog_translations(uri, tmp_path):
    """Its words are the catalog's translations (no English phrase left), drawn with no missing glyph."""
    page, messages = figures_with_words()[uri]
    translations = catalog(page)
    missing = [m for m in messages if m not in translations]
    assert not missing, f"{page}.po lacks translations of {missing}"
    pickled = DOCS / re.sub(r"\.png$", ".figure.pickle", uri).lstrip("/")
    figure = pickle.loads(pickled.read_bytes())
    figure_i18n.translate(figure, translations.get)
    words = [t.get_text() for t in figure_i18n._texts(figure)]
    words += [label for f in figure_i18n._text_tick_labels(figure) for label in f.seq]
    left = [w for w in words if PHRASE.search(re.sub(r"\$[^$]*\$", "", w))]
    assert not left, f"English left in the Chinese figure: {left}"
    if any(translations[m] != m for m in messages):  # not only words kept as they are (dy/dx, SGD)
        assert any(CJK.search(w) for w in words), words
    matplotlib.pyplot.close(figure)
    _, glyphs = figure_i18n.render(pickled, tmp_path / "zh.png", translations.get, "zh_CN")
    assert not glyphs, glyphs
    assert (tmp_path / "zh.png").read_bytes()[:4] == b"\x89PNG"


def test_a_missing_font_is_reported_not_drawn_as_boxes(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots()
    axes.set_title("training loss")
    (tmp_path / "figure.pickle").write_bytes(figure_i18n.snapshot(figure))
    plt.close(figure)
    monkeypatch.setattr(figure_i18n, "fallback_fonts", lambda language: [])
    _, glyphs = figure_i18n.render(tmp_path / "figure.pickle", tmp_path / "zh.png", {"training loss": "训练损失"}.get,
                                   "zh_CN")
    assert glyphs and all("missing from font" in g for g in glyphs), glyphs
    assert not (tmp_path / "zh.png").exists()


def test_a_figure_that_cannot_be_kept_says_why():
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    figure, axes = plt.subplots()
    axes.set_title("accuracy")
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0%}"))
    with pytest.raises(TypeError, match="cannot keep the figure 'accuracy' for translation.*FuncFormatter"):
        figure_i18n.snapshot(figure)
    plt.close(figure)


def test_figure_messages_keep_their_numbers():
    """A translation keeps the ``{0}``, ``{1}`` … of its message (the numbers drawn back into it)."""
    wrong = []
    for po_path in sorted((LOCALES / "zh_CN" / "LC_MESSAGES").rglob("*.po")):
        for entry in polib.pofile(str(po_path)):
            if entry.msgstr and "python-brace-format" in entry.flags:
                if sorted(re.findall(r"\{\d+\}", entry.msgid)) != sorted(re.findall(r"\{\d+\}", entry.msgstr)):
                    wrong.append(f"{po_path.name}: {entry.msgid!r} -> {entry.msgstr!r}")
    assert not wrong, "\n".join(wrong)
