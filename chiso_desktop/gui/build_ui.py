"""Compile ``ui/*.ui`` into ``chiso_desktop/gui/generated/`` (run after editing a form).

We compile with ``pyside6-uic`` rather than load with ``QUiLoader`` at run
time because the generated ``retranslateUi`` is what a live language switch
calls. The output is rewritten to import Qt through our seam
(:mod:`chiso_desktop.gui.qt`), unused names are dropped, and each file is
marked generated. Never edit the generated files by hand.

    python -m chiso_desktop.gui.build_ui          # rebuild all
    python -m chiso_desktop.gui.build_ui --check  # exit 1 if any is stale
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from chiso_desktop.paths import ui_dir

GENERATED = Path(__file__).with_name("generated")
HEADER = "# GENERATED from ui/{name} by chiso_desktop/gui/build_ui.py: do not edit.\n"
_IMPORT = re.compile(r"^from PySide6\.Qt\w+ import \(([^)]*)\)\n", re.MULTILINE)
_IMPORT_ONE = re.compile(r"^from PySide6\.Qt\w+ import ([\w, ]+)\n", re.MULTILINE)


def _uic() -> str:
    exe = Path(sys.executable).with_name("pyside6-uic")
    return str(exe) if exe.exists() else "pyside6-uic"


def rewrite(source: str, name: str) -> str:
    """Imports through the seam, only the names the form uses."""
    names: list[str] = []
    for match in _IMPORT.finditer(source):
        names += [n.strip() for n in match.group(1).replace("\n", " ").split(",") if n.strip()]
    for match in _IMPORT_ONE.finditer(source):
        names += [n.strip() for n in match.group(1).split(",") if n.strip()]
    body = _IMPORT_ONE.sub("", _IMPORT.sub("", source))
    body = re.sub(r"^#+\n(?:#.*\n)*#+\n", "", body, count=1, flags=re.MULTILINE)
    body = re.sub(r"\n{3,}", "\n\n", body.replace("# -*- coding: utf-8 -*-\n", ""))
    used = sorted({n for n in names if re.search(rf"\b{n}\b", body)})
    lines = "".join(f"    {n},\n" for n in used)
    head = HEADER.format(name=name) + f"from chiso_desktop.gui.qt import (\n{lines})\n"
    return head + body.lstrip("\n")


def compile_form(ui: Path) -> str:
    out = subprocess.run([_uic(), "--from-imports", str(ui)], check=True, capture_output=True,
                         text=True).stdout
    out = out.replace("from  . ", "from . ")
    return rewrite(out, ui.name)


def target_for(ui: Path) -> Path:
    return GENERATED / f"ui_{ui.stem}.py"


def main(argv: list[str] | None = None) -> int:
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    for ui in sorted(ui_dir().glob("*.ui")):
        text = compile_form(ui)
        target = target_for(ui)
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(target.name)
        if not check:
            target.write_text(text, encoding="utf-8")
    if stale:
        print(("stale: " if check else "wrote: ") + ", ".join(stale))
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
