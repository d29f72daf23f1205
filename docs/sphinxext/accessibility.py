"""Give every control on a page a name in the page's language (checked by axe-core in the tests).

The theme draws the sidebar's section toggles as ``<summary>`` elements that hold only a
chevron icon, so a screen reader announces an unnamed control ten times per page (axe-core's
``summary-name`` rule). Each toggle gets an ``aria-label`` that names the section it opens,
worded by ``site_languages[<language>]["toggle"]`` in conf.py. The language switcher's
landmark is named by ``site_languages[<language>]["switcher"]``. The other fixes are a
template (``_templates/search-button-field.html``) and a stylesheet rule (``_static/site.css``);
the figures' alt text is a catalog message (``gallery_i18n``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

#: A section link of the sidebar followed by its (still unnamed) toggle.
_TOGGLE = re.compile(r'(<a\b[^>]*\bclass="[^"]*reference internal[^"]*"[^>]*>)((?:(?!</a>).)*)(</a><details(?: open="open")?>)<summary>', re.S)


def name_toggles(toctree_html: str, template: str) -> str:
    """Name each section toggle after the link before it.

    >>> toc = ('<li><a class="reference internal" href="a.html">A</a></li><li><a aria-current="page" '
    ...        'class="current reference internal" href="#">B &amp; <code>C</code></a><details><summary><i></i>'
    ...        '</summary></details></li>')
    >>> name_toggles(toc, 'Pages of “{title}”').split("</li>")[1]
    '<li><a aria-current="page" class="current reference internal" href="#">B &amp; <code>C</code></a><details><summary aria-label="Pages of “B &amp; C”"><i></i></summary></details>'
    """

    def named(match: re.Match[str]) -> str:
        title = html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).strip()
        label = html.escape(template.format(title=title), quote=True)
        return f'{match.group(1)}{match.group(2)}{match.group(3)}<summary aria-label="{label}">'

    return _TOGGLE.sub(named, toctree_html)


def check_settings(app: Sphinx, config: Any) -> None:
    settings = config.site_languages.get(config.language, {})
    missing = {"toggle", "switcher"} - settings.keys()
    if missing:
        raise ConfigError(f"site_languages[{config.language!r}] lacks {sorted(missing)} (docs/sphinxext/accessibility.py)")


def add_names(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Wrap the theme's sidebar renderer so that its toggles carry names; name the switcher."""
    settings = app.config.site_languages[app.config.language]
    context["language_switcher_label"] = settings["switcher"]
    generate: Callable[..., str] | None = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_named(*args: Any, **kwargs: Any) -> Markup:
        return Markup(name_toggles(str(generate(*args, **kwargs)), settings["toggle"]))

    context["generate_toctree_html"] = generate_named


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", check_settings)
    # After the theme's handler (priority 500), which puts generate_toctree_html in the context.
    app.connect("html-page-context", add_names, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
