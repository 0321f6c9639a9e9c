"""What every page of the window shares: the database, who we are, the period, the language.

A ``QObject`` so pages can follow changes through signals instead of asking
the window. Each user action opens its own session (``with ctx.session() as
s, s.begin():``), as the core expects.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from chiso_desktop import i18n, settings
from chiso_desktop.catalog.model import CatalogKind
from chiso_desktop.entry.scope import Scope, load_scope
from chiso_desktop.gui.qt import QObject, Signal
from chiso_desktop.periods.deadlines import WARD_PLAN_RULES, DeadlineRules
from chiso_desktop.periods.period import Period
from chiso_desktop.store.db import Database, Session
from chiso_desktop.store.installation import Identity, read_identity

if TYPE_CHECKING:
    from chiso_desktop.exchange.importer import Handlers
    from chiso_desktop.gui.operations import Changed


class AppContext(QObject):
    period_changed = Signal(object)
    language_changed = Signal(str)
    changed = Signal(object)
    """What an operation changed (``gui.operations.Changed``), so a page reloads only when it
    shows some of it: the one change signal, no bare "something changed"."""
    identity_changed = Signal()

    def __init__(self, db: Database, handlers: Handlers | None = None) -> None:
        super().__init__()
        self.db = db
        self._handlers = handlers
        self.identity: Identity | None = None
        self.scope: Scope | None = None
        self.rules: DeadlineRules = WARD_PLAN_RULES
        self.period: Period | None = None
        self.reload_identity()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.db.session() as s, s.begin():
            yield s

    @property
    def handlers(self) -> Handlers:
        """The import table, put together once for this window (on first use: start-up
        of a department's window does not load the Office's modules)."""
        if self._handlers is None:
            from chiso_desktop.office.handlers import import_handlers

            self._handlers = import_handlers()
        return self._handlers

    @property
    def lang(self) -> str:
        return i18n.language()

    @property
    def role(self) -> str:
        return self.identity.role if self.identity else ""

    @property
    def department(self) -> str:
        return self.identity.department if self.identity else ""

    @property
    def actor(self) -> str:
        with self.session() as s:
            name = settings.get(s, settings.ACTOR)
        return name or (self.identity.officer if self.identity else "")

    def reload_identity(self) -> None:
        with self.session() as s:
            self.identity = read_identity(s)
            if self.identity is None:
                return
            settings.upgrade(s)
            self.scope = load_scope(s)
            lang = settings.get(s, settings.LANGUAGE)
        plan = self.scope.plan if self.scope else None
        self.rules = DeadlineRules.from_catalog(plan) if plan is not None and \
            plan.kind is CatalogKind.PLAN else WARD_PLAN_RULES
        i18n.set_language(lang)
        self.identity_changed.emit()

    def notify(self, changes: Changed) -> None:
        """Tell the window what changed (``changed`` with the flags)."""
        self.changed.emit(changes)

    def set_period(self, period: Period) -> None:
        if period != self.period:
            self.period = period
            self.period_changed.emit(period)

    def set_language(self, lang: str) -> None:
        with self.session() as s:
            settings.put(s, settings.LANGUAGE, lang)
        i18n.set_language(lang)
        self.language_changed.emit(lang)
