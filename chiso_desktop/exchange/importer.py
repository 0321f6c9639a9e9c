"""Import signed files at the Office: verify, check for replay, hand to the kind's handler.

Each file is verified against our trust list, our own fingerprint as the
recipient and the installed catalog hashes, then handled in one transaction
(a savepoint): the replay check, the handler (the merge, for kind
``bundle``) and the ``imported_bundles`` record commit together or not at
all. The handlers come in a table by manifest kind that the caller passes
(:data:`Handlers`): the CLI, the GUI and the demo put it together once at start-up
(``office.handlers.import_handlers``), so what an import accepts never depends on
which modules happened to be imported before.

Replay rules, per sender key, by the sender's sequence number, made for real
mail (late, out of order, twice): every number seen is kept, not only the highest.

- the same bundle (same ``bundle_id``, same signed manifest) again →
  "already-imported", a no-op;
- the same ``bundle_id`` with another manifest → "equivocation";
- a number already seen with another bundle → "equivocation" (both refused
  and recorded in the audit log, the earlier bundle flagged);
- an unseen number lower than the highest → imported; the merge keeps the
  newer revision of each value, so nothing is lost whatever the order;
- a number more than ``MAX_SEQUENCE_JUMP`` above the highest seen (or, for
  a first bundle, above 0) → held for review ("sequence-jump"), not
  imported: a forged or broken counter must not lock out later exports.
  ``accept_jump=True`` imports it after a person checked it with the sender.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, func, insert, literal, null, or_, select, union_all
from sqlalchemy.orm import Session

from chiso_desktop.bundle import (
    DEFAULT_LIMITS,
    BundleRefused,
    KeyFileError,
    Reason,
    TrustedKey,
    VerifiedBundle,
    is_sealed,
    verify,
)
from chiso_desktop.bundle.identify import DAMAGED, FileFacts, identify
from chiso_desktop.catalog.installed import catalog_names_by_hash
from chiso_desktop.entry.scope import OFFICE_DEPARTMENT, Scope, load_scope
from chiso_desktop.errors import UserError
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.anchors import receive_anchor
from chiso_desktop.exchange.merge import Batch, merge_values
from chiso_desktop.i18n import _
from chiso_desktop.store.chain import (
    AUDIT_ROW,
    append_audit,
    audit_values,
    mark_for_seal,
    next_audit_entry,
)
from chiso_desktop.store.db import OPERATIONAL_ERRORS, Database
from chiso_desktop.store.exchange_models import ImportedBundle
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import AuditEntry, Installation


class ImportStatus(StrEnum):
    """What became of one file (``--json``'s ``status``)."""

    IMPORTED = "imported"
    ALREADY_IMPORTED = "already-imported"
    REFUSED = "refused"


IMPORTED, ALREADY_IMPORTED, REFUSED = (ImportStatus.IMPORTED, ImportStatus.ALREADY_IMPORTED,
                                       ImportStatus.REFUSED)
EQUIVOCATION = "equivocation"
"""The refusal reason of a second bundle signed with an earlier one's sequence number."""


@dataclass(frozen=True)
class TrustContext:
    """What verification checks a file against: read once per import run, not per file.

    Importing never changes our key, the trust list or the installed catalogs,
    so a run of 1,000 bundles needs these three queries once.
    """

    own_fingerprint: str
    trusted_keys: Mapping[str, TrustedKey]
    catalog_hashes: Mapping[str, frozenset[tuple[str, str]]]

    @classmethod
    def load(cls, session: Session) -> TrustContext:
        return cls(identity.require_own_fingerprint(session), identity.trust_list(session),
                   catalog_names_by_hash(session))


Handler = Callable[["ImportContext", VerifiedBundle], dict[str, int]]
"""Apply a verified file inside the open transaction; return counts; raise BundleRefused."""

Handlers = Mapping[str, Handler]
"""The file kinds an import accepts, each with what applies it. Passed to
:func:`import_files`; any other kind is refused ``wrong-kind`` before anything is written."""


def merge_bundle(ctx: ImportContext, verified: VerifiedBundle) -> dict[str, int]:
    """The exchange's own kind: a department's bundle merged with provenance and conflicts."""
    # Unassigned indicators (CCHC forms, targets) are the Office's own: held if sent.
    own = ctx.installation.department_code or OFFICE_DEPARTMENT
    counts = merge_values(ctx.session, org_unit_id=ctx.installation.org_unit_id,
                          scope=ctx.scope.owned_by(own), manifest=verified.manifest,
                          records=verified.values or [], batch=ctx.batch, cursor=ctx.cursor)
    return counts.as_dict()


EXCHANGE_HANDLERS: Handlers = MappingProxyType({"bundle": merge_bundle})
"""Only what this package knows: bundles. The application's table adds the Office's kinds."""


@dataclass
class ImportContext:
    """What a handler may use besides the verified file; shared by one import run."""

    session: Session
    installation: Installation
    scope: Scope
    batch: Batch = field(default_factory=Batch)
    actor: str = ""
    trust: TrustContext | None = None
    handlers: Handlers = EXCHANGE_HANDLERS
    audits: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """Audit entries (action, detail) a handler owes for the file: written with the
    file's import record, in this order, before its own ``bundle-imported`` entry."""
    cache: dict[str, Any] = field(default_factory=dict)
    """What a handler looked up once for the whole run (importing never changes it: the
    enrolled keys, the scope as a city sees it); keys are the handler's own."""
    sqlite: bool = False
    """The store is SQLite: the few statements of each file (replay check, anchor, import
    record and audit rows) run on the transaction's own sqlite3 cursor, as the merge's
    bulk rows do; building and running a Core statement costs several times the query."""
    cursor: Any = None
    """On SQLite, while a file is applied: that cursor, for the handler's merge to use too."""


class ImportStopped(UserError):
    """The database refused a write mid-batch (full disk, read-only file).

    ``committed`` are the results of the files saved before it; ``not_imported``
    the files of which nothing was saved (import them again once it is fixed).
    """

    def __init__(self, cause: BaseException, committed: list[FileResult],
                 not_imported: list[str]) -> None:
        reason = str(getattr(cause, "orig", None) or cause).lower()
        if "full" in reason:
            why = _("the drive holding the database is full; free some space")
        elif "disk i/o error" in reason:
            why = _("the drive holding the database refused to write (full, removed or "
                    "failing); check the drive")
        elif "readonly" in reason:
            why = _("the database file is read-only; remove its read-only attribute")
        else:
            why = _("the database refused to save ({reason}); check the database")
            why = why.format(reason=reason.splitlines()[0] if reason else "?")
        super().__init__(_("The import stopped: {why}. {saved} file(s) were saved; nothing of "
                           "the other {lost} was saved: import those again.").format(
            why=why, saved=len(committed), lost=len(not_imported)))
        self.committed = committed
        self.not_imported = not_imported


@dataclass
class FileResult:
    file: str
    status: ImportStatus
    reason: str | None = None
    message: str = ""
    bundle_id: str | None = None
    kind: str | None = None
    sender: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    periods: tuple[str, ...] = ()
    """The periods the file carries (for a refused file: what it says, unverified)."""

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"file": self.file, "status": self.status}
        if self.status == REFUSED:
            data["reason"] = self.reason
            data["message"] = self.message
        data["bundle_id"] = self.bundle_id
        data["kind"] = self.kind
        data["sender"] = self.sender
        data["periods"] = list(self.periods)
        for key in ("new", "changed", "unchanged", "conflicts"):
            data[key] = self.counts.get(key, 0)
        for key, value in self.counts.items():
            data.setdefault(key, value)
        return data


