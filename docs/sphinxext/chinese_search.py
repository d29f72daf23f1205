"""Chinese full-text search that works, and knows the course's terms.

* Sphinx 9.0 and 9.1's Chinese search ships the English JavaScript stemmer but tells the page
  to use a ``ChineseStemmer`` that does not exist, so the search page fails with
  "ChineseStemmer is not defined". On those versions the fixed class names the stemmer it
  really ships. Sphinx 8 (Python 3.10) ships its own porter stemmer and 9.2 (Python 3.12+)
  derives the name from the stemmer's file, so they keep Sphinx's class.
* jieba splits text into words for the index. Terms of the glossary such as 独热编码 are not
  all in its dictionary, so the glossary's Chinese column is loaded as a user dictionary:
  searching for any glossary term finds the pages that use it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import sphinx
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search.zh import SearchChinese

from translations import glossary_terms



#: The Sphinx versions whose search page names the JavaScript stemmer after ``language_name``
#: while the Chinese search ships ``english-stemmer.js``.
STEMMER_NAME_BUG = (9, 0) <= sphinx.version_info[:2] < (9, 2)


class FixedSearchChinese(SearchChinese):
    """Sphinx's Chinese search with the JavaScript stemmer named after the code it ships."""

    language_name = "English"  # js_stemmer_rawcode is english-stemmer.js, which defines EnglishStemmer


def load_glossary_into_jieba(app: Sphinx, config: Config) -> None:
    if not (config.language or "").startswith("zh"):
        return
    words = Path(app.doctreedir) / "jieba-glossary.txt"
    words.parent.mkdir(parents=True, exist_ok=True)
    chinese = glossary_terms(Path(app.srcdir) / "glossary.md").values()
    terms = {re.sub(r"（.*?）", "", term) for term in chinese if re.search(r"[\u4e00-\u9fff]", term)}
    words.write_text("".join(f"{term} 100000\n" for term in sorted(terms)), encoding="utf-8")
    config.html_search_options = {**(config.html_search_options or {}), "dict": str(words)}


def setup(app: Sphinx) -> dict[str, Any]:
    if STEMMER_NAME_BUG:
        app.add_search_language(FixedSearchChinese)
    app.connect("config-inited", load_glossary_into_jieba)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
