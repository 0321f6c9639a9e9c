"""The main window's pages, registered by role.

A feature adds itself with :func:`register_page`; the window builds the pages
whose ``roles`` include the installation's role, in ``order``. The Office
views (import, conflicts, merged view, dashboard) plug in the same way as the
entry page, without editing the window.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chiso_desktop.gui.context import AppContext
    from chiso_desktop.gui.qt import QWidget


class Page(Protocol):
    """What a page widget offers the window (all optional beyond being a QWidget)."""

    def retranslate(self) -> None: ...


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: Callable[[], str]
    """Called on every language change, so it returns the translated title."""
    factory: Callable[[AppContext, QWidget | None], QWidget]
    roles: frozenset[str]
    order: int = 100
    shortcut: str = ""
    file_suffixes: tuple[str, ...] = ()
    """Files this page opens (``.chiso`` for the Office import view)."""
    eager: bool = False
    """Build at start even when not the first tab (the import view takes drops on the window)."""


_registry: dict[str, PageSpec] = {}


def register_page(spec: PageSpec) -> None:
    _registry[spec.key] = spec


def pages_for(role: str) -> list[PageSpec]:
    return sorted((p for p in _registry.values() if role in p.roles), key=lambda p: p.order)


def load_builtin_pages() -> None:
    """Import every ``chiso_desktop.gui.<feature>.page`` module so it registers itself.

    A new feature package with a ``page.py`` is picked up without editing this file.
    """
    import chiso_desktop.gui as gui

    for info in pkgutil.iter_modules(gui.__path__):
        if info.ispkg and info.name != "generated":
            try:
                importlib.import_module(f"chiso_desktop.gui.{info.name}.page")
            except ModuleNotFoundError as exc:
                if exc.name != f"chiso_desktop.gui.{info.name}.page":
                    raise