class Equivocation(BundleRefused):
    """Two different bundles with one sequence number (or one bundle id) from one sender."""

    def __init__(self, message: str, earlier_bundle_id: str) -> None:
        super().__init__(Reason.EQUIVOCATION, message)
        self.earlier_bundle_id = earlier_bundle_id


MAX_SEQUENCE_JUMP = 10_000
"""How far above the highest number seen from a sender a bundle may be and still be
imported without a person looking at it first."""

_IB = cast(Table, ImportedBundle.__table__)
# Prepared once: building a statement costs more than running it, once per file.
# One round trip: the earlier imports of this bundle id or sequence number, then (marked 1)
# the highest number seen from the sender.
_EARLIER_IMPORTS = union_all(
    select(_IB.c.bundle_id, _IB.c.sequence, _IB.c.manifest_sha256, _IB.c.file_sha256,
           literal(0).label("highest")).where(or_(
               _IB.c.bundle_id == bindparam("bundle_id"),
               and_(_IB.c.sender_fingerprint == bindparam("fp"),
                    _IB.c.sequence == bindparam("sequence")))),
    select(null(), func.max(_IB.c.sequence), null(), null(), literal(1))
    .where(_IB.c.sender_fingerprint == bindparam("fp")))
_RECORD_IMPORT = insert(_IB)
_INSERT_AUDITS = insert(cast(Table, AuditEntry.__table__))


