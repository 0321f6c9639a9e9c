"""Register the Office's pages with the main window (picked up by ``load_builtin_pages``)."""

from __future__ import annotations

from chiso_desktop.gui.office.conflicts_page import ConflictsPage
from chiso_desktop.gui.office.dashboard_page import DashboardPage
from chiso_desktop.gui.office.finalize_page import FinalizePage
from chiso_desktop.gui.office.import_page import ImportPage
from chiso_desktop.gui.office.merged_page import MergedPage
from chiso_desktop.gui.pages import PageSpec, register_page
from chiso_desktop.i18n import _

OFFICE = frozenset({"office"})

register_page(PageSpec(key="office_import", title=lambda: _("Import bundles"), factory=ImportPage,
                       roles=OFFICE, order=20, shortcut="Ctrl+2", file_suffixes=(".chiso",)))
register_page(PageSpec(key="office_conflicts", title=lambda: _("Conflicts"),
                       factory=ConflictsPage, roles=OFFICE, order=30, shortcut="Ctrl+3"))
register_page(PageSpec(key="office_merged", title=lambda: _("Merged view"), factory=MergedPage,
                       roles=OFFICE, order=40, shortcut="Ctrl+4"))
register_page(PageSpec(key="office_dashboard", title=lambda: _("Dashboard"),
                       factory=DashboardPage, roles=OFFICE, order=50, shortcut="Ctrl+5"))
register_page(PageSpec(key="office_finalize", title=lambda: _("Approve and outputs"),
                       factory=FinalizePage, roles=OFFICE, order=60, shortcut="Ctrl+6"))
