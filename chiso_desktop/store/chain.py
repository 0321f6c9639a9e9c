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
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from chiso_desktop.store.models import DEFAULT_COMBO, AuditEntry, ValueHistory

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
    prev = _last_hash_before(session, ValueHistory, row.id)
    row.prev_hash = prev
    row.row_hash = row_digest(row, history_columns(row.combo or DEFAULT_COMBO), prev)


def _last_hash_before(session: Session, model: type[Any], row_id: int) -> str:
    last = session.execute(
        select(model.row_hash).where(model.id < row_id).order_by(model.id.desc()).limit(1)
    ).scalar_one_or_none()
    return last or ""


_AUDIT = cast(Table, AuditEntry.__table__)
_LAST_AUDIT = select(_AUDIT.c.id, _AUDIT.c.row_hash).order_by(_AUDIT.c.id.desc()).limit(1)
_INSERT_AUDIT = insert(_AUDIT)


def append_audit(session: Session, action: str, actor: str = "", **detail: Any) -> AuditEntry:
    """Write a sealed audit row in the session's transaction; return it (not attached).

    The row takes the id after the chain's last row before it is written, so
    its hashes are known up front and it is one INSERT, through Core on
    prepared statements (an import writes one per file). SQLite's BEGIN
    IMMEDIATE (and the unique id elsewhere) keeps two writers from taking the
    same place.
    """
    conn = session.connection()
    last = conn.execute(_LAST_AUDIT).first()
    entry = AuditEntry(
        id=last[0] + 1 if last else 1, at=datetime.now(), actor=actor, action=action,
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        prev_hash=last[1] if last else "",
    )
    entry.row_hash = row_digest(entry, _AUDIT_COLUMNS, entry.prev_hash)
    conn.execute(_INSERT_AUDIT, [{c: getattr(entry, c) for c in (*_AUDIT_COLUMNS, "prev_hash",
                                                                  "row_hash")}])
    return entry


@dataclass(frozen=True)
class ChainBreak:
    table: str
    row_id: int
    problem: str


def verify_chain(session: Session) -> list[ChainBreak]:
    """First break in each chain (history, audit); empty when both are intact."""
    history = session.execute(select(ValueHistory).order_by(ValueHistory.id)).scalars()
    audit = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    found = (_first_break("value_history", history, lambda row: history_columns(row.combo)),
             _first_break("audit_log", audit, lambda _row: _AUDIT_COLUMNS))
    return [b for b in found if b is not None]


def _first_break(name: str, rows: Iterable[ValueHistory] | Iterable[AuditEntry],
                 columns_of: Callable[[Any], Sequence[str]]) -> ChainBreak | None:
    """The first row whose link or content does not match, in id order."""
    prev = ""
    for row in rows:
        if row.prev_hash != prev:
            return ChainBreak(name, row.id, "previous-link")
        if row.row_hash != row_digest(row, columns_of(row), prev):
            return ChainBreak(name, row.id, "content")
        prev = row.row_hash
    return None