# The same on SQLite's own cursor (``ImportContext.sqlite``).
_EARLIER_IMPORTS_SQLITE = (
    "SELECT bundle_id, sequence, manifest_sha256, file_sha256, 0 FROM imported_bundles "
    "WHERE bundle_id = ? OR (sender_fingerprint = ? AND sequence = ?) "
    "UNION ALL SELECT NULL, max(sequence), NULL, NULL, 1 FROM imported_bundles "
    "WHERE sender_fingerprint = ?")
_EARLIER_IMPORTS_PG = _EARLIER_IMPORTS_SQLITE.replace("?", "%s")


def _replay_check(session: Session, verified: VerifiedBundle, *,
                  accept_jump: bool = False, cursor: Any = None) -> str | None:
    """Return the id of an earlier import of this very bundle, or raise for equivocation or
    a sequence jump; None for a bundle to import (newer, or a late, unseen older one).

    ``cursor``: the transaction's sqlite3 cursor, to run the query on directly.
    """
    m = verified.manifest
    fp = m.sender.key_fingerprint
    if cursor is not None:
        found = cursor.execute(_EARLIER_IMPORTS_SQLITE,
                               (m.bundle_id, fp, m.sequence, fp)).fetchall()
    elif session.get_bind().dialect.name == "postgresql":  # without the Core layer's cost
        driver = session.connection().connection.driver_connection
        assert driver is not None, "an open transaction has its driver connection"
        with driver.cursor() as cur:
            found = cur.execute(_EARLIER_IMPORTS_PG, (m.bundle_id, fp, m.sequence, fp)).fetchall()
    else:
        found = session.connection().execute(_EARLIER_IMPORTS, {
            "bundle_id": m.bundle_id, "fp": fp, "sequence": m.sequence}).all()
    rows = [row for row in found if not row[4]]
    highest = next((row[1] for row in found if row[4]), None) or 0
    for bundle_id, _sequence, manifest_sha, file_sha, _marker in rows:
        if bundle_id != m.bundle_id:
            continue
        same = (manifest_sha == verified.manifest_sha256 if manifest_sha
                else file_sha == verified.raw_sha256)
        if same:
            return m.bundle_id
        raise Equivocation(_(
            "This file reuses the number of a bundle already imported ({bundle_id}) with "
            "different content; it is refused and the matter is recorded for review. Ask the "
            "sender which one is right.").format(bundle_id=m.bundle_id[:8]), bundle_id)
    twin = next((bundle_id for bundle_id, *_rest in rows), None)
    if twin is not None:
        raise Equivocation(_(
            "The sender signed two different bundles with the same number {sequence}; this one "
            "is refused and the matter is recorded for review.").format(sequence=m.sequence), twin)
    if m.sequence > highest + MAX_SEQUENCE_JUMP and not accept_jump:
        raise BundleRefused(Reason.SEQUENCE_JUMP, _(
            "This bundle's number ({sequence}) jumps far beyond the last one from the same "
            "sender ({last}). It is held for review and nothing was imported: confirm with "
            "the sender that they sent it, then import it again accepting the jump.").format(
            sequence=m.sequence, last=highest))
    return None


