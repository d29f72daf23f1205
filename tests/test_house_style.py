"""The Chinese house style, kept by tests: one rendering per term, no ambiguous ratios, emphasis
without visible spaces, and no English sentence hidden in inline code."""

from __future__ import annotations

import re

import polib
import pytest

from paths import LOCALES

CATALOGS = sorted((LOCALES / "zh_CN" / "LC_MESSAGES").rglob("*.po"))
CJK = r"\u4e00-\u9fff"
#: Where a catalog names a rendering the house style replaces: the wrong word → the right one.
NOT_OURS = {"正确率": "准确率", "准确度": "准确率", "瞎猜": "随机猜测", "小批次": "小批量", "标准化": "归一化"}
#: 步长 is a tensor's stride in memory, taught in chapter 2; a convolution's stride is 步幅.
MEMORY_STRIDE_PAGES = ("chapters/02_tensors/",)


def _prose(text: str) -> str:
    """A message without its inline code, roles, formulas and links (which stay as they are), and,
    in a printed line (output_i18n), without the code it names: a check's function after ✓/✗, a call."""
    text = re.sub(r"^[✓✗] \w+|\b[A-Za-z_][\w.]*\(", "", text)
    return re.sub(r"``.*?``|:\w+:`[^`]*`|`[^`]*`_*", "", text, flags=re.S)


def _page(catalog) -> str:
    return catalog.relative_to(LOCALES / "zh_CN" / "LC_MESSAGES").as_posix()


def _entries(catalog):
    return [e for e in polib.pofile(str(catalog)) if e.msgstr and e.msgstr != e.msgid]


@pytest.mark.parametrize("catalog", CATALOGS, ids=_page)
def test_one_rendering_per_term(catalog):
    wrong = []
    for entry in _entries(catalog):
        prose = _prose(entry.msgstr)
        wrong += [f"{word} → {right}: {entry.msgstr[:60]!r}" for word, right in NOT_OURS.items() if word in prose]
        if "步长" in prose and not _page(catalog).startswith(MEMORY_STRIDE_PAGES) and _page(catalog) != "glossary.po":
            wrong.append(f"步长 → 步幅 (a convolution's stride, a step's size): {entry.msgstr[:60]!r}")
        if re.search(r"(?<![\w`])dropout(?![\w`])", prose):
            wrong.append(f"dropout → Dropout: {entry.msgstr[:60]!r}")
        if "the notes" in entry.msgid.lower() and "笔记" not in entry.msgstr:
            wrong.append(f"the notes → 笔记: {entry.msgstr[:60]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("catalog", CATALOGS, ids=_page)
def test_ratios_are_stated_not_left_ambiguous(catalog):
    """“小 4 倍” reads as ×1/4 to some readers and ×1/5 to others: say 是 … 的 1/4, or 之比为 …."""
    ambiguous = re.compile(r"(?:相差|少|小|低|慢|短)(?:了|约|大约|将近|近)?\s*[\d一二两三四五六七八九十百千万.]+\s*倍")
    found = [e.msgstr[:80] for e in _entries(catalog) if ambiguous.search(_prose(e.msgstr))]
    assert not found, found


@pytest.mark.parametrize("catalog", CATALOGS, ids=_page)
def test_chinese_emphasis_is_bold_with_no_visible_spaces(catalog):
    """Chinese fonts have no italics, and a space around ``**词**`` shows: write 这是\\ **重点**\\ 。"""
    italic = re.compile(rf"(?<![*\w])\*[^*\s]*[{CJK}][^*]*\*(?!\*)")
    spaced = re.compile(rf"[{CJK}，。：；、（）] \*\*[^*]+\*\*|\*\*[^*]+\*\* [{CJK}，。：；、（）]")
    found = []
    for entry in _entries(catalog):
        text = re.sub(r"``.*?``", "code", entry.msgstr)
        if italic.search(text) or spaced.search(text):
            found.append(entry.msgstr[:80])
    assert not found, found


@pytest.mark.parametrize("catalog", CATALOGS, ids=_page)
def test_no_english_sentence_hides_in_inline_code(catalog):
    """Inline code holds code: an English phrase in it (a condition, a message) is prose left untranslated."""
    sentence = re.compile(r"^(?!(?:pip|python|nox|conda|mamba|git|import|from|sudo|apt|source|tensorboard|visdom)\b)"
                          r"[A-Za-z][a-z]+(?: [a-z]+){3,}[.!?]?$")
    found = [f"``{code}``" for entry in _entries(catalog)
             for code in re.findall(r"``(.*?)``", entry.msgstr) if sentence.match(code)]
    assert not found, found


@pytest.mark.parametrize("catalog", [c for c in CATALOGS if c.parent.parent.name == "chapters" and c.name != "index.po"],
                         ids=_page)
def test_pages_open_with_one_wording(catalog):
    """A page says what the reader gets and needs in one wording: 读完本页后 …, 阅读本页前 …."""
    other = re.compile(r"(?<![本章])(?:读完后|学完后|阅读前)")
    found = [e.msgstr[:60] for e in _entries(catalog) if other.search(_prose(e.msgstr))]
    assert not found, found
