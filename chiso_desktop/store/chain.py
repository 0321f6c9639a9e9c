"""Hash chains over the value history and the audit log.

Each row stores the hash of the previous row and its own hash over its
content, so a row edited or deleted outside the app breaks the chain at a
place ``chiso audit verify`` can name.

A row's hash is ``sha256(prev_hash + row_text)``, where ``row_text`` is the
row's columns, in the fixed order below, as a compact JSON array (UTF-8, no
ASCII escaping; None as null; datetimes as "YYYY-MM-DD HH:MM:SS.ffffff", the
text SQLite stores, so a bulk writer hashes exactly the values it inserts).
JSON keeps it unambiguous — any text, separators included, stays inside its
quotes — and the C encoder makes it cheap enough for bulk imports, which
compute the same text for 100,000s of rows (``sealed_history_rows``).

A history row of a breakdown cell (``combo`` other than ``default``) hashes
``combo`` as one more column after the fixed ones (``history_columns``);
rows of totals hash exactly what they hashed before combinations existed.

The other tables that matter (locks and approvals, trusted and own keys,
imported and exported bundles, conflicts and their resolutions, installed
catalogs, …: ``SEALED_TABLES``) change in place, so they are covered by a
third chain, ``row_seals``: at every commit that touched such a row, the
row's digest is appended. ``verify_store`` recomputes every row and compares
it with its newest seal. Current values are covered by the history: each must
equal the newest history row of it, provenance included.

Unkeyed hashes only catch edits that do not recompute them. What an attacker
cannot recompute is an *anchor* (``exchange/anchors.py``): the chain heads and
row counts signed with the installation's key. ``verify_store`` checks each
chain against the newest valid anchor; rows after it are "not yet anchored".
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import repeat
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import BindParameter, Table, bindparam, event, func, insert, select
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from chiso_desktop.store.chain_lock import hold_chain_lock, hold_chain_lock_on
from chiso_desktop.store.exchange_models import RowSeal
from chiso_desktop.store.models import DEFAULT_COMBO, AuditEntry, Base, ValueHistory

_HISTORY_COLUMNS = (
    "id", "value_id", "field_code", "period", "old_state", "old_value", "new_state",
    "new_value", "note", "reason", "actor", "at", "source", "bundle_id", "revision",
)
_AUDIT_COLUMNS = ("id", "at", "actor", "action", "detail")


def history_columns(combo: str) -> tuple[str, ...]:
    """The hashed columns of a history row: ``combo`` joins them only when it is not the
    default, so every row written before combinations existed keeps its hash."""
    return _HISTORY_COLUMNS if combo == DEFAULT_COMBO else (*_HISTORY_COLUMNS, "combo")


def _no_default(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not a row value")


def _row_texts() -> Callable[[Iterable[Sequence[Any]]], Iterator[str]]:
    """Row texts for many rows: json.dumps(row, ensure_ascii=False, separators=(",", ":"),
    allow_nan=False) for each, at C speed.

    ``JSONEncoder.encode`` builds a new C encoder on every call and is a
    Python call per row; bulk imports hash 100,000s of rows, so the C encoder
    is built once here and mapped over the rows (same C code, same text).
    """
    plain = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return partial(map, plain)
    c_encode = make(None, _no_default, json.encoder.encode_basestring, None, ":", ",", False,
                    False, False)

    def texts(rows: Iterable[Sequence[Any]]) -> Iterator[str]:
        return map("".join, map(c_encode, rows, repeat(0)))

    sample = [1, None, "\x1f\"é\n\\", "[],:"]
    assert list(texts([sample])) == [plain(sample)]
    return texts


_ROW_TEXTS = _row_texts()


def _row_text(row: Sequence[Any]) -> str:
    return next(_ROW_TEXTS((row,)))


def sealed_history_rows(prev_hash: str, rows: Sequence[tuple[Any, ...]]
                        ) -> list[tuple[Any, ...]]:
    """History rows (values in ``_HISTORY_COLUMNS`` order, ``at`` as stored text) chained
    after ``prev_hash``: each returned with its ``prev_hash`` and ``row_hash`` appended.

    The bulk writer's half of ``row_digest``: the same text and hash, without
    a Python call per row for the encoding.
    """
    if not rows:
        return []
    hashes: list[str] = []
    append = hashes.append
    sha256 = hashlib.sha256
    prev = prev_hash
    for text in _ROW_TEXTS(rows):
        prev = sha256((prev + text).encode()).hexdigest()
        append(prev)
    return list(map(operator.add, rows, zip([prev_hash, *hashes[:-1]], hashes, strict=True)))


def _canon(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    return value


def chain_digest(prev_hash: str, row_text: str) -> str:
    """The hash that links a row, given as its row text, to the one before it."""
    return hashlib.sha256((prev_hash + row_text).encode("utf-8")).hexdigest()


def row_digest(row: Any, columns: Iterable[str], prev_hash: str) -> str:
    return chain_digest(prev_hash, _row_text([_canon(getattr(row, c)) for c in columns]))


def seal_history(session: Session, row: ValueHistory) -> None:
    """Give a new history row its place in the chain (call after flush gave it an id)."""
    hold_chain_lock(session)
    prev = _last_hash_before(session, ValueHistory, row.id)
    row.prev_hash = prev
    row.row_hash = row_digest(row, history_columns(row.combo or DEFAULT_COMBO), prev)


_HEADS = sql_text(
    "SELECT (SELECT coalesce(max(id), 0) FROM data_values), "
    "(SELECT coalesce(max(id), 0) FROM value_history), "
    "(SELECT row_hash FROM value_history ORDER BY id DESC LIMIT 1)")


def _move_sequence(table: str, wanted: str) -> str:
    seq = f"pg_get_serial_sequence('{table}', 'id')"
    return (f"setval({seq}, greatest({wanted}, "
            f"coalesce(pg_sequence_last_value({seq}::regclass), 1), 1))")


_HEADS_PG = sql_text(
    "WITH m AS (SELECT (SELECT coalesce(max(id), 0) FROM data_values) AS v, "
    "(SELECT coalesce(max(id), 0) FROM value_history) AS h) "
    "SELECT m.v, m.h, (SELECT row_hash FROM value_history ORDER BY id DESC LIMIT 1), "
    f"{_move_sequence('data_values', 'm.v + :nv')}, "
    f"{_move_sequence('value_history', 'm.h + :nh')} FROM m")


def reserve_history(conn: Connection, n_values: int, n_history: int) -> tuple[int, int, str]:
    """The first free value id, the first free history id and the history chain's head,
    for a writer that gives its rows their ids (and so their hashes) before inserting them.

    Holds the chain lock: the largest ids and the head are the committed truth until
    this transaction ends (SQLite: BEGIN IMMEDIATE). On PostgreSQL the id sequences are
    moved past the ids taken (never back), so a later ORM insert gets a free id.
    """
    hold_chain_lock_on(conn)
    if conn.dialect.name == "postgresql":
        row = conn.execute(_HEADS_PG, {"nv": n_values, "nh": n_history}).one()
    else:
        row = conn.execute(_HEADS).one()
    return row[0] + 1, row[1] + 1, row[2] or ""


def _last_hash_before(session: Session, model: type[Any], row_id: int) -> str:
    last = session.execute(
        select(model.row_hash).where(model.id < row_id).order_by(model.id.desc()).limit(1)
    ).scalar_one_or_none()
    return last or ""


_AUDIT = cast(Table, AuditEntry.__table__)
_LAST_AUDIT = select(_AUDIT.c.id, _AUDIT.c.row_hash).order_by(_AUDIT.c.id.desc()).limit(1)
_INSERT_AUDIT = insert(_AUDIT)


_AUDIT_HEAD = "chiso_audit_head"
"""session.info: (id, row_hash) of the audit row this transaction appended last."""


@event.listens_for(Session, "after_soft_rollback")
def _forget_audit_head(session: Session, _previous: Any) -> None:
    session.info.pop(_AUDIT_HEAD, None)  # the row it names may be gone


def append_audit(session: Session, action: str, actor: str = "", **detail: Any) -> AuditEntry:
    """Write a sealed audit row in the session's transaction; return it (not attached).

    The row takes the id after the chain's last row before it is written, so
    its hashes are known up front and it is one INSERT, through Core on
    prepared statements (an import writes one per file). SQLite's BEGIN
    IMMEDIATE (and the unique id elsewhere) keeps two writers from taking the
    same place.
    """
    entry = next_audit_entry(session, action, actor, **detail)
    session.connection().execute(_INSERT_AUDIT, [audit_values(entry)])
    return entry


AUDIT_ROW = (*_AUDIT_COLUMNS, "prev_hash", "row_hash")
"""The columns of an audit row as written, in this order (``audit_values``)."""


def audit_values(entry: AuditEntry) -> dict[str, Any]:
    return {c: getattr(entry, c) for c in AUDIT_ROW}


def next_audit_entry(session: Session, action: str, actor: str = "", **detail: Any
                     ) -> AuditEntry:
    """The next audit row, sealed, for the caller to insert in this transaction before
    anything else appends (``append_audit`` does both; a bulk writer puts it in its own
    statement). The chain head moves on to it now."""
    hold_chain_lock(session)
    # This transaction is the only writer (BEGIN IMMEDIATE, the chain lock), and only this
    # module appends to the audit log: the row it appended last is still the head.
    last = session.info.get(_AUDIT_HEAD) or session.connection().execute(_LAST_AUDIT).first()
    entry = AuditEntry(
        id=last[0] + 1 if last else 1, at=datetime.now(), actor=actor, action=action,
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        prev_hash=last[1] if last else "",
    )
    entry.row_hash = row_digest(entry, _AUDIT_COLUMNS, entry.prev_hash)
    session.info[_AUDIT_HEAD] = (entry.id, entry.row_hash)
    return entry


# -- row seals: tables that change in place --------------------------------------------------

_FORMAT_1: dict[str, tuple[str, ...]] = {
    "installation": ("id", "role", "org_unit_id", "department_code", "language", "next_sequence",
                     "created_at"),
    "catalogs": ("id", "catalog_id", "version", "kind", "title", "document", "content_hash",
                 "body", "active", "installed_at"),
    "plan_assignments": ("id", "plan_id", "indicator_code", "department_code",
                         "primary_officer_id", "backup_officer_id"),
    "period_status": ("id", "org_unit_id", "department_code", "period", "status", "changed_at",
                      "changed_by", "submitted_on"),
    "period_locks": ("id", "org_unit_id", "period", "status", "approver", "position",
                     "approved_on", "comment", "revision", "reopen_reason"),
    "own_keys": ("id", "purpose", "public_key", "private_pem", "fingerprint", "created_at",
                 "active", "kdf"),
    "trusted_keys": ("id", "role", "org_unit", "department_code", "fingerprint", "public_key",
                     "sealing_key", "enrolled_at", "revoked_at", "replaced_by"),
    "imported_bundles": ("id", "bundle_id", "kind", "file_sha256", "sender_fingerprint",
                         "sender_org_unit", "department_code", "sequence", "periods",
                         "catalog_id", "imported_at", "counts", "equivocation",
                         "manifest_sha256"),
    "exported_bundles": ("id", "bundle_id", "kind", "sequence", "periods", "file_sha256", "path",
                         "created_at", "receipt_at"),
    "conflicts": ("id", "org_unit_id", "catalog_id", "field_code", "period", "kind",
                  "current_state", "current_value", "incoming_state", "incoming_value",
                  "incoming_note", "incoming_revision", "bundle_id", "sender_department",
                  "sender_fingerprint", "officer", "status", "resolution", "reason",
                  "created_at", "resolved_at", "resolved_by", "combo"),
    "correction_requests": ("id", "request_id", "direction", "department_code", "period",
                            "field_code", "comment", "status", "created_at"),
}
"""Seal format 1 (migration 0004): the covered tables and the columns each digest covers."""

SEALED_TABLES: dict[str, tuple[str, ...]] = {
    **_FORMAT_1,
    "trusted_keys": (*_FORMAT_1["trusted_keys"], "org_unit_id"),
    "org_units": ("id", "code", "admin_code", "name", "parent_body", "place", "kind"),
}
"""Seal format 2 (migration 0006, the format every new seal is written in): format 1 and
the ward's identity. A city stores each ward's values under its org unit and finds the
ward by its official code (``org_units.admin_code``) and its enrolled key
(``trusted_keys.org_unit_id``); unsealed, an edit of either would move one ward's values
and imports to another without a trace.

