"""setuptools hook: put the shipped files into the wheel, inside the package.

In the source tree the catalogs, fonts, icons, ``.ui`` files, translations and
user guides live at the top level (``resources/``, ``ui/``, ``i18n/``,
``docs/``), where PyInstaller and the tools find them. A wheel carries only
packages, so ``build_py`` copies them to ``chiso_desktop/_data/`` with the
same layout and compiles each ``.po`` to the ``.mo`` the app reads (the
``.mo`` files are not committed). ``chiso_desktop/paths.py`` looks there
first. Editable installs skip this: they read the source tree.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {  # folder -> patterns copied (relative layout kept)
    "resources/catalogs": ("*.toml",),
    "resources/samples": ("*",),
    "resources/fonts": ("*.ttf", "*.txt"),
    "resources/icons": ("*.svg", "*.png", "*.ico"),
    "ui": ("*.ui",),
    "docs": ("guide.*.md",),
}


class BuildPy(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        data = Path(self.build_lib) / "chiso_desktop" / "_data"
        if data.exists():
            shutil.rmtree(data)
        for folder, patterns in SHIPPED.items():
            for pattern in patterns:
                for src in sorted((ROOT / folder).glob(pattern)):
                    if src.is_file():
                        dest = data / folder / src.name
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(src, dest)
        self._compile_translations(data / "i18n")

    @staticmethod
    def _compile_translations(target: Path) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted((ROOT / "i18n").glob("*/LC_MESSAGES/*.po")):
            mo = target / po.parent.relative_to(ROOT / "i18n") / (po.stem + ".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            with open(po, "rb") as f:
                catalog = read_po(f)
            with open(mo, "wb") as f:
                write_mo(f, catalog)
