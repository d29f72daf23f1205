"""The contributor's loop: a page previews in both languages before it is translated, the status
of every catalog is one command away, and a build changes a catalog only where its messages did.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from paths import DOCS, LOCALES, ROOT, site_pages

sys.path.insert(0, str(DOCS / "sphinxext"))
import translations  # noqa: E402

NOTICE = "article .tutorial-untranslated"
THROWAWAY = '''"""
.. _scratch_ones:

A tensor of ones
================

A scratch page that makes a tensor of ones, to try the contributor's loop.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Ones everywhere
# ---------------
#
# ``torch.ones`` fills a new tensor with ones.

import torch

ones = torch.ones(2, 3)
print(ones.sum().item())
assert ones.sum().item() == 6
'''


def _pages(site: Path, language: str) -> list[Path]:
    return [site / language / page for page in site_pages(language, site)]


def test_no_complete_page_shows_the_untranslated_notice(site):
    status = {page.page: page for page in translations.site_status("zh_CN")}
    for language in ("zh_CN", "en"):
      for path in _pages(site, language):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        docname = path.relative_to(site / language).with_suffix("").as_posix()
        if language != "en" and docname in status and not status[docname].complete:
            continue  # test_catalog_is_complete reports it
        assert page.select_one(NOTICE) is None, f"{language}/{docname} says it is not fully translated"


def test_status_lists_every_page_with_its_counts():
    done = subprocess.run([sys.executable, str(DOCS / "sphinxext" / "translations.py"), "status", "--json"],
                          capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    catalogs = sorted((LOCALES / "zh_CN" / "LC_MESSAGES").rglob("*.po"))
    assert len(report) == len(catalogs)
    for page in report:
        assert page["messages"] == page["translated"] + len(page["fuzzy"]) + len(page["untranslated"]) > 0, page
    table = subprocess.run([sys.executable, str(DOCS / "sphinxext" / "translations.py"), "status"],
                           capture_output=True, text=True, check=True).stdout
    assert "### 05_first_network" not in table and "### chapters/05_first_network" in table
    assert "| 02_mlp_with_mse |" in table and "untranslated" in table.strip().splitlines()[-1]


def test_status_counts_untranslated_fuzzy_and_glossary_departures(tmp_path):
    po = tmp_path / "page.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "A tensor and a gradient."\nmsgstr "一个张量和一个导数。"\n\n'
                  '#, fuzzy\nmsgid "Old text."\nmsgstr "旧的译文。"\n\n'
                  'msgid "New text."\nmsgstr ""\n', encoding="utf-8")
    status = translations.page_status(po, "page", {"tensor": "张量", "gradient": "梯度"})
    assert (status.messages, status.translated) == (3, 1)
    assert status.fuzzy == ["Old text."] and status.untranslated == ["New text."]
    assert status.glossary == ["gradient → 梯度"] and not status.complete


class _Session:
    """Just enough of nox.Session to run the noxfile's own build pipeline in this environment."""

    def __init__(self, cwd: Path) -> None:
        self.cwd, self.warnings = cwd, []

    def run(self, *args: str, env: dict[str, str] | None = None, silent: bool = False, **_: object) -> str:
        done = subprocess.run(list(args), cwd=self.cwd, env={**os.environ, **(env or {})},
                              capture_output=True, text=True)
        if done.returncode:
            raise AssertionError(f"{' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def log(self, message: str) -> None:
        print(message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def error(self, message: str) -> None:
        raise AssertionError(message)


def _messages(text: str) -> str:
    return text[len(translations._header(text)):]


def test_a_new_page_previews_in_both_languages_and_changes_only_its_catalogs(tmp_path, monkeypatch):
    """README's 'Add a chapter' loop on a throwaway page, in a scratch copy of the checkout."""
    sys.path.insert(0, str(ROOT))
    import noxfile

    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("TUTORIAL_STRICT_TRANSLATIONS", raising=False)
    session = _Session(ROOT)
    tree = noxfile._copy_tree(session, tmp_path / "tree")
    shutil.rmtree(tree / "docs" / "chapters", ignore_errors=True)
    script = tree / "examples" / "02_tensors" / "09_scratch_ones.py"
    script.write_text(THROWAWAY, encoding="utf-8")
    locales = tree / "docs" / "locales" / "zh_CN" / "LC_MESSAGES"
    before = {po.relative_to(locales).as_posix(): po.read_text(encoding="utf-8") for po in locales.rglob("*.po")}

    session.cwd = tree
    noxfile._build_site(session, tree, only=[script])  # what `nox -s docs -- 09_scratch_ones` runs

    after = {po.relative_to(locales).as_posix(): po.read_text(encoding="utf-8") for po in locales.rglob("*.po")}
    changed = {name for name in after if after[name] != before.get(name)}
    # the page's own catalog, and the two lists of pages that gain a link to it
    indexes = ["chapters/02_tensors/index.po", "chapters/index.po"]
    assert changed == {"chapters/02_tensors/09_scratch_ones.po", *indexes}, changed
    link = ":doc:`/chapters/02_tensors/09_scratch_ones`"
    for index in indexes:
        assert translations._header(after[index]) == translations._header(before[index]), "the header changed"
        assert after[index].endswith('"\n') and not after[index].endswith('"\n\n')
        added = [line for line in _messages(after[index]).splitlines() if line not in _messages(before[index])]
        assert added == [f'msgid "{link}"', f'msgstr "{link}"'], added  # a link is no fuzzy guess
    new, model = after["chapters/02_tensors/09_scratch_ones.po"], before[translations.HEADER_MODEL]
    strip = translations._CREATED.sub
    assert strip("", translations._header(new)) == strip("", translations._header(model)), "not the project's header"
    assert 'msgid "A tensor of ones"\nmsgstr ""' in new
    # a sentence that other catalogs translate word for word arrives translated
    assert 'msgid "Time budget: under 10 seconds on a 2-core CPU."\nmsgstr "时间预算：在双核 CPU 上不超过 10 秒。"' in new

    html = tree / "docs" / "_build" / "html"
    zh = BeautifulSoup((html / "zh_CN/chapters/02_tensors/09_scratch_ones.html").read_text(encoding="utf-8"),
                       "html.parser")
    notice = zh.select_one(NOTICE)
    assert notice is not None and "本页尚未完全翻译" in notice.get_text()
    links = {a.get_text(): a["href"] for a in notice.select("a")}
    assert links["英文原版"] == "../../../en/chapters/02_tensors/09_scratch_ones.html"
    assert (html / "zh_CN/chapters/02_tensors" / links["帮助翻译"]).resolve() == (html / "zh_CN/translate.html")
    assert "A tensor of ones" in zh.select_one("article h1").get_text()  # shown in English meanwhile
    en = BeautifulSoup((html / "en/chapters/02_tensors/09_scratch_ones.html").read_text(encoding="utf-8"),
                       "html.parser")
    assert en.select_one(NOTICE) is None
    assert zh.select_one("article h1") and BeautifulSoup(
        (html / "zh_CN/chapters/02_tensors/01_dtypes.html").read_text(encoding="utf-8"), "html.parser"
    ).select_one(NOTICE) is None, "a complete page has no notice"
    assert any("chapters/02_tensors/09_scratch_ones" in w and "untranslated" in w for w in session.warnings), \
        session.warnings


@pytest.mark.parametrize("name", ["index.po", "chapters/05_first_network/02_mlp_with_mse.po"])
def test_update_keeps_the_header_and_changes_only_messages(tmp_path, monkeypatch, name):
    """sphinx-intl rewrites the header (creation date, field order) of every catalog it updates."""
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(translations, "LOCALES", locales)
    po = locales / "zh_CN" / "LC_MESSAGES" / name
    original = po.read_text(encoding="utf-8")
    pot = (tmp_path / "pots" / name).with_suffix(".pot")
    pot.parent.mkdir(parents=True)
    template = translations._CREATED.sub(lambda _: '"POT-Creation-Date: 2099-01-01 00:00+0000\\n"\n', original)
    pot.write_text(template, encoding="utf-8")
    only = [pot.relative_to(tmp_path / "pots").as_posix()]
    assert translations.update(tmp_path / "pots", only=only) == [], "no message changed: no catalog may change"
    assert po.read_text(encoding="utf-8") == original
    pot.write_text(template + '\nmsgid "A brand-new sentence."\nmsgstr ""\n', encoding="utf-8")
    assert translations.update(tmp_path / "pots", only=only) == [po]
    updated = po.read_text(encoding="utf-8")
    assert translations._header(updated) == translations._header(original)
    assert 'msgid "A brand-new sentence."' in _messages(updated)
    others = {p: p.read_bytes() for p in (LOCALES / "zh_CN" / "LC_MESSAGES").rglob("*.po")}
    for path, content in others.items():  # and nothing else moved
        if path.relative_to(LOCALES).as_posix() != f"zh_CN/LC_MESSAGES/{name}":
            assert (locales / path.relative_to(LOCALES)).read_bytes() == content