Columns are fixed here: a column another migration adds is not covered until it is
listed, and listing it is a new format (``SEAL_FORMATS``), so existing seals keep
verifying against the columns they were taken over."""

SEAL_FORMAT = 2
SEAL_FORMATS: dict[int, dict[str, tuple[str, ...]]] = {1: _FORMAT_1, 2: SEALED_TABLES}
"""Format → covered tables and columns. A seal records its format; ``verify`` recomputes
the row in the seal's own format, and the next change of the row seals it in the newest."""



_SEAL_COLUMNS = ("id", "table_name", "row_id", "digest")
_RS = cast(Table, RowSeal.__table__)
_PENDING = "chiso_seal_pending"


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _row_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, bool):
        return int(value)
    return value


def table_row_digest(table: str, row: Sequence[Any]) -> str:
    """Digest of one covered row, its values in the order of its format's column list."""
    return hashlib.sha256(_row_text([table, *map(_row_value, row)]).encode()).hexdigest()


_PREPARED: dict[tuple[str, str], Any] = {}


def _prepared(kind: str, table: str) -> Any:
    """The statement, built once per table: an import seals a row or two per commit, and
    building a query costs more than running it."""
    key = (kind, table)
    stmt = _PREPARED.get(key)
    if stmt is None:
        t = _table(table)
        ids: BindParameter[Any] = bindparam("ids", expanding=True)
        if kind == "current":
            stmt = select(*[t.c[c] for c in SEALED_TABLES[table]]).where(t.c.id.in_(ids))
        else:
            latest = (select(func.max(_RS.c.id))
                      .where(_RS.c.table_name == table, _RS.c.row_id.in_(ids))
                      .group_by(_RS.c.row_id))
            stmt = select(_RS.c.row_id, _RS.c.digest).where(_RS.c.id.in_(latest.scalar_subquery()))
        _PREPARED[key] = stmt
    return stmt


