"""Where the application finds its shipped files and its default database.

The top-level ``resources/``, ``ui/``, ``i18n/`` and ``docs/`` folders live
beside the package in a source checkout (installed editable), beside the
executable in a PyInstaller build (``sys._MEIPASS``), and inside the package as
``chiso_desktop/_data/`` in an installed wheel (``build_hooks.py`` puts them
there, with the translations compiled), so one function resolves all three.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir


def app_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    package = Path(__file__).resolve().parent
    shipped = package / "_data"
    if shipped.is_dir():  # an installed wheel
        return shipped
    return package.parent


def resources_dir() -> Path:
    return app_root() / "resources"


def catalogs_dir() -> Path:
    return resources_dir() / "catalogs"


def ui_dir() -> Path:
    return app_root() / "ui"


def i18n_dir() -> Path:
    return app_root() / "i18n"


def docs_dir() -> Path:
    """The user guides (``docs/guide.<lang>.md``), shown by the in-app help (F1)."""
    return app_root() / "docs"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def default_db_path() -> Path | str:
    """The database the CLI and the GUI open without ``--db``: ``$CHISO_DB`` or the profile's.

    ``$CHISO_DB`` may be a ``postgresql://`` URL: it is returned as text, for
    ``store.db.parse_location`` to check (a Path would fold its ``//``).
    """
    env = os.environ.get("CHISO_DB")
    if env:
        return env if "://" in env else Path(env)
    return Path(user_data_dir("chiso-desktop", appauthor=False)) / "chiso.db"
