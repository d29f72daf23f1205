"""Printed output in the reader's language, from the one run of the examples.

The English build runs each example once and sphinx-gallery keeps what it printed. A line of
that output that is prose (``closed form matches all three runs``) is a catalog message of its
page, like the words of a figure (``figure_i18n``): a translated build reads the line's
translation from the catalog and shows it in the output block, so a Chinese reader sees Chinese
output and no example runs twice.

A message must not depend on the data or the machine, or a build on full MNIST or on a GPU
would meet lines the catalogs do not have. Values are therefore taken out of a line before it
becomes a message and put back after translation: numbers, ``True``/``False``/``None``, device
names, tensor reprs and lists of values, so ``x on cuda:0, same object: False`` is the message
``x on {0}, same object: {1}``. The lines that ``tutorial_utils`` prints differ with the data
in their words too (full MNIST or the offline sample); the package declares their templates
(``tutorial_utils.OUTPUT_MESSAGES``), and a page that prints one of them carries all of them.

What stays as it was printed: values and short labels (``loss 0.25``, a table's header), tracebacks,
and the messages of PyTorch's own exceptions, which a page prints after their type
(``RuntimeError: …``), as Python does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: An English word (an identifier counts: ``pin_memory``).
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
#: What may stand between two words of one phrase; two spaces (a table's column gap) may not.
_JOIN = re.compile(r"[ ,;:/&-]{1,3}")
#: Values: a line's message keeps ``{n}`` in their place.
_VALUE = re.compile(
    r"(?<![\w.])(?:"
    r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:e[-+]?\d+)?)%?"  # 12, 1,000, -0.5, 1e-3, 95.1%
    r"|True|False|None|nan|inf"
    r"|cpu|cuda(?::\d+)?|meta|mps"
    r")(?![\w])"
)
#: A line that is not prose: a traceback's frame, an exception or warning with its type
#: (PyTorch's words, kept), a logging line, a repr in angle brackets.
#: A file's absolute path (it differs from machine to machine).
_PATH = re.compile(r"(?:/|[A-Za-z]:\\)[^\s,;()'\"]*[/\\][^\s,;()'\"]*")
_NOT_PROSE = re.compile(
    r"^\s*(?:Traceback \(most recent call last\)|File \"|\w+(?:Error|Exception|Warning)\b|[IWEF]\d{4} |<.*>$)"
)
_PLACEHOLDER = re.compile(r"\{(\d+)\}")
_COLUMN_GAP = re.compile(r" {2,}")


def _bracketed(line: str, start: int) -> int | None:
    """The end of the balanced bracket group opening at ``start`` (None when the line ends first)."""
    depth = 0
    for index in range(start, len(line)):
        depth += line[index] in "([{"
        depth -= line[index] in ")]}"
        if depth == 0:
            return index + 1
    return None


def _values_only(text: str) -> bool:
    """Whether a bracketed group holds values only (numbers, quoted numbers, True/False …), no words."""
    return not re.search(r"[A-Za-z]{2,}", re.sub(r"\b(?:True|False|None|nan|inf)\b", "", text))


def template(line: str) -> tuple[str, list[str]]:
    """A printed line's message (values replaced by ``{0}``, ``{1}`` …) and its values.

    A tensor's repr and a list of values are one value each, whatever their length.

    >>> template("Interpreter: /home/me/.venv/bin/python, server http://localhost:8097")
    ('Interpreter: {0}, server http://localhost:{1}', ['/home/me/.venv/bin/python', '8097'])
    >>> template("x on cuda:0, the result on cpu, same object: False")
    ('x on {0}, the result on {1}, same object: {2}', ['cuda:0', 'cpu', 'False'])
    >>> template("after one backward: tensor([0.1050])  epochs [11, 12] brought no new best")
    ('after one backward: {0}  epochs {1} brought no new best', ['tensor([0.1050])', '[11, 12]'])
    >>> template("L2 penalty of conv2d: 1e-3 (5,000 digits), {x}")
    ('L2 penalty of conv2d: {0} ({1} digits), {{x}}', ['1e-3', '5,000'])
    """
    values: list[str] = []
    parts: list[str] = []
    index = 0
    literal = ""
    while index < len(line):
        end = None
        after_word = index > 0 and (line[index - 1].isalnum() or line[index - 1] == "_")
        path = _PATH.match(line, index) if index == 0 or line[index - 1] in " \t(='\"" else None
        if line.startswith("tensor(", index) and not after_word:
            end = _bracketed(line, index + len("tensor")) or len(line)
        elif path:
            end = path.end()
        elif line[index] == "[" and _values_only(line[index:_bracketed(line, index) or len(line)]):
            end = _bracketed(line, index)
        else:
            match = _VALUE.match(line, index)
            end = match.end() if match else None
        if end is None:
            literal += line[index]
            index += 1
            continue
        parts.append(literal.replace("{", "{{").replace("}", "}}"))
        literal = ""
        parts.append("{%d}" % len(values))
        values.append(line[index:end])
        index = end
    parts.append(literal.replace("{", "{{").replace("}", "}}"))
    return "".join(parts), values


def longest_phrase(text: str) -> int:
    """The most English words in a row in ``text`` (a value or a placeholder ends a row).

    >>> longest_phrase("closed form matches all three runs")
    6
    >>> longest_phrase("train loss  val loss    gap")  # a table's header: labels
    2
    >>> longest_phrase("x on {0}, same object: {1}")
    2
    """
    text = _VALUE.sub("{}", text)
    longest = run = 0
    end: int | None = None
    for match in _WORD.finditer(text):
        between = text[end:match.start()] if end is not None else None
        joined = between is not None and _JOIN.fullmatch(between) is not None and "  " not in between
        run = run + 1 if joined else 1
        longest = max(longest, run)
        end = match.end()
    return longest


#: A line is a message when it holds a phrase of at least this many words, or when it is an
#: exercise check's verdict (``tutorial_utils.exercises``), a sentence however short.
PHRASE = 3
_VERDICTS = ("✓", "✗")


def is_prose(line: str) -> bool:
    """Whether a printed line is a sentence to translate (not values, labels or PyTorch's words).

    >>> [is_prose(line) for line in ["closed form matches all three runs", "loss 0.25, acc 0.9", "✗ f: got 1, want 2",
    ...                              "RuntimeError: view size is not compatible", "<All keys matched successfully>"]]
    [True, False, True, False, False]
    """
    if _NOT_PROSE.match(line):
        return False
    return line.lstrip().startswith(_VERDICTS) or longest_phrase(template(line)[0]) >= PHRASE


def _regex(message: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(message)
    literal = [re.escape(part.replace("{{", "{").replace("}}", "}")) for part in parts[::2]]
    return re.compile("(.+?)".join(literal) + r"\Z")


class OutputLines:
    """The messages of printed lines: a declared template when one matches, else the line's own."""

    def __init__(self, declared: Iterable[str]) -> None:
        self.declared = [(message, _regex(message)) for message in declared]

    def message(self, line: str) -> tuple[str, list[str], bool] | None:
        """``(message, values, declared)`` of a line, or None when the line is not prose. The
        declared templates are tried in their order, and the first that matches wins."""
        text = line.strip()
        for message, regex in self.declared:
            match = regex.match(text)
            if match:
                return message, list(match.groups()), True
        if not is_prose(text):
            return None
        message, values = template(text)
        return message, values, False

    def messages(self, lines: Iterable[str]) -> list[str]:
        """The messages of these lines, in order and once each; with all declared templates when
        any line is one of them (the page prints another of them on other data)."""
        found: list[str] = []
        declared = False
        for line in _prose_lines(lines):
            result = self.message(line)
            if result:
                found.append(result[0])
                declared = declared or result[2]
        if declared:
            found += [message for message, _ in self.declared]
        return list(dict.fromkeys(found))

    def translate(self, lines: Sequence[str], gettext: Callable[[str], str]) -> tuple[list[str], list[str]]:
        """The lines in the catalog's language, and the problems met (a translation whose
        placeholders differ from its message's)."""
        translated = list(lines)
        problems: list[str] = []
        prose = set(_prose_indices(lines))
        for index, line in enumerate(lines):
            result = self.message(line) if index in prose else None
            if result is None:
                continue
            message, values, _ = result
            text = gettext(message)
            if text == message:
                continue
            if sorted(set(_PLACEHOLDER.findall(text))) != sorted(set(_PLACEHOLDER.findall(message))):
                problems.append(f"the translation of {message!r} has other placeholders: {text!r}")
                continue
            indent = line[: len(line) - len(line.lstrip())]
            translated[index] = indent + aligned(text, message).format(*values)
        return translated, problems


def width(text: str) -> int:
    """How many columns ``text`` takes in a monospaced font (a Chinese character takes two).

    >>> width("loss"), width("损失")
    (4, 4)
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def aligned(translation: str, message: str) -> str:
    """The translation with its columns where the message has them, so that a table whose rows
    are messages still lines up (gaps of two or more spaces separate columns).

    >>> aligned("训练准确率  {0}", "training accuracy    {0}")
    '训练准确率           {0}'
    """
    columns, gaps = _COLUMN_GAP.split(message), _COLUMN_GAP.findall(message)
    parts = _COLUMN_GAP.split(translation)
    if not gaps or len(parts) != len(columns):
        return translation
    out = ""
    for part, column, gap in zip(parts, columns, gaps):
        out += part + " " * max(2, width(column) + len(gap) - width(part))
    return out + parts[-1]


def _prose_indices(lines: Sequence[str]) -> Iterable[int]:
    """The lines outside tracebacks (a traceback runs to its exception line)."""
    in_traceback = False
    for index, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        if in_traceback:
            in_traceback = not re.match(r"^\w+(?:Error|Exception|Warning|Interrupt|Exit)\b", line)
            continue
        yield index


def _prose_lines(lines: Iterable[str]) -> list[str]:
    lines = list(lines)
    return [lines[index] for index in _prose_indices(lines)]


def output_blocks(doctree: nodes.Node) -> list[nodes.literal_block]:
    """The blocks of printed output on a gallery page."""
    return [node for node in doctree.findall(nodes.literal_block) if "sphx-glr-script-out" in node["classes"]]


def _declared() -> tuple[str, ...]:
    # Imported only when a page has output (examples ran, so torch is there): ``nox -s compat``
    # builds without torch.
    from tutorial_utils import OUTPUT_MESSAGES

    return OUTPUT_MESSAGES


class output_messages(nodes.Invisible, nodes.Element, addnodes.translatable):
    """The messages of a page's printed lines, for the catalogs only (never shown)."""

    def preserve_original_messages(self) -> None:
        pass

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        pass

    def extract_original_messages(self) -> list[str]:
        return list(self["messages"])


def collect_or_translate(app: Sphinx, doctree: nodes.document) -> None:
    """Give the catalogs a page's output lines (gettext), or show them translated."""
    blocks = output_blocks(doctree)
    if not blocks:
        return
    lines = OutputLines(_declared())
    language = app.config.language or "en"
    if app.builder.name == "gettext":
        messages = lines.messages(line for block in blocks for line in block.astext().splitlines())
        if messages:
            doctree.append(output_messages(messages=messages))
        return
    if language == "en":
        return
    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain

    domain = docname_to_domain(app.env.docname, app.config.gettext_compact)
    catalog, _ = init_locale([Path(app.srcdir, folder) for folder in app.config.locale_dirs], language, domain)
    for block in blocks:
        original = block.astext().splitlines()
        translated, problems = lines.translate(original, catalog.gettext)
        for problem in problems:
            logger.warning(problem, location=block)
        if translated != original:
            text = "\n".join(translated)
            block.rawsource = text
            block.children = [nodes.Text(text)]
            block.children[0].parent = block


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(output_messages, html=(skip, None), latex=(skip, None), text=(skip, None))
    app.connect("doctree-read", collect_or_translate)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
