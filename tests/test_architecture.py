"""The house rules: the core never imports Qt, and the import contracts hold."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import importlib, pkgutil, sys

    class NoQt:
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6" or name.startswith("PySide6."):
                raise ImportError("Qt is not allowed in the core: " + name)
            return None

    sys.meta_path.insert(0, NoQt())
    import chiso_desktop
    for mod in pkgutil.walk_packages(chiso_desktop.__path__, "chiso_desktop."):
        if mod.name.startswith("chiso_desktop.gui") or ".migrations" in mod.name:
            continue
        importlib.import_module(mod.name)
    assert not any(m.startswith("PySide6") for m in sys.modules)
    print("core-ok")
""")


def test_core_imports_without_qt() -> None:
    res = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    assert "core-ok" in res.stdout


def test_import_contracts_hold() -> None:
    """The layers, Qt only in gui/, pure bundle/ and values/, no SQL in gui/ or cli/.

    The contracts live in pyproject.toml ([tool.importlinter]); imports inside
    functions count, unlike the import-time check above.
    """
    from pathlib import Path

    from importlinter.cli import lint_imports

    root = Path(__file__).resolve().parent.parent
    code = lint_imports(config_filename=str(root / "pyproject.toml"), no_cache=True)
    assert code == 0, "lint-imports found a broken contract (its report is above)"
