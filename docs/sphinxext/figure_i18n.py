"""Figures in the reader's language, from the one run of the examples.

The English build runs each example once; sphinx-gallery saves its figures. While a figure is
still alive, the scraper (``gallery_i18n.matplotlib_scraper``) also pickles it beside its PNG
and lists its words (titles, axis labels, legends, annotations, text ticks) in the figure's
``image-sg`` directive, so that they become catalog messages like every other sentence of the
page. A translated build unpickles the figure, puts the catalog's translation into each text,
and saves it again with a font that has the language's glyphs: Chinese figures on Chinese pages,
and no second run of any example.

A figure's words must not depend on the data (a build on full MNIST or on a GPU would otherwise
meet messages the catalogs do not have): numbers are therefore taken out of a message and put
back after translation, so ``epoch 3 of 10`` is the message ``epoch {0} of {1}``.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

#: A number standing on its own (not the 2 of "L2" or "conv2d"): taken out of a message.
_NUMBER = re.compile(r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:e[-+]?\d+)?)(?![\w])")
#: Matplotlib's mathtext, which stays as it is.
_MATHTEXT = re.compile(r"\$[^$]*\$")
#: The fonts a translated figure falls back to, glyph by glyph, after the font the text had (so
#: Latin letters, digits and the minus sign look as in the English figure).
FONTS = {"zh_CN": ["Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei"]}


def template(text: str) -> tuple[str, list[str]]:
    """The message of a figure's text (numbers replaced by ``{0}``, ``{1}`` …) and its numbers.

    >>> template("epoch 3 of 10: loss 0.25")
    ('epoch {0} of {1}: loss {2}', ['3', '10', '0.25'])
    >>> template("L2 penalty, lr = 1e-3 (5,000 digits)")
    ('L2 penalty, lr = {0} ({1} digits)', ['1e-3', '5,000'])
    >>> template("{x}")  # braces are doubled, so the message formats back to the text
    ('{{x}}', [])
    """
    numbers: list[str] = []
    parts = []
    last = 0
    for match in _NUMBER.finditer(text):
        parts.append(text[last:match.start()].replace("{", "{{").replace("}", "}}"))
        parts.append("{%d}" % len(numbers))
        numbers.append(match.group())
        last = match.end()
    parts.append(text[last:].replace("{", "{{").replace("}", "}}"))
    return "".join(parts), numbers


def is_message(text: str) -> bool:
    """Words to translate: letters outside mathtext, not only numbers or symbols.

    >>> [is_message(t) for t in ["train loss", "0.5", "$\\\\eta$", "−2", "x"]]
    [True, False, False, False, False]
    """
    return bool(re.search(r"[A-Za-z]{2,}", _MATHTEXT.sub("", text)))


def _texts(figure: Any) -> Iterator[Any]:
    from matplotlib.text import Text

    seen = set()
    for artist in figure.findobj(Text):
        if id(artist) not in seen:
            seen.add(id(artist))
            yield artist


def _text_tick_labels(figure: Any) -> Iterator[Any]:
    """The formatters of axes whose ticks are words (``set_xticks(…, labels=[…])``)."""
    from matplotlib.ticker import FixedFormatter

    for axes in figure.get_axes():
        for axis in axes._axis_map.values():
            formatter = axis.get_major_formatter()
            if isinstance(formatter, FixedFormatter):
                yield formatter


def messages(figure: Any) -> list[str]:
    """The messages of a figure's words, in order, each once.

    >>> import matplotlib.pyplot as plt
    >>> figure, axes = plt.subplots()
    >>> _ = axes.plot([0, 1], label="train"); _ = axes.legend()
    >>> _ = axes.set_title("epoch 3"); _ = axes.set_xticks([0, 1], labels=["SGD", "Adam"])
    >>> sorted(messages(figure))
    ['Adam', 'SGD', 'epoch {0}', 'train']
    >>> plt.close(figure)
    """
    found = [artist.get_text() for artist in _texts(figure)]
    found += [label for formatter in _text_tick_labels(figure) for label in formatter.seq]
    return list(dict.fromkeys(template(text)[0] for text in found if is_message(text)))


def translate(figure: Any, gettext: Callable[[str], str]) -> list[str]:
    """Put ``gettext``'s translation into each of the figure's words; return the untranslated messages.

    ``ValueError`` when a translation lost or invented one of the message's ``{n}`` numbers.

    >>> import matplotlib.pyplot as plt
    >>> figure, axes = plt.subplots()
    >>> _ = axes.set_title("epoch 3 of 10"); _ = axes.set_xlabel("step")
    >>> translate(figure, {"epoch {0} of {1}": "第 {0} 轮（共 {1} 轮）"}.get)
    ['step']
    >>> axes.get_title()
    '第 3 轮（共 10 轮）'
    >>> translate(figure, {"step": "步 {1}"}.get)
    Traceback (most recent call last):
    ...
    ValueError: the translation '步 {1}' of 'step' must keep the numbers {0}, {1} … of the message, no more
    >>> plt.close(figure)
    """
    untranslated: list[str] = []

    def translated(text: str) -> str:
        if not is_message(text):
            return text
        message, numbers = template(text)
        translation = gettext(message) or message
        if translation == message:
            untranslated.append(message)
            return text
        try:
            return translation.format(*numbers)
        except (IndexError, KeyError, ValueError) as error:
            raise ValueError(f"the translation {translation!r} of {message!r} must keep the numbers "
                             "{0}, {1} … of the message, no more") from error

    for artist in _texts(figure):
        artist.set_text(translated(artist.get_text()))
    for formatter in _text_tick_labels(figure):
        formatter.seq = [translated(label) for label in formatter.seq]
    return list(dict.fromkeys(untranslated))


def fallback_fonts(language: str) -> list[str]:
    """The installed fonts with the language's glyphs (``RuntimeError`` saying what to install when none is)."""
    from matplotlib import font_manager

    wanted = FONTS.get(language, [])
    installed = {font.name for font in font_manager.fontManager.ttflist}
    found = [name for name in wanted if name in installed]
    if wanted and not found:
        raise RuntimeError(f"no font for the {language} figures: install one of {', '.join(wanted)} "
                           "(Debian: sudo apt-get install fonts-noto-cjk; then delete Matplotlib's font cache)")
    return found


