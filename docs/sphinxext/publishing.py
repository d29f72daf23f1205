"""What a published site needs: language alternates, a canonical address, a sitemap, link previews
and a "report a problem" link.

Three settings, read from the environment so that a workflow or a host sets them without
editing conf.py (``.github/workflows/pages.yml`` does):

``TUTORIAL_SITE_URL``
    The address the site is served at, sub-path included (``https://owner.github.io/repo/``).
    With it, every page gets a canonical link, its ``hreflang`` alternates and its Open Graph
    tags as absolute addresses, and the build writes ``sitemap.xml`` (one per language, and an
    index beside the language folders) and ``robots.txt``. Its path is also where the 404 page's
    links point (``site_url_prefix``, unless ``TUTORIAL_SITE_PREFIX`` says otherwise).
``TUTORIAL_REPOSITORY``
    The project's repository (``https://github.com/owner/repo``): a link in the header, and the
    tracker that each page's "Report a problem on this page" link opens a prefilled issue in.
    Neither is shown without it. On GitHub, and with a site URL, each English example page also
    gets an "Open in Colab" link to its notebook on the repository's ``notebooks`` branch.
``TUTORIAL_COMMIT``
    The commit the site is built from (else ``git rev-parse HEAD``), named in that report.

Without a site URL (a local preview) the alternates are relative links and there is no
canonical link, sitemap or preview image: they need absolute addresses.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlparse
from xml.sax.saxutils import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.locale import _

#: How many characters of a page's first paragraph make its description (search results and link
#: previews show about this many).
DESCRIPTION_LENGTH = 160
#: Open Graph's names of the site's languages.
OG_LOCALES = {"en": "en_US", "zh_CN": "zh_CN"}


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True,
                             cwd=Path(__file__).parent)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def hreflang(code: str) -> str:
    """The BCP 47 tag of a language folder: ``zh_CN`` is ``zh-CN``."""
    return code.replace("_", "-")


def check_settings(app: Sphinx, config: Any) -> None:
    """Normalise the site URL, and point Sphinx's canonical links at this language's folder."""
    url = config.site_base_url
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigError(f"TUTORIAL_SITE_URL must be an absolute http(s) address such as "
                              f"https://owner.github.io/repo/, got {url!r}")
        config.site_base_url = url.rstrip("/") + "/"
        config.html_baseurl = f"{config.site_base_url}{config.language}/"
    repository = config.site_repository
    if repository and not urlparse(repository).netloc:
        raise ConfigError(f"TUTORIAL_REPOSITORY must be the repository's address such as "
                          f"https://github.com/owner/repo, got {repository!r}")
    config.site_repository = repository.rstrip("/")
    for key in ("report", "report_title", "report_body", "repository"):
        if key not in config.site_languages[config.language]:
            raise ConfigError(f"site_languages[{config.language!r}] lacks {key!r} (docs/sphinxext/publishing.py)")
    if repository:
        settings = config.site_languages[config.language]
        config.html_theme_options = {**config.html_theme_options, "icon_links": [
            {"name": settings["repository"], "url": config.site_repository, "icon": "fa-brands fa-github",
             "type": "fontawesome"}]}


def description(doctree: nodes.document | None) -> str:
    """The page's first paragraph of prose, cut at about ``DESCRIPTION_LENGTH`` characters.

    >>> from docutils.core import publish_doctree
    >>> description(publish_doctree(".. note:: skip me\\n\\nFirst *real* paragraph.\\n\\nSecond."))
    'First real paragraph.'
    >>> len(description(publish_doctree("word " * 100))) <= 161
    True
    """
    if doctree is None:
        return ""
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(parent, (nodes.Admonition, nodes.field_list, nodes.table, nodes.list_item))
               or "tutorial-install" in parent.get("classes", []) or "tutorial-stamp" in parent.get("classes", [])
               for parent in _ancestors(paragraph)):
            continue
        text = " ".join(paragraph.astext().split())
        if len(text) < 20:
            continue
        if len(text) > DESCRIPTION_LENGTH:
            cut = text[:DESCRIPTION_LENGTH]
            text = (cut.rsplit(" ", 1)[0] if " " in cut[DESCRIPTION_LENGTH // 2:] else cut) + "…"
        return text
    return ""


def _ancestors(node: nodes.Node) -> list[nodes.Element]:
    found = [node] if isinstance(node, nodes.Element) else []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def _first_figure(doctree: nodes.document | None) -> str:
    if doctree is None:
        return ""
    for node in doctree.findall(nodes.Element):
        uri = node.get("uri", "")
        if node.tagname in ("translatable_imgsgnode", "imgsgnode", "image") and "sphx_glr_" in uri \
                and not uri.endswith("_thumb.png"):
            return Path(uri).name
    return ""


def _stamp(app: Sphinx, pagename: str) -> dict[str, str]:
    """What an example page ran with (``example_pages`` records it beside the page's source)."""
    run = Path(app.srcdir, pagename + ".run.json")
    return json.loads(run.read_text(encoding="utf-8")) if run.is_file() else {}


def report_url(repository: str, settings: dict[str, str], page_url: str, title: str, language: str, commit: str,
               stamp: dict[str, str]) -> str:
    """A new issue in the tracker, prefilled with where and what the reader saw.

    >>> url = report_url("https://github.com/o/r", {"report_title": "Problem: {title}",
    ...                  "report_body": "What is wrong?"}, "https://x/en/a.html", "A page", "en", "abc",
    ...                  {"torch": "2.14.1", "device": "cpu"}, )
    >>> from urllib.parse import parse_qs, urlparse
    >>> url.startswith("https://github.com/o/r/issues/new?"), parse_qs(urlparse(url).query)["title"]
    (True, ['Problem: A page'])
    >>> print(parse_qs(urlparse(url).query)["body"][0])
    What is wrong?
    <BLANKLINE>
    ---
    - Page: https://x/en/a.html
    - Language: en
    - Commit: abc
    - torch: 2.14.1
    - Device: cpu
    """
    fields = [("Page", page_url), ("Language", language), ("Commit", commit)]
    fields += [(key if key == "torch" else key.capitalize(), stamp[key]) for key in ("torch", "device") if key in stamp]
    body = settings["report_body"] + "\n\n---\n" + "\n".join(f"- {key}: {value}" for key, value in fields)
    return f"{repository}/issues/new?" + urlencode({"title": settings["report_title"].format(title=title),
                                                    "body": body}, quote_via=quote)


#: Pages whose title only their template sets (as the theme's templates do).
_GENERATED_TITLES = {"genindex": lambda: _("Index"), "search": lambda: _("Search")}


def add_page_metadata(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Alternates, description and Open Graph tags in the page's head; the report link."""
    config = app.config
    base, language = config.site_base_url, config.language
    up = "../" * (pagename.count("/") + 1)
    page = f"{pagename}.html"

    def address(code: str, path: str = page) -> str:
        return f"{base}{code}/{path}" if base else f"{up}{code}/{path}"

    default = next(iter(config.site_languages))
    tags = [f'<link rel="alternate" hreflang="{hreflang(code)}" href="{escape(address(code))}">'
            for code in config.site_languages]
    tags.append(f'<link rel="alternate" hreflang="x-default" href="{escape(address(default))}">')
    text = description(doctree)
    title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title", ""))) or _GENERATED_TITLES.get(pagename, str)()
    site_title = config.site_languages[language]["title"]
    if text:
        tags.append(f'<meta name="description" content="{escape(text, {chr(34): "&quot;"})}">')
    og = {"og:type": "article" if pagename != config.root_doc else "website",
          "og:title": title, "og:site_name": site_title, "og:description": text,
          "og:locale": OG_LOCALES.get(language, language)}
    if base:
        og["og:url"] = address(language)
        figure = _first_figure(doctree)
        if figure:
            og["og:image"] = address(language, f"_images/{figure}")
    tags += [f'<meta property="{key}" content="{escape(value, {chr(34): "&quot;"})}">' for key, value in og.items()
             if value]
    tags += [f'<meta property="og:locale:alternate" content="{OG_LOCALES.get(code, code)}">'
             for code in config.site_languages if code != language]
    tags.append(f'<meta name="twitter:card" content="{"summary_large_image" if "og:image" in og else "summary"}">')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags)
    stamp = _stamp(app, pagename)  # only an example page that ran has one
    if language == "en" and base and config.site_repository.startswith("https://github.com/") and stamp:
        # An example page: its notebook opens in Colab from the repository's notebook branch
        # (the workflow publishes it there; offline.py writes it).
        from offline import colab_url

        context["colab_url"] = colab_url(config.site_repository, Path(pagename.split("/", 1)[1]).with_suffix(".py"))
    if config.site_repository:
        settings = config.site_languages[language]
        context["report_problem"] = {
            "text": settings["report"],
            "url": report_url(config.site_repository, settings, address(language) if base else f"{language}/{page}",
                              title, language, config.site_commit, stamp),
        }


def write_sitemaps(app: Sphinx, exception: Exception | None) -> None:
    """``<language>/sitemap.xml`` with each page's alternates; an index and robots.txt above them."""
    if exception is not None or app.builder.format != "html" or not app.config.site_base_url:
        return
    base, language = app.config.site_base_url, app.config.language
    languages = list(app.config.site_languages)
    skip = {app.config.notfound_pagename, "search", "genindex"}
    urls = []
    for docname in sorted(app.env.found_docs):
        if docname in skip:
            continue
        alternates = "".join(
            f'\n    <xhtml:link rel="alternate" hreflang="{hreflang(code)}" href="{escape(f"{base}{code}/{docname}.html")}"/>'
            for code in languages)
        urls.append(f"  <url>\n    <loc>{escape(f'{base}{language}/{docname}.html')}</loc>{alternates}\n  </url>")
    Path(app.outdir, "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        + "\n".join(urls) + "\n</urlset>\n", encoding="utf-8")
    root = Path(app.outdir).parent
    index = "\n".join(f"  <sitemap><loc>{escape(f'{base}{code}/sitemap.xml')}</loc></sitemap>" for code in languages)
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + index + "\n</sitemapindex>\n", encoding="utf-8")
    (root / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("site_base_url", os.environ.get("TUTORIAL_SITE_URL", ""), "html", str)
    app.add_config_value("site_repository", os.environ.get("TUTORIAL_REPOSITORY", ""), "html", str)
    # The commit changes with every commit, not the pages: it does not make Sphinx rewrite them.
    app.add_config_value("site_commit", os.environ.get("TUTORIAL_COMMIT") or _commit(), "", str)
    app.connect("config-inited", check_settings)
    app.connect("html-page-context", add_page_metadata)
    app.connect("build-finished", write_sitemaps)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
