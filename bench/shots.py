"""What the screenshot scripts share: the sizes, the demo's fixed day, the application, a shot.

``bench/screenshots.py`` and ``bench/screenshots_setup.py`` both take Vietnamese
screenshots of a demo ward at 1024×600 and 1366×768 under Xvfb::

    xvfb-run -a -s '-screen 0 1366x768x24' python bench/screenshots.py [OUT_DIR]

:func:`start` makes the application as the real one starts (language, translators);
:meth:`Shots.save` saves one widget and prints what does not fit in it (cut text,
buttons past the edge, a page that scrolls sideways), so a bad layout is seen in the
log as well as in the picture.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

SIZES = ((1024, 600), (1366, 768))
TODAY = date.today()
"""The day the demo ward is built for and every window shows: the real one, so what the
demo stamps with the clock (arrivals, key enrolments, the Office's own edits) agrees with
the "Hôm nay" heading. The layout tests use a fixed day instead."""


@dataclass
class Shots:
    app: Any
    translators: Any  # kept: the translators live as long as this object
    out: Path
    problems: int = 0

    def settle(self, rounds: int = 8) -> None:
        for _ in range(rounds):
            self.app.processEvents()

    def save(self, widget: Any, name: str) -> None:
        """``widget`` as ``out/name``; its layout problems are printed and counted."""
        from chiso_desktop.gui.fit import cut_texts, off_screen

        self.settle()
        widget.grab().save(str(self.out / name))
        found = cut_texts(widget) + off_screen(widget)
        self.problems += len(found)
        size, hint = widget.size(), widget.minimumSizeHint()
        print(f"{name}: {size.width()}x{size.height()} (minimum {hint.width()}x"
              f"{hint.height()}), {len(found)} problems")
        for line in found:
            print("    " + line)


def start() -> Shots:
    """The application in Vietnamese with its translators, and the output folder (argv[1])."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("CHISO_LANG", "vi")
    from chiso_desktop import i18n
    from chiso_desktop.gui.app import make_application
    from chiso_desktop.gui.translator import Translators

    i18n.init_from_environment()
    app = make_application(sys.argv[:1])
    translators = Translators()
    translators.install(i18n.language())
    return Shots(app, translators, out)
