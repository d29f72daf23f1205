"""The exercise page of every chapter: checks that can fail, answers that pass, folded answers, practice downloads.

Every reference answer passes its check in the build (``assert check_x(answer)`` on the page);
here the same is proved from the downloads a learner gets: the practice download, run top to
bottom, prints one ✗ per exercise and no ✓, and the answers download prints a ✗ then a ✓ for
each exercise, in the page's order. The checks' doctests show each one rejecting a typical
wrong answer too.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

from browsing import SCREENSHOTS, open_page
from paths import DOCS, EXAMPLES, EXERCISES, LANGUAGES, ROOT

sys.path.insert(0, str(DOCS / "sphinxext"))
from exercises import answers_name, split_answers  # noqa: E402

CHAPTERS = sorted({page.parent for page in EXAMPLES})
CJK = re.compile(r"[\u4e00-\u9fff]")
IDS = [page.parent.name for page in EXERCISES]
VERDICT = re.compile(r"^([✓✗]) (\w+): (.*)$", re.M)


def blocks(page: Path) -> tuple[list, list]:
    _, all_blocks = split_code_and_text_blocks(str(page))
    return split_answers(all_blocks)


def answer_code(page: Path) -> list[str]:
    return [block.content.strip() for block in blocks(page)[1] if block.type == "code"]


def exercises_of(page: Path) -> list[str]:
    """The check names the page's answers assert, in order."""
    return [name for code in answer_code(page) for name in re.findall(r"^assert check_(\w+)\(", code, re.M)]


def download(site: Path, language: str, name: str) -> Path:
    found = sorted((site / language / "_downloads").glob(f"*/{name}"))
    assert len(found) == 1, f"{language} offers {len(found)} downloads called {name}"
    return found[0]


def test_every_chapter_ends_with_an_exercise_page():
    assert [page.parent for page in EXERCISES] == CHAPTERS
    for page in EXERCISES:
        assert page == sorted(page.parent.glob("*.py"))[-1], f"{page.name} is not the last page of its chapter"


@pytest.mark.parametrize("page", EXERCISES, ids=IDS)
def test_each_exercise_has_a_starter_a_link_and_an_answer(page):
    practice, answers = blocks(page)
    names = exercises_of(page)
    assert 3 <= len(names) <= 6, f"{page.name}: {len(names)} exercises, want 3 to 6"
    assert len(set(names)) == len(names), names
    headings = [b.content for b in practice if b.type == "text" and re.search(r"^Exercise \d+: ", b.content, re.M)]
    assert len(headings) == len(names), f"{page.name}: {len(headings)} 'Exercise N:' headings for {len(names)} answers"
    for heading in headings:
        assert ":ref:`" in heading, f"{page.name}: an exercise that names no page it builds on: {heading[:80]!r}"
    practice_code = "\n".join(b.content for b in practice if b.type == "code")
    for name in names:  # the starter calls the check bare, so it prints ✗; the answer asserts it
        assert re.search(rf"^check_{name}\(", practice_code, re.M), f"{page.name}: no starter calls check_{name}"
        assert "assert check_" not in practice_code
    assert "..." in practice_code, f"{page.name}: starters without a ... placeholder"
    for code in answer_code(page):
        assert "..." not in re.sub(r"#.*", "", code), f"{page.name}: an answer still holds ...: {code[:80]!r}"


def _checks() -> list[tuple[str, object]]:
    found = []
    for module_file in sorted((ROOT / "tutorial_utils" / "exercises").glob("ch*.py")):
        module = importlib.import_module(f"tutorial_utils.exercises.{module_file.stem}")
        found += [(f"{module_file.stem}.{name}", fn) for name, fn in inspect.getmembers(module, inspect.isfunction)
                  if name.startswith("check_") and fn.__module__ == module.__name__]
    return found


def test_every_check_is_used_and_shows_a_pass_and_a_failure_in_its_doctest():
    checks = _checks()
    used = {f"ch{page.parent.name[:2]}.check_{name}" for page in EXERCISES for name in exercises_of(page)}
    assert {name for name, _ in checks} == used, "checks without an exercise, or exercises without a check"
    for name, fn in checks:
        doc = fn.__doc__ or ""
        assert "Verdict(passed=True)" in doc and "Verdict(passed=False)" in doc, f"{name}: doctest lacks ✓ or ✗"
        assert re.search(r"^\s*✗ \w+: .+\S", doc, re.M), f"{name}: its doctest shows no ✗ message"
        assert inspect.signature(fn).return_annotation in ("Verdict", "tutorial_utils.exercises.Verdict"), name


@pytest.mark.parametrize("module", ["__init__"] + [f"ch{page.parent.name[:2]}" for page in EXERCISES])
def test_the_checks_doctests_pass(module):
    name = "tutorial_utils.exercises" + ("" if module == "__init__" else f".{module}")
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0, result


