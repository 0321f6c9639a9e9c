"""The one way the GUI runs an operation, and the Office pages' shared wiring."""

from __future__ import annotations

import threading

import pytest

from chiso_desktop.errors import Refused
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.office.conflicts_page import ConflictsPage
from chiso_desktop.gui.operations import Changed, Operation, ask_passphrase
from chiso_desktop.gui.qt import QInputDialog, QMessageBox, QWidget
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.db import Database, Session
from chiso_desktop.store.models import AuditEntry


def test_an_operation_runs_off_the_ui_thread_commits_and_says_what_changed(
        qtbot, installed_db: Database) -> None:
    ctx = AppContext(installed_db)
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[object] = []
    ctx.changed.connect(seen.append)
    threads: list[int] = []

    def op(s: Session) -> int:
        threads.append(threading.get_ident())
        append_audit(s, "test-operation", "Lan")
        return 7

    results: list[int] = []
    Operation(parent, ctx, op, changes=Changed.VALUES | Changed.STATUS,
              title="not done").success(results.append).run_in_background()
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert results == [7] and threads[0] != threading.get_ident()
    assert seen == [Changed.VALUES | Changed.STATUS]
    with installed_db.session() as s:  # committed in the operation's own transaction
        assert s.query(AuditEntry).filter_by(action="test-operation").count() == 1


@pytest.mark.parametrize(("error", "expected"), [
    (Refused("The period is locked; reopen it first."), "The period is locked; reopen it first."),
    (RuntimeError("boom"), "boom"),
])
def test_failures_are_shown_one_way_and_change_nothing(
        qtbot, installed_db: Database, monkeypatch: pytest.MonkeyPatch, error: Exception,
        expected: str) -> None:
    ctx = AppContext(installed_db)
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, title, text, *a, **k: shown.append((title, text)))
    changed: list[object] = []
    ctx.changed.connect(changed.append)
    succeeded: list[object] = []

    def op(s: Session) -> None:
        append_audit(s, "rolled-back", "Lan")
        raise error

    Operation(parent, ctx, op, changes=Changed.VALUES,
              title="Not saved").success(succeeded.append).run_in_background()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    title, text = shown[0]
    assert title == "Not saved" and expected in text
    assert not succeeded and not changed
    with installed_db.session() as s:
        assert s.query(AuditEntry).filter_by(action="rolled-back").count() == 0


def test_a_page_reloads_only_for_what_it_shows(qtbot, installed_db: Database,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = AppContext(installed_db)
    reloads: list[int] = []
    monkeypatch.setattr(ConflictsPage, "reload", lambda self: reloads.append(1))
    page = ConflictsPage(ctx)
    qtbot.addWidget(page)
    reloads.clear()
    ctx.notify(Changed.STATUS | Changed.EXPORTS)
    assert reloads == []
    ctx.notify(Changed.CONFLICTS)
    assert reloads == [1]


def test_the_passphrase_comes_from_chiso_passphrase_when_set(
        qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    monkeypatch.setenv("CHISO_PASSPHRASE", "from the environment")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: pytest.fail("asked"))
    assert ask_passphrase(parent) == "from the environment"
    monkeypatch.delenv("CHISO_PASSPHRASE")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("typed", True))
    assert ask_passphrase(parent) == "typed"


def test_no_page_runs_its_own_thread() -> None:
    """Background work goes through Operation; only it calls the thread helper."""
    from pathlib import Path

    import chiso_desktop.gui as gui

    root = Path(gui.__file__).parent
    callers = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                     if "gui.workers import" in p.read_text(encoding="utf-8")
                     and p.name != "operations.py")
    assert callers == []


@pytest.mark.parametrize(("page_name", "shown", "not_shown"), [
    ("entry", Changed.STATUS, Changed.EXPORTS | Changed.IMPORTS | Changed.KEYS),
    ("picker", Changed.STATUS, Changed.VALUES | Changed.EXPORTS | Changed.CONFLICTS),
])
def test_department_widgets_reload_only_for_what_they_show(
        qtbot, installed_db: Database, monkeypatch: pytest.MonkeyPatch, page_name: str,
        shown: Changed, not_shown: Changed) -> None:
    from chiso_desktop.gui.entry.page import EntryPage
    from chiso_desktop.gui.period_picker import PeriodPicker

    ctx = AppContext(installed_db)
    reloads: list[int] = []
    if page_name == "entry":
        monkeypatch.setattr(EntryPage, "reload", lambda self, *a, **k: reloads.append(1))
        widget: QWidget = EntryPage(ctx)
    else:
        monkeypatch.setattr(PeriodPicker, "refresh", lambda self: reloads.append(1))
        widget = PeriodPicker(ctx)
    qtbot.addWidget(widget)
    reloads.clear()
    ctx.notify(not_shown)
    assert reloads == []
    ctx.notify(shown)
    assert reloads == [1]
