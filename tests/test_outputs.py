"""Printed output in the reader's language (docs/sphinxext/output_i18n.py): the sentences an
example printed are catalog messages, shown translated on the Chinese pages, on any data."""

from __future__ import annotations

import doctest
import re
import string
import sys
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup

from paths import DOCS, LOCALES, site_pages

sys.path.insert(0, str(DOCS / "sphinxext"))
import output_i18n  # noqa: E402

from tutorial_utils import OUTPUT_MESSAGES, load_mnist  # noqa: E402

FULL_SITE = DOCS / "_build" / "full-data" / "tree" / "docs" / "_build" / "html"
#: Four English words in a row (one space or punctuation between them; a table's column gap of
#: two spaces ends a row). Python's values (True, None …) and device names are not words.
ENGLISH_RUN = re.compile(r"\b[A-Za-z][A-Za-z'’-]+(?:[,;:]? [A-Za-z][A-Za-z'’-]+\b){3}")
VALUES = re.compile(r"\b(?:True|False|None|cpu|cuda|meta)\b")
#: What stays as PyTorch or Python printed it: a traceback's lines, an exception or warning with
#: its type, a logging line, a repr.
KEPT = re.compile(r"^\s*(?:File \"|\w+(?:Error|Exception|Warning)\b|[IWEF]\d{4} |<.*>$|tensor\()")


def output_lines(page: Path) -> list[list[str]]:
    """The printed lines of each output block of a built page."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [block.get_text().splitlines() for block in soup.select("div.sphx-glr-script-out pre")]


def outside_tracebacks(lines: list[str]) -> list[str]:
    kept, in_traceback = [], False
    for line in lines:
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        if in_traceback:
            in_traceback = not re.match(r"^\w+(?:Error|Exception|Warning)\b", line)
            continue
        kept.append(line)
    return kept


def catalog(page: str) -> dict[str, str]:
    po = polib.pofile(str(LOCALES / "zh_CN" / "LC_MESSAGES" / f"{page}.po"))
    return {entry.msgid: entry.msgstr for entry in po if entry.msgstr and "fuzzy" not in entry.flags}


def chapter_pages(site: Path, language: str) -> list[str]:
    return [page for page in site_pages(language, site) if page.startswith("chapters/") and page.count("/") == 2]


def test_the_output_doctests_pass():
    assert doctest.testmod(output_i18n).failed == 0


def test_no_zh_output_line_is_an_english_sentence(site):
    """Outside tracebacks, PyTorch's own messages and reprs, no line of output on a Chinese page
    holds four English words in a row."""
    found = []
    for page in chapter_pages(site, "zh_CN"):
        for lines in output_lines(site / "zh_CN" / page):
            for line in outside_tracebacks(lines):
                if not KEPT.match(line) and ENGLISH_RUN.search(VALUES.sub("0", line)):
                    found.append(f"{page}: {line.strip()}")
    assert not found, "English sentences in Chinese output:\n" + "\n".join(found)


def test_the_zh_pages_show_translated_output(site):
    """The check above cannot pass by showing no output: the Chinese pages print as many lines as
    the English ones, and the sentences among them are Chinese."""
    translated = 0
    for page in chapter_pages(site, "zh_CN"):
        english, chinese = output_lines(site / "en" / page), output_lines(site / "zh_CN" / page)
        assert [len(block) for block in english] == [len(block) for block in chinese], page
        for en_block, zh_block in zip(english, chinese):
            translated += sum(a != b and bool(re.search(r"[\u4e00-\u9fff]", b)) for a, b in zip(en_block, zh_block))
    assert translated >= 150, f"only {translated} output lines differ between the English and Chinese pages"


def test_every_sentence_printed_on_full_mnist_has_its_translation():
    """A build on full MNIST (readers, hosted sites) prints other data lines and other numbers:
    each of its sentences is still a message the page's catalog translates."""
    if not (FULL_SITE / "en" / "index.html").is_file():
        pytest.fail(f"no full-size MNIST build in {FULL_SITE}: run 'nox -s full_data' (or 'nox -s tests')")
    lines = output_i18n.OutputLines(OUTPUT_MESSAGES)
    missing, checked = [], 0
    for page in chapter_pages(FULL_SITE, "en"):
        translations = catalog(page.removesuffix(".html"))
        for block in output_lines(FULL_SITE / "en" / page):
            for line in outside_tracebacks(block):
                found = lines.message(line)
                if found:
                    checked += 1
                    if found[0] not in translations:
                        missing.append(f"{page}: {found[0]}")
    assert checked >= 150 and not missing, f"{checked} sentences; untranslated:\n" + "\n".join(missing)


def test_a_translation_keeps_its_placeholders():
    """``{0}`` … stand for the printed values: a translation that lost or invented one would print
    the wrong value (the build warns too)."""
    fields = lambda text: sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
    wrong = []
    for po_path in sorted((LOCALES / "zh_CN" / "LC_MESSAGES").rglob("*.po")):
        for entry in polib.pofile(str(po_path)):
            if "python-brace-format" in entry.flags and entry.msgstr and fields(entry.msgstr) != fields(entry.msgid):
                wrong.append(f"{po_path.name}: {entry.msgid!r} -> {entry.msgstr!r}")
    assert not wrong, "\n".join(wrong)


def test_translating_keeps_values_tracebacks_and_pytorch_messages():
    lines = output_i18n.OutputLines(["Data: full MNIST from torchvision ({0} training images), cached in {1}."])
    printed = [
        "Data: full MNIST from torchvision (60000 training images), cached in /data/mnist.",
        "x on cuda:0, the result on cpu, same object: False",
        "loss 0.25",
        "RuntimeError: view size is not compatible with input tensor's size and stride",
        "Traceback (most recent call last):",
        '  File "x.py", line 1, in <module>',
        "ValueError: the value is not allowed here at all",
    ]
    zh = {"Data: full MNIST from torchvision ({0} training images), cached in {1}.": "数据：完整 MNIST（{0} 张训练图像），缓存在 {1}。",
          "x on {0}, the result on {1}, same object: {2}": "x 在 {0} 上，结果在 {1} 上，是否同一对象：{2}"}
    translated, problems = lines.translate(printed, lambda message: zh.get(message, message))
    assert translated == ["数据：完整 MNIST（60000 张训练图像），缓存在 /data/mnist。",
                          "x 在 cuda:0 上，结果在 cpu 上，是否同一对象：False"] + printed[2:]
    assert not problems
    _, problems = lines.translate(printed[1:2], lambda message: "x 在 {0} 上")
    assert problems and "placeholders" in problems[0], "a translation that drops a value is reported"


def test_load_mnist_prints_only_declared_lines(capsys):
    """What ``load_mnist`` prints matches the templates it declares, so a translated page shows it
    in its language whichever data the build found."""
    load_mnist(train_size=10, test_size=10)
    load_mnist(train_size=10)
    printed = capsys.readouterr().out.splitlines()
    regexes = [output_i18n.OutputLines([message]).declared[0][1] for message in OUTPUT_MESSAGES]
    assert len(printed) == 4 and all(any(regex.match(line) for regex in regexes) for line in printed), printed


def test_the_zh_data_line_is_chinese(site):
    page = "chapters/05_first_network/01_loading_mnist.html"
    lines = [line for block in output_lines(site / "zh_CN" / page) for line in block]
    assert any(line.startswith("数据：") for line in lines), lines[:5]
    assert not any(line.startswith("Data:") for line in lines)