def run_script(path: Path, tmp_path: Path) -> str:
    result = subprocess.run([sys.executable, path.name], cwd=path.parent, capture_output=True, text=True,
                            timeout=300, env={"PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg", "TUTORIAL_DEVICE": "cpu",
                                              "TUTORIAL_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path)})
    assert result.returncode == 0, f"{path.name}:\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.mark.parametrize("page", EXERCISES, ids=IDS)
def test_the_starters_fail_and_the_answers_pass_in_the_downloads(site, page, tmp_path):
    names = exercises_of(page)
    practice = tmp_path / page.name
    practice.write_bytes(download(site, "en", page.name).read_bytes())
    verdicts = VERDICT.findall(run_script(practice, tmp_path))
    assert [(mark, name) for mark, name, _ in verdicts] == [("✗", name) for name in names], verdicts
    for _, name, message in verdicts:  # the learner is told what is missing, not shown an answer
        assert len(message) < 200, message

    answers = tmp_path / answers_name(page.name)
    answers.write_bytes(download(site, "en", answers_name(page.name)).read_bytes())
    verdicts = VERDICT.findall(run_script(answers, tmp_path))
    assert [(mark, name) for mark, name, _ in verdicts] == [(mark, name) for name in names for mark in "✗✓"], verdicts


@pytest.mark.parametrize("page", EXERCISES, ids=IDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_practice_downloads_hold_no_answer(site, page, language):
    answers = answer_code(page)
    notebook = download(site, language, page.with_suffix(".ipynb").name).read_text("utf-8")
    script = download(site, language, page.name).read_text("utf-8")
    with zipfile.ZipFile(download(site, language, page.with_suffix(".zip").name)) as archive:
        zipped = "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    cells = ["".join(cell["source"]) for cell in json.loads(notebook)["cells"] if cell["cell_type"] == "code"]
    for text in (script, "\n".join(cells), zipped):
        assert "assert check_" not in text
        for code in answers:
            assert code not in text, f"{language} practice download of {page.name} holds an answer: {code[:80]!r}"
    full = download(site, language, answers_name(page.name)).read_text("utf-8")
    full_cells = ["".join(cell["source"]).strip() for cell in
                  json.loads(download(site, language, answers_name(page.with_suffix(".ipynb").name)).read_text("utf-8"))
                  ["cells"] if cell["cell_type"] == "code"]
    for code in answers:
        assert code in full and code in full_cells, f"the {language} answers download lacks {code[:80]!r}"
    if language == "zh_CN":
        markdown = [cell for cell in json.loads(notebook)["cells"] if cell["cell_type"] == "markdown"]
        assert all(CJK.search("".join(cell["source"])) for cell in markdown), "English prose in the Chinese notebook"


def _page(site: Path, language: str, page: Path) -> BeautifulSoup:
    path = site / language / "chapters" / page.parent.name / page.with_suffix(".html").name
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.mark.parametrize("page", EXERCISES, ids=IDS)
def test_both_languages_have_the_same_exercises_and_fold_the_answers(site, page):
    pages = {language: _page(site, language, page) for language in LANGUAGES}
    n = len(exercises_of(page))
    code = {}
    for language, soup in pages.items():
        folded = soup.select("details.exercise-answer")
        assert len(folded) == n and not any(d.has_attr("open") for d in folded), language
        for details in folded:  # the explanation, the answer's code and its ✓ output, all inside the fold
            assert details.select("p") and details.select("div.highlight pre"), language
            assert "✓" in details.select_one(".sphx-glr-script-out").get_text(), language
        code[language] = [pre.get_text() for pre in soup.select("article div.highlight-Python pre")]
        buttons = soup.select(".exercise-answers-download a")
        assert [a.get_text().rsplit(" ", 1)[-1] for a in buttons] == [
            answers_name(page.with_suffix(".ipynb").name), answers_name(page.name)], language
        for a in buttons:
            assert (site / language / "chapters" / page.parent.name / a["href"]).resolve().is_file(), a["href"]
    assert code["en"] == code["zh_CN"], "the two languages show different exercise code"
    summaries = {d.summary.get_text() for d in pages["zh_CN"].select("details.exercise-answer")}
    assert summaries and all(CJK.search(s) for s in summaries), summaries


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_answer_opens_and_closes_without_javascript_from_elsewhere(browser, site_url, language):
    page, errors = open_page(browser, site_url, width=390)
    page.goto(f"{site_url}/{language}/chapters/02_tensors/09_tensor_exercises.html")
    first = page.locator("details.exercise-answer").first
    answer = first.locator("div.highlight pre").first
    expect(answer).to_be_hidden()
    first.locator("summary").click()
    expect(answer).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the opened answer makes the {language} page {width} px wide at 390 px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"exercise_answer_{language}_390.png"))
    first.locator("summary").click()
    expect(answer).to_be_hidden()
    assert not errors, errors