def snapshot(figure: Any) -> bytes:
    """The figure, pickled (``TypeError`` naming the figure when it cannot be)."""
    try:
        return pickle.dumps(figure)
    except Exception as error:  # pickle raises TypeError, AttributeError, PicklingError …
        title = " / ".join(t for t in (figure.get_label(), *(a.get_title() for a in figure.get_axes())) if t)
        raise TypeError(f"cannot keep the figure {title!r} for translation: {error} (a lambda or a class "
                        "defined in the example, e.g. a FuncFormatter: use a plain function of tutorial_utils "
                        "or format the ticks with set_xticks(..., labels=...))") from error


def render(pickled: Path, target: Path, gettext: Callable[[str], str], language: str) -> tuple[list[str], list[str]]:
    """Save the pickled figure with its words translated; return (untranslated messages, glyph warnings).

    Nothing is drawn again when the figure, its translations and Matplotlib are those of the
    last time (a digest beside the image says so).
    """
    import matplotlib
    import matplotlib.pyplot as plt

    data = pickled.read_bytes()
    figure = pickle.loads(data)
    try:
        untranslated = translate(figure, gettext)
        words = sorted(f"{t.get_text()}" for t in _texts(figure))
        digest = hashlib.sha256(data + "\0".join(words).encode() + matplotlib.__version__.encode()).hexdigest()
        stamp = target.with_name(target.name + ".sha256")
        if target.is_file() and stamp.is_file() and stamp.read_text() == digest:
            return untranslated, []
        fonts = fallback_fonts(language)
        for artist in _texts(figure):  # each text falls back, glyph by glyph, to the language's font
            artist.set_fontfamily([*artist.get_fontfamily(), *fonts])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", facecolor=figure.get_facecolor(),
                           edgecolor=figure.get_edgecolor())
        glyphs = sorted({str(w.message) for w in caught if "missing from font" in str(w.message)})
        if not glyphs:
            target.write_bytes(buffer.getvalue())
            stamp.write_text(digest)
        return untranslated, glyphs
    finally:
        plt.close(figure)
