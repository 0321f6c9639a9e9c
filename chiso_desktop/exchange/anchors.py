"""Anchors: the chain heads and row counts, signed with the installation's key.

The hash chains (``store/chain.py``) are unkeyed: whoever can write the
database file can also recompute them. An anchor is what such a person
cannot forge without the passphrase: a statement of each chain's row count,
last id and last hash, signed with the installation's Ed25519 key. One is
made at every export, lock, finalize, receipt and backup (the passphrase is
asked for then anyway); each names the one before it. Anchors travel inside
the bundles sent (``anchor.json``), so the Office keeps each department's
last signed heads and the city each ward's (``peer_anchors``).

``verify_installation`` checks every chain row, every sealed row and every
current value, and checks the chains against the newest valid anchor: a row
removed, changed or recomputed up to that anchor is found; rows after it are
reported as "not yet anchored". Format: docs/reliability.md.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Table, bindparam, func, insert, select
from sqlalchemy.orm import Session

from chiso_desktop.bundle import BundleRefused, InstallationKeys, Reason, VerifiedBundle
from chiso_desktop.bundle.canonical import (
    StrictJSONError,
    canonical_json,
    pretty_json,
    strict_loads,
)
from chiso_desktop.bundle.keys import fingerprint, short_fingerprint
from chiso_desktop.exchange import identity
from chiso_desktop.i18n import _
from chiso_desktop.store import chain
from chiso_desktop.store.audit import Finding, row_subject
from chiso_desktop.store.chain_lock import hold_chain_lock
from chiso_desktop.store.exchange_models import (
    Anchor,
    ImportedBundle,
    OwnKey,
    PeerAnchor,
    TrustedKey,
)
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DataValue, ValueHistory

ANCHOR_FORMAT = "chiso-anchor"
ANCHOR_ENTRY = "anchor.json"
KINDS = ("export", "lock", "finalize", "receipt", "corrections", "backup", "manual")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def statement_digest(statement_text: str) -> str:
    return hashlib.sha256(statement_text.encode("utf-8")).hexdigest()


def make_anchor(session: Session, kind: str, *, keys: InstallationKeys | None = None,
                secret: str | None = None, actor: str = "") -> Anchor:
    """Sign the current chain heads (this transaction's writes included) and store it."""
    if kind not in KINDS:
        raise ValueError(f"anchor kind must be one of {KINDS}")
    keys = keys or identity.load_keys(session, secret)
    hold_chain_lock(session)  # the heads it signs stay the heads until commit (PostgreSQL)
    chain.seal_pending_now(session)
    inst = require_installation(session)
    conn = session.connection()
    previous = session.execute(select(Anchor).order_by(Anchor.number.desc()).limit(1)
                               ).scalars().first()
    number = previous.number + 1 if previous else 1
    now = datetime.now()
    statement = {
        "format": ANCHOR_FORMAT, "format_version": 1, "number": number, "kind": kind,
        "created_at": now.isoformat(timespec="seconds"), "org_unit": inst.org_unit.name,
        "department": identity.sender_department(inst), "role": identity.key_role(inst),
        "key_fingerprint": fingerprint(keys.signing),
        "chains": {name: head.as_json() for name, head in chain.chain_heads(conn).items()},
        "previous": statement_digest(previous.statement) if previous else "",
    }
    text = canonical_json(statement).decode("utf-8")
    row = Anchor(number=number, kind=kind, created_at=now,
                 key_fingerprint=statement["key_fingerprint"], statement=text,
                 signature=_b64(keys.signing.sign(text.encode("utf-8"))))
    session.add(row)
    session.flush()
    chain.append_audit(session, "anchored", actor, number=number, kind=kind,
                       digest=statement_digest(text))
    return row


def anchor_if_keys(session: Session, kind: str, *, secret: str | None = None,
                   keys: InstallationKeys | None = None, actor: str = "") -> Anchor | None:
    """An anchor when this installation has keys (before its first key there is nothing
    to sign with); the passphrase is asked for now, whatever the operation."""
    if keys is None and not identity.has_keys(session):
        return None
    return make_anchor(session, kind, keys=keys, secret=secret, actor=actor)


def anchor_payload(row: Anchor) -> bytes:
    """``anchor.json`` as carried in a bundle: the statement exactly as signed, and the signature."""
    return pretty_json({"statement": row.statement, "signature": row.signature})


def sign_with(key: Ed25519PrivateKey, text: str) -> str:
    return _b64(key.sign(text.encode("utf-8")))


# -- reading a statement ----------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    number: int
    kind: str
    created_at: str
    key_fingerprint: str
    department: str
    org_unit: str
    chains: dict[str, chain.ChainHead]
    previous: str
    text: str


def _decode_sig(text: Any) -> bytes | None:
    if not isinstance(text, str):
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    return raw if len(raw) == 64 else None


def parse_statement(text: str, signature: str, public_key: bytes) -> Statement | None:
    """The statement if ``public_key`` signed exactly this text and it is well formed."""
    sig = _decode_sig(signature)
    if sig is None or len(public_key) != 32:
        return None
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(sig, text.encode("utf-8"))
        doc = strict_loads(text.encode("utf-8"))
    except (InvalidSignature, StrictJSONError, ValueError):
        return None
    try:
        if doc["format"] != ANCHOR_FORMAT or doc["format_version"] != 1:
            return None
        chains = {name: chain.ChainHead(int(c["count"]), int(c["last_id"]), str(c["head"]))
                  for name, c in doc["chains"].items() if name in chain.CHAINS}
        if set(chains) != set(doc["chains"]) or type(doc["number"]) is not int:
            return None
        return Statement(doc["number"], str(doc["kind"]), str(doc["created_at"]),
                         str(doc["key_fingerprint"]), str(doc["department"]),
                         str(doc["org_unit"]), chains, str(doc["previous"]), text)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


# -- anchors received in bundles --------------------------------------------------------------


_PA = cast(Table, PeerAnchor.__table__)
# Prepared once and run on the Core connection: an import receives one per file.
_KNOWN_PEER = (select(_PA.c.statement, _PA.c.bundle_id)
               .where(_PA.c.sender_fingerprint == bindparam("fp"),
                      _PA.c.number == bindparam("number"))
               .order_by(_PA.c.id).limit(1))
_INSERT_PEER = insert(_PA)


_KNOWN_PEER_SQLITE = ("SELECT statement, bundle_id FROM peer_anchors WHERE sender_fingerprint = ? "
                      "AND number = ? ORDER BY id LIMIT 1")
_PEER_COLUMNS = ("sender_fingerprint", "department_code", "org_unit", "number", "statement",
                 "signature", "bundle_id", "received_at")
_RECEIVE_PEER_PG = (
    "WITH known AS (SELECT statement, bundle_id FROM peer_anchors "
    "WHERE sender_fingerprint = %(sender_fingerprint)s AND number = %(number)s "
    "ORDER BY id LIMIT 1), "
    f"new AS (INSERT INTO peer_anchors ({', '.join(_PEER_COLUMNS)}) "
    f"SELECT {', '.join(f'%({c})s' for c in _PEER_COLUMNS)} "
    "WHERE NOT EXISTS (SELECT 1 FROM known)) "
    "SELECT statement, bundle_id FROM known")
_INSERT_PEER_SQLITE = (f"INSERT INTO peer_anchors ({', '.join(_PEER_COLUMNS)}) "
                       f"VALUES ({','.join('?' * len(_PEER_COLUMNS))})")


def receive_anchor(session: Session, verified: VerifiedBundle, *, cursor: Any = None) -> None:
    """Keep the sender's signed heads from ``anchor.json``; refuse the file if it is forged.

    Only the newest (highest number) statement of a sender is what "last signed
    heads" means, but every one received is kept: they cost a row each.
    ``cursor``: the transaction's sqlite3 cursor (an import on SQLite), to run the
    lookup and the insert on directly.
    """
    data = verified.payloads.get(ANCHOR_ENTRY)
    if data is None:
        return
    bad = BundleRefused(Reason.ANCHOR_INVALID, _(
        "The file's signed history summary (anchor.json) is not valid; the file is refused. "
        "Ask the sender to export again."))
    try:
        doc = strict_loads(data)
    except StrictJSONError:
        raise bad from None
    if not isinstance(doc, dict) or set(doc) != {"statement", "signature"} or \
            not isinstance(doc["statement"], str):
        raise bad
    m = verified.manifest
    st = parse_statement(doc["statement"], doc["signature"], m.sender.public_key)
    if st is None or st.key_fingerprint != m.sender.key_fingerprint:
        raise bad
    fp = m.sender.key_fingerprint
    row = {"sender_fingerprint": fp, "department_code": m.sender.department,
           "org_unit": m.sender.org_unit, "number": st.number, "statement": st.text,
           "signature": doc["signature"], "bundle_id": m.bundle_id,
           "received_at": datetime.now()}
    if cursor is not None:
        known = cursor.execute(_KNOWN_PEER_SQLITE, (fp, st.number)).fetchone()
    elif session.get_bind().dialect.name == "postgresql":
        # The lookup and the insert in one round trip: the row goes in only when no
        # statement of that number is known, and the known one (if any) comes back.
        driver = session.connection().connection.driver_connection
        assert driver is not None, "an open transaction has its driver connection"
        with driver.cursor() as cur:
            known = cur.execute(_RECEIVE_PEER_PG, row).fetchone()
    else:
        known = session.connection().execute(_KNOWN_PEER, {"fp": fp,
                                                           "number": st.number}).first()
    if known is not None:
        if known[0] != st.text:
            # Two signed summaries with one number: the sender's history was rewound and
            # signed again (or an export was rolled back after its file was written).
            chain.append_audit(session, "peer-anchor-equivocation",
                               department=m.sender.department, number=st.number,
                               bundle_id=m.bundle_id, earlier=known[1])
        return
    if cursor is not None:  # DateTime as SQLAlchemy stores it in SQLite
        row["received_at"] = row["received_at"].isoformat(sep=" ", timespec="microseconds")
        cursor.execute(_INSERT_PEER_SQLITE, tuple(row[c] for c in _PEER_COLUMNS))
    elif session.get_bind().dialect.name != "postgresql":  # PostgreSQL: inserted above
        session.connection().execute(_INSERT_PEER, row)


@dataclass(frozen=True)
class PeerHeads:
    department: str
    org_unit: str
    short_fingerprint: str
    number: int
    created_at: str
    chains: dict[str, chain.ChainHead]


def last_peer_heads(session: Session) -> list[PeerHeads]:
    """Each sender's newest signed heads: what it could be asked to match later."""
    newest = (select(PeerAnchor.sender_fingerprint, func.max(PeerAnchor.number).label("n"))
              .group_by(PeerAnchor.sender_fingerprint).subquery())
    rows = session.execute(select(PeerAnchor).join(newest, (
        PeerAnchor.sender_fingerprint == newest.c.sender_fingerprint)
        & (PeerAnchor.number == newest.c.n)).order_by(PeerAnchor.department_code)).scalars()
    out: list[PeerHeads] = []
    publics = {r.fingerprint: r.public_key for r in identity.trusted_rows(session)}
    for r in rows:
        doc = strict_loads(r.statement.encode("utf-8"))
        out.append(PeerHeads(r.department_code, r.org_unit, _short(publics.get(r.sender_fingerprint)),
                             r.number,
                             str(doc.get("created_at", "")), {
                                 n: chain.ChainHead(int(c["count"]), int(c["last_id"]),
                                                    str(c["head"]))
                                 for n, c in doc.get("chains", {}).items()}))
    return out


def _short(public_b64: str | None) -> str:
    return short_fingerprint(base64.b64decode(public_b64)) if public_b64 else "?"


# -- verifying this installation -------------------------------------------------------------


@dataclass
class IntegrityReport:
    findings: list[Finding] = field(default_factory=list)
    anchor: Statement | None = None
    anchor_key: str = ""  # short fingerprint of the key that signed the newest anchor
    rows: dict[str, int] = field(default_factory=dict)  # chain → rows now
    unanchored: dict[str, int] = field(default_factory=dict)  # chain → rows after the anchor
    sealed_rows: int = 0
    values: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings


def _own_public_keys(session: Session) -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for row in session.execute(select(OwnKey).where(OwnKey.purpose == identity.SIGNING)).scalars():
        try:
            keys[row.fingerprint] = base64.b64decode(row.public_key)
        except (binascii.Error, ValueError):
            continue
    return keys


def _anchors(session: Session, report: IntegrityReport) -> Statement | None:
    """The newest anchor whose signature, key and link to the one before all hold."""
    keys = _own_public_keys(session)
    newest: Statement | None = None
    previous_text = ""
    for row in session.execute(select(Anchor).order_by(Anchor.number)).scalars():
        public = keys.get(row.key_fingerprint)
        st = parse_statement(row.statement, row.signature, public) if public else None
        if public is None or fingerprint(public) != row.key_fingerprint:
            report.findings.append(Finding("anchors", row.number, "anchor-unknown-key"))
            continue
        if st is None or st.number != row.number or st.key_fingerprint != row.key_fingerprint:
            report.findings.append(Finding("anchors", row.number, "anchor-bad-signature"))
            continue
        expected = statement_digest(previous_text) if previous_text else ""
        if st.previous != expected:
            report.findings.append(Finding("anchors", row.number, "anchor-previous-link"))
        previous_text = row.statement
        newest = st
        report.anchor_key = short_fingerprint(public)
    return newest


def _check_against_anchor(session: Session, anchor: Statement | None,
                          report: IntegrityReport) -> None:
    conn = session.connection()
    for name, (table, _cols) in chain.CHAINS.items():
        report.rows[name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
        head = anchor.chains.get(name) if anchor else None
        if head is None:
            report.unanchored[name] = report.rows[name]
            continue
        at = conn.execute(select(table.c.row_hash).where(table.c.id == head.last_id)
                          ).scalar_one_or_none() if head.count else None
        upto = conn.execute(select(func.count()).select_from(table)
                            .where(table.c.id <= head.last_id)).scalar_one()
        if head.count and at is None:
            report.findings.append(Finding(name, head.last_id, "anchored-row-missing"))
        elif head.count and at != head.head:
            report.findings.append(Finding(name, head.last_id, "anchored-head-differs"))
        elif upto != head.count:
            report.findings.append(Finding(name, head.last_id, "anchored-count-differs"))
        report.unanchored[name] = conn.execute(select(func.count()).select_from(table)
                                               .where(table.c.id > head.last_id)).scalar_one()


def _check_seals(session: Session, report: IntegrityReport) -> None:
    conn = session.connection()
    for table in chain.SEALED_TABLES:
        current = chain.current_digests(conn, table)
        sealed = chain.latest_seals_with_format(conn, table)
        older = {f for _d, f in sealed.values() if f != chain.SEAL_FORMAT}
        in_format = {chain.SEAL_FORMAT: current} | {
            f: chain.current_digests(conn, table, seal_format=f) for f in older}
        report.sealed_rows += len(current)
        for rid in current:
            digest, seal_format = sealed.get(rid, ("", chain.SEAL_FORMAT))
            if not digest:
                report.findings.append(Finding(table, rid, "row-unsealed",
                                               row_subject(conn, table, rid)))
            elif in_format.get(seal_format, {}).get(rid) != digest:
                report.findings.append(Finding(table, rid, "row-changed",
                                               row_subject(conn, table, rid)))
        for rid, (digest, _f) in sealed.items():
            if digest and rid not in current:
                report.findings.append(Finding(table, rid, "row-deleted"))


_PROVENANCE = ("state", "value", "note", "revision", "source", "bundle_id", "updated_by",
               "updated_at", "field_code", "period", "combo")
_HISTORY_OF = ("new_state", "new_value", "note", "revision", "source", "bundle_id", "actor",
               "at", "field_code", "period", "combo")


def _locally_changed_ok(current: tuple[Any, ...], locally_changed: bool) -> bool:
    """What the writers set: local → yes, bundle → no, a resolution → yes when the Office
    typed the figure itself (no bundle behind it)."""
    source, bundle_id = current[4], current[5]
    if source == "local":
        return locally_changed
    if source == "resolution":
        return locally_changed == (bundle_id is None)
    return not locally_changed


def _check_values(session: Session, report: IntegrityReport) -> None:
    """Each current value is what its newest history row left, provenance included.

    A "keep the current value" decision writes a history row without touching
    the value (source ``resolution``, old = new); the value then matches the
    newest row before it instead.
    """
    dv, vh = DataValue.__table__.c, ValueHistory.__table__.c
    newest: dict[int, tuple[Any, ...]] = {}
    before_record: dict[int, tuple[Any, ...]] = {}
    for row in session.execute(select(vh.value_id, vh.old_state, vh.old_value,
                                      *[vh[c] for c in _HISTORY_OF]).order_by(vh.id)):
        vid, old, fields = row[0], (row[1], row[2]), tuple(row[3:])
        newest[vid] = fields
        if not (fields[4] == "resolution" and old == fields[:2]):
            before_record[vid] = fields
    senders = {r[0]: r[1] for r in session.execute(
        select(ImportedBundle.bundle_id, ImportedBundle.sender_fingerprint))}
    unit_of_key = dict(session.execute(select(TrustedKey.fingerprint, TrustedKey.org_unit_id)
                                       .where(TrustedKey.org_unit_id.is_not(None))).all())
    own_unit = require_installation(session).org_unit_id
    found = 0
    values = set()
    for row in session.execute(select(dv.id, *[dv[c] for c in _PROVENANCE], dv.locally_changed,
                                      dv.sender_fingerprint, dv.org_unit_id).order_by(dv.id)):
        report.values += 1
        vid, current = row[0], tuple(row[1:1 + len(_PROVENANCE)])
        locally_changed, sender, unit = bool(row[-3]), row[-2], row[-1]
        values.add(vid)
        problem = None
        if vid not in newest:
            problem = "no-history"
        elif current[5] in senders and unit != unit_of_key.get(senders[current[5]], own_unit):
            # A value from a bundle lies in the unit its sender's key is enrolled for (a
            # ward, at a city; this installation's own unit for a department's key).
            problem = "value-moved"
        elif current not in (newest[vid], before_record.get(vid)) or not _locally_changed_ok(current, locally_changed) or (current[4] == "bundle" and current[5] in senders and sender != senders[current[5]]):
            problem = "differs-from-history"
        if problem is not None:
            report.findings.append(Finding("data_values", vid, problem))
            found += 1
            if found >= 100:
                return
    report.findings += [Finding("data_values", vid, "value-deleted")
                        for vid in sorted(set(newest) - values)[:100]]


def verify_installation(session: Session) -> IntegrityReport:
    """Everything ``chiso audit verify`` checks; read only."""
    report = IntegrityReport()
    report.findings += [Finding(b.table, b.row_id, b.problem) for b in chain.verify_chain(session)]
    report.anchor = _anchors(session, report)
    _check_against_anchor(session, report.anchor, report)
    _check_seals(session, report)
    _check_values(session, report)
    return report


def audit_findings(session: Session) -> list[Finding]:
    """Every finding of ``verify_installation`` (the tests' and the crash harness's check)."""
    return verify_installation(session).findings


def anchors_by_kind(session: Session) -> Mapping[str, int]:
    return {r[0]: r[1] for r in session.execute(
        select(Anchor.kind, func.count()).group_by(Anchor.kind))}
