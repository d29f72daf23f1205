"""Exercise pages: answers folded on the page, left out of the practice downloads.

An exercise page (``examples/<chapter>/NN_<topic>_exercises.py``) gives each exercise as a text
block, a starter cell (``...`` where the learner's work goes) that a check from
``tutorial_utils.exercises`` rejects, and a reference answer that the check accepts::

    # %%
    # .. answer-begin::
    #
    # Why it works: ...

    def answer(...): ...
    assert check_answer(answer)

    # %%
    # .. answer-end::

* **On the page** everything between the two markers (the explanation, the code and its
  output) is folded into a ``<details>`` element, so the answer stays hidden until the reader
  opens it: no JavaScript. The summary line comes from ``site_languages[<language>]["answer"]``.
  The single-page build, from which the PDFs are printed, shows the answers opened.
* **In the downloads** (``learner_downloads``) the ``.py``, ``.ipynb`` and ``.zip`` of the page
  are the practice version without the answers; ``<name>_answers.py`` / ``.ipynb`` are the whole
  page, answers included, and the page links them under its own download buttons.
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_gallery.py_source_parser import Block

logger = logging.getLogger(__name__)

BEGIN, END = ".. answer-begin::", ".. answer-end::"
ANSWERS_SUFFIX = "_answers"
KEYS = ("answer", "answers_download")


class answer_marker(nodes.Invisible, nodes.Element):
    """Where an answer begins or ends; replaced by an :class:`exercise_answer` after reading."""


class exercise_answer(nodes.General, nodes.Element):
    """The folded answer: rendered as ``<details>`` in HTML."""


class AnswerMarker(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [answer_marker(kind=self.name.rsplit("-", 1)[1], line=self.lineno)]


def fold_answers(app: Sphinx, doctree: nodes.document) -> None:
    """Wrap everything between an ``answer-begin`` and its ``answer-end`` in one folded node."""
    for begin in list(doctree.findall(answer_marker)):
        if begin.parent is None or begin["kind"] != "begin":
            continue
        parent, siblings = begin.parent, begin.parent.children
        start = siblings.index(begin)
        end = next((i for i in range(start + 1, len(siblings))
                    if isinstance(siblings[i], (answer_marker, nodes.section))), None)
        if end is None or not isinstance(siblings[end], answer_marker) or siblings[end]["kind"] != "end":
            logger.error(f"{app.env.docname}: an answer-begin (line {begin['line']}) needs an answer-end "
                         "before the next heading and before the next answer-begin", location=begin)
            parent.remove(begin)
            continue
        folded = exercise_answer()
        folded.extend(siblings[start + 1:end])
        del parent[start:end + 1]
        parent.insert(start, folded)
    for stray in list(doctree.findall(answer_marker)):
        logger.error(f"{app.env.docname}: an answer-end without its answer-begin", location=stray)
        stray.parent.remove(stray)


def visit_answer_html(self: Any, node: exercise_answer) -> None:
    label = self.builder.config.site_languages[self.builder.config.language]["answer"]
    # The single-page build is what the PDF is printed from, and paper cannot unfold an answer.
    opened = " open" if self.builder.name == "singlehtml" else ""
    self.body.append(f'<details class="exercise-answer"{opened}><summary>{self.encode(label)}</summary>\n'
                     '<div class="exercise-answer-body">\n')


def depart_answer_html(self: Any, node: exercise_answer) -> None:
    self.body.append("</div></details>\n")


def _pass(self: Any, node: nodes.Node) -> None:
    pass


# --- downloads -------------------------------------------------------------------------------

def split_answers(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """The blocks of the practice download, and the blocks of the answers (markers included).

    >>> text = lambda s: Block("text", s, 0)
    >>> code = lambda s: Block("code", s, 0)
    >>> page = [text("Exercise 1"), code("f = ..."), text(".. answer-begin::\\n\\nWhy."), code("f = 1"),
    ...         text(".. answer-end::\\n"), text("Exercise 2")]
    >>> practice, answers = split_answers(page)
    >>> [b.content for b in practice], [b.content for b in answers]
    (['Exercise 1', 'f = ...', 'Exercise 2'], ['.. answer-begin::\\n\\nWhy.', 'f = 1', '.. answer-end::\\n'])
    >>> split_answers([text(".. answer-begin::"), code("f = 1")])
    Traceback (most recent call last):
    ...
    ValueError: an answer-begin block has no answer-end block after it
    """
    practice: list[Block] = []
    answers: list[Block] = []
    inside = False
    for block in blocks:
        content = block.content.strip()
        if block.type == "text" and content.startswith(BEGIN):
            if inside:
                raise ValueError("an answer-begin block inside another answer")
            inside = True
        (answers if inside else practice).append(block)
        if block.type == "text" and END in content:
            if not inside or content != END:
                raise ValueError(f"{END!r} must be a text block of its own, after an answer-begin block")
            inside = False
    if inside:
        raise ValueError("an answer-begin block has no answer-end block after it")
    return practice, answers


def answers_name(name: str) -> str:
    """The file name of the answers download.

    >>> answers_name("09_tensor_exercises.ipynb")
    '09_tensor_exercises_answers.ipynb'
    """
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}{ANSWERS_SUFFIX}{dot}{suffix}"


def link_answers_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Add "download the answers" buttons under sphinx-gallery's buttons on an exercise page."""
    if app.builder.format != "html" or app.builder.name == "singlehtml":
        return  # the single page is printed to PDF, where sphinx-gallery's buttons are hidden too
    if not any(True for _ in doctree.findall(exercise_answer)):
        return
    footer = next((n for n in doctree.findall(nodes.container) if "sphx-glr-footer" in n["classes"]), None)
    downloads = {posixpath.basename(dest): dest for _, (docs, dest) in app.env.dlfiles.items() if docname in docs}
    script = next((name for name in downloads if name.endswith(".py")), None)
    if footer is None or script is None:
        logger.error(f"{docname}: an exercise page without sphinx-gallery's download buttons")
        return
    folder = posixpath.dirname(downloads[script])
    here = posixpath.dirname(app.builder.get_target_uri(docname))
    labels = app.config.site_languages[app.config.language]["answers_download"]
    for name, kind in ((answers_name(script.replace(".py", ".ipynb")), "jupyter"), (answers_name(script), "python")):
        uri = posixpath.relpath(f"_downloads/{folder}/{name}", here or ".")
        # Worded and styled like sphinx-gallery's buttons above: the whole line is the link.
        reference = nodes.reference("", "", nodes.literal(text=f"{labels[kind]} {name}"), refuri=uri,
                                    classes=["reference", "download", "internal"])
        paragraph = nodes.paragraph("", "", reference)
        footer += nodes.container("", paragraph, classes=["sphx-glr-download", f"sphx-glr-download-{kind}",
                                                          "exercise-answers-download"])


def check_config(app: Sphinx, config: Any) -> None:
    missing = [key for key in KEYS if key not in config.site_languages.get(config.language, {})]
    if missing:
        raise ConfigError(f"site_languages[{config.language!r}] lacks {missing} (docs/sphinxext/exercises.py)")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(answer_marker)
    app.add_node(exercise_answer, html=(visit_answer_html, depart_answer_html), latex=(_pass, _pass),
                 text=(_pass, _pass), man=(_pass, _pass), texinfo=(_pass, _pass))
    app.add_directive("answer-begin", AnswerMarker)
    app.add_directive("answer-end", AnswerMarker)
    app.connect("config-inited", check_config)
    app.connect("doctree-read", fold_answers)
    app.connect("doctree-resolved", link_answers_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