def current_digests(conn: Connection, table: str, ids: Iterable[int] | None = None, *,
                    seal_format: int = SEAL_FORMAT) -> dict[int, str]:
    """Digest of each row of ``table`` (of ``ids`` only, when given) as it is now, in
    ``seal_format`` (the newest unless told; {} for a table that format does not cover)."""
    columns = SEAL_FORMATS[seal_format].get(table)
    if columns is None:
        return {}
    if ids is None or seal_format != SEAL_FORMAT:
        t = _table(table)
        stmt = select(*[t.c[c] for c in columns]).order_by(t.c.id)
        if ids is not None:
            stmt = stmt.where(t.c.id.in_(sorted(set(ids))))
        rows = conn.execute(stmt)
    else:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = conn.execute(_prepared("current", table), {"ids": wanted})
    return {row[0]: table_row_digest(table, row) for row in rows}


def latest_seals(conn: Connection, table: str, ids: Iterable[int] | None = None
                 ) -> dict[int, str]:
    """Newest seal digest per row of ``table`` (of ``ids`` only: the index keeps a commit's
    sealing proportional to the rows it touched, not to the table)."""
    if ids is None:
        latest = (select(func.max(_RS.c.id)).where(_RS.c.table_name == table)
                  .group_by(_RS.c.row_id))
        rows = conn.execute(select(_RS.c.row_id, _RS.c.digest)
                            .where(_RS.c.id.in_(latest.scalar_subquery())))
    else:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = conn.execute(_prepared("latest", table), {"ids": wanted})
    return {row[0]: row[1] for row in rows}


