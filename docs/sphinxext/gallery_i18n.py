"""Make the text sphinx-gallery adds to a page translatable, and keep the catalogs stable.

Two things in sphinx-gallery's generated reST would otherwise defeat gettext:

* The running-time line carries the measured seconds, so its message would change on every
  build. The seconds move into a substitution (substitution definitions are never
  extracted), leaving the stable message ``**Total running time of the script:** |…|``;
  the ``sg-seconds`` role then writes the duration in the page's language.
* The gallery cards show the example's title and first paragraph as raw HTML, which gettext
  cannot see. The cards are filled in from the target page's doctree instead, which is
  already translated.
* A figure's alt text (its Matplotlib titles, which sphinx-gallery writes into an
  ``image-sg`` directive) lives in a node gettext does not know. The directive makes a
  translatable node instead, so the alt text is a catalog message and a Chinese screen-reader
  user hears Chinese. A message must not depend on the data, or a build on other data (full
  MNIST, a GPU) would show it untranslated: a figure whose titles hold data (the digits of
  ``plot_image``) carries a fixed description as its Matplotlib label (``fig.set_label``),
  which this module's image scraper (``image_scrapers`` in conf.py) uses as the alt text.
* A figure's words (titles, labels, legends) are drawn into its PNG. The scraper keeps each
  figure and lists its words in the directive, so they are catalog messages too; a translated
  build draws the figure again with their translations (``figure_i18n.py``).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx_gallery.directives import (ImageSg, depart_imgsg_html, depart_imgsg_latex, imgsgnode, visit_imgsg_html,
                                       visit_imgsg_latex)

import figure_i18n

logger = logging.getLogger(__name__)

_RUNNING_TIME = re.compile(
    r"\*\*Total running time of the script:\*\* \((\d+) minutes (\d+(?:\.\d+)?) seconds\)"
)
_SUBSTITUTION = "sphx_glr_running_time"
_CARD_OPEN = re.compile(r'(<div class="sphx-glr-thumbcontainer"[^>]*tooltip=")[^"]*(")')
_CARD_TITLE = re.compile(r'(<div class="sphx-glr-thumbnail-title">).*?(</div>)', re.S)

#: How the duration reads in each language (seconds with one decimal).
_DURATION = {"en": "{:.1f} seconds", "zh_CN": "{:.1f} 秒"}


def _gallery_dir(app: Sphinx) -> str:
    dirs = app.config.sphinx_gallery_conf["gallery_dirs"]
    return (dirs if isinstance(dirs, str) else dirs[0]).strip("/")


def move_running_time_out_of_message(app: Sphinx, docname: str, source: list[str]) -> None:
    """Replace the measured seconds in a generated example page by a substitution."""
    if not docname.startswith(_gallery_dir(app) + "/"):
        return
    match = _RUNNING_TIME.search(source[0])
    if match is None:
        return
    seconds = int(match.group(1)) * 60 + float(match.group(2))
    source[0] = (
        source[0][: match.start()]
        + f"**Total running time of the script:** |{_SUBSTITUTION}|"
        + source[0][match.end() :]
        + f"\n\n.. |{_SUBSTITUTION}| replace:: :sg-seconds:`{seconds:.3f}`\n"
    )


class SecondsRole(SphinxRole):
    """``:sg-seconds:`12.345``` renders a duration in the language of the build."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            seconds = float(self.text)
        except ValueError:
            msg = self.inliner.reporter.error(f"sg-seconds needs a number of seconds, got {self.text!r}")
            return [], [msg]
        template = _DURATION.get(self.config.language or "en", _DURATION["en"])
        return [nodes.inline(text=template.format(seconds), classes=["sg-seconds"])], []


