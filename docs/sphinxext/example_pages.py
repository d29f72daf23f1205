"""What every example page states about itself: how to install it, what it ran with, its budget.

* **Install line.** Under the title, one line says how to run the page elsewhere: download the
  wheel of ``tutorial_utils`` (built here, linked from the page) and ``pip install`` exactly
  what the script imports. The requirements are read from the script's imports, and an import
  this module does not know stops the build, so a new dependency cannot go unannounced.
* **Tested-with stamp.** When an example runs, the build records torch and torchvision
  versions, the device its outputs came from and the date next to it (``<name>.run.json``); the
  data source is read from the "Data:" line the example printed. The page shows the stamp in
  its own language.
* **Time budget.** Each example states "Time budget: under N seconds on a 2-core CPU." Over
  budget is a warning that names the example and its time; over twice the budget is an error.
  The page shows the budget at its end, beside the stamp, not in the intro that teaches.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from gallery_i18n import _gallery_dir

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
#: Where the wheel of the helper package is built (and from where pages link it).
WHEEL_DIR = "_build/wheel"
BUDGET = re.compile(r"Time budget: under (\d+) seconds on a 2-core CPU\.")
DATA_LINE = re.compile(r"^\s*Data: (full MNIST from torchvision|full MNIST unavailable)", re.M)

#: Imports the install line knows, and what they need beyond the wheel's own dependencies
#: (torch, torchvision, matplotlib, tqdm). ``None``: covered by the wheel or the standard library.
KNOWN_IMPORTS: dict[str, str | None] = {
    "torch": None,
    "torchvision": None,
    "matplotlib": None,
    "mpl_toolkits": None,
    "numpy": None,  # a dependency of torchvision
    "PIL": None,  # a dependency of torchvision
    "tqdm": None,
    "tutorial_utils": None,
    "tensorboard": "tensorboard",
    "visdom": "visdom",
}
#: visdom's sdist imports pkg_resources in setup.py, which setuptools 82 removed: build it
#: with an older setuptools, outside pip's build isolation.
VISDOM_PREFIX = 'pip install "setuptools<81" wheel && pip install --no-build-isolation visdom==0.2.4 && '


@dataclass(frozen=True)
class Requirements:
    """What one example needs beyond the standard library."""

    extras: tuple[str, ...]  # extras of the wheel, e.g. ("offline",) for the MNIST sample
    packages: tuple[str, ...]  # other PyPI packages
    visdom: bool


def project_wheel_name() -> str:
    """The file name of this project's wheel, from pyproject.toml."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same parser, published as tomli (a docs dependency there)
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return f"{project['name'].replace('-', '_')}-{project['version']}-py3-none-any.whl"


def requirements(script: Path) -> Requirements:
    """Read what ``script`` needs from its imports; an unknown import is an error."""
    tree = ast.parse(script.read_text(encoding="utf-8"), filename=str(script))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
            modules.add(node.module)
    packages: set[str] = set()
    for module in modules:
        top = module.split(".")[0]
        if top in sys.stdlib_module_names:
            continue
        if module.startswith("torch.utils.tensorboard"):
            packages.add("tensorboard")
        if top not in KNOWN_IMPORTS:
            raise ExtensionError(
                f"{script.name} imports {top!r}, which the install line does not know: add it to "
                f"KNOWN_IMPORTS in {Path(__file__).name} (with the PyPI package it needs)"
            )
        if KNOWN_IMPORTS[top]:
            packages.add(KNOWN_IMPORTS[top])
    uses_mnist = "load_mnist" in modules or "tutorial_utils.load_mnist" in modules
    visdom = "visdom" in packages
    packages.discard("visdom")
    return Requirements(("offline",) if uses_mnist else (), tuple(sorted(packages)), visdom)


def install_command(script: Path, wheel: str | None = None) -> str:
    """The one-line shell command that installs what ``script`` needs.

    ``wheel`` is the path of the project's wheel as the reader will have it (default: its file
    name, downloaded into the current folder).
    """
    req = requirements(script)
    target = wheel or project_wheel_name()
    if req.extras:
        target = f'"{target}[{",".join(req.extras)}]"'
    parts = ["pip install", target, *req.packages]
    return (VISDOM_PREFIX if req.visdom else "") + " ".join(parts)


