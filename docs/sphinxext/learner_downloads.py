"""The downloadable ``.py`` / ``.ipynb`` / ``.zip`` of each example, as a learner needs them.

sphinx-gallery copies each example and a notebook made from it into the site. After the build
this module rewrites those copies in the output folder (the sources are not touched):

* Each download starts with one line that says how to install what it needs: the first
  comment of the script, the first cell of the notebook (see ``example_pages.install_command``).
* In a translated build the text blocks are translated with the page's own catalog, the same
  messages the page shows, so a Chinese reader downloads Chinese prose; the code is not touched.
  A text block the catalog cannot translate is a warning (the catalogs are complete, so it
  means this module and the page disagree about where a paragraph starts and ends).
* An exercise page's ``.py``, ``.ipynb`` and ``.zip`` are for practice: its folded answers are
  left out. ``<name>_answers.py`` and ``<name>_answers.ipynb`` beside them are the whole page,
  answers included (see ``exercises``).
"""

from __future__ import annotations

import gettext
import json
import os
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.locale import admonitionlabels
from sphinx.util import logging
from sphinx_gallery.notebook import jupyter_notebook
from sphinx_gallery.py_source_parser import Block, split_code_and_text_blocks

from example_pages import install_command
from exercises import answers_name, split_answers
from gallery_i18n import _gallery_dir
from notes_box import boxes_to_markdown

logger = logging.getLogger(__name__)

#: The install line, in each language. ``{command}`` is the shell command.
#: Set to 1 (the tests session does) to make an untranslated text in a download a warning.
STRICT_ENV = "TUTORIAL_STRICT_TRANSLATIONS"
INSTALL_LINE = {
    "en": "To run this on your own machine, download the tutorial helpers' wheel linked at the top of "
          "this page on the site, then run: `{command}`",
    "zh_CN": "在自己的电脑上运行：先从网站上本页顶部的链接下载教程辅助包的 wheel 文件，然后运行：`{command}`",
}
#: Directives whose body is prose of the page (its paragraphs are catalog messages).
_PROSE_DIRECTIVE = re.compile(r"^\.\. (in-the-notes|note|warning|tip|important|admonition)::")
_OPTION = re.compile(r"^\s+:[\w-]+:")
_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+<>])\1+$")
_BULLET = re.compile(r"^(\s*)([-*+]|\d+\.) (.*)$")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _Translator:
    """Translate the reST of one example's text blocks, message by message, with its catalog."""

    def __init__(self, catalog: gettext.NullTranslations, where: str) -> None:
        self.catalog, self.where, self.missing = catalog, where, []

    def message(self, text: str) -> str:
        msgid = " ".join(line.strip() for line in text.strip().split("\n"))  # as Sphinx extracts it
        if not msgid:
            return text
        if msgid not in getattr(self.catalog, "_catalog", {}):
            self.missing.append(msgid)
        return self.catalog.gettext(msgid)

    def block(self, text: str) -> str:
        """Translate a text block: paragraphs, titles, list items and directive bodies."""
        out: list[str] = []
        paragraphs = re.split(r"\n\s*\n", text.strip("\n"))
        i = 0
        while i < len(paragraphs):
            lines = paragraphs[i].split("\n")
            i += 1
            if _PROSE_DIRECTIVE.match(lines[0]) and all(_OPTION.match(line) for line in lines[1:]):
                # A box whose body follows a blank line: its indented paragraphs are prose too.
                body = []
                while i < len(paragraphs) and paragraphs[i].startswith((" ", "\t")):
                    body.append(paragraphs[i])
                    i += 1
                if body:
                    lines = [*lines, "", *"\n\n".join(body).split("\n")]
            out.append(self.paragraph(lines))
        return "\n\n".join(out) + "\n"

    def paragraph(self, lines: list[str]) -> str:
        first = lines[0]
        if first.startswith(".. _") or first.startswith(".. |"):
            return "\n".join(lines)  # a label or a substitution: not prose
        if first.startswith(".. ") and "::" in first:  # a directive: translate its body
            name, _, argument = first.partition("::")
            if name == ".. admonition" and argument.strip():  # its title is prose too
                first = f"{name}:: {self.message(argument)}"
            head, body = [first], lines[1:]
            while body and body[0].strip().startswith(":"):
                head.append(body.pop(0))
            while body and not body[0].strip():
                head.append(body.pop(0))
            if not body:
                return "\n".join(head)
            indent = len(body[0]) - len(body[0].lstrip())
            inner = self.block("\n".join(line[indent:] for line in body))
            return "\n".join(head) + "\n" + "\n".join(" " * indent + line if line else "" for line in inner.rstrip("\n").split("\n"))
        if first.startswith((" ", "\t")):
            return "\n".join(lines)  # a literal block's body
        if len(lines) == 2 and _UNDERLINE.match(lines[1]):
            title = self.message(lines[0])
            return f"{title}\n{lines[1][0] * max(_width(title), len(lines[1]))}"
        if _BULLET.match(first):
            return self.bullets(lines)
        text = "\n".join(lines)
        literal = text.rstrip().endswith("::")
        if literal:  # "Text::" introduces a literal block; the translation may end in "："
            return self.message(text).rstrip(":：") + "::"
        return self.message(text)

    def bullets(self, lines: list[str]) -> str:
        items: list[tuple[str, str, list[str]]] = []
        for line in lines:
            match = _BULLET.match(line)
            if match and len(match.group(1)) == 0:
                items.append((match.group(2), match.group(3), []))
            elif items:
                items[-1][2].append(line.strip())
        return "\n".join(f"{mark} {self.message(' '.join([first, *rest]))}" for mark, first, rest in items)


