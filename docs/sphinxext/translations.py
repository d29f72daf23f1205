"""How complete each page's translation is, and what a build does about it.

As a Sphinx extension, in a translation's build: a page whose catalog still has untranslated
or fuzzy messages shows that text in English (Sphinx uses neither) under a notice in the
page's language, with a link to the same page in English and to the page on how to help.
A complete page has no notice. The notice's words are ``site_languages[...]["incomplete"]``
in conf.py.

As a command, run with the docs environment's Python (``nox -s translations`` does)::

    python docs/sphinxext/translations.py status [--json] [--strict]
    python docs/sphinxext/translations.py update POT_DIR [--only POT ...]

``status`` prints, per chapter and page, the messages, how many are translated, fuzzy and
untranslated, and the glossary terms whose translation in that page differs from the
glossary (``--json`` for tools; ``--strict`` exits 1 while anything is untranslated or
fuzzy). ``update`` is ``sphinx-intl update`` (fuzzy matching kept, obsolete messages
dropped, lines never wrapped) that leaves a catalog whose messages did not change
byte-identical, keeps the header of one that did, and starts a new page's catalog with the
project's header: a build changes a catalog only where its messages changed. A message that
is only a ``:doc:`` link (a toctree entry) is filled with itself, not with a fuzzy guess, and
an empty message that another catalog translates word for word (always the same way) gets
that translation.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parents[1]
LOCALES = DOCS / "locales"
#: The catalog whose header every new catalog copies.
HEADER_MODEL = "index.po"
_HEADER_END = re.compile(r'^msgid ""\nmsgstr ""\n(?:".*"\n)*', re.M)
_CREATED = re.compile(r'"POT-Creation-Date: [^"]*\\n"\n')
#: A message that is only a link to a page (a toctree entry): it reads the same in every
#: language, so it is filled with itself instead of a fuzzy guess at another page's link.
_LINK_ONLY = re.compile(r'^(?:#, fuzzy\nmsgid "(:doc:`[^`"]+`)"\nmsgstr "[^"\n]*"|msgid "(:doc:`[^`"]+`)"\nmsgstr "")\n', re.M)


@dataclass
class PageStatus:
    """One page's catalog: its message counts and where it departs from the glossary."""

    page: str
    messages: int = 0
    translated: int = 0
    fuzzy: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.fuzzy and not self.untranslated


def glossary_rows(glossary: Path = DOCS / "glossary.md") -> list[list[str]]:
    """The cells of the table in glossary.md, row by row: the header first, then the rule."""
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in glossary.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]


def glossary_terms(glossary: Path = DOCS / "glossary.md") -> dict[str, str]:
    """The glossary's English term → its Chinese, from the table in glossary.md."""
    return {row[0]: row[1] for row in glossary_rows(glossary)[2:] if len(row) >= 2}


def term_pattern(term: str) -> re.Pattern[str]:
    """Where an English term stands in prose: whole word, plural allowed, not inside code or an API name."""
    return re.compile(rf"(?<![`\w.]){re.escape(term)}s?(?![`\w])", re.I)


def page_status(po: Path, page: str, terms: dict[str, str] | None = None) -> PageStatus:
    """Count one catalog's messages; list its untranslated and fuzzy ones, and glossary departures."""
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    status = PageStatus(page)
    departures: set[str] = set()
    for message in catalog:
        if not message.id:
            continue  # the header
        status.messages += 1
        msgid, msgstr = str(message.id), str(message.string or "")
        if not msgstr:
            status.untranslated.append(msgid)
        elif message.fuzzy:
            status.fuzzy.append(msgid)
        else:
            status.translated += 1
        prose = re.sub(r"``.*?``|`[^`]*`", "", msgid)
        for english, chinese in (terms or {}).items():
            if msgstr and msgstr != msgid and term_pattern(english).search(prose):
                forms = [form.lower() for form in re.split(r"[（）()；;、/]|\s", chinese)
                         if re.search(r"[\u4e00-\u9fff]", form) or len(form) >= 2]
                if forms and not any(form in msgstr.lower() for form in forms):
                    departures.add(f"{english} → {chinese}")
    status.glossary = sorted(departures)
    return status


