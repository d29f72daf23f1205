"""Link every page to the same page in the other languages, and write the root page.

The site is built once per language into ``<html>/<language>/``. Each page gets
``language_links`` in its template context (used by ``_templates/language-switcher.html``),
and the folder above the languages gets an ``index.html`` that sends a reader to their own
language.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
    for (var code in languages) {{
      if (wanted[i].replace("-", "_").indexOf(code.toLowerCase().split("_")[0]) === 0) {{
        window.location.replace(code + "/index.html");
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


def check_languages(app: Sphinx, config: Any) -> None:
    """Fail early when the build language is not one the site offers."""
    if config.language not in config.site_languages:
        raise ConfigError(
            f"language {config.language!r} is not in site_languages {sorted(config.site_languages)}: "
            "add it to docs/conf.py or build with one of those"
        )


def add_language_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Give the template one link per language, each to this same page."""
    up = "../" * (pagename.count("/") + 1)
    context["language_links"] = [
        {
            "code": code,
            "name": name,
            "url": f"{up}{code}/{pagename}.html",
            "current": code == app.config.language,
        }
        for code, name in app.config.site_languages.items()
    ]


def write_root_page(app: Sphinx, exception: Exception | None) -> None:
    """Write ``index.html`` beside the language folders."""
    if exception is not None or app.builder.format != "html":
        return
    languages: dict[str, str] = app.config.site_languages
    links = "\n".join(f'<li><a href="{code}/index.html" hreflang="{code}">{name}</a></li>' for code, name in languages.items())
    page = ROOT_PAGE.format(
        title=app.config.project,
        codes=json.dumps(languages, ensure_ascii=False),
        default=next(iter(languages)),
        links=links,
    )
    (Path(app.outdir).parent / "index.html").write_text(page, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("site_languages", {"en": "English"}, "html", dict)
    app.connect("config-inited", check_languages)
    app.connect("html-page-context", add_language_links)
    app.connect("build-finished", write_root_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