def latest_seals_with_format(conn: Connection, table: str) -> dict[int, tuple[str, int]]:
    """Newest seal per row of ``table``: (digest, the seal format it was taken in)."""
    latest = (select(func.max(_RS.c.id)).where(_RS.c.table_name == table)
              .group_by(_RS.c.row_id))
    rows = conn.execute(select(_RS.c.row_id, _RS.c.digest, _RS.c.format)
                        .where(_RS.c.id.in_(latest.scalar_subquery())))
    return {row[0]: (row[1], row[2] or 1) for row in rows}


def seal_text(seal_id: int, table: str, row_id: int, digest: str, seal_format: int) -> str:
    """A seal's row text in its chain: format 1 seals hash exactly what they hashed before
    formats existed; later formats hash their number too."""
    fields: list[Any] = [seal_id, table, row_id, digest]
    if seal_format != 1:
        fields.append(seal_format)
    return _row_text(fields)


_LAST_SEAL = select(_RS.c.id, _RS.c.row_hash).order_by(_RS.c.id.desc()).limit(1)
_INSERT_SEALS = insert(_RS)


def _append_seals(conn: Connection, entries: Sequence[tuple[str, int, str]],
                  seal_format: int = SEAL_FORMAT) -> None:
    if not entries:
        return
    hold_chain_lock_on(conn)
    last = conn.execute(_LAST_SEAL).first()
    next_id, prev = (last[0] + 1, last[1]) if last else (1, "")
    rows = []
    for table, row_id, digest in entries:
        row_hash = chain_digest(prev, seal_text(next_id, table, row_id, digest, seal_format))
        row = {"id": next_id, "table_name": table, "row_id": row_id, "digest": digest,
               "prev_hash": prev, "row_hash": row_hash}
        if seal_format != 1:  # format 1 is the column's default, and the 0004 table lacks it
            row["format"] = seal_format
        rows.append(row)
        prev, next_id = row_hash, next_id + 1
    conn.execute(_INSERT_SEALS, rows)


