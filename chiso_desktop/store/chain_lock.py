"""One writer at a time on the hash chains, on PostgreSQL too.

A chained row takes its id and its ``prev_hash`` from the row before it, so
two transactions appending at once would both link to the same predecessor
and ``chiso audit verify`` would report a break that no one made. SQLite
serialises writers already (``BEGIN IMMEDIATE``). On PostgreSQL the first
chained write of a transaction takes a transaction-level advisory lock
(``pg_advisory_xact_lock``), held until commit or rollback, before the row
gets its id; a second officer's append waits for it, then reads the committed
chain head (READ COMMITTED takes a new snapshot per statement).

Writers that read before they write (saving a value reads the current one;
a merge reads the period's values) take the lock before reading, the way
SQLite's ``BEGIN IMMEDIATE`` takes the write lock at the start, so two officers
creating the same value cannot both find it absent.

The hook is separate from ``store.chain`` on purpose: the chain's rules may
change; who may append, and when, does not.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session

CHAIN_LOCK = 0x63686931  # "chi1": one key for every chain (history, audit log, row seals)
_HELD = "chiso_chain_lock"


def hold_chain_lock(session: Session) -> None:
    """Serialise this transaction's chain appends with every other writer's (idempotent)."""
    hold_chain_lock_on(session.connection())


def hold_chain_lock_on(conn: Connection) -> None:
    """``hold_chain_lock`` for Core writers that have only the transaction's connection."""
    if conn.dialect.name != "postgresql" or conn.info.get(_HELD):
        return
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK})")
    conn.info[_HELD] = True


def _forget(conn: Any) -> None:
    conn.info.pop(_HELD, None)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Take the lock before a new chained row is given its id by the flush."""
    from chiso_desktop.store.models import AuditEntry, ValueHistory

    if any(isinstance(obj, ValueHistory | AuditEntry) for obj in session.new):
        hold_chain_lock(session)


_installed = False


def install_chain_lock(engine: Engine) -> None:
    """Wire the hook: forget the lock at transaction end; take it before chained flushes."""
    global _installed
    if engine.dialect.name != "postgresql":
        return
    for name in ("commit", "rollback"):
        event.listen(engine, name, _forget)
    if not _installed:
        event.listen(Session, "before_flush", _before_flush)
        _installed = True
