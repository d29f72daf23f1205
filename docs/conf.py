"""Sphinx configuration: declarative settings only.

Custom behaviour lives in the extensions under ``sphinxext/``:
``gallery_i18n`` makes sphinx-gallery's own text translatable without churning the catalogs,
``output_i18n`` shows the sentences an example printed in the page's language,
``language_switcher`` links every page to the same page in the other language,
``chinese_search`` makes the Chinese full-text search find any Chinese word and a learner's
synonyms, and rank the page that teaches a term first,
``example_pages`` puts the install line, the tested-with stamp and the time budget on each
example page, ``learner_downloads`` makes its downloads (Chinese prose in the Chinese
build) start with that install line, and ``offline_code_links`` skips sphinx-gallery's code
links, which have nothing to link to on this site, ``translations`` marks a page whose
translation is not complete yet, ``accessibility`` names the theme's controls in the page's
language, and ``publishing`` gives a published site its language alternates, canonical links,
sitemap, link previews and "report a problem" link (set by ``TUTORIAL_SITE_URL`` and
``TUTORIAL_REPOSITORY``), ``offline`` links the downloads that take the course offline, and
``exercises`` folds the answers of the exercise pages and keeps them out of the practice downloads,
``mathml`` typesets the formulas as MathML while building (no MathJax, no request off the site),
and ``glossary_links`` makes the glossary's entries Sphinx terms and links each page's first use of one.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "sphinxext"))

#: ``TUTORIAL_RUN_EXAMPLES=0`` renders the pages without running the examples (no outputs, no
#: figures, no torch needed): how ``nox -s compat`` checks the Sphinx stack of other Pythons.
RUN_EXAMPLES = os.environ.get("TUTORIAL_RUN_EXAMPLES", "1") != "0"
_required = ["sphinx_gallery", "myst_parser", "pydata_sphinx_theme", "sphinx_copybutton"]
_required += ["torch"] if RUN_EXAMPLES else []
_missing = [name for name in _required if importlib.util.find_spec(name) is None]
if _missing:
    raise ImportError(f"the docs need {', '.join(_missing)}: run 'nox -s docs' (it installs them), see README.md")

project = "PyTorch from Zero"
author = "The PyTorch-from-Zero authors"
copyright = f"{date.today().year}, {author}"

extensions = [
    "myst_parser",
    "notfound.extension",
    "sphinx_gallery.gen_gallery",
    "sphinx_copybutton",
    "gallery_i18n",
    "output_i18n",
    "language_switcher",
    "chinese_search",
    "example_pages",
    "learner_downloads",
    "offline_code_links",
    "translations",
    "accessibility",
    "publishing",
    "offline",
    "exercises",
    "notes_box",
    "mathml",
    "glossary_links",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
nitpicky = True

# --- languages ------------------------------------------------------------------
language = "en"
locale_dirs = ["locales/"]
gettext_compact = False  # one catalog per page, so a chapter is translated on its own
gettext_location = False  # no file:line comments: they would churn on every edit
gettext_uuid = False
gettext_auto_build = True
#: The languages the site is built in (source first): the name the switcher shows, and the
#: few settings that are not messages in the catalogs (see sphinxext/language_switcher.py).
site_languages = {
    "en": {"name": "English", "title": "PyTorch from Zero", "search": "Search the course …",
           # the names of controls that have no visible text (sphinxext/accessibility.py)
           "switcher": "Language", "toggle": "Pages of “{title}”",
           # the report link and the repository link, shown when TUTORIAL_REPOSITORY is set (sphinxext/publishing.py)
           "repository": "Source on GitHub", "report": "Report a problem on this page",
           "report_title": "Problem on {title}", "report_body": "What is wrong on this page, and what did you expect?",
           # an exercise's folded answer and the answers' downloads (sphinxext/exercises.py)
           "answer": "Show the reference answer",
           # the title of the box that holds what the syllabus notes get wrong (sphinxext/notes_box.py)
           "notes_box": "In the notes",
           "answers_download": {"jupyter": "Download the answers as a Jupyter notebook:",
                                "python": "Download the answers as Python source code:"}},
    "zh_CN": {"name": "简体中文", "title": "从零开始学 PyTorch", "search": "搜索本课程……",
              "switcher": "语言", "toggle": "“{title}”的各页",
              "repository": "GitHub 上的源代码", "report": "报告本页的问题",
              "report_title": "页面问题：{title}", "report_body": "本页哪里有问题？你原本期望看到什么？",
              "answer": "查看参考答案",
              "notes_box": "笔记中",
              "answers_download": {"jupyter": "下载参考答案（Jupyter 笔记本）：", "python": "下载参考答案（Python 源代码）："},
              # the notice on a page whose catalog is not complete yet (sphinxext/translations.py)
              "incomplete": {"title": "本页尚未完全翻译",
                             "text": "本页还有 {count} 段文字没有中文译文，暂以英文显示。可以对照{english}阅读，也欢迎{help}。",
                             "english": "英文原版", "help": "帮助翻译"}},
}

# --- sphinx-gallery ----------------------------------------------------------------
# sphinx-gallery captures stderr and reports the terminal's isatty(): without this, tqdm
# progress bars (tutorial_utils.fit) would be drawn into the pages.
os.environ["TQDM_DISABLE"] = "1"
plot_gallery = str(RUN_EXAMPLES)  # sphinx-gallery reads a string, so -D can set it too
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "chapters",
    # Execute every example; `nox -s docs -- <chapter>` runs only that chapter's (README.md).
    "filename_pattern": os.environ.get("TUTORIAL_RUN_ONLY", r"\.py$"),
    # Examples in parallel processes (sphinx-gallery's joblib workers) only where there are
    # more than 2 cores: on 2 cores torch already uses both, and two workers of one thread
    # each measured no faster (`nox -s bench`). TUTORIAL_GALLERY_JOBS overrides.
    "parallel": int(os.environ.get("TUTORIAL_GALLERY_JOBS", "2" if (os.cpu_count() or 1) > 2 else "1")),
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "write_computation_times": False,  # a timing table would churn the catalogs on every build
    "remove_config_comments": True,
    "matplotlib_animations": False,
    "image_scrapers": ("gallery_i18n",),  # Matplotlib's, with a figure's label as its alt text
    "reset_modules": ("matplotlib", "seaborn"),
    "show_signature": True,
    "abort_on_example_error": True,
    "capture_repr": ("__repr__",),
    # An exercise check prints its ✓/✗ line itself; the Verdict it returns adds nothing.
    "ignore_repr_types": r"tutorial_utils\.exercises\.Verdict",
    "first_notebook_cell": None,
    "min_reported_time": 0,
}

# --- HTML --------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = project
templates_path = ["_templates"]
html_search_scorer = str(HERE / "sphinxext" / "search_scorer.js")  # the page that teaches a term first (chinese_search.py)
html_math_renderer = "mathml"  # sphinxext/mathml.py, instead of Sphinx's MathJax from a CDN
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_theme_options = {
    "navbar_end": ["language-switcher", "theme-switcher", "navbar-icon-links"],
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
    "article_footer_items": ["report-problem"],
    "article_header_end": ["colab-link"],
    "show_prev_next": True,
    "navigation_with_keys": False,
}
html_show_sourcelink = False
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
html_context = {"default_mode": "auto"}
#: Sphinx rebuilds a page when its source changes, not when the code of an extension or a template
#: does: their digest is a setting (registered by sphinxext/language_switcher.py) whose change re-reads
#: and rewrites every page.
site_code_digest = hashlib.sha256(b"".join(
    path.read_bytes() for folder in ("sphinxext", "_templates") for path in sorted((HERE / folder).glob("*.*")))
).hexdigest()
html_favicon = "_static/favicon.svg"
