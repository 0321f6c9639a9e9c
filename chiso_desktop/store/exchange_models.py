"""Tables for keys, bundle exchange, conflicts and the Office's period workflow.

Added by migration 0002 on top of the core store.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from chiso_desktop.store.models import DEFAULT_COMBO, Base


class OwnKey(Base):
    """This installation's key pairs; private halves encrypted with the passphrase."""

    __tablename__ = "own_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))  # signing | sealing
    public_key: Mapped[str] = mapped_column(Text)  # base64 raw
    private_pem: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # How private_pem is protected, as JSON ({"name": "scrypt", "n": …}); "pbkdf2-sha256"
    # for keys written before migration 0004_trust, re-protected at their next unlock.
    kdf: Mapped[str] = mapped_column(Text, default="")


class TrustedKey(Base):
    """The Office's trust list (and a department's record of its Office's key)."""

    __tablename__ = "trusted_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(16))  # department | office
    org_unit: Mapped[str] = mapped_column(String(200), default="")
    department_code: Mapped[str] = mapped_column(String(16), default="")
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    public_key: Mapped[str] = mapped_column(Text)
    sealing_key: Mapped[str] = mapped_column(Text, default="")
    enrolled_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    replaced_by: Mapped[str | None] = mapped_column(String(64))
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    """At a city: the ward this Office key was enrolled for (its identity, not a name)."""


class ImportedBundle(Base):
    __tablename__ = "imported_bundles"
    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="bundle")
    file_sha256: Mapped[str] = mapped_column(String(64))
    sender_fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    sender_org_unit: Mapped[str] = mapped_column(String(200), default="")
    department_code: Mapped[str] = mapped_column(String(16), default="")
    sequence: Mapped[int] = mapped_column(Integer)
    periods: Mapped[str] = mapped_column(Text, default="[]")
    catalog_id: Mapped[str] = mapped_column(String(64), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    counts: Mapped[str] = mapped_column(Text, default="{}")
    equivocation: Mapped[bool] = mapped_column(Boolean, default=False)
    # SHA-256 of the signed manifest: the same bundle resealed has other file bytes but
    # this same digest; the same bundle_id with another digest is equivocation.
    manifest_sha256: Mapped[str] = mapped_column(String(64), default="")


class ExportedBundle(Base):
    __tablename__ = "exported_bundles"
    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="bundle")
    sequence: Mapped[int] = mapped_column(Integer)
    periods: Mapped[str] = mapped_column(Text, default="[]")
    file_sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    receipt_at: Mapped[datetime | None] = mapped_column(DateTime)


class Conflict(Base):
    """An incoming value held for review; never resolved silently."""

    __tablename__ = "conflicts"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(Integer)
    catalog_id: Mapped[str] = mapped_column(String(64))
    field_code: Mapped[str] = mapped_column(String(64))
    combo: Mapped[str] = mapped_column(String(64), default=DEFAULT_COMBO,
                                       server_default=DEFAULT_COMBO)
    period: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))  # local-change | not-assigned | locked | two-senders
    current_state: Mapped[str | None] = mapped_column(String(16))
    current_value: Mapped[str | None] = mapped_column(Text)
    incoming_state: Mapped[str] = mapped_column(String(16))
    incoming_value: Mapped[str | None] = mapped_column(Text)
    incoming_note: Mapped[str] = mapped_column(Text, default="")
    incoming_revision: Mapped[int] = mapped_column(Integer, default=1)
    bundle_id: Mapped[str] = mapped_column(String(64))
    sender_department: Mapped[str] = mapped_column(String(16), default="")
    sender_fingerprint: Mapped[str] = mapped_column(String(64), default="")
    officer: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | resolved
    resolution: Mapped[str] = mapped_column(String(16), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str] = mapped_column(String(200), default="")


class PeriodLock(Base):
    """The Office's approval state of a period: open → complete → locked (→ reopened)."""

    __tablename__ = "period_locks"
    __table_args__ = (UniqueConstraint("org_unit_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    approver: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    approved_on: Mapped[datetime | None] = mapped_column(DateTime)
    comment: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=0)
    reopen_reason: Mapped[str] = mapped_column(Text, default="")


class CorrectionRequest(Base):
    """Values the Office questioned; on both sides (sent / received)."""

    __tablename__ = "correction_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[str] = mapped_column(String(64), index=True)
    direction: Mapped[str] = mapped_column(String(8))  # sent | received
    department_code: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(16))
    field_code: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class RowSeal(Base):
    """One entry of the seal chain: a covered table's row as it was after a commit.

    ``digest`` is the SHA-256 of the row's columns (``store.chain.SEALED_TABLES``),
    empty when the row was deleted. The chain (``prev_hash`` → ``row_hash``) and
    the anchors that sign its head make a later edit of the row, or of its seal,
    detectable. ``format`` is the seal format the digest was taken in
    (``store.chain.SEAL_FORMATS``): which columns of the row it covers.
    """

    __tablename__ = "row_seals"
    __table_args__ = (Index("ix_row_seals_table_row", "table_name", "row_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(32))
    row_id: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64), default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    row_hash: Mapped[str] = mapped_column(String(64), default="")
    format: Mapped[int] = mapped_column(Integer, server_default="1")
    """No Python default: the migration that created the table (0004) seals in format 1
    with this column not there yet, so an insert must be able to leave it out."""


class Anchor(Base):
    """This installation's signed statement of its chain heads and row counts."""

    __tablename__ = "anchors"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # export | lock | finalize | receipt | backup …
    created_at: Mapped[datetime] = mapped_column(DateTime)
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    statement: Mapped[str] = mapped_column(Text)  # canonical JSON, exactly as signed
    signature: Mapped[str] = mapped_column(Text)  # base64 Ed25519


class PeerAnchor(Base):
    """The last signed heads a sender (department, or ward Office at the city) sent us."""

    __tablename__ = "peer_anchors"
    id: Mapped[int] = mapped_column(primary_key=True)
    sender_fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    department_code: Mapped[str] = mapped_column(String(16), default="")
    org_unit: Mapped[str] = mapped_column(String(200), default="")
    number: Mapped[int] = mapped_column(Integer)
    statement: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(Text)
    bundle_id: Mapped[str] = mapped_column(String(64), default="")
    received_at: Mapped[datetime] = mapped_column(DateTime)