def mark_gallery_cards(app: Sphinx, doctree: nodes.document) -> None:
    """Remember, on each card's raw HTML, which page the card links to."""
    card_open: nodes.raw | None = None
    target: str | None = None
    for node in doctree.findall():
        if isinstance(node, nodes.raw) and "sphx-glr-thumbcontainer" in node.astext():
            card_open, target = node, None
        elif card_open is not None and target is None and node.tagname == "pending_xref":
            target = node["reftarget"].lstrip("/")
            card_open["gallery_card"] = target
            _depend_on_card_target(app, target)
        elif isinstance(node, nodes.raw) and "sphx-glr-thumbnail-title" in node.astext() and target:
            node["gallery_card"] = target
            card_open, target = None, None


def _depend_on_card_target(app: Sphinx, target: str) -> None:
    """Re-read the page with the card when the target page or its translation changes."""
    app.env.note_dependency(str(Path(app.srcdir, target + ".rst")))
    if app.config.language and app.config.language != "en":
        for locale_dir in app.config.locale_dirs:
            catalog = Path(app.srcdir, locale_dir, app.config.language, "LC_MESSAGES", target + ".po")
            if catalog.is_file():
                app.env.note_dependency(str(catalog))


def _intro(app: Sphinx, docname: str) -> str:
    for section in app.env.get_doctree(docname).findall(nodes.section):
        for child in section.children:
            # The install line (example_pages) comes first; the card shows what the page teaches.
            if isinstance(child, nodes.paragraph) and "tutorial-install" not in child["classes"]:
                return " ".join(child.astext().split())
    return ""


