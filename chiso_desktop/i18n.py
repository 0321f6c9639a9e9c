"""One translation system for the CLI, the core's messages and the GUI.

Messages are written in English in the source and translated through gettext
catalogs in ``i18n/<lang>/LC_MESSAGES/chiso.po`` (managed with babel).
Vietnamese is the default language. Numbers and dates go through babel with
the active locale, so ``9.275`` and ``51,9`` come out right.
"""

from __future__ import annotations

import contextlib
import gettext
import os
from functools import cache

from chiso_desktop.paths import i18n_dir

DOMAIN = "chiso"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_current = DEFAULT_LANGUAGE


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    localedir = i18n_dir()
    mo = localedir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    po = mo.with_suffix(".po")
    if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        _compile(po, mo)
    try:
        return gettext.translation(DOMAIN, localedir=str(localedir), languages=[lang])
    except OSError:
        return gettext.NullTranslations()


def _compile(po_path: os.PathLike[str], mo_path: os.PathLike[str]) -> None:
    """Compile a stale .po so a source checkout never shows English by accident."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    # Into a private name, then renamed: two processes starting at once must never
    # read each other's half-written .mo.
    tmp = f"{os.fspath(mo_path)}.{os.getpid()}.tmp"
    try:
        with open(po_path, "rb") as f:
            catalog = read_po(f)
        with open(tmp, "wb") as f:
            write_mo(f, catalog)
        os.replace(tmp, mo_path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(tmp)


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def language() -> str:
    return _current


def locale_name() -> str:
    """Babel locale for numbers and dates."""
    return "vi_VN" if _current == "vi" else "en_US"


def _(message: str) -> str:
    return _translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations(_current).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translations(_current).pgettext(context, message)


def init_from_environment() -> None:
    """``CHISO_LANG`` picks the language for the CLI and tests; default Vietnamese."""
    set_language(os.environ.get("CHISO_LANG", DEFAULT_LANGUAGE))