def verify_for_us(session: Session, data: bytes, *, kinds: Iterable[str],
                  sealing_key: object | None = None,
                  trust: TrustContext | None = None) -> VerifiedBundle:
    """Full verification against this installation's trust list, fingerprint and catalogs."""
    trust = trust or TrustContext.load(session)
    return verify(
        data,
        expected_recipient_fingerprint=trust.own_fingerprint,
        trusted_keys=trust.trusted_keys,
        known_catalog_hashes=trust.catalog_hashes,
        private_sealing_key=sealing_key,  # type: ignore[arg-type]
        expected_kind=tuple(kinds),
    )


def import_one(ctx: ImportContext, data: bytes, name: str, *,
               sealing_key: object | None = None, accept_jump: bool = False) -> FileResult:
    """Verify and apply one file in the caller's transaction; raises ``BundleRefused``."""
    verified = verify_for_us(ctx.session, data, kinds=ctx.handlers, sealing_key=sealing_key,
                             trust=ctx.trust)
    m = verified.manifest
    result = FileResult(name, IMPORTED, bundle_id=m.bundle_id, kind=m.kind,
                        sender=m.sender.department, periods=tuple(m.periods))
    cursor = _sqlite_cursor(ctx.session) if ctx.sqlite else None
    ctx.cursor = cursor
    try:
        return _apply(ctx, verified, result, accept_jump, cursor)
    finally:
        ctx.cursor = None
        if cursor is not None:
            cursor.close()


def _sqlite_cursor(session: Session) -> Any:
    """A cursor on the transaction's own sqlite3 connection (inside the file's savepoint)."""
    return session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]


def _apply(ctx: ImportContext, verified: VerifiedBundle, result: FileResult, accept_jump: bool,
           cursor: Any) -> FileResult:
    """:func:`import_one` once the file is verified: replay check, handler, anchor, record."""
    m = verified.manifest
    if _replay_check(ctx.session, verified, accept_jump=accept_jump,
                     cursor=cursor) is not None:
        result.status = ALREADY_IMPORTED
        return result
    ctx.audits.clear()
    result.counts = ctx.handlers[m.kind](ctx, verified)
    receive_anchor(ctx.session, verified, cursor=cursor)
    record = dict(
        bundle_id=m.bundle_id, kind=m.kind, file_sha256=verified.raw_sha256,
        sender_fingerprint=m.sender.key_fingerprint, sender_org_unit=m.sender.org_unit,
        department_code=m.sender.department, sequence=m.sequence,
        periods=json.dumps(list(m.periods)), catalog_id=m.catalog.id,
        imported_at=received_now(), counts=json.dumps(result.counts, sort_keys=True),
        equivocation=False, manifest_sha256=verified.manifest_sha256)
    audits = [*ctx.audits, ("bundle-imported", dict(
        bundle_id=m.bundle_id, kind=m.kind, sender=m.sender.key_fingerprint,
        department=m.sender.department, sequence=m.sequence, counts=result.counts))]
    ctx.audits.clear()
    entries = [next_audit_entry(ctx.session, action, ctx.actor, **detail)
               for action, detail in audits]
    mark_for_seal(ctx.session, "imported_bundles", [_record_import(ctx.session, record,
                                                                   entries, cursor)])
    return result


def received_now() -> datetime:
    """The time of receipt recorded for an imported file (a city judges timeliness by it)."""
    return datetime.now()


def _stored_time(value: Any) -> Any:
    """A datetime as SQLAlchemy's DateTime stores it in SQLite (the text the seals hash)."""
    return value.isoformat(sep=" ", timespec="microseconds") if isinstance(value, datetime) \
        else value


_RECORD_COLUMNS = ("bundle_id", "kind", "file_sha256", "sender_fingerprint", "sender_org_unit",
                   "department_code", "sequence", "periods", "catalog_id", "imported_at",
                   "counts", "equivocation", "manifest_sha256")
