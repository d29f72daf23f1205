"""The "In the notes" box: the one place where a page meets the syllabus notes.

The course follows a learner's notes, and the pages correct their typos, removed APIs and wrong
statements. So that the running text teaches and the corrections do not interrupt it, a page
puts them in a box of their own, where they occur::

    # .. in-the-notes::
    #
    #    The notes call ``torch.sigmod``, a typo for ``torch.sigmoid``.

* **On the page** the box is an admonition with the class ``in-the-notes`` and the title
  ``site_languages[<language>]["notes_box"]`` ("In the notes", "笔记中"). The title is not a
  message of the page's catalog (it comes from the configuration, like the answer's summary);
  the box's paragraphs are, like any other paragraph.
* **In a notebook** (``learner_downloads``) Jupyter knows no reST directives, so the box becomes a
  Markdown quote that starts with its title in bold (:func:`boxes_to_markdown`).
* ``tests/test_notes_box.py`` checks that a chapter page mentions the notes only inside a box.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective

NAME = "in-the-notes"
KEY = "notes_box"
_BODY = r"::[ \t]*(?P<arg>[^\n]*)\n(?P<body>(?:(?:[ \t]+\S.*)?\n?)*)"
_OPTION = re.compile(r"^[ \t]+:[\w-]+:")


class InTheNotes(SphinxDirective):
    """``.. in-the-notes::`` with a body of paragraphs, lists or code; no arguments."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        title = self.config.site_languages[self.config.language or "en"][KEY]
        box = nodes.admonition("", classes=[NAME])
        # Not a message of the catalog: the title comes from the configuration in each language.
        box += nodes.title(title, title, translatable=False)
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


def boxes_to_markdown(text: str, title: str, directive: str = NAME) -> str:
    """Turn each ``directive`` box of a text block into a Markdown quote titled ``title``.

    The notebooks use it for ``note`` and ``warning`` too, whose titles sphinx-gallery would
    otherwise write in English whatever the language, and for ``admonition``, whose title is its
    argument (``title`` empty). Option lines (``:class: note``) are left out.

    >>> out = boxes_to_markdown("Before.\\n\\n.. in-the-notes::\\n\\n   One ``x``.\\n\\n   Two.\\n\\nAfter.\\n",
    ...                         "In the notes")
    >>> out.split("\\n")
    ['Before.', '', '> **In the notes**  ', '> One ``x``.', '>', '> Two.', '', 'After.', '']
    >>> boxes_to_markdown("No box here.", "笔记中")
    'No box here.'
    >>> boxes_to_markdown(".. note::\\n\\n   Hello.\\n", "备注", "note")
    '> **备注**  \\n> Hello.\\n\\n'
    >>> boxes_to_markdown(".. admonition:: 安装 Visdom\\n   :class: note\\n\\n   先装。\\n", "", "admonition")
    '> **安装 Visdom**  \\n> 先装。\\n\\n'
    """

    def quote(match: re.Match[str]) -> str:
        body = match.group("body").rstrip("\n").split("\n")
        while body and (not body[0].strip() or _OPTION.match(body[0])):
            body.pop(0)
        indent = min(len(line) - len(line.lstrip()) for line in body if line.strip())
        # The title ends in two spaces, a Markdown line break, and the body follows on the next
        # line: a title followed by a bare ">" line would read as a reST heading to sphinx-gallery.
        heading = f"> **{title or match.group('arg').strip()}**  "
        return "\n".join([heading, *(f"> {line[indent:]}".rstrip() for line in body)]) + "\n\n"

    box = re.compile(rf"^\.\. {re.escape(directive)}{_BODY}", re.M)
    return box.sub(quote, text).replace("\n\n\n", "\n\n")


def check_config(app: Sphinx, config: Any) -> None:
    if KEY not in config.site_languages.get(config.language or "en", {}):
        raise ConfigError(f"site_languages[{config.language!r}] lacks {KEY!r} (docs/sphinxext/notes_box.py)")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive(NAME, InTheNotes)
    app.connect("config-inited", check_config)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
