"""Link every page to the same page in the other languages, and write the root page.

The site is built once per language into ``<html>/<language>/``. ``site_languages`` in
conf.py names each language and gives the settings that are not catalog messages (the site
title and the search box text); they are applied when the build's language is known. Each page gets
``language_links`` in its template context (used by ``_templates/language-switcher.html``),
and the folder above the languages gets an ``index.html`` that sends a reader to their own
language. The 404 page is served for any missing address, at any depth, so its links are
absolute: ``site_url_prefix`` (``/`` unless ``TUTORIAL_SITE_PREFIX``, or the path of
``TUTORIAL_SITE_URL``, says where the site lives)
followed by the language folder, also given to sphinx-notfound-page as its URL prefix.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

ROOT_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{default}/_static/favicon.svg">
<script>
(function () {{
  var languages = {codes};
  var wanted = (navigator.languages || [navigator.language || "en"]).map(function (l) {{ return l.toLowerCase(); }});
  for (var i = 0; i < wanted.length; i++) {{
    for (var j = 0; j < languages.length; j++) {{
      if (wanted[i].indexOf(languages[j].toLowerCase().split("_")[0]) === 0) {{
        window.location.replace(languages[j] + "/index.html");
        return;
      }}
    }}
  }}
  window.location.replace("{default}/index.html");
}})();
</script>
</head>
<body>
<h1>{title}</h1>
<ul>
{links}
</ul>
</body>
</html>
"""


ROOT_404_SCRIPT = """<script>
(function () {{
  var prefix = {prefix}, languages = {codes}, path = window.location.pathname;
  for (var i = 0; i < languages.length; i++) {{
    if (path.indexOf(prefix + languages[i] + "/") === 0) {{
      window.location.replace(prefix + languages[i] + "/{name}");
    }}
  }}
}})();
</script>"""


def apply_language(app: Sphinx, config: Any) -> None:
    """Fail early on a language the site does not offer; else set its title and search text."""
    if config.language not in config.site_languages:
        raise ConfigError(
            f"language {config.language!r} is not in site_languages {sorted(config.site_languages)}: "
            "add it to docs/conf.py or build with one of those"
        )
    settings = config.site_languages[config.language]
    missing = {"name", "title", "search"} - settings.keys()
    if missing:
        raise ConfigError(f"site_languages[{config.language!r}] lacks {sorted(missing)}")
    config.html_title = settings["title"]
    config.notfound_urls_prefix = f"{config.site_url_prefix}{config.language}/"
    config.html_theme_options = {**config.html_theme_options, "search_bar_text": settings["search"]}


def add_language_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Give the template one link per language, each to this same page."""
    up = "../" * (pagename.count("/") + 1)
    not_found = pagename == getattr(app.config, "notfound_pagename", None)
    context["language_links"] = [
        {
            "code": code,
            "name": settings["name"],
            "url": f"{app.config.site_url_prefix}{code}/index.html" if not_found else f"{up}{code}/{pagename}.html",
            "current": code == app.config.language,
        }
        for code, settings in app.config.site_languages.items()
    ]


def absolute_links_on_404(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The 404 page is served at any depth: make the links in its body absolute."""
    if docname != getattr(app.config, "notfound_pagename", None):
        return
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if uri and not uri.startswith(("/", "#")) and "://" not in uri:
            ref["refuri"] = app.config.notfound_urls_prefix + uri


def write_root_page(app: Sphinx, exception: Exception | None) -> None:
    """Write ``index.html`` beside the language folders."""
    if exception is not None or app.builder.format != "html":
        return
    languages: dict[str, dict[str, str]] = app.config.site_languages
    links = "\n".join(
        f'<li><a href="{code}/index.html" hreflang="{code}">{settings["title"]} ({settings["name"]})</a></li>'
        for code, settings in languages.items()
    )
    page = ROOT_PAGE.format(
        title=" · ".join(settings["title"] for settings in languages.values()),
        codes=json.dumps(list(languages)),
        default=next(iter(languages)),
        links=links,
    )
    (Path(app.outdir).parent / "index.html").write_text(page, encoding="utf-8")
    not_found = Path(app.outdir) / f"{app.config.notfound_pagename}.html"
    if app.config.language == next(iter(languages)) and not_found.is_file():
        # Hosts serve /404.html for a missing address anywhere; its links are absolute. A
        # missing address inside another language's folder gets that language's 404 page.
        script = ROOT_404_SCRIPT.format(prefix=json.dumps(app.config.site_url_prefix),
                                        codes=json.dumps(list(languages)[1:]), name=not_found.name)
        page = not_found.read_text(encoding="utf-8").replace("<head>", "<head>\n" + script, 1)
        (Path(app.outdir).parent / not_found.name).write_text(page, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("site_languages", {}, "html", dict)
    # Where the site lives on its host: TUTORIAL_SITE_PREFIX, else the path of TUTORIAL_SITE_URL.
    prefix = os.environ.get("TUTORIAL_SITE_PREFIX") or urlparse(os.environ.get("TUTORIAL_SITE_URL", "")).path or "/"
    app.add_config_value("site_url_prefix", prefix.rstrip("/") + "/", "html", str)
    app.add_config_value("site_code_digest", "", "env", str)  # see conf.py
    app.connect("config-inited", apply_language)
    app.connect("html-page-context", add_language_links)
    app.connect("doctree-resolved", absolute_links_on_404)
    app.connect("build-finished", write_root_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
