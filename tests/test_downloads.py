"""The downloads of every page run on a learner's machine, in both languages.

A learner's machine is simulated by a fresh virtual environment, outside the checkout, that
gets PyTorch (linked from this interpreter's install, as a learner's own install would be) and
then exactly what each download's first line tells the learner to install, run in the folder
where the site's wheel was downloaded. Every script then runs from an empty temporary folder,
and every notebook is executed cell by cell by nbclient with a real kernel.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
import warnings
import zipfile
from pathlib import Path

import nbformat
import pytest
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

from paths import DOCS, EXAMPLES, EXERCISES, SITE

sys.path.insert(0, str(DOCS / "sphinxext"))
from exercises import answers_name, split_answers  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
INSTALL = {"en": re.compile(r"then run: `?(pip install [^`\n]+)`?$"), "zh_CN": re.compile(r"然后运行：`?(pip install [^`\n]+)`?$")}
IDS = [f"{p.parent.name}/{p.stem}" for p in EXAMPLES]


def download(site: Path, language: str, name: str) -> Path:
    """The file the page offers for download (sphinx-gallery puts it in a hashed folder)."""
    found = sorted((site / language / "_downloads").glob(f"*/{name}"))
    assert len(found) == 1, f"{language} offers {len(found)} downloads called {name}"
    return found[0]


def text_and_code(script: str) -> tuple[list[str], list[str]]:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"_split_{os.getpid()}.py"
    path.write_text(script, encoding="utf-8")
    try:
        _, blocks = split_code_and_text_blocks(str(path))
    finally:
        path.unlink()
    return ([b.content for b in blocks if b.type == "text"], [b.content.strip() for b in blocks if b.type == "code"])


def practice_text_and_code(example: Path) -> tuple[list[str], list[str]]:
    """What a page's downloads hold: the whole page, or an exercise page without its answers."""
    _, blocks = split_code_and_text_blocks(str(example))
    practice, _ = split_answers(blocks)
    return [b.content for b in practice if b.type == "text"], [b.content.strip() for b in practice if b.type == "code"]


def first_line(text: str) -> str:
    return text.split("\n", 1)[0]


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_downloads_start_with_the_install_line_and_keep_the_code(site, example):
    source_text, source_code = practice_text_and_code(example)
    for language in ("en", "zh_CN"):
        script = download(site, language, example.name).read_text(encoding="utf-8")
        assert INSTALL[language].search(first_line(script)), f"{language}: {first_line(script)!r}"
        with warnings.catch_warnings():  # a "\p" in a plain string warns today and fails tomorrow
            warnings.simplefilter("error")
            compile(script, f"{language}/{example.name}", "exec")
        text, code = text_and_code(script.split("\n", 1)[1])
        assert code == source_code, f"the {language} download's code differs from {example}"
        notebook = nbformat.reads(download(site, language, example.with_suffix(".ipynb").name).read_text("utf-8"), 4)
        assert notebook.cells[0].cell_type == "markdown"
        assert INSTALL[language].search(notebook.cells[0].source), notebook.cells[0].source
        cells = [c.source.strip() for c in notebook.cells if c.cell_type == "code"]
        assert [c for c in cells if c] == [c for c in source_code if c]
        with zipfile.ZipFile(download(site, language, example.with_suffix(".zip").name)) as archive:
            assert archive.read(example.name).decode("utf-8") == script
        if language == "zh_CN":  # every prose block is in Chinese, as on the page
            for block in text:
                prose = re.sub(r"``.*?``|`[^`]*`__?|:\w+:`[^`]*`|^\.\. .*$", "", block, flags=re.M)
                if re.search(r"[A-Za-z]{4,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}", prose):
                    assert CJK.search(prose), f"zh_CN download of {example.name} has English prose: {block[:100]!r}"
            chinese_cells = [c.source for c in notebook.cells[1:] if c.cell_type == "markdown"]
            assert chinese_cells and all(CJK.search(c) for c in chinese_cells[:1]), chinese_cells[:1]
        else:
            assert [t.strip() for t in text] == [t.strip() for t in source_text]


@pytest.fixture(scope="session")
def learner(site, tmp_path_factory) -> dict[str, object]:
    """A fresh venv with torch, then what the downloads' install lines say, nothing else."""
    import torch

    home = tmp_path_factory.mktemp("learner")
    env_dir = home / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # PyTorch as the learner installed it: the same files, not the project's environment.
    Path(purelib, "_learner_torch.pth").write_text(str(Path(torch.__file__).parents[1]) + "\n")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "TUTORIAL_"))}
    environment.update(PATH=f"{python.parent}{os.pathsep}{environment.get('PATH', '')}", MPLBACKEND="Agg",
                       TUTORIAL_DATA_DIR=str(home / "data"), PIP_DISABLE_PIP_VERSION_CHECK="1",
                       VISDOM_PORT="9", PYTHONDONTWRITEBYTECODE="1")
    commands = {INSTALL["en"].search(first_line(download(site, "en", p.name).read_text("utf-8"))).group(1)
                for p in EXAMPLES}
    wheel_dir = next((site / "en" / "_downloads").glob("*/*.whl")).parent
    for command in sorted(commands, key=len):
        result = subprocess.run(command, shell=True, cwd=wheel_dir, env=environment, capture_output=True, text=True)
        assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    tools = subprocess.run([python, "-m", "pip", "install", "--quiet", "nbclient", "ipykernel", "nbformat"],
                           env=environment, capture_output=True, text=True)
    assert tools.returncode == 0, tools.stderr[-3000:]
    return {"python": python, "env": environment, "home": home}


