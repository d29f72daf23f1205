"""The course taken offline (docs/sphinxext/offline.py): the site zip opened from disk in Chromium,
the notebook zips' contents (test_downloads.py runs a notebook from one), and the PDFs read back
with poppler's pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect

from paths import DOCS, EXAMPLES, EXERCISES, LANGUAGES, SITE

sys.path.insert(0, str(DOCS / "sphinxext"))
from offline import FOLDER, SITE_ZIP, course_install_command, notebooks_zip, pdf_name  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
TENSORS = "chapters/02_tensors/index.html"


@pytest.fixture(scope="module")
def unzipped_site(site, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(site / FOLDER / SITE_ZIP) as archive:
        names = archive.namelist()
        assert all(name.startswith("pytorch-from-zero/") for name in names)
        assert not [name for name in names if f"/{FOLDER}/" in name], "the site zip holds the offline downloads"
        archive.extractall(target)
    return target / "pytorch-from-zero"


def test_the_site_zip_holds_the_whole_site(site, unzipped_site):
    built = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.parts[len(site.parts)] != FOLDER}
    unzipped = {p.relative_to(unzipped_site).as_posix() for p in unzipped_site.rglob("*") if p.is_file()}
    assert unzipped == built
    for name in unzipped:  # byte for byte, but for the one search option a page on disk needs off
        original, copy = (site / name).read_bytes(), (unzipped_site / name).read_bytes()
        if name.endswith("_static/documentation_options.js"):
            assert copy == original.replace(b"SHOW_SEARCH_SUMMARY: true", b"SHOW_SEARCH_SUMMARY: false") != original
        else:
            assert copy == original, name


def test_the_site_zip_works_from_disk(browser, unzipped_site):
    """No server, no network: the root page, the switcher and the search of both languages."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    errors: list[str] = []

    def only_files(route):
        errors.append(f"request off the disk: {route.request.url}")
        route.abort()

    context.route(re.compile(r"^(?!file:|data:).*"), only_files)
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    root = unzipped_site.as_uri()
    page.goto(f"{root}/index.html")
    expect(page).to_have_url(f"{root}/zh_CN/index.html")  # the reader's language, from disk too
    page.goto(f"{root}/zh_CN/{TENSORS}")
    page.locator("nav.language-switcher a[hreflang='en']").first.click()
    expect(page).to_have_url(f"{root}/en/{TENSORS}")
    for language, query in (("en", "broadcasting"), ("zh_CN", "广播")):
        page.goto(f"{root}/{language}/search.html?q={query}")
        results = page.locator("#search-results ul.search li a")
        expect(results.first).to_be_visible(timeout=15_000)
        hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert any("chapters/02_tensors/" in href for href in hrefs), hrefs
    page.goto(f"{root}/zh_CN/chapters/05_first_network/03_mlp_with_cross_entropy.html")
    assert page.locator("article img.sphx-glr-single-img").first.evaluate("img => img.naturalWidth") > 0
    assert not errors, errors
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notebook_zip_holds_every_chapter_the_wheel_and_one_install_line(site, language):
    top = f"pytorch-from-zero-notebooks-{language}"
    with zipfile.ZipFile(site / FOLDER / notebooks_zip(language)) as archive:
        names = set(archive.namelist())
        expected = {f"{top}/{p.parent.name}/{p.name}" for p in EXAMPLES}
        expected |= {f"{top}/{p.parent.name}/{p.with_suffix('.ipynb').name}" for p in EXAMPLES}
        expected |= {f"{top}/{p.parent.name}/{p.stem}_answers{suffix}" for p in EXERCISES for suffix in (".py", ".ipynb")}
        wheels = [name for name in names if name.endswith(".whl")]
        assert names == expected | {f"{top}/README.txt", *wheels} and len(wheels) == 1, names ^ expected
        site_wheel = next((site / language / "_downloads").glob("*/*.whl"))
        assert archive.read(wheels[0]) == site_wheel.read_bytes()
        readme = archive.read(f"{top}/README.txt").decode("utf-8")
        assert f"   {course_install_command(EXAMPLES)}\n" in readme, readme
        assert bool(CJK.search(readme)) == (language == "zh_CN")
        for example in EXAMPLES:  # what the page offers, byte for byte
            for name in (example.name, example.with_suffix(".ipynb").name):
                offered = next((site / language / "_downloads").glob(f"*/{name}")).read_bytes()
                assert archive.read(f"{top}/{example.parent.name}/{name}") == offered, name
        for example in EXERCISES:  # and the answers, beside the practice version
            for name in (f"{example.stem}_answers.py", f"{example.stem}_answers.ipynb"):
                offered = next((site / language / "_downloads").glob(f"*/{name}")).read_bytes()
                assert archive.read(f"{top}/{example.parent.name}/{name}") == offered, name
        notebook = nbformat.reads(archive.read(f"{top}/02_tensors/02_creating_tensors.ipynb").decode("utf-8"), 4)
        markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"][1]
        assert bool(CJK.search(markdown)) == (language == "zh_CN"), markdown[:200]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_offline_page_links_the_downloads(site, language):
    page = (site / language / "offline.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="offline-download reference external" href="([^"]+)">', page)
    assert links == [f"../{FOLDER}/{SITE_ZIP}", f"../{FOLDER}/{notebooks_zip(language)}",
                     f"../{FOLDER}/{pdf_name(language)}"], links
    for link in links:
        assert (site / language / link).resolve().is_file(), link


def _chapter_titles(site: Path, language: str) -> list[str]:
    pages = sorted((site / language / "chapters").glob("[0-9][0-9]_*/index.html"))
    titles = [re.search(r"<h1>(.*?)<a class=\"headerlink\"", p.read_text(encoding="utf-8")).group(1) for p in pages]
    return [re.sub(r"<[^>]+>", "", title) for title in titles]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_holds_the_whole_course_in_its_language(site, language):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: apt-get install poppler-utils (nox -s tests installs it as root)")
    pdf = site / FOLDER / pdf_name(language)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 150 <= pages <= 600, pages
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    titles = _chapter_titles(site, language)
    assert len(titles) == 10, titles
    missing = [title for title in titles if re.sub(r"\s+", "", title) not in flat]
    assert not missing, f"chapter titles missing from the {language} PDF: {missing}"
    chinese = len(CJK.findall(text))
    if language == "zh_CN":  # Chinese prose, typeset as text, not as missing-glyph boxes
        assert chinese > 20_000 and "\ufffd" not in text, chinese
    else:  # English prose: Chinese only where a page quotes the notes
        assert chinese < len(flat) / 100, chinese
