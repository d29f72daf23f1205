"""Take the course away: the whole site as one zip that works from disk, and each language's
notebooks and scripts with the helper wheel.

``nox -s docs`` runs this after it built both languages::

    python docs/sphinxext/offline.py docs/_build/html

and writes ``<html>/offline/``:

``pytorch-from-zero-site.zip``
    The built site, both languages, in a folder ``pytorch-from-zero/``: unzip it and open
    ``index.html`` (or ``en/index.html``, ``zh_CN/index.html``) from disk. Search, the language
    switcher and every page work with no server and no network (search results come without
    the snippet of each page, which a browser does not let a page on disk fetch).
``pytorch-from-zero-notebooks-<language>.zip``
    Every chapter's notebook and script as that language's pages offer them (Chinese prose in
    the Chinese ones), in ``NN_chapter/`` folders, with the ``tutorial_utils`` wheel and a
    ``README.txt`` that gives the one ``pip install`` line for the whole course.
``pytorch-from-zero-<language>.pdf`` (with ``--singlehtml``)
    The whole course in that language as one PDF: its single-page build printed by headless
    Chromium.

``--colab FOLDER`` writes the English notebooks for Colab instead (``.github/workflows/pages.yml``
pushes them to the repository's ``notebooks`` branch, which each English page's "Open in Colab"
link points to: ``colab_url``).

As an extension it adds the ``offline`` role, which links such a file from a page:
``{offline}`the whole site <site>``` (``site``, or ``notebooks`` and ``pdf`` for this language's).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from docutils import nodes

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exercises import answers_name  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FOLDER = "offline"
SITE_ZIP = "pytorch-from-zero-site.zip"
#: The readme of a notebook zip, per language: {install} is the course's one-line install.
README = {
    "en": ("PyTorch from Zero: every chapter as a notebook (.ipynb) and a script (.py).\n\n"
           "1. Install PyTorch for your machine (https://pytorch.org/get-started/locally/).\n"
           "2. In this folder, install everything the chapters use, the course's helper package included:\n\n"
           "   {install}\n\n"
           "3. Open a notebook with Jupyter (pip install jupyter, then: jupyter lab), or run a script with python.\n"),
    "zh_CN": ("从零开始学 PyTorch：每一章的笔记本（.ipynb）和脚本（.py）。\n\n"
              "1. 按你的机器安装 PyTorch（https://pytorch.org/get-started/locally/）。\n"
              "2. 在本文件夹中运行下面这一行，安装各章用到的全部软件包（包括本课程的辅助包）：\n\n"
              "   {install}\n\n"
              "3. 用 Jupyter 打开笔记本（先 pip install jupyter，再运行 jupyter lab），或用 python 运行脚本。\n"),
}


def notebooks_zip(language: str) -> str:
    return f"pytorch-from-zero-notebooks-{language}.zip"


def course_install_command(scripts: list[Path]) -> str:
    """One ``pip install`` line for everything the chapters import (example_pages reads each one's)."""
    sys.path.insert(0, str(HERE))
    from example_pages import VISDOM_PREFIX, project_wheel_name, requirements

    needs = [requirements(script) for script in scripts]
    extras = sorted({extra for need in needs for extra in need.extras})
    wheel = f'"{project_wheel_name()}[{",".join(extras)}]"' if extras else project_wheel_name()
    packages = sorted({package for need in needs for package in need.packages})
    return (VISDOM_PREFIX if any(need.visdom for need in needs) else "") + " ".join(["pip install", wheel, *packages])


def _download(language_dir: Path, name: str) -> Path:
    found = sorted((language_dir / "_downloads").glob(f"*/{name}"))
    if len(found) != 1:
        raise SystemExit(f"{language_dir.name} offers {len(found)} downloads called {name}: build the site first")
    return found[0]


#: Sphinx's search fetches each result page to show a snippet of it, which a browser refuses for
#: pages opened from disk (an error per result): the copy on disk lists the results without snippets.
SEARCH_SUMMARY = ("SHOW_SEARCH_SUMMARY: true,", "SHOW_SEARCH_SUMMARY: false,")


def write_site_zip(html: Path) -> Path:
    """The whole built site (without the offline folder itself) under ``pytorch-from-zero/``."""
    target = html / FOLDER / SITE_ZIP
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(html.rglob("*")):
            relative = path.relative_to(html)
            if not path.is_file() or relative.parts[0] == FOLDER:
                continue
            name = f"pytorch-from-zero/{relative.as_posix()}"
            if path.name == "documentation_options.js":
                options = path.read_text(encoding="utf-8")
                if SEARCH_SUMMARY[0] not in options:
                    raise SystemExit(f"{path}: no {SEARCH_SUMMARY[0]!r} to turn off for reading from disk "
                                     "(did Sphinx change its search options?)")
                archive.writestr(name, options.replace(*SEARCH_SUMMARY))
            else:
                archive.write(path, name)
    return target


def write_notebooks_zip(html: Path, language: str, scripts: list[Path]) -> Path:
    """The language's notebooks and scripts by chapter (an exercise page's answers beside it), the wheel,
    and a readme with the install line."""
    language_dir = html / language
    target = html / FOLDER / notebooks_zip(language)
    top = f"pytorch-from-zero-notebooks-{language}"
    wheel = next((language_dir / "_downloads").glob("*/*.whl"))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for script in scripts:
            chapter = script.parent.name
            for name in (script.name, script.with_suffix(".ipynb").name):
                archive.write(_download(language_dir, name), f"{top}/{chapter}/{name}")
                # learner_downloads writes both answer files beside the page's .py download
                answers = _download(language_dir, script.name).with_name(answers_name(name))
                if answers.is_file():
                    archive.write(answers, f"{top}/{chapter}/{answers.name}")
        archive.write(wheel, f"{top}/{wheel.name}")
        archive.writestr(f"{top}/README.txt", README[language].format(install=course_install_command(scripts)))
    return target


#: Chromium under the names Debian, Ubuntu and Google give it.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def write_pdf(singlehtml: Path, html: Path, language: str) -> Path:
    """Print the language's single-page build to one PDF with headless Chromium (its print stylesheet
    in ``_static/site.css`` drops the navigation; figures, code and outputs stay)."""
    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if browser is None:
        raise SystemExit(f"printing the PDFs needs Chromium ({' or '.join(BROWSERS)} on PATH): "
                         "install it (Debian: sudo apt-get install chromium fonts-noto-cjk)")
    page = singlehtml / language / "index.html"
    if not page.is_file():
        raise SystemExit(f"no single-page build at {page}: build it with sphinx-build -b singlehtml first")
    target = html / FOLDER / pdf_name(language)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
                        f"--print-to-pdf={target}", page.as_uri()], check=True, capture_output=True, timeout=600)
    if not target.is_file() or target.stat().st_size < 100_000:
        raise SystemExit(f"Chromium did not print {target}")
    return target


