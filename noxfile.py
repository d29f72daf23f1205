"""Build the bilingual site, run its tests, and check every snippet on a device.

``nox -s docs`` builds English and Simplified Chinese; ``nox -s tests`` builds the site and runs
the test suite; ``nox -s "doctest(cpu)"`` / ``nox -s "doctest(cuda)"`` run every example and
doctest with that default device. PyTorch (about 5.5 GB) is installed once per machine into a
shared environment that every session links to, not once per session.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox

nox.options.sessions = ["docs", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).parent
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
EXAMPLES = ROOT / "examples"
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")

#: The PyTorch release every session uses. It lives in one shared environment per machine.
TORCH_PINS = ("torch==2.14.1", "torchvision==0.29.1")
TORCH_HOME = Path(os.environ.get("TUTORIAL_TORCH_HOME", Path.home() / ".cache" / "pytorch-from-zero"))
SPHINX = ("-W", "--keep-going", "-q")


def _purelib(session: nox.Session, python: str = "python") -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    out = session.run(python, "-c", code, silent=True, external=True)
    return Path(out.strip().splitlines()[-1])


def _link_shared_torch(session: nox.Session) -> None:
    """Install torch once per machine and Python version, and make this session see it."""
    version = session.run("python", "-c", "import sys; print('%d.%d' % sys.version_info[:2])", silent=True)
    env = TORCH_HOME / f"{TORCH_PINS[0].replace('==', '-')}-py{version.strip()}"
    python = env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    probe = [str(python), "-c", "import torch, torchvision"]
    if not python.exists() or subprocess.run(probe, capture_output=True).returncode != 0:
        session.log(f"installing {' '.join(TORCH_PINS)} once into {env}")
        session.run("python", "-m", "venv", "--clear", str(env))
        session.run(str(python), "-m", "pip", "install", "--quiet", *TORCH_PINS, external=True)
    (_purelib(session) / "_pytorch_from_zero_torch.pth").write_text(f"{_purelib(session, str(python))}\n")


def _install(session: nox.Session, *groups: str) -> None:
    """Link the shared torch, then install the project and the named dependency groups."""
    _link_shared_torch(session)
    requirements = [req for group in groups for req in nox.project.dependency_groups(PYPROJECT, group)]
    session.install("-e", ".", *requirements)


def _languages() -> list[str]:
    """The languages listed in docs/conf.py's ``site_languages``, source language first."""
    tree = ast.parse((DOCS / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "site_languages" for t in targets):
                return list(ast.literal_eval(node.value))
    raise RuntimeError("docs/conf.py defines no site_languages")


def _build_site(session: nox.Session) -> None:
    """English (running the examples once), then the catalogs, then each translation."""
    source, *translations = _languages()
    if source != "en":
        session.error(f"the first of site_languages must be the source language 'en', got {source!r}")
    env = {"MPLBACKEND": "Agg", "TUTORIAL_DEVICE": os.environ.get("TUTORIAL_DEVICE", "cpu")}
    session.run("sphinx-build", *SPHINX, "-b", "html", "-D", f"language={source}",
                "-d", str(BUILD / "doctrees" / source), str(DOCS), str(BUILD / "html" / source), env=env)
    session.run("sphinx-build", *SPHINX, "-b", "gettext", "-d", str(BUILD / "doctrees" / "gettext"),
                str(DOCS), str(BUILD / "gettext"), env=env)
    for language in translations:
        session.run("sphinx-intl", "update", "-p", str(BUILD / "gettext"), "-d", str(DOCS / "locales"),
                    "-l", language, "--line-width", "-1", "--no-obsolete", silent=True)
        session.run("sphinx-build", *SPHINX, "-b", "html", "-D", f"language={language}",
                    "-d", str(BUILD / "doctrees" / language), str(DOCS), str(BUILD / "html" / language), env=env)
    session.log(f"site: {BUILD / 'html' / 'index.html'} (preview: python -m http.server -d {BUILD / 'html'})")


def _ensure_chromium(session: nox.Session) -> None:
    """The browser tests drive Debian's Chromium: install it with apt when we may, else say how."""
    if shutil.which("chromium"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", "-qq", external=True, env=env)
        session.run("apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-cjk", external=True, env=env)
        return
    session.error("the browser tests need Chromium: install it (Debian: sudo apt-get install chromium fonts-noto-cjk)")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site in every language into docs/_build/html/ (and refresh the catalogs)."""
    _install(session, "docs")
    _build_site(session)


@nox.session
def tests(session: nox.Session) -> None:
    """Build the site, then run the test suite against it (browser tests included)."""
    _ensure_chromium(session)
    _install(session, "docs", "tests")
    _build_site(session)
    session.run("pytest", *session.posargs, env={"MPLBACKEND": "Agg"})


@nox.session
@nox.parametrize("device", ["cpu", "cuda"], ids=["cpu", "cuda"])
def doctest(session: nox.Session, device: str) -> None:
    """Run every example as its own process and every doctest with this default device."""
    _install(session, "docs", "tests")
    probe = f"from tutorial_utils import get_device; print(get_device({device!r}))"
    try:
        session.run("python", "-c", probe, silent=True)
    except nox.command.CommandFailed:
        session.error(f"doctest({device}) needs a {device} device that PyTorch can use; none was found here")
    env = {"MPLBACKEND": "Agg", "TUTORIAL_DEVICE": device}
    strict = ("-W", "error::DeprecationWarning", "-W", "error::FutureWarning")
    session.run("pytest", *strict, "-p", "no:cacheprovider", "--doctest-modules", "--doctest-glob=*.md",
                "tutorial_utils", *sorted(str(page) for page in DOCS.glob("*.md")), env=env)
    for script in sorted(EXAMPLES.glob("*/*.py")):
        session.run("python", *strict, "tests/run_on_device.py", device, str(script), env=env)