def _script_text(blocks: list[Block]) -> str:
    """Write blocks back as a sphinx-gallery script (docstring, then ``# %%`` text cells)."""
    parts: list[str] = []
    for i, block in enumerate(blocks):
        if block.type == "text" and i == 0:
            # raw when it holds a backslash (a formula's \frac, reST's "\ "), as a Python string must be
            prefix = "r" if "\\" in block.content else ""
            parts.append(prefix + '"""\n' + block.content.strip("\n") + '\n"""\n')
        elif block.type == "text":
            body = "\n".join(f"# {line}".rstrip() for line in block.content.strip("\n").split("\n"))
            parts.append("# %%\n" + body + "\n")
        else:
            parts.append(block.content.strip("\n") + "\n")
    return "\n".join(parts)


def _with_install_line(text: str, line: str) -> str:
    return f"# {line.replace('`', '')}\n\n{text}"


def _notebook(blocks: list[Block], gallery_conf: dict[str, Any], target_dir: Path, line: str, notes_title: str) -> str:
    # Jupyter knows no reST directives: an "In the notes" box, a note and a warning become Markdown
    # quotes titled in the page's language (sphinx-gallery would title the last two in English).
    titles = {"in-the-notes": notes_title, "note": str(admonitionlabels["note"]),
              "warning": str(admonitionlabels["warning"]), "admonition": ""}  # "": its own title

    def quoted(text: str) -> str:
        for directive, title in titles.items():
            text = boxes_to_markdown(text, title, directive)
        return text

    blocks = [Block("text", quoted(b.content), b.lineno) if b.type == "text" else b for b in blocks]
    notebook = jupyter_notebook(blocks, gallery_conf, str(target_dir))
    notebook["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": [line]})
    return json.dumps(notebook, indent=2, ensure_ascii=False)


def _catalog(app: Sphinx, docname: str) -> gettext.NullTranslations:
    for locale_dir in app.config.locale_dirs:
        mo = Path(app.srcdir, locale_dir, app.config.language, "LC_MESSAGES", docname + ".mo")
        if mo.is_file():
            with mo.open("rb") as handle:
                return gettext.GNUTranslations(handle)
    return gettext.NullTranslations()


def rewrite_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    language = app.config.language or "en"
    gallery = Path(app.srcdir, _gallery_dir(app))
    destinations: dict[str, Path] = {}
    for source, (_, dest) in app.env.dlfiles.items():
        destinations[Path(app.srcdir, source).resolve().as_posix()] = Path(app.outdir, "_downloads", dest)
    for script in sorted(gallery.glob("*/*.py")):
        py_dest = destinations.get(script.resolve().as_posix())
        if py_dest is None or not py_dest.is_file():
            continue
        docname = script.relative_to(app.srcdir).with_suffix("").as_posix()
        line = INSTALL_LINE.get(language, INSTALL_LINE["en"]).format(command=install_command(script))
        notes_title = app.config.site_languages[language]["notes_box"]
        _, blocks = split_code_and_text_blocks(str(script))
        if language == "en":
            script_text = script.read_text(encoding="utf-8")
            notebook_blocks = blocks
        else:
            translator = _Translator(_catalog(app, docname), docname)
            notebook_blocks = [Block("text", translator.block(b.content), b.lineno) if b.type == "text" else b
                               for b in blocks]
            script_text = _script_text(notebook_blocks)
            for msgid in translator.missing:
                # While a page is being translated its download keeps the English, as the page
                # does; the tests (TUTORIAL_STRICT_TRANSLATIONS=1) fail on it.
                report = logger.warning if os.environ.get(STRICT_ENV) == "1" else logger.info
                report(f"{docname}: the download keeps an untranslated text: {msgid[:80]!r}",
                       type="tutorial", subtype="download_translation")
        practice, answers = split_answers(notebook_blocks)
        gallery_conf = app.config.sphinx_gallery_conf
        if answers:  # an exercise page: the answers get downloads of their own
            py_dest.with_name(answers_name(script.name)).write_text(_with_install_line(script_text, line), "utf-8")
            py_dest.with_name(answers_name(script.with_suffix(".ipynb").name)).write_text(
                _notebook(notebook_blocks, gallery_conf, script.parent, line, notes_title), "utf-8")
            notebook_blocks, script_text = practice, _script_text(practice)
        files = {script.name: _with_install_line(script_text, line)}
        nb_dest = destinations.get(script.with_suffix(".ipynb").resolve().as_posix())
        if nb_dest is not None:
            files[nb_dest.name] = _notebook(notebook_blocks, gallery_conf, script.parent, line, notes_title)
            nb_dest.write_text(files[nb_dest.name], encoding="utf-8")
        py_dest.write_text(files[script.name], encoding="utf-8")
        zip_dest = destinations.get(script.with_suffix(".zip").resolve().as_posix())
        if zip_dest is not None:
            with zipfile.ZipFile(zip_dest, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, text in files.items():
                    archive.writestr(name, text)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("example_pages")
    app.setup_extension("exercises")
    app.setup_extension("notes_box")
    app.connect("build-finished", rewrite_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