def seal_rows(conn: Connection, table: str, ids: Iterable[int] | None = None, *,
              seal_format: int = SEAL_FORMAT) -> int:
    """Append a seal for each row (of ``ids``, or all) whose digest differs from its newest.

    A row that is gone gets an empty digest; a row that never had a seal and is
    gone (inserted and deleted in one transaction) gets none. Returns how many.
    A row whose newest seal is of an older format that covered fewer columns
    differs, so its first change after an upgrade seals it in the newest format.
    """
    wanted = None if ids is None else sorted(set(ids))
    current = current_digests(conn, table, wanted, seal_format=seal_format)
    sealed = latest_seals(conn, table, wanted)
    entries = [(table, rid, digest) for rid, digest in current.items()
               if sealed.get(rid) != digest]
    entries += [(table, rid, "") for rid, digest in sealed.items()
                if rid not in current and digest]
    entries.sort(key=itemgetter(1))
    _append_seals(conn, entries, seal_format)
    return len(entries)


def seal_existing(conn: Connection, seal_format: int = SEAL_FORMAT,
                  tables: Iterable[str] | None = None) -> None:
    """Seal every covered row (of ``tables``) as it is now, in ``seal_format``: the
    migrations that introduce a format (0004: format 1, every table; 0006: format 2, the
    tables whose columns it added)."""
    for table in SEAL_FORMATS[seal_format] if tables is None else tables:
        seal_rows(conn, table, seal_format=seal_format)


Marks = dict[str, set[int] | None]
"""table → row ids owed a seal (None: the whole table)."""


def _levels(session: Session) -> dict[Any, Marks]:
    """Marks per open transaction level: the root transaction and each savepoint.

    The seals are written once, at the outermost commit (an import's group of
    files, each in its savepoint, seals its rows in one go, not file by file).
    A savepoint released hands its marks to the level around it; a savepoint
    rolled back drops only its own (its rows are gone), never those of the
    files before it.
    """
    return session.info.setdefault(_PENDING, {})  # type: ignore[no-any-return]


def _level_key(session: Session) -> Any:
    return session.get_nested_transaction() or session.get_transaction() or "root"


def _merge_marks(into: Marks, marks: Marks) -> None:
    for table, ids in marks.items():
        if ids is None:
            into[table] = None
        elif table not in into:
            into[table] = set(ids)
        elif into[table] is not None:
            into[table].update(ids)  # type: ignore[union-attr]


def mark_for_seal(session: Session, table: str, ids: Iterable[int] | None = None) -> None:
    """Core writers call this: seal these rows (None: the whole table) at commit."""
    pending: Marks = _levels(session).setdefault(_level_key(session), {})
    if ids is None:
        pending[table] = None
    elif table not in pending or pending[table] is not None:
        pending.setdefault(table, set()).update(ids)  # type: ignore[union-attr]


def mark_new_for_seal(session: Session, table: str) -> None:
    """Seal the rows a Core INSERT just added: ids above the newest sealed id."""
    conn = session.connection()
    last = conn.execute(select(func.max(_RS.c.row_id)).where(_RS.c.table_name == table)
                        ).scalar_one_or_none() or 0
    t = _table(table)
    mark_for_seal(session, table, conn.execute(select(t.c.id).where(t.c.id > last)).scalars())


@event.listens_for(Session, "after_flush")
def _collect_changed(session: Session, _flush_context: Any) -> None:
    """ORM writes mark themselves: every new, changed or deleted object of a covered table."""
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table in SEALED_TABLES:
            row_id = getattr(obj, "id", None)
            if row_id is not None:
                mark_for_seal(session, table, [row_id])


def seal_pending_now(session: Session) -> None:
    """Write the seals this transaction owes so far (before an anchor signs the heads).

    Inside a savepoint the marks are kept as well, at the outermost level: if
    the savepoint is rolled back its seal rows go with it, and the commit seals
    again what is still there (sealing a row whose newest seal matches adds
    nothing).
    """
    session.flush()
    nested = session.in_nested_transaction()
    kept: Marks = {}
    levels = _levels(session)
    while any(levels.values()):
        pending: Marks = {}
        for marks in levels.values():
            _merge_marks(pending, marks)
        levels.clear()
        conn = session.connection()
        for table, ids in pending.items():
            seal_rows(conn, table, ids)
        _merge_marks(kept, pending)
    if nested and kept:
        levels[session.get_transaction() or "root"] = kept