def site_status(language: str = "zh_CN") -> list[PageStatus]:
    """Every catalog of a language, in page order."""
    terms, folder = glossary_terms(), LOCALES / language / "LC_MESSAGES"
    return [page_status(po, po.relative_to(folder).with_suffix("").as_posix(), terms) for po in sorted(folder.rglob("*.po"))]


def status_table(pages: list[PageStatus]) -> str:
    """A Markdown table per chapter (a folder of catalogs), then the totals."""
    lines: list[str] = []
    chapter = None
    for page in pages:
        folder = page.page.rsplit("/", 1)[0] if "/" in page.page else "(site)"
        if folder != chapter:
            chapter = folder
            lines += ["", f"### {chapter}", "", "| page | messages | translated | fuzzy | untranslated | glossary |",
                      "| --- | ---: | ---: | ---: | ---: | --- |"]
        lines.append(f"| {page.page.rsplit('/', 1)[-1]} | {page.messages} | {page.translated} | {len(page.fuzzy)} | "
                     f"{len(page.untranslated)} | {'; '.join(page.glossary)} |")
    total = {name: sum(getattr(p, name) if isinstance(getattr(p, name), int) else len(getattr(p, name))
                       for p in pages) for name in ("messages", "translated", "fuzzy", "untranslated")}
    lines += ["", f"**{len(pages)} pages: {total['messages']} messages, {total['translated']} translated, "
              f"{total['fuzzy']} fuzzy, {total['untranslated']} untranslated.**"]
    return "\n".join(lines).strip() + "\n"


def _header(text: str) -> str:
    match = _HEADER_END.search(text)
    if match is None:
        raise ValueError("a catalog without a header entry (msgid \"\")")
    return text[: match.end()]


def _with_header(text: str, header: str) -> str:
    return header + text[len(_header(text)):]


def update(pot_dir: Path, language: str = "zh_CN", only: list[str] | None = None) -> list[Path]:
    """Update the catalogs from the templates in ``pot_dir``; return the catalogs that changed.

    ``only`` (templates relative to ``pot_dir``) limits the update to those pages.
    """
    import tempfile

    from sphinx_intl.basic import update as intl_update

    folder = LOCALES / language / "LC_MESSAGES"
    before = {po: po.read_text(encoding="utf-8") for po in folder.rglob("*.po")}
    model = before.get(folder / HEADER_MODEL)
    with tempfile.TemporaryDirectory() as chosen:
        if only:  # sphinx-intl updates every template in a folder: give it just these
            for name in only:
                (Path(chosen) / name).parent.mkdir(parents=True, exist_ok=True)
                (Path(chosen) / name).write_bytes((pot_dir / name).read_bytes())
            pot_dir = Path(chosen)
        with contextlib.redirect_stdout(io.StringIO()):  # a "Not Changed" line per catalog; we say what changed
            intl_update(str(LOCALES), str(pot_dir), (language,), line_width=-1, ignore_obsolete=True, jobs=1)
    memory: dict[str, str] | None = None  # read only when some catalog changed
    changed = []
    for po in sorted(folder.rglob("*.po")):
        text = po.read_text(encoding="utf-8")
        if po in before and text == before[po]:
            continue
        memory = _translation_memory(before.values()) if memory is None else memory
        text = _fill_from_memory(po, memory)
        text = _LINK_ONLY.sub(lambda m: 'msgid "{0}"\nmsgstr "{0}"\n'.format(m.group(1) or m.group(2)), text)
        text = text.rstrip("\n") + "\n"  # one newline at the end, as in every catalog here
        if po in before:
            text = _with_header(text, _header(before[po]))  # the messages changed; the header stays
        elif model is not None:
            created = _CREATED.search(_header(text))
            header = _header(model)
            text = _with_header(text, _CREATED.sub(lambda _: created.group(0), header) if created else header)
        po.write_text(text, encoding="utf-8")
        if text != before.get(po):
            changed.append(po)
    return changed