def pdf_name(language: str) -> str:
    return f"pytorch-from-zero-{language}.pdf"


def write_all(html: Path, languages: list[str], singlehtml: Path | None = None) -> list[Path]:
    (html / FOLDER).mkdir(exist_ok=True)
    scripts = sorted((ROOT / "examples").glob("*/[0-9]*.py"))
    written = [write_notebooks_zip(html, language, scripts) for language in languages]
    if singlehtml is not None:
        written += [write_pdf(singlehtml, html, language) for language in languages]
    return [write_site_zip(html), *written]


class OfflineRole:
    """``{offline}`text <site|notebooks|pdf>``` links a file of ``<html>/offline/`` from a page."""

    def __call__(self, name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                 options: dict | None = None, content: list | None = None) -> tuple[list, list]:
        label, _, key = text.rpartition("<")
        key = key.rstrip(">").strip()
        env = inliner.document.settings.env
        language = env.config.language
        files = {"site": SITE_ZIP, "notebooks": notebooks_zip(language), "pdf": pdf_name(language)}
        if key not in files:
            msg = inliner.reporter.error(f"offline: {key!r} is not one of {sorted(files)}", line=lineno)
            return [inliner.problematic(rawtext, rawtext, msg)], [msg]
        up = "../" * (env.docname.count("/") + 1)
        node = nodes.reference(rawtext, label.strip() or files[key], refuri=f"{up}{FOLDER}/{files[key]}",
                               classes=["offline-download"])
        return [node], []


def setup(app: Any) -> dict[str, Any]:
    app.add_role("offline", OfflineRole())
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


#: Where the workflow publishes the Colab notebooks: a branch of the repository, by chapter.
COLAB_BRANCH = "notebooks"


def colab_url(repository: str, script: Path) -> str:
    """The "Open in Colab" address of a chapter's English notebook, on the repository's notebook branch.

    >>> colab_url("https://github.com/owner/repo", Path("examples/02_tensors/01_dtypes.py"))
    'https://colab.research.google.com/github/owner/repo/blob/notebooks/02_tensors/01_dtypes.ipynb'
    """
    owner_repo = repository.removeprefix("https://github.com/").strip("/")
    return (f"https://colab.research.google.com/github/{owner_repo}/blob/{COLAB_BRANCH}/"
            f"{script.parent.name}/{script.with_suffix('.ipynb').name}")


def write_colab_notebooks(html: Path, site_url: str, target: Path) -> list[Path]:
    """The English notebooks for Colab: a first code cell installs what the page needs, the helper
    wheel from the published site; the rest is the notebook the page offers."""
    import nbformat

    sys.path.insert(0, str(HERE))
    from example_pages import install_command

    language_dir = html / "en"
    wheel = next((language_dir / "_downloads").glob("*/*.whl"))
    wheel_url = f"{site_url.rstrip('/')}/en/{wheel.relative_to(language_dir).as_posix()}"
    written = []
    for script in sorted((ROOT / "examples").glob("*/[0-9]*.py")):
        notebook = nbformat.reads(_download(language_dir, script.with_suffix(".ipynb").name).read_text("utf-8"), 4)
        notebook.cells.insert(1, nbformat.v4.new_code_cell(f"!{install_command(script, wheel_url)}"))
        out = target / script.parent.name / script.with_suffix(".ipynb").name
        out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, out)
        written.append(out)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="the built site, with one folder per language")
    parser.add_argument("--language", action="append", help="the languages (default: every folder with index.html)")
    parser.add_argument("--singlehtml", type=Path, help="the single-page builds, one folder per language, to print as PDFs")
    parser.add_argument("--colab", type=Path, help="write only the Colab notebooks, into this folder "
                        "(the workflow publishes them; needs TUTORIAL_SITE_URL)")
    args = parser.parse_args()
    if args.colab:
        site_url = os.environ.get("TUTORIAL_SITE_URL", "")
        if not site_url:
            raise SystemExit("--colab needs TUTORIAL_SITE_URL: the notebooks install the wheel from the published site")
        print(f"{len(write_colab_notebooks(args.html, site_url, args.colab))} Colab notebooks in {args.colab}")
        return
    languages = args.language or sorted(p.parent.name for p in args.html.glob("*/index.html"))
    for path in write_all(args.html, languages, args.singlehtml):
        print(f"{path.relative_to(args.html)}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