def test_the_learner_environment_has_only_the_wheel(learner):
    """The scripts must import tutorial_utils from the installed wheel, not from this checkout."""
    code = "import tutorial_utils, sys; print(tutorial_utils.__file__)"
    out = subprocess.run([learner["python"], "-c", code], env=learner["env"], cwd=learner["home"],
                         capture_output=True, text=True, check=True).stdout
    assert "site-packages" in out and str(Path(__file__).parents[1]) not in out, out


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_downloaded_script_runs_outside_the_checkout(site, learner, example, tmp_path):
    script = tmp_path / example.name
    script.write_bytes(download(site, "en", example.name).read_bytes())
    result = subprocess.run([learner["python"], script.name], cwd=tmp_path, env=learner["env"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{example.name} failed in the learner's venv:\n{result.stderr[-3000:]}"


@pytest.mark.parametrize("example", EXERCISES, ids=[p.parent.name for p in EXERCISES])
def test_the_answers_download_runs_outside_the_checkout(site, learner, example, tmp_path):
    script = tmp_path / answers_name(example.name)
    script.write_bytes(download(site, "en", script.name).read_bytes())
    result = subprocess.run([learner["python"], script.name], cwd=tmp_path, env=learner["env"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{script.name} failed in the learner's venv:\n{result.stderr[-3000:]}"
    assert result.stdout.count("✓ ") == result.stdout.count("✗ ") > 0, result.stdout


NOTEBOOK_RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
notebook = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
outputs = sum(len(cell.get("outputs", [])) for cell in notebook.cells if cell.cell_type == "code")
print("outputs:", outputs)
"""


def run_notebook(site: Path, learner: dict, example: Path, language: str, tmp_path: Path) -> None:
    notebook = tmp_path / example.with_suffix(".ipynb").name
    notebook.write_bytes(download(site, language, notebook.name).read_bytes())
    runner = tmp_path / "run_notebook.py"
    runner.write_text(NOTEBOOK_RUNNER, encoding="utf-8")
    result = subprocess.run([learner["python"], str(runner), notebook.name, str(tmp_path)], cwd=tmp_path,
                            env=learner["env"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{notebook.name} failed under nbclient:\n{result.stderr[-3000:]}"
    assert re.search(r"outputs: [1-9]", result.stdout), result.stdout


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_downloaded_notebook_runs_in_a_kernel(site, learner, example, tmp_path):
    run_notebook(site, learner, example, "en", tmp_path)


def test_a_chinese_notebook_runs_in_a_kernel(site, learner, tmp_path):
    """The Chinese notebooks have the English code cells (checked for every page above); one
    runs end to end to show that the translated markdown does not upset the kernel."""
    run_notebook(site, learner, next(p for p in EXAMPLES if "first_network" in p.parent.name), "zh_CN", tmp_path)


def test_the_wheel_on_the_pages_is_the_current_package(site):
    wheels = list((site / "en" / "_downloads").glob("*/*.whl")) + list((site / "zh_CN" / "_downloads").glob("*/*.whl"))
    assert len(wheels) == 2, wheels
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            package = Path(__file__).parents[1] / "tutorial_utils"
            for module in package.rglob("*.py"):
                name = f"tutorial_utils/{module.relative_to(package).as_posix()}"
                assert archive.read(name) == module.read_bytes(), name
        assert wheel.name.startswith("pytorch_from_zero-"), wheel.name


def test_a_notebook_runs_from_the_offline_notebook_zip(site, learner, tmp_path):
    """A learner who took the zip away: unzip it, install its one line, run a notebook in the folder."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "docs" / "sphinxext"))
    from offline import FOLDER, notebooks_zip

    with zipfile.ZipFile(site / FOLDER / notebooks_zip("zh_CN")) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / "pytorch-from-zero-notebooks-zh_CN"
    install = next(line.strip() for line in (folder / "README.txt").read_text("utf-8").splitlines()
                   if line.strip().startswith(("pip install", 'pip install "setuptools')))
    result = subprocess.run(install, shell=True, cwd=folder, env=learner["env"], capture_output=True, text=True)
    assert result.returncode == 0, f"{install}\n{result.stderr[-3000:]}"
    notebook = folder / "05_first_network" / "03_mlp_with_cross_entropy.ipynb"
    runner = tmp_path / "run_notebook.py"
    runner.write_text(NOTEBOOK_RUNNER, encoding="utf-8")
    result = subprocess.run([learner["python"], str(runner), str(notebook), str(notebook.parent)], cwd=notebook.parent,
                            env=learner["env"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{notebook.name} from the zip failed under nbclient:\n{result.stderr[-3000:]}"
    assert re.search(r"outputs: [1-9]", result.stdout), result.stdout