@event.listens_for(Session, "before_commit")
def _seal_pending(session: Session) -> None:
    # The commit's own flush comes after this hook: flush here so its writes are marked.
    if session.new or session.dirty or session.deleted:
        session.flush()
    levels = _levels(session)
    savepoint = session.get_nested_transaction()
    if savepoint is not None:  # released: its marks are the enclosing level's now
        marks = levels.pop(savepoint, None)
        if marks:
            parent = savepoint.parent
            _merge_marks(levels.setdefault(parent if parent is not None else "root", {}),
                         marks)
        return
    if any(levels.values()):
        seal_pending_now(session)


@event.listens_for(Session, "after_soft_rollback")
def _forget_pending(session: Session, previous: Any) -> None:
    """A savepoint rolled back forgets its own marks; the whole transaction, all of them."""
    levels = session.info.get(_PENDING)
    if levels is None:
        return
    if previous.nested:
        levels.pop(previous, None)
    else:
        levels.clear()


@event.listens_for(Session, "after_transaction_end")
def _end_of_transaction(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # committed or rolled back: nothing is owed any more
        session.info.pop(_PENDING, None)
        session.info.pop(_AUDIT_HEAD, None)


# -- verification --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainBreak:
    table: str
    row_id: int
    problem: str


CHAINS: dict[str, tuple[Table, tuple[str, ...]]] = {
    "value_history": (ValueHistory.__table__, _HISTORY_COLUMNS),  # type: ignore[dict-item]
    "audit_log": (AuditEntry.__table__, _AUDIT_COLUMNS),  # type: ignore[dict-item]
    "row_seals": (_RS, _SEAL_COLUMNS),  # type: ignore[dict-item]
}
"""The append-only chains an anchor signs: name → (table, hashed columns)."""


@dataclass(frozen=True)
class ChainHead:
    count: int
    last_id: int
    head: str

    def as_json(self) -> dict[str, Any]:
        return {"count": self.count, "last_id": self.last_id, "head": self.head}


def chain_heads(conn: Connection) -> dict[str, ChainHead]:
    """Each chain's row count, last id and last row hash, as an anchor signs them."""
    heads: dict[str, ChainHead] = {}
    for name, (table, _cols) in CHAINS.items():
        count = conn.execute(select(func.count()).select_from(table)).scalar_one()
        last = conn.execute(select(table.c.id, table.c.row_hash).order_by(table.c.id.desc())
                            .limit(1)).first()
        heads[name] = ChainHead(count, last[0] if last else 0, last[1] if last else "")
    return heads


def _walk_chain(conn: Connection, name: str) -> tuple[ChainBreak | None, list[tuple[int, str]]]:
    """First break of one chain, and (id, row_hash) of every row in order."""
    table, columns = CHAINS[name]
    prev = ""
    seen: list[tuple[int, str]] = []
    cols = [table.c[c] for c in columns]
    combo = name == "value_history"  # a breakdown cell's row hashes its combo after the rest
    seal = name == "row_seals"  # a seal after format 1 hashes its format after the rest
    extra = [table.c.combo] if combo else [table.c.format] if seal else []
    for row in conn.execute(select(*cols, *extra, table.c.prev_hash, table.c.row_hash)
                            .order_by(table.c.id)):
        values, prev_hash, row_hash = list(row[:len(columns)]), row[-2], row[-1]
        if combo and row[len(columns)] != DEFAULT_COMBO:
            values.append(row[len(columns)])
        if seal and (row[len(columns)] or 1) != 1:
            values.append(row[len(columns)])
        if prev_hash != prev:
            return ChainBreak(name, values[0], "previous-link"), seen
        if row_hash != chain_digest(prev, _row_text([_canon(v) for v in values])):
            return ChainBreak(name, values[0], "content"), seen
        seen.append((values[0], row_hash))
        prev = row_hash
    return None, seen


def verify_chain(session: Session) -> list[ChainBreak]:
    """First break in each chain (history, audit, seals); empty when all are intact."""
    conn = session.connection()
    return [b for name in CHAINS if (b := _walk_chain(conn, name)[0]) is not None]