_RECORD_IMPORT_SQLITE = (f"INSERT INTO imported_bundles ({', '.join(_RECORD_COLUMNS)}) "
                         f"VALUES ({','.join('?' * len(_RECORD_COLUMNS))})")
_INSERT_AUDITS_SQLITE = (f"INSERT INTO audit_log ({', '.join(AUDIT_ROW)}) "
                         f"VALUES ({','.join('?' * len(AUDIT_ROW))})")


def _record_import(session: Session, record: dict[str, Any], entries: list[Any],
                   cursor: Any = None) -> int:
    """Insert the import record and the file's audit rows; return the record's id.

    On PostgreSQL one statement (one round trip, prepared on the server after a
    few files) does both; on SQLite two statements on the transaction's cursor
    (``cursor``), elsewhere two prepared Core statements.
    """
    if cursor is not None:
        cursor.executemany(_INSERT_AUDITS_SQLITE, [
            tuple(_stored_time(v) for v in audit_values(e).values()) for e in entries])
        cursor.execute(_RECORD_IMPORT_SQLITE, tuple(
            _stored_time(record[c]) if c != "equivocation" else int(record[c])
            for c in _RECORD_COLUMNS))
        return int(cursor.lastrowid)
    if session.get_bind().dialect.name != "postgresql":
        conn = session.connection()
        conn.execute(_INSERT_AUDITS, [audit_values(e) for e in entries])
        key = conn.execute(_RECORD_IMPORT, record).inserted_primary_key
        assert key is not None, "an INSERT returns the new row's key"
        return int(key[0])
    driver = session.connection().connection.driver_connection
    assert driver is not None, "an open transaction has its driver connection"
    params = dict(record)
    rows = []
    for n, entry in enumerate(entries):
        rows.append("(" + ", ".join(f"%(a{n}_{c})s" for c in AUDIT_ROW) + ")")
        params.update({f"a{n}_{c}": v for c, v in audit_values(entry).items()})
    sql = (f"WITH r AS (INSERT INTO imported_bundles ({', '.join(record)}) VALUES "
           f"({', '.join(f'%({c})s' for c in record)}) RETURNING id), "
           f"a AS (INSERT INTO audit_log ({', '.join(AUDIT_ROW)}) VALUES {', '.join(rows)}) "
           "SELECT id FROM r")
    with driver.cursor() as cur:
        return int(cur.execute(sql, params).fetchone()[0])


def _read(path: Path) -> bytes:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would hang, /dev/zero never end
            raise BundleRefused(Reason.NOT_A_ZIP, _(
                "{file} is not a regular file (it is a device, a pipe or a folder); choose "
                "the saved file itself.").format(file=path.name))
        size = path.stat().st_size
        if size > DEFAULT_LIMITS.max_file_size + 1024:
            raise BundleRefused(Reason.TOO_LARGE, _("The file is larger than any bundle may be."))
        return path.read_bytes()
    except OSError as exc:
        raise BundleRefused(Reason.NOT_A_ZIP, _("The file cannot be read: {reason}").format(
            reason=exc.strerror or str(exc))) from exc


NOT_APPLICABLE = "not-applicable"
PASSPHRASE = "passphrase"


def _reason_of(exc: UserError) -> str:
    return PASSPHRASE if isinstance(exc, KeyFileError) else NOT_APPLICABLE


def _record_equivocation(session: Session, exc: Equivocation, data: bytes, name: str,
                         actor: str) -> None:
    """The only trace a refused file leaves: the audit entry and a flag on the earlier bundle."""
    earlier = session.execute(select(ImportedBundle).where(
        ImportedBundle.bundle_id == exc.earlier_bundle_id)).scalar_one()
    earlier.equivocation = True
    append_audit(session, "bundle-equivocation", actor, file=name,
                 file_sha256=hashlib.sha256(data).hexdigest(), earlier=exc.earlier_bundle_id,
                 sender=earlier.sender_fingerprint, department=earlier.department_code,
                 sequence=earlier.sequence)


