"""The built site: every page in both languages, working language links, complete catalogs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup

from paths import DOCS, EXAMPLES, LANGUAGES, LOCALES, site_pages

sys.path.insert(0, str(DOCS / "sphinxext"))
from translations import glossary_terms, term_pattern  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
NON_CONTENT = {"search.html", "genindex.html"}


def pages(site: Path, language: str) -> set[str]:
    return set(site_pages(language, site))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article_paragraphs(path: Path) -> list[str]:
    """The prose of a page: its paragraphs without inline code (which stays English) or formulas."""
    article = soup(path).find("article")
    assert article is not None, f"{path} has no <article>"
    for code in article.find_all(["code", "math"]):
        code.decompose()
    # Table cells are left out: the glossary's English column stays English on purpose.
    return [" ".join(p.get_text(" ").split()) for p in article.find_all("p") if p.find_parent("table") is None]


def english_words(text: str) -> list[str]:
    """Words of three letters or more, leaving out API names such as torch.tensor or sys.version."""
    return [w for w in re.findall(r"[A-Za-z_][\w.]*", text) if len(w) >= 3 and not re.search(r"[._]", w)]


def test_every_page_exists_in_both_languages(site):
    english, chinese = pages(site, "en"), pages(site, "zh_CN")
    assert english == chinese
    for script in EXAMPLES:
        assert f"chapters/{script.parent.name}/{script.stem}.html" in english, script
    assert {"index.html", "glossary.html", "chapters/index.html"} <= english


def test_pages_declare_their_language(site):
    for language, lang_attr in (("en", "en"), ("zh_CN", "zh-CN")):
        for page in pages(site, language):
            html = soup(site / language / page).find("html")
            assert html.get("lang") == lang_attr, f"{language}/{page}"


@pytest.mark.parametrize("page", ["index.html", "glossary.html", "chapters/index.html"]
                         + [f"chapters/{p.parent.name}/{p.stem}.html" for p in EXAMPLES])
def test_chinese_pages_have_no_english_prose_left(site, page):
    english = set(article_paragraphs(site / "en" / page))
    for paragraph in article_paragraphs(site / "zh_CN" / page):
        words = english_words(paragraph)
        if CJK.search(paragraph) is None and len(words) >= 4:
            pytest.fail(f"zh_CN/{page} has an English paragraph: {paragraph[:120]!r}")
        assert paragraph not in english or len(words) < 2 or CJK.search(paragraph), paragraph


def test_language_switcher_opens_the_same_page(site):
    for language in LANGUAGES:
        for page in pages(site, language) - NON_CONTENT - {"404.html"}:
            path = site / language / page
            links = soup(path).select("nav.language-switcher a")
            assert links, f"{language}/{page} has no language switcher"
            for link in links:
                target = (path.parent / link["href"]).resolve()
                other = link["hreflang"].replace("-", "_")
                assert other != language
                assert target == (site / other / page).resolve(), f"{language}/{page} -> {link['href']}"
                assert target.is_file(), f"{language}/{page} links to missing {target}"


def test_root_page_offers_every_language(site):
    root = soup(site / "index.html")
    hrefs = {a["href"] for a in root.find_all("a")}
    assert hrefs == {f"{language}/index.html" for language in LANGUAGES}
    assert "navigator.languages" in root.find("script").string


def test_example_pages_show_outputs_figures_and_running_time(site):
    for script in EXAMPLES:
        for language in LANGUAGES:
            page = soup(site / language / "chapters" / script.parent.name / f"{script.stem}.html")
            assert page.select(".sphx-glr-script-out"), f"{language}: {script.name} shows no output"
            seconds = page.select_one(".sphx-glr-timing .sg-seconds")
            assert seconds is not None and re.fullmatch(r"\d+\.\d (seconds|秒)", seconds.get_text()), script.name
            assert page.select("a.reference.download"), f"{language}: {script.name} has no downloads"
            for output in page.select(".sphx-glr-script-out"):
                assert " object at 0x" not in output.get_text(), f"{script.name} shows a stray repr: fix the cell"


BUDGET = re.compile(r"^Time budget: under (\d+) seconds on a 2-core CPU\.$", re.M)
MEASURED = re.compile(r"\*\*Total running time of the script:\*\* \((\d+) minutes (\d+\.\d+) seconds\)")


@pytest.mark.parametrize("script", EXAMPLES, ids=[f"{p.parent.name}/{p.name}" for p in EXAMPLES])
def test_example_states_a_time_budget_and_keeps_it(site, script):
    """Each page promises a time on a 2-core CPU; the build measured it (twice over fails)."""
    budget = BUDGET.findall(script.read_text(encoding="utf-8"))
    assert len(budget) == 1, f"{script.name} must state 'Time budget: under N seconds on a 2-core CPU.' once"
    generated = DOCS / "chapters" / script.parent.name / f"{script.stem}.rst"
    minutes, seconds = MEASURED.search(generated.read_text(encoding="utf-8")).groups()
    measured = 60 * int(minutes) + float(seconds)
    assert measured <= 2 * int(budget[0]), f"{script.name} ran {measured:.1f} s against a budget of {budget[0]} s"


def test_an_example_over_budget_runs_again_in_the_next_build(tmp_path):
    """A run slowed down by a busy machine must not fail every later build: over budget, the
    record that lets sphinx-gallery skip the script goes, so the next build measures it again."""
    from example_pages import check_budget
    from sphinx.errors import ExtensionError

    rst = "Intro.\n\nTime budget: under 10 seconds on a 2-core CPU.\n"
    record = tmp_path / "page.py.md5"
    record.write_text("0" * 32)
    check_budget("page", rst, 9.0, rerun=record)
    assert record.exists(), "within budget, the run is kept"
    with pytest.raises(ExtensionError, match="more than twice its budget.*runs it again"):
        check_budget("page", rst, 25.0, rerun=record)
    assert not record.exists()


def test_examples_ran_once_for_both_languages(site):
    """Both languages show the same measured running time: the Chinese build reused the run."""
    for script in EXAMPLES:
        times = {
            language: soup(site / language / "chapters" / script.parent.name / f"{script.stem}.html")
            .select_one(".sphx-glr-timing .sg-seconds").get_text().split()[0]
            for language in LANGUAGES
        }
        assert len(set(times.values())) == 1, f"{script.name}: {times}"


def test_zh_gallery_cards_are_translated(site):
    for card in soup(site / "zh_CN" / "chapters" / "index.html").select(".sphx-glr-thumbcontainer"):
        title = card.select_one(".sphx-glr-thumbnail-title").get_text()
        assert CJK.search(title), f"untranslated card title {title!r}"
        assert CJK.search(card["tooltip"]), f"untranslated card tooltip {card['tooltip']!r}"


def test_code_blocks_have_copy_buttons(site):
    for language in LANGUAGES:
        head = soup(site / language / "chapters" / "02_tensors" / "index.html").find("head")
        assert head.find("script", src=re.compile(r"copybutton\.js")), language


# --- catalogs -----------------------------------------------------------------------
def catalogs() -> list[Path]:
    return sorted((LOCALES / "zh_CN" / "LC_MESSAGES").rglob("*.po"))


def test_every_page_has_a_catalog(site):
    expected = {page.removesuffix(".html") for page in pages(site, "en") - NON_CONTENT}
    have = {p.relative_to(LOCALES / "zh_CN" / "LC_MESSAGES").with_suffix("").as_posix() for p in catalogs()}
    assert expected <= have, expected - have


@pytest.mark.parametrize("catalog", catalogs(), ids=lambda p: p.relative_to(LOCALES).as_posix())
def test_catalog_is_complete(catalog):
    po = polib.pofile(str(catalog))
    assert not po.untranslated_entries(), [e.msgid[:80] for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid[:80] for e in po.fuzzy_entries()]
    assert not po.obsolete_entries(), [e.msgid[:80] for e in po.obsolete_entries()]
    for entry in po:
        assert not re.search(r"\d+\.\d+ seconds|\d+ minutes", entry.msgid), f"a measured time became a message: {entry.msgid}"
        prose = re.sub(r"``.*?``", "", entry.msgid)  # inline code stays English
        english_column = catalog.name == "glossary.po" and entry.msgstr == entry.msgid
        assert CJK.search(entry.msgstr) or english_column or not re.search(r"[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}", prose), \
            f"not translated into Chinese: {entry.msgid[:80]!r}"


#: Core terms whose Chinese must be the glossary's wherever the English word appears in prose.
STRICT_TERMS = ("tensor", "broadcasting", "gradient", "virtual environment", "scalar", "element-wise", "overfitting")


@pytest.mark.parametrize("term", STRICT_TERMS)
def test_translations_follow_the_glossary(term):
    chinese = glossary_terms()[term]
    pattern = term_pattern(term)
    offenders = []
    for catalog in catalogs():
        for entry in polib.pofile(str(catalog)):
            prose = re.sub(r"``.*?``|`[^`]*`", "", entry.msgid)
            kept_as_is = entry.msgstr == entry.msgid  # e.g. the glossary's English column
            if pattern.search(prose) and chinese not in entry.msgstr and not kept_as_is:
                offenders.append(f"{catalog.name}: {entry.msgid[:70]!r}")
    assert not offenders, f"{term!r} should read {chinese!r}:\n" + "\n".join(offenders)


def test_rebuilding_the_catalogs_changes_nothing(site, tmp_path):
    """Running gettext and sphinx-intl again, with no English change, must leave every .po as it is."""
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales, ignore=shutil.ignore_patterns("*.mo"))
    gettext = tmp_path / "gettext"
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "-b", "gettext", "-d", str(tmp_path / "doctrees"),
                    str(DOCS), str(gettext)], check=True, env={**os.environ, "MPLBACKEND": "Agg"})
    subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p", str(gettext), "-d", str(locales),
                    "-l", "zh_CN", "--line-width", "-1", "--no-obsolete"], check=True, capture_output=True)
    for original in catalogs():
        rebuilt = locales / original.relative_to(LOCALES)
        assert rebuilt.read_bytes() == original.read_bytes(), f"{original.name} changed on a rebuild"
    assert len(list(locales.rglob("*.po"))) == len(catalogs()), "a rebuild added catalogs"


STAMP = {
    "en": re.compile(r"torch (\S+), torchvision (\S+); outputs computed on (the CPU \(.+?\)|the GPU .+?); "
                     r"data: (.+?); run on (\d{4}-\d\d-\d\d)\."),
    "zh_CN": re.compile(r"torch (\S+)、torchvision (\S+)；输出在 ?(CPU（.+?）|GPU .+?) ?上计算；数据：(.+?)；运行于 (\d{4}-\d\d-\d\d)。"),
}
DATA_WORDS = {"en": {"sample": "offline MNIST sample", "none": "generated in the script"},
              "zh_CN": {"sample": "离线 MNIST 样本", "none": "脚本中生成"}}


#: How the line that names the data (tutorial_utils.load_mnist) starts, per language.
DATA_LINES = {"en": {"sample": "Data: full MNIST unavailable", "full": "Data: full MNIST from torchvision"},
              "zh_CN": {"sample": "数据：无法获得完整的 MNIST", "full": "数据：来自 torchvision 的完整 MNIST"}}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{p.parent.name}/{p.stem}" for p in EXAMPLES])
def test_example_pages_say_how_to_install_and_what_they_ran_with(site, example, language):
    import torch
    import torchvision

    path = site / language / "chapters" / example.parent.name / f"{example.stem}.html"
    page = soup(path)
    install = page.select_one("article .tutorial-install")
    assert install is not None, f"{path} has no install line"
    assert page.select_one("article h1").find_next("p") is install, "the install line is not right under the title"
    wheel = install.select_one("a.download")
    assert wheel is not None and wheel["href"].endswith(".whl"), install
    assert (path.parent / wheel["href"]).resolve().is_file(), wheel["href"]
    command = install.select("code")[-1].get_text()
    assert command.startswith("pip install") or command.startswith('pip install "setuptools<81"'), command
    assert wheel.get_text() in command
    if "load_mnist" in example.read_text(encoding="utf-8"):
        assert "[offline]" in command, command

    stamp = page.select_one("article .tutorial-stamp")
    assert stamp is not None, f"{path} has no tested-with stamp"
    match = STAMP[language].search(" ".join(stamp.get_text().split()))
    assert match, stamp.get_text()
    assert match.group(1) == torch.__version__.split("+")[0]
    assert match.group(2) == torchvision.__version__.split("+")[0]
    outputs = " ".join(pre.get_text() for pre in page.select("article div.highlight pre"))
    lines = DATA_LINES[language]  # the "Data:" line, in the page's language (output_i18n)
    expected = "sample" if lines["sample"] in outputs else ("full" if lines["full"] in outputs else "none")
    if expected != "full":
        assert DATA_WORDS[language][expected] in match.group(4), (expected, match.group(4))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_404_page_helps_from_any_address(site, language):
    page = soup(site / language / "404.html")
    links = [a["href"] for a in page.select("article a[href]")]
    assert f"/{language}/chapters/index.html" in links and f"/{language}/index.html" in links, links
    for css in page.select("link[rel=stylesheet]"):
        assert css["href"].startswith(f"/{language}/_static/"), css["href"]
    root = site / "404.html"
    assert 'window.location.replace(prefix + languages[i] + "/404.html")' in root.read_text(encoding="utf-8")
    assert soup(root).select_one("article").get_text() == soup(site / "en" / "404.html").select_one("article").get_text()
