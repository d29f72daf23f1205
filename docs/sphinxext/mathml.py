"""Typeset the site's formulas as MathML while building: no MathJax, no script, no request off the site.

Sphinx loads MathJax from a CDN for ``:math:`` and ``.. math::``; this site must work offline and
make no request elsewhere. docutils (which Sphinx already needs) converts LaTeX to MathML, and
Chromium, Firefox and Safari render MathML Core natively, so the formulas are converted here, at
build time, and every page (and the PDF printed from the single-page build) carries them as
``<math>`` elements. A display equation sits in its own box that scrolls sideways when it is wider
than the screen (``site.css``), so a phone never scrolls the whole page for it.

A formula the converter cannot read fails the build (``-W``) with the formula and where it is,
instead of reaching readers as raw LaTeX. The converter knows a subset of LaTeX (fractions, sums,
roots, accents, ``\\operatorname``, ``\\text``, ``aligned`` …); brace every argument
(``\\frac{1}{2}``, not ``\\frac12``). ``python docs/sphinxext/mathml.py FILE…`` checks the
formulas of example scripts and catalogs without a build.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils.math import latex2mathml

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: What the build says when a formula does not convert.
HINT = "docutils' LaTeX-to-MathML converter supports a subset of LaTeX; brace every argument (\\frac{1}{2})"


def to_mathml(tex: str, *, block: bool = False) -> str:
    r"""The MathML for one LaTeX formula, on one line (``ValueError`` when it does not convert).

    >>> to_mathml(r"\frac{1}{2}")
    '<math><mfrac><mn>1</mn><mn>2</mn></mfrac></math>'
    >>> to_mathml("f'(x)")
    '<math><msup><mi>f</mi><mi>′</mi></msup><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo></math>'
    >>> to_mathml(r"x^2", block=True)
    '<math display="block"><msup><mi>x</mi><mn>2</mn></msup></math>'
    >>> to_mathml(r"\frac12")
    Traceback (most recent call last):
    ...
    ValueError: cannot typeset '\\frac12': Last node missing children. Source incomplete?
    """
    # f' and f'' as primes (the converter would draw an apostrophe)
    source = re.sub(r"'+", lambda m: "^{" + r"\prime" * len(m.group()) + "}", tex.strip())
    try:
        markup = latex2mathml.tex2mathml(source, as_block=block)
    except Exception as error:  # the converter raises SyntaxError, ValueError, IndexError …
        raise ValueError(f"cannot typeset {tex.strip()!r}: {error}") from error
    markup = re.sub(r">\s+<", "><", markup.strip())  # the indentation is for people, not browsers
    return markup.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)


def _typeset(translator: HTML5Translator, node: nodes.Element, tex: str, *, block: bool) -> str:
    try:
        return to_mathml(tex, block=block)
    except ValueError as error:
        from sphinx.util import logging

        logging.getLogger(__name__).warning("%s (%s)", error, HINT, location=node)
        return f"<code>{translator.encode(tex)}</code>"


def visit_math(translator: HTML5Translator, node: nodes.math) -> None:
    translator.body.append(translator.starttag(node, "span", "", CLASS="math notranslate"))
    translator.body.append(_typeset(translator, node, node.astext(), block=False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(translator: HTML5Translator, node: nodes.math_block) -> None:
    from sphinx.locale import _
    from sphinx.util.math import get_node_equation_number

    # A box of its own that scrolls when the equation is wider than the page; focusable, so a
    # keyboard can scroll it too.
    translator.body.append(translator.starttag(node, "div", CLASS="math-display notranslate", tabindex="0"))
    if node["number"]:
        translator.body.append(f'<span class="eqno">({get_node_equation_number(translator, node)})')
        translator.add_permalink_ref(node, _("Link to this equation"))
        translator.body.append("</span>")
    text = node.astext()
    parts = [text] if node.get("nowrap") else [part for part in text.split("\n\n") if part.strip()]
    translator.body.extend(_typeset(translator, node, part, block=True) for part in parts)
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def formulas(path: Path) -> Iterator[str]:
    """The LaTeX of every ``:math:`` role and ``.. math::`` block in an example script or a catalog."""
    if path.suffix == ".po":
        from babel.messages.pofile import read_po

        with path.open("rb") as file:
            text = "\n\n".join(f"{m.id}\n\n{m.string}" for m in read_po(file) if m.id)
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
        text = "\n".join(re.sub(r"^\s*# ?", "", line) for line in lines)
    yield from re.findall(r":math:`([^`]+)`", text)
    for block in re.finditer(r"\.\. math::[^\n]*\n((?:[ \t]*\n|[ \t]+[^\n]*\n)+)", text + "\n"):
        body = "\n".join(line.strip() for line in block.group(1).splitlines())
        yield from (part for part in body.split("\n\n") if part.strip() and not part.lstrip().startswith(":"))


def setup(app: Sphinx) -> dict[str, object]:
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    failures, count = [], 0
    for name in sys.argv[1:]:
        for tex in formulas(Path(name)):
            count += 1
            try:
                to_mathml(tex)
            except ValueError as error:
                failures.append(f"{name}: {error}")
    print(*failures, f"{count} formulas, {len(failures)} that do not typeset ({HINT})" if failures
          else f"{count} formulas, all typeset", sep="\n")
    sys.exit(1 if failures else 0)