def _refused(name: str, data: bytes, reason: str, message: str) -> FileResult:
    """A refusal, with what the file says it is (unverified) so the summary can name it."""
    facts = identify(data, name) if data else FileFacts(DAMAGED)
    return FileResult(name, REFUSED, reason, message, kind=facts.kind,
                      sender=facts.department or None, periods=facts.periods)


def import_files(db: Database, files: Sequence[Path] | Iterable[Path], *, handlers: Handlers,
                 dry_run: bool = False, actor: str = "", secret: str | None = None,
                 accept_jump: bool = False, group: int = 1) -> list[FileResult]:
    """Import files one by one, each all-or-nothing; ``dry_run`` rolls everything back.

    ``group`` > 1 commits that many files at once (group commit: one fsync for
    the lot). Each file then sits in a savepoint, so a refused file is undone
    alone and no file is ever half applied; a crash loses at most the group
    not yet committed, and nothing of it has been reported (results are
    returned after the last commit).

    ``handlers`` is the table of kinds this import accepts (the application's:
    ``office.handlers.import_handlers()``).

    Each file is its own transaction, committed or rolled back before the
    next. Only a dry run, which must see the whole batch and then undo it,
    puts each file in a savepoint: in SQLite a savepoint copies every page it
    touches to a statement journal first, which costs a third of a bulk
    merge. The sealing key (and so the passphrase) is opened only when a
    sealed file is met. Every file gets its own result: a refusal of any kind
    (by the verifier, the replay rules, a handler, a wrong passphrase for a
    sealed file) is reported for that file and the batch goes on.
    """
    results: list[FileResult] = []
    with db.session() as session:
        inst = require_installation(session)
        ctx = ImportContext(session, inst, load_scope(session), actor=actor,
                            trust=TrustContext.load(session), handlers=handlers,
                            sqlite=session.get_bind().dialect.name == "sqlite")
        nested = dry_run or group > 1
        saved = [0]
        current: list[str] = []
        remaining = iter(files)
        try:
            _import_loop(session, ctx, remaining, results, saved, current, nested=nested,
                         dry_run=dry_run, group=group, secret=secret,
                         accept_jump=accept_jump, actor=actor)
        except OPERATIONAL_ERRORS as exc:  # a full disk, a read-only file: say what is saved
            with suppress(Exception):
                session.rollback()
            committed = saved[0]
            kept = results[:committed]
            lost = [r.file for r in results[committed:]] + current + [str(p) for p in remaining]
            raise ImportStopped(exc, kept, lost) from exc
    return results


def _import_loop(session: Session, ctx: ImportContext, files: Iterator[Path | str],
                 results: list[FileResult], saved: list[int], current: list[str], *,
                 nested: bool, dry_run: bool,
                 group: int, secret: str | None, accept_jump: bool, actor: str) -> None:
    """The loop of :func:`import_files`; ``results[:saved[0]]`` are committed when it raises.

    ``current`` holds the file being imported until its result is recorded.
    """
    sealing_key: object | None = None
    pending = 0
    if True:
        for path in files:
            name, data = str(path), b""
            current[:] = [name]
            try:
                data = _read(Path(path))
                if is_sealed(data) and sealing_key is None:
                    sealing_key = identity.own_sealing_private(session, secret)
                with session.begin_nested() if nested else nullcontext():
                    result = import_one(ctx, data, name, sealing_key=sealing_key,
                                        accept_jump=accept_jump)
            except Equivocation as exc:
                if not nested:
                    session.rollback()
                _record_equivocation(session, exc, data, name, actor)
                result = _refused(name, data, EQUIVOCATION, exc.message)
            except BundleRefused as exc:
                if not nested:
                    session.rollback()
                result = _refused(name, data, exc.reason.value, exc.message)
            except UserError as exc:  # a handler's refusal, a wrong passphrase: this file only
                if not nested:
                    session.rollback()
                result = _refused(name, data, _reason_of(exc), str(exc))
            results.append(result)
            current.clear()
            pending += 1
            if not dry_run and pending >= group:
                session.commit()
                pending = 0
                saved[0] = len(results)
        if dry_run:
            session.rollback()
        elif pending:
            session.commit()
            saved[0] = len(results)