def fill_gallery_cards(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Write each card's title and tooltip from the (translated) page it links to."""
    for node in list(doctree.findall(nodes.raw)):
        target = node.get("gallery_card")
        if not target or target not in app.env.titles:
            continue
        text = node.astext()
        if "sphx-glr-thumbcontainer" in text:
            tooltip = html.escape(_intro(app, target), quote=True)
            text = _CARD_OPEN.sub(lambda m: m.group(1) + tooltip + m.group(2), text)
        else:
            title = html.escape(app.env.titles[target].astext())
            text = _CARD_TITLE.sub(lambda m: m.group(1) + title + m.group(2), text)
        node.replace(node.children[0], nodes.Text(text))


class translatable_imgsgnode(imgsgnode, addnodes.translatable):
    """sphinx-gallery's figure node, with its alt text and its figure's words as catalog messages.

    The figure's words are messages only for the catalogs (``gettext``): a translated build
    reads their translations itself (``translate_figures``), because Sphinx stops translating a
    node at its first message kept as it is (``SGD`` stays ``SGD``), which would leave the alt
    text in English.
    """

    #: True while the catalogs are written (set when the builder starts).
    with_figure_texts = False

    def preserve_original_messages(self) -> None:
        self["raw_alt"] = self.get("alt", "")

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        if self.get("alt") == original_message:
            self["alt"] = translated_message

    def extract_original_messages(self) -> list[str]:
        alt = [self["raw_alt"]] if self.get("raw_alt") else []
        texts = self.get("figure_texts", ()) if self.with_figure_texts else ()
        return alt + [text for text in texts if text not in alt]


def visit_translatable_imgsg_html(self: Any, node: translatable_imgsgnode) -> None:
    """sphinx-gallery's visitor writes the alt text as it is: escape it first (quotes in a title)."""
    escaped = node.copy()
    escaped["alt"] = html.escape(node.get("alt", ""), quote=True)
    visit_imgsg_html(self, escaped)


class TranslatableImageSg(ImageSg):
    """``image-sg`` (sphinx-gallery's figure directive), making a translatable node; ``:texts:``
    lists the figure's words (JSON), which a translated build puts into the figure."""

    option_spec = {**ImageSg.option_spec, "texts": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        node = translatable_imgsgnode()
        node.update_all_atts(super().run()[0])
        node.source, node.line = self.state_machine.get_source_and_line(self.lineno)
        if "texts" in self.options:
            node["figure_texts"] = json.loads(self.options["texts"])
        return [node]


def _translated_image(uri: str, language: str) -> str:
    """``/chapters/x/images/sphx_glr_a_001.png`` → ``…/sphx_glr_a_001.zh_CN.png``."""
    return re.sub(r"\.png$", f".{language}.png", uri)


def _pickled(uri: str) -> str:
    return re.sub(r"\.png$", ".figure.pickle", uri)


def translate_figures(app: Sphinx, doctree: nodes.document) -> None:
    """In a translated build, draw each figure again with its words in the build's language."""
    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain

    language = app.config.language or "en"
    if language == "en" or app.builder.name == "gettext":
        return
    domain = docname_to_domain(app.env.docname, app.config.gettext_compact)
    catalog, _ = init_locale([Path(app.srcdir, folder) for folder in app.config.locale_dirs], language, domain)
    for node in doctree.findall(translatable_imgsgnode):
        pickled = Path(app.srcdir, _pickled(node["uri"]).lstrip("/"))
        texts = node.get("figure_texts", [])
        if not texts or not pickled.is_file() or all(catalog.gettext(text) == text for text in texts):
            continue  # no words, or none that this language writes otherwise: the figure as it is
        uri = _translated_image(node["uri"], language)
        try:
            _, glyphs = figure_i18n.render(pickled, Path(app.srcdir, uri.lstrip("/")), catalog.gettext, language)
        except (ValueError, RuntimeError) as error:
            logger.warning(f"{node['uri']}: {error}", location=node)
            continue
        if glyphs:
            logger.warning(f"{node['uri']}: the {language} figure would show boxes: {'; '.join(glyphs)}",
                           location=node)
            continue
        if node.get("srcset"):
            node["srcset"] = node["srcset"].replace(node["uri"], uri)
        node["uri"] = uri


def _catalogs_with_figure_texts(app: Sphinx) -> None:
    translatable_imgsgnode.with_figure_texts = app.builder.name == "gettext"


_ALT = re.compile(r"^([ \t]*)(:alt: )(.*)$", re.M)


def matplotlib_scraper(block: Any, block_vars: dict, gallery_conf: dict) -> str:
    """sphinx-gallery's Matplotlib scraper, with a figure's label as its alt text when it has one,
    and its words listed (``:texts:``) and the figure kept (pickled) for the translated builds."""
    import matplotlib.pyplot as plt
    from sphinx_gallery.scrapers import matplotlib_scraper as scrape

    figures = [plt.figure(number) for number in plt.get_fignums()]
    labels = iter([" ".join(figure.get_label().split()) for figure in figures])
    words = [figure_i18n.messages(figure) for figure in figures]
    kept = [figure_i18n.snapshot(figure) if texts else b"" for figure, texts in zip(figures, words)]
    rst = scrape(block, block_vars, gallery_conf)  # one ``:alt:`` per figure, in the same order
    images = re.findall(r"\.\. image-sg:: (\S+)", rst)
    for uri, data in zip(images, kept):
        pickled = Path(gallery_conf["src_dir"], _pickled(uri).lstrip("/"))
        if data:
            pickled.write_bytes(data)
        else:
            pickled.unlink(missing_ok=True)
    texts = iter(words)

    def options(match: re.Match[str]) -> str:
        indent, alt = match.group(1), next(labels, "") or match.group(3)
        listed = next(texts, [])
        line = f"{indent}:texts: {json.dumps(listed, ensure_ascii=False)}\n" if listed else ""
        return f"{line}{indent}:alt: {alt}"

    return _ALT.sub(options, rst)


def _get_sg_image_scraper() -> Any:
    """How sphinx-gallery finds the scraper of ``image_scrapers = ("gallery_i18n",)``."""
    return matplotlib_scraper


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_gallery.gen_gallery")
    app.add_directive("image-sg", TranslatableImageSg, override=True)
    app.add_node(translatable_imgsgnode, html=(visit_translatable_imgsg_html, depart_imgsg_html),
                 latex=(visit_imgsg_latex, depart_imgsg_latex))
    app.connect("source-read", move_running_time_out_of_message)
    app.connect("doctree-read", mark_gallery_cards)
    app.connect("doctree-read", translate_figures)
    app.connect("builder-inited", _catalogs_with_figure_texts)
    app.connect("doctree-resolved", fill_gallery_cards)
    app.add_role("sg-seconds", SecondsRole())
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
