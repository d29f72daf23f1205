"""The glossary's entries are Sphinx terms, and the first use of a term on a page links to its entry.

``glossary.md`` keeps its table (English, 简体中文, meaning, other words: translators and the
search read it). While reading the glossary page, each row gets an anchor named after its
English term (``#term-learning-rate``, the same in both languages) and is noted as a ``term``
of Sphinx's standard domain under its English and its Chinese name, so ``:term:`` can link it
and the search lists it. While writing each other page, the first time its prose uses a term
(the English word on English pages, the Chinese one on Chinese pages; not in code, headings,
links or formulas), that word links to the entry.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from translations import glossary_rows

GLOSSARY = "glossary"
#: Where a word is not prose that a link may go into.
_NOT_PROSE = (nodes.literal, nodes.literal_block, nodes.reference, nodes.title, nodes.math, nodes.math_block,
              nodes.raw, nodes.caption, nodes.rubric, nodes.comment, nodes.target, nodes.image, nodes.table,
              nodes.substitution_definition, nodes.field_name, nodes.option_string, addnodes.pending_xref,
              addnodes.desc_signature, addnodes.toctree, addnodes.compact_paragraph)
#: Paragraphs that are not the page's teaching: the install line, the tested-with stamp, downloads.
_NOT_PROSE_CLASSES = {"tutorial-install", "tutorial-stamp", "sphx-glr-footer", "sphx-glr-download-link-note",
                      "sphx-glr-signature", "tutorial-untranslated", "sphx-glr-script-out"}


@dataclass(frozen=True)
class Entry:
    english: str  # as the table writes it: "stride (of a convolution)"
    chinese: str  # "步幅"

    @property
    def anchor(self) -> str:
        """The row's anchor, from its English term (the same in every language).

        >>> Entry("data type (dtype)", "数据类型").anchor
        'term-data-type-dtype'
        """
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.english.lower()).strip("-")

    def words(self, language: str) -> list[str]:
        """What the term looks like in prose: without the table's explanations in brackets,
        English with its short form, Chinese of at least two characters (or a Latin word).

        >>> Entry("data type (dtype)", "数据类型").words("en"), Entry("epoch", "轮（epoch）").words("zh_CN")
        (['data type', 'dtype'], [])
        >>> Entry("dropout", "Dropout（丢弃法）").words("zh_CN")
        ['Dropout']
        """
        if language == "en":
            short = re.findall(r"\((\w+)\)", self.english)
            return [re.sub(r"\s*\(.*?\)", "", self.english)] + [s for s in short if " " not in s and s.lower() != "of"]
        word = re.sub(r"（.*?）", "", self.chinese).strip()
        chinese = re.search(r"[\u4e00-\u9fff]", word)
        return [word] if (len(word) >= 2 if chinese else re.fullmatch(r"[A-Za-z][\w-]+", word)) else []


def entries(glossary: Path) -> list[Entry]:
    """The rows of the glossary's table."""
    return [Entry(row[0], row[1]) for row in glossary_rows(glossary)[2:] if len(row) >= 2]


def pattern(found: list[Entry], language: str) -> tuple[re.Pattern[str], dict[str, Entry]]:
    """One expression for every term's words (longest first) and the entry each word belongs to."""
    by_word = {}
    for entry in found:
        for word in entry.words(language):
            by_word.setdefault(word.lower(), entry)
    words = sorted(by_word, key=len, reverse=True)
    latin = [re.escape(w) for w in words if re.match(r"[a-z]", w)]
    chinese = [re.escape(w) for w in words if not re.match(r"[a-z]", w)]
    parts = [rf"(?<![\w.`-])(?:{'|'.join(latin)})(?:e?s)?(?![\w`-])"] if latin else []
    parts += ["|".join(chinese)] if chinese else []
    return re.compile("|".join(parts), re.I), by_word


@functools.cache
def _page_pattern(glossary: str, version: int, language: str) -> tuple[re.Pattern[str], dict[str, Entry]]:
    """``pattern`` of the glossary, read and compiled once per version of the file, not once per page."""
    return pattern(entries(Path(glossary)), language)


def _lookup(by_word: dict[str, Entry], found: str) -> Entry | None:
    key = found.lower()
    return by_word.get(key) or by_word.get(re.sub(r"e?s$", "", key)) or by_word.get(key[:-1])


def mark_entries(app: Sphinx, doctree: nodes.document) -> None:
    """On the glossary page: an anchor on each row, and each term noted in Sphinx's standard domain."""
    if app.env.docname != GLOSSARY:
        return
    known = {entry.english: entry for entry in entries(Path(app.srcdir, "glossary.md"))}
    std = app.env.get_domain("std")
    noted: set[str] = set()
    for row in doctree.findall(nodes.row):
        first = row.next_node(nodes.paragraph)
        entry = known.get(first.astext().strip()) if first is not None else None
        if entry is None:
            continue
        row["ids"].append(entry.anchor)
        for name in (entry.english, re.sub(r"（.*?）", "", entry.chinese)):
            if name.lower() not in noted:
                noted.add(name.lower())
                std.note_object("term", name, entry.anchor, location=row)


def _is_prose(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _NOT_PROSE) or _NOT_PROSE_CLASSES & set(parent.get("classes", [])):
            return False
        parent = parent.parent
    return True


def link_first_uses(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Link the first use of each glossary term on a page to its entry (HTML pages but the glossary)."""
    if app.builder.name not in ("html", "dirhtml") or docname in (GLOSSARY, "search", "genindex"):
        return
    glossary = Path(app.srcdir, "glossary.md")
    expression, by_word = _page_pattern(str(glossary), glossary.stat().st_mtime_ns, app.config.language or "en")
    target = app.builder.get_relative_uri(docname, GLOSSARY)
    linked: set[str] = set()
    for text in list(doctree.findall(nodes.Text)):
        if not _is_prose(text):
            continue
        source, pieces, last = text.astext(), [], 0
        for match in expression.finditer(source):
            entry = _lookup(by_word, match.group())
            if entry is None or entry.anchor in linked:
                continue
            linked.add(entry.anchor)
            pieces += [nodes.Text(source[last:match.start()]),
                       nodes.reference(match.group(), match.group(), internal=True, refuri=f"{target}#{entry.anchor}",
                                       classes=["glossary-term"])]
            last = match.end()
        if pieces:
            text.parent.replace(text, [*pieces, nodes.Text(source[last:])])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", mark_entries)
    app.connect("doctree-resolved", link_first_uses)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