# --- the wheel ------------------------------------------------------------------------------


def _sources_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted([ROOT / "pyproject.toml", *(ROOT / "tutorial_utils").rglob("*.py")]):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_wheel(app: Sphinx) -> Path:
    """Build the helper package's wheel into ``docs/_build/wheel`` unless it is up to date."""
    out = Path(app.srcdir) / WHEEL_DIR
    wheel, stamp = out / project_wheel_name(), out / "sources.sha256"
    digest = _sources_digest()
    if wheel.is_file() and stamp.is_file() and stamp.read_text() == digest:
        return wheel
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.whl"):
        old.unlink()
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not wheel.is_file():
        raise ExtensionError(f"could not build {wheel.name} with {' '.join(command)}:\n{result.stderr}")
    stamp.write_text(digest)
    logger.info(f"built {wheel.name}")
    return wheel


# --- what the examples ran with -------------------------------------------------------------


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _run_environment() -> dict[str, str]:
    import torch
    import torchvision

    from tutorial_utils import get_device

    cpu = f"cpu:{_cpu_name()}:{os.cpu_count()}"
    device = get_device()
    return {
        "torch": torch.__version__.split("+")[0],
        "torchvision": torchvision.__version__.split("+")[0],
        "cpu": cpu,
        "device": f"cuda:{torch.cuda.get_device_name(device)}:" if device.type == "cuda" else cpu,
        "date": date.today().isoformat(),
    }


