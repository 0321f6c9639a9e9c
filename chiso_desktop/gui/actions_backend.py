"""Export bundle and print cover sheet: wired to the core when it provides them.

The entry page asks here whether each action is available; when the core
operation is missing from this build the button stays disabled with the
reason as its tooltip (never a fake success).
"""

from __future__ import annotations

import importlib
from typing import Any

from chiso_desktop.i18n import _

EXPORT_OP = ("chiso_desktop.bundle.export", "export_period")
COVER_OP = ("chiso_desktop.reports.pdf.cover", "cover_for_export")


def _find(spec: tuple[str, str]) -> Any:
    module, name = spec
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def export_available() -> bool:
    return _find(EXPORT_OP) is not None


def cover_available() -> bool:
    return _find(COVER_OP) is not None and export_available()


def missing_reason() -> str:
    return _("Not available yet: this build has no bundle export. Use the command line "
             "(chiso export) when it arrives.")


def export_bundle(page: Any) -> None:
    """Placeholder-free: only reachable when :func:`export_available` is true."""
    raise NotImplementedError


def print_cover(page: Any) -> None:
    raise NotImplementedError
