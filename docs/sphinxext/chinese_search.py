"""Chinese full-text search that finds what a learner types.

* The index and the query are split alike: Latin words as Sphinx splits them, and every run of
  Chinese characters into its overlapping pairs and triples of characters in the index, into
  its triples (交叉熵损失 → 交叉熵, 叉熵损, 熵损失) in a query. Sphinx's search requires every
  part of a query, so any Chinese word, not only those a dictionary knows, finds each page
  whose text holds it (with jieba, the pages that say 交叉熵损失 were not found for 交叉熵).
  ``split_chinese`` is the splitting in Python, the ``splitQuery`` of ``js_splitter_code`` the
  same in the browser; a test compares them.
* A learner's own word finds the course's term: the glossary's "Other words" column (准确度,
  学习率衰减, 批归一化 …) maps each to the glossary's Chinese term, for a word of the query.
* ``search_scorer.js`` ranks first the page that teaches a term: the one whose title, else a
  heading, holds the whole query, the earlier in the course the better among equals.
* Sphinx 9.0 and 9.1's Chinese search ships the English JavaScript stemmer but tells the page
  to use a ``ChineseStemmer`` that does not exist ("ChineseStemmer is not defined"). On those
  versions the class names the stemmer it really ships.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import sphinx
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search.zh import SearchChinese

from translations import glossary_rows

#: Chinese characters (the CJK Unified Ideographs, their extension A and the compatibility block).
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")

#: The Sphinx versions whose search page names the JavaScript stemmer after ``language_name``
#: while the Chinese search ships ``english-stemmer.js``.
STEMMER_NAME_BUG = (9, 0) <= sphinx.version_info[:2] < (9, 2)

#: The browser's half: the same splitting as ``split_chinese``, after the learner's words are
#: replaced by the glossary's (``SYNONYMS``, filled in when the build starts).
_JS_SPLITTER = """
const SEARCH_SYNONYMS = %(synonyms)s;
var searchQueryAsTyped = "";  // the query with the glossary's words, for search_scorer.js
function splitQuery(query) {
  // a word of the query that is a learner's word for a term (not a part of a word: 滤波器 in 边缘滤波器)
  const normalised = query.split(/(\\s+)/).map((word) => SEARCH_SYNONYMS[word.toLowerCase()] ?? word).join("");
  searchQueryAsTyped = normalised.toLowerCase().trim();
  const terms = [];
  for (const part of normalised.split(/[^\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu)) {
    for (const run of part.match(/[\\u3400-\\u9fff\\uf900-\\ufaff]+|[^\\u3400-\\u9fff\\uf900-\\ufaff]+/g) || []) {
      if (!/[\\u3400-\\u9fff\\uf900-\\ufaff]/.test(run)) { terms.push(run); continue; }
      const size = Math.min(run.length, 3);
      for (let i = 0; i + size <= run.length; i++) terms.push(run.slice(i, i + size));
    }
  }
  return terms.filter((term) => term);
}
"""


def split_chinese(text: str, *, query: bool = False) -> list[str]:
    """The index's words of each run of Chinese characters: its pairs and triples of characters.

    A query is split into triples (pairs when it has two characters), so that the pages found
    hold its characters side by side, as the query has them (参数组, not 参数 … 数组).

    >>> split_chinese("交叉熵损失，用 softmax 的熵")
    ['交叉', '叉熵', '熵损', '损失', '交叉熵', '叉熵损', '熵损失', '用', '的熵']
    >>> split_chinese("交叉熵损失 熵", query=True)
    ['交叉熵', '叉熵损', '熵损失', '熵']
    """
    words: list[str] = []
    for run in HAN.findall(text):
        sizes = [min(len(run), 3)] if query else sorted({min(len(run), 2), min(len(run), 3)})
        words += [run[i:i + size] for size in sizes for i in range(len(run) - size + 1)]
    return words


def other_words(glossary: Path) -> dict[str, str]:
    """Each word of the glossary's "Other words" column → the Chinese term it stands for.

    A word that is itself a term of the glossary (步长 is a tensor's stride) is left alone, and
    so is a single character.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     table = Path(folder, "glossary.md")
    ...     _ = table.write_text("| English | 简体中文 | Meaning | Other words |\\n| --- | --- | --- | --- |\\n"
    ...                          "| epoch | 轮（epoch） | One pass. | 周期 |\\n| stride | 步幅 | Step. | 步长、步 |\\n"
    ...                          "| stride (memory) | 步长 | Skip. |  |\\n", encoding="utf-8")
    ...     other_words(table)
    {'周期': 'epoch'}
    """
    rows = glossary_rows(glossary)
    if not rows or "Other words" not in rows[0]:
        return {}
    column = rows[0].index("Other words")
    terms = {re.sub(r"（.*?）", "", row[1]) for row in rows[2:]}
    words = {}
    for row in rows[2:]:
        # the term as the pages write it: 轮（epoch） is searched as epoch (one character is too short)
        term = re.sub(r"（.*?）", "", row[1])
        term = term if len(term) > 1 else "".join(re.findall(r"（(.*?)）", row[1]))
        for word in re.split(r"[、,，]\s*", row[column] if len(row) > column else ""):
            if len(term) > 1 and len(word) > 1 and word not in terms and word.lower() not in words:
                words[word.lower()] = term
    return words


class PairedSearchChinese(SearchChinese):
    """Sphinx's Chinese search, splitting Chinese into pairs and triples of characters."""

    language_name = "English" if STEMMER_NAME_BUG else SearchChinese.language_name
    js_splitter_code = _JS_SPLITTER % {"synonyms": "{}"}

    def split(self, input: str) -> list[str]:
        latin = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin)
        return split_chinese(input) + latin


def set_synonyms(app: Sphinx, config: Config) -> None:
    # No jieba dictionary to load (Sphinx would load jieba's own when given none): pairs need none.
    config.html_search_options = {**(config.html_search_options or {}), "dict": ""}
    synonyms = other_words(Path(app.srcdir) / "glossary.md")
    PairedSearchChinese.js_splitter_code = _JS_SPLITTER % {"synonyms": json.dumps(synonyms, ensure_ascii=False)}


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(PairedSearchChinese)
    app.connect("config-inited", set_synonyms)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