def record_runs(app: Sphinx) -> None:
    """After sphinx-gallery ran the examples: record what each example that ran used."""
    build_wheel(app)
    environment: dict[str, str] | None = None
    for cost in Path(app.srcdir, _gallery_dir(app)).rglob("*.cost.json"):
        if cost.stat().st_mtime < _STARTED[0]:
            continue  # not run in this build: its record stays as it was
        environment = environment or _run_environment()
        sidecar = cost.with_name(cost.name.replace(".cost.json", ".run.json"))
        sidecar.write_text(json.dumps(environment, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# --- the page ---------------------------------------------------------------------------------


def _stamp_argument(rst: str, run: dict[str, str], uses_device: bool) -> str:
    match = DATA_LINE.search(rst)
    data = "none" if match is None else ("full" if match.group(1).startswith("full MNIST from") else "sample")
    device = run["device"] if uses_device else run["cpu"]
    return f"{run['torch']};{run['torchvision']};{device};{data};{run['date']}"


def check_budget(docname: str, rst: str, seconds: float, rerun: Path | None = None) -> None:
    """Warn when an example ran over its stated budget; stop the build when far over.

    An example over budget is run again by the next build (``rerun``, sphinx-gallery's record
    of the script's checksum, is deleted): a run slowed down by a busy machine is measured
    afresh instead of failing every later build.
    """
    match = BUDGET.search(rst)
    if match is None:
        raise ExtensionError(f"{docname}: state the time budget as 'Time budget: under N seconds on a 2-core CPU.'")
    budget = int(match.group(1))
    if seconds > budget and rerun is not None:
        rerun.unlink(missing_ok=True)
    again = " (the next build runs it again: on a busy machine, build again when it is idle)"
    if seconds > 2 * budget:
        raise ExtensionError(f"{docname} ran for {seconds:.1f} s, more than twice its budget of {budget} s{again}")
    if seconds > budget:
        logger.warning(f"{docname} ran for {seconds:.1f} s, over its budget of {budget} s{again}",
                       type="tutorial", subtype="time_budget", location=docname)


def decorate_example_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """Add the install line under the title and the tested-with stamp at the end."""
    prefix = _gallery_dir(app) + "/"
    if not docname.startswith(prefix):
        return
    rst_path = Path(app.srcdir, docname + ".rst")
    script = rst_path.with_suffix(".py")
    if not script.is_file():
        return  # a chapter index, not an example
    rst = source[0]
    cost_file = rst_path.with_name(rst_path.stem + ".cost.json")
    run_file = rst_path.with_name(rst_path.stem + ".run.json")
    if cost_file.is_file() and run_file.is_file():
        check_budget(docname, rst, float(json.loads(cost_file.read_text())["time"]),
                     rerun=script.with_name(script.name + ".md5"))
        stamp = _stamp_argument(rst, json.loads(run_file.read_text()), "get_device" in script.read_text())
        stamp_line = "**Tested with:** |tutorial_stamp|"
        stamp_def = f".. |tutorial_stamp| replace:: :tutorial-stamp:`{stamp}`"
    else:  # not executed (a preview build that ran other examples): say nothing untrue
        stamp_line, stamp_def = "", ""
    lines = rst.split("\n")
    title_end = next(i for i, line in enumerate(lines)
                     if i > 0 and re.fullmatch(r"=+", line) and lines[i - 1].strip())
    wheel = "/" + WHEEL_DIR + "/" + project_wheel_name()
    install = [
        "", ".. rst-class:: tutorial-install", "",
        "Run it yourself: download |tutorial_wheel| and install what this page needs with "
        "|tutorial_install|.", "",
    ]
    lines[title_end + 1:title_end + 1] = install
    text = "\n".join(lines)
    # The budget is a fact about the build, not part of the lesson: it moves from the intro to
    # the end of the page, next to the stamp (its message, and so its translation, is unchanged).
    budget = re.search(r"(?<=\n\n)" + BUDGET.pattern + r"\n(?=\n)", text)
    facts = ""
    if stamp_line:
        facts += f".. rst-class:: tutorial-stamp\n\n{stamp_line}\n\n"
    if budget:
        text = text[:budget.start()] + text[budget.end() + 1:]
        facts += f".. rst-class:: tutorial-stamp tutorial-budget\n\n{budget.group(0)}\n"
    anchor = text.find(".. _sphx_glr_download_")
    if facts and anchor != -1:
        text = text[:anchor] + facts + text[anchor:]
    text += (
        f"\n\n.. |tutorial_wheel| replace:: :download:`{project_wheel_name()} <{wheel}>`"
        f"\n.. |tutorial_install| replace:: ``{install_command(script)}``"
        f"\n{stamp_def}\n"
    )
    source[0] = text


#: How the stamp reads in each language: versions, device, data, date.
STAMP_TEXT = {
    "en": {
        "template": "torch {torch}, torchvision {torchvision}; outputs computed on {device}; data: {data}; "
                    "run on {date}.",
        "cpu": "the CPU ({name}, {cores} cores)",
        "cuda": "the GPU {name}",
        "data": {"full": "full MNIST (70,000 images)", "sample": "the offline MNIST sample (5,000 digits)",
                 "none": "generated in the script"},
    },
    "zh_CN": {
        "template": "torch {torch}、torchvision {torchvision}；输出在{device}上计算；数据：{data}；"
                    "运行于 {date}。",
        "cpu": " CPU（{name}，{cores} 核）",
        "cuda": " GPU {name} ",
        "data": {"full": "完整的 MNIST（70,000 张图像）", "sample": "离线 MNIST 样本（5,000 个数字）",
                 "none": "脚本中生成"},
    },
}


class StampRole(SphinxRole):
    """``:tutorial-stamp:`torch;torchvision;device;data;date``` in the page's language."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            torch_v, vision_v, device, data, day = self.text.split(";")
            kind, name, cores = device.split(":")
            words = STAMP_TEXT.get(self.config.language or "en", STAMP_TEXT["en"])
            where = words[kind].format(name=name, cores=cores)
            text = words["template"].format(torch=torch_v, torchvision=vision_v, device=where,
                                             data=words["data"][data], date=day)
        except (ValueError, KeyError) as error:
            msg = self.inliner.reporter.error(f"bad tutorial-stamp {self.text!r}: {error}")
            return [], [msg]
        return [nodes.inline(text=text, classes=["tutorial-stamp-text"])], []


#: When this build started: examples whose cost file is newer ran in it.
_STARTED = [time.time()]


def _note_start(app: Sphinx, config: Any) -> None:
    _STARTED[0] = time.time() - 1


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _note_start)
    app.connect("builder-inited", record_runs, priority=900)  # after sphinx-gallery ran the examples
    app.connect("source-read", decorate_example_page)
    app.add_role("tutorial-stamp", StampRole())
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
