"""Maintaining the gettext catalogs: extract, update, compile, check.

``python -m chiso_desktop.i18n_tools update`` extracts every ``_()`` string
from the package and every translatable string from the ``.ui`` files (babel
has no ``.ui`` extractor; ``extract_ui`` is ours, with the form class as
``msgctxt`` the way Qt's translate() passes it) and merges them into
``i18n/<lang>/LC_MESSAGES/chiso.po``; ``compile`` writes the ``.mo`` files;
``check`` lists messages that lack a Vietnamese translation.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from chiso_desktop.i18n import DOMAIN, LANGUAGES
from chiso_desktop.paths import app_root, i18n_dir

KEYWORDS = {"_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None,
            "qt_string": ((1, "c"), 2)}


def extract_ui(fileobj: Any, keywords: Any, comment_tags: Any, options: Any
               ) -> Iterator[tuple[int, str, str | tuple[str, ...], list[str]]]:
    """Babel extractor for Qt Designer files: ``<string>`` elements, context = form class."""
    tree = ET.parse(fileobj)
    root = tree.getroot()
    cls = root.findtext("class") or ""
    for el in root.iter("string"):
        if el.get("notr") == "true" or not (el.text or "").strip():
            continue
        yield 0, "pgettext", (cls, el.text or ""), []


def extract_all() -> Catalog:
    root = app_root()
    catalog = Catalog(project="chiso-desktop", domain=DOMAIN)
    method_map = [("chiso_desktop/**.py", "python"), ("ui/**.ui", "chiso_ui")]
    options_map: dict[str, dict[str, Any]] = {}
    for filename, lineno, message, comments, context in _extract(root, method_map, options_map):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _extract(root: Path, method_map: list[tuple[str, str]], options_map: dict[str, dict[str, Any]]
             ) -> Iterator[tuple[str, int, Any, Any, str | None]]:
    from babel.messages import extract as ex

    extractors = {"python": ex.extract_python, "chiso_ui": extract_ui}
    for pattern, method in method_map:
        base, _sep, glob = pattern.partition("/**")
        folder = root / base
        suffix = glob.lstrip(".") if glob else ""
        for path in sorted(folder.rglob(f"*.{suffix}" if suffix else "*")):
            if "generated" in path.parts:
                continue
            rel = path.relative_to(root).as_posix()
            with path.open("rb") as f:
                for lineno, funcname, messages, comments in extractors[method](
                        f, KEYWORDS, ["TRANSLATORS:"], {}):
                    context = None
                    msgs = messages if isinstance(messages, tuple) else (messages,)
                    if funcname in ("pgettext", "qt_string"):
                        if len(msgs) < 2 or not msgs[0] or not msgs[1]:
                            continue
                        context, msgs = msgs[0], msgs[1:]
                    if funcname == "ngettext":
                        if len(msgs) < 2 or not msgs[0]:
                            continue
                        yield rel, lineno, (msgs[0], msgs[1]), comments, None
                        continue
                    if not msgs or not isinstance(msgs[0], str) or not msgs[0]:
                        continue
                    yield rel, lineno, msgs[0], comments, context


def po_path(lang: str) -> Path:
    return i18n_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def update() -> None:
    template = extract_all()
    for lang in LANGUAGES:
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="chiso-desktop", domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        if lang == "en":
            for msg in catalog:
                if not msg.id:
                    continue
                if isinstance(msg.id, tuple | list):
                    if not isinstance(msg.string, tuple | list) or not all(msg.string):
                        msg.string = tuple(msg.id)
                elif not msg.string:
                    msg.string = msg.id
        with path.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, ignore_obsolete=True)


def compile_all() -> None:
    for lang in LANGUAGES:
        path = po_path(lang)
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        with path.with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog)


def untranslated(lang: str = "vi") -> list[str]:
    """Messages in the source that have no translation in ``lang``."""
    path = po_path(lang)
    translated: dict[tuple[str | None, str], bool] = {}
    if path.exists():
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        for msg in catalog:
            key = msg.id if isinstance(msg.id, str) else msg.id[0]
            ok = bool(msg.string) and not msg.fuzzy
            if isinstance(msg.string, tuple):
                ok = all(msg.string) and not msg.fuzzy
            translated[(msg.context, key)] = ok
    missing = []
    for msg in extract_all():
        if not msg.id:
            continue
        key = msg.id if isinstance(msg.id, str) else msg.id[0]
        if not translated.get((msg.context, key)):
            missing.append(f"{msg.context + ' | ' if msg.context else ''}{key}")
    return missing


def main(argv: list[str] | None = None) -> int:
    cmd = (argv or sys.argv[1:] or ["check"])[0]
    if cmd == "update":
        update()
    elif cmd == "compile":
        compile_all()
    elif cmd == "check":
        missing = untranslated("vi")
        for m in missing:
            print(m)
        print(f"{len(missing)} message(s) without a Vietnamese translation")
        return 1 if missing else 0
    else:
        print("usage: python -m chiso_desktop.i18n_tools update|compile|check")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