def _translation_memory(catalogs: Any) -> dict[str, str]:
    """Every msgid that the catalogs translate one way only (not fuzzy, not kept as it is), with that translation."""
    from io import BytesIO

    from babel.messages.pofile import read_po

    seen: dict[str, set[str]] = {}
    for text in catalogs:
        for message in read_po(BytesIO(text.encode("utf-8"))):
            # a message kept as it is (the glossary's English column) is no translation to reuse
            if message.id and message.string and not message.fuzzy and message.string != message.id:
                seen.setdefault(str(message.id), set()).add(str(message.string))
    return {msgid: next(iter(strings)) for msgid, strings in seen.items() if len(strings) == 1}


def _fill_from_memory(po: Path, memory: dict[str, str]) -> str:
    """Fill the empty messages that another catalog already translates word for word.

    The same English sentence gets the same Chinese, as with msgmerge's compendium: the
    install line, the time budget and sphinx-gallery's lines reach a new page translated.
    Written back the way sphinx-intl writes (babel, no wrapping, no obsolete messages).
    """
    from io import BytesIO

    from babel.messages.pofile import read_po, write_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    filled = 0
    for message in catalog:
        if message.id and not message.string and str(message.id) in memory:
            message.string = memory[str(message.id)]
            filled += 1
    if filled:
        out = BytesIO()
        write_po(out, catalog, width=-1, ignore_obsolete=True)
        po.write_bytes(out.getvalue())
    return po.read_text(encoding="utf-8")


# --- in a translation's build ------------------------------------------------------------------


def add_notice(app: Any, doctree: Any) -> None:
    """Put the 'not fully translated' notice under the title of an incomplete page."""
    from docutils import nodes

    config = app.config
    language = config.language
    source = next(iter(config.site_languages))
    if language == source:
        return
    docname = app.env.docname
    po = LOCALES / language / "LC_MESSAGES" / f"{docname}.po"
    status = page_status(po, docname) if po.is_file() else None
    missing = None if status is None else len(status.untranslated) + len(status.fuzzy)
    if status is not None and status.complete:
        return
    words = config.site_languages[language].get("incomplete")
    if not words:
        from sphinx.errors import ConfigError

        raise ConfigError(f"site_languages[{language!r}] needs 'incomplete': the words of the untranslated-page notice")
    up = "../" * (docname.count("/") + 1)
    links = {"english": f"{up}{source}/{docname}.html", "help": f"{'../' * docname.count('/')}translate.html"}
    paragraph = nodes.paragraph()
    text = words["text"].format(count="?" if missing is None else missing, english="{english}", help="{help}")
    for piece in re.split(r"(\{english\}|\{help\})", text):
        name = piece.strip("{}")
        if name in links:
            paragraph += nodes.reference("", words[name], internal=False, refuri=links[name])
        elif piece:
            paragraph += nodes.Text(piece)
    notice = nodes.admonition(classes=["attention", "tutorial-untranslated"])
    notice += nodes.title("", words["title"])
    notice += paragraph
    section = next(iter(doctree.findall(nodes.section)), None)
    parent = section if section is not None else doctree
    index = next((i + 1 for i, child in enumerate(parent.children) if isinstance(child, nodes.title)), 0)
    parent.insert(index, notice)


def setup(app: Any) -> dict[str, Any]:
    app.connect("doctree-read", add_notice)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    status = commands.add_parser("status", help="per-page translation status")
    status.add_argument("--json", action="store_true", help="print JSON instead of tables")
    status.add_argument("--strict", action="store_true", help="exit 1 while anything is untranslated or fuzzy")
    status.add_argument("--language", default="zh_CN")
    upd = commands.add_parser("update", help="update the catalogs from .pot templates, without churn")
    upd.add_argument("pot_dir", type=Path)
    upd.add_argument("--only", nargs="*", help="templates (relative to POT_DIR) to update; default all")
    upd.add_argument("--language", default="zh_CN")
    args = parser.parse_args(argv)
    if args.command == "update":
        for po in update(args.pot_dir, args.language, args.only):
            print(f"updated {po.relative_to(DOCS)}")
        return 0
    pages = site_status(args.language)
    if args.json:
        print(json.dumps([{**asdict(p), "complete": p.complete} for p in pages], ensure_ascii=False, indent=1))
    else:
        print(status_table(pages), end="")
    return 1 if args.strict and not all(p.complete for p in pages) else 0


if __name__ == "__main__":
    sys.exit(main())
