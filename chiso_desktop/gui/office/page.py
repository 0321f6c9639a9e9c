"""Register the Office's pages with the main window (picked up by ``load_builtin_pages``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chiso_desktop.gui.office.import_page import ImportPage
from chiso_desktop.gui.pages import PageSpec, register_page
from chiso_desktop.i18n import _

if TYPE_CHECKING:
    from chiso_desktop.gui.context import AppContext
    from chiso_desktop.gui.qt import QWidget

OFFICE = frozenset({"office"})


# The pages after the import view load their modules (charts, reports) when first shown.
def ConflictsPage(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from chiso_desktop.gui.office.conflicts_page import ConflictsPage as Page

    return Page(ctx, parent)


def MergedPage(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from chiso_desktop.gui.office.merged_page import MergedPage as Page

    return Page(ctx, parent)


def DashboardPage(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from chiso_desktop.gui.office.dashboard_page import DashboardPage as Page

    return Page(ctx, parent)


def FinalizePage(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from chiso_desktop.gui.office.finalize_page import FinalizePage as Page

    return Page(ctx, parent)


register_page(PageSpec(key="office_import", title=lambda: _("Import bundles"), factory=ImportPage,
                       roles=OFFICE, order=20, shortcut="Ctrl+2", file_suffixes=(".chiso",),
                       eager=True))
register_page(PageSpec(key="office_conflicts", title=lambda: _("Conflicts"),
                       factory=ConflictsPage, roles=OFFICE, order=30, shortcut="Ctrl+3"))
register_page(PageSpec(key="office_merged", title=lambda: _("Merged view"), factory=MergedPage,
                       roles=OFFICE, order=40, shortcut="Ctrl+4"))
register_page(PageSpec(key="office_dashboard", title=lambda: _("Dashboard"),
                       factory=DashboardPage, roles=OFFICE, order=50, shortcut="Ctrl+5"))
register_page(PageSpec(key="office_finalize", title=lambda: _("Approve and outputs"),
                       factory=FinalizePage, roles=OFFICE, order=60, shortcut="Ctrl+6"))
