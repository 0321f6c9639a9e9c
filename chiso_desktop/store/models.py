"""SQLAlchemy 2.x models of the store.

Portable types only (no SQLite-specific columns) so the same models run on
PostgreSQL for city-level aggregation. Values are stored as canonical decimal
text, never floats. History and audit rows are hash-chained (``prev_hash`` →
``row_hash``) so edits made outside the app are detectable.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

DEFAULT_COMBO = "default"
"""The total of a field (DHIS2's default categoryOptionCombo); ``catalog.categories`` has
the same constant: the store must not import the catalog."""

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Installation(Base):
    """The single row describing this installation: whose desk it sits on."""

    __tablename__ = "installation"
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(16))  # department | office | city
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    department_code: Mapped[str] = mapped_column(String(16), default="")
    language: Mapped[str] = mapped_column(String(8), default="vi")
    next_sequence: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    org_unit: Mapped[OrgUnit] = relationship()


class OrgUnit(Base):
    __tablename__ = "org_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_body: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(16), default="ward")
    admin_code: Mapped[str | None] = mapped_column(String(16), unique=True, index=True)
    """The official administrative unit code (mã đơn vị hành chính), when entered."""
    name_key: Mapped[str | None] = mapped_column(String(200), index=True)
    """``name`` as two names are compared (:func:`unit_name_key`), kept with it: a city finds
    a ward of the same name by this index, not by reading every ward (migration 0008)."""

    @validates("name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = unit_name_key(value)
        return value


def unit_name_key(name: str) -> str:
    """A unit name as names are compared: NFC, case and spacing aside, every diacritic kept.

    "Xã Đông Hà" and "Xã Đồng Hà" are two keys (two wards), never one slug.
    Migration 0008 fills existing rows with the same rule; change both or neither.
    """
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class Department(Base):
    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("org_unit_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    officers: Mapped[list[Officer]] = relationship(back_populates="department",
                                                  cascade="all, delete-orphan")


class Officer(Base):
    __tablename__ = "officers"
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[str] = mapped_column(String(16), default="primary")  # primary | backup
    department: Mapped[Department] = relationship(back_populates="officers")


class InstalledCatalog(Base):
    """A catalog as installed: its canonical JSON body and content hash."""

    __tablename__ = "catalogs"
    __table_args__ = (UniqueConstraint("catalog_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    catalog_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    document: Mapped[str] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    body: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    installed_at: Mapped[datetime] = mapped_column(DateTime)


class PlanAssignment(Base):
    __tablename__ = "plan_assignments"
    __table_args__ = (UniqueConstraint("plan_id", "indicator_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("catalogs.id"))
    indicator_code: Mapped[str] = mapped_column(String(64))
    department_code: Mapped[str] = mapped_column(String(16))
    primary_officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    backup_officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))


class DataValue(Base):
    """The current value of one field, for one org unit and period, with provenance."""

    __tablename__ = "data_values"
    __table_args__ = (
        UniqueConstraint("org_unit_id", "catalog_id", "field_code", "combo", "period"),
        # A period's values (every query by period), and one unit's of them (a merge).
        Index("ix_data_values_period_unit", "period", "org_unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    catalog_id: Mapped[str] = mapped_column(String(64))
    field_code: Mapped[str] = mapped_column(String(64))
    combo: Mapped[str] = mapped_column(String(64), default=DEFAULT_COMBO,
                                       server_default=DEFAULT_COMBO)
    """Category option combination (DHIS2 categoryOptionCombo); ``default`` is the total."""
    period: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))  # value | not-applicable | missing
    value: Mapped[str | None] = mapped_column(Text)  # canonical decimal text or choice code
    note: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    department_code: Mapped[str] = mapped_column(String(16), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(16), default="local")  # local | bundle | resolution
    bundle_id: Mapped[str | None] = mapped_column(String(64))
    sender_fingerprint: Mapped[str | None] = mapped_column(String(64))
    locally_changed: Mapped[bool] = mapped_column(Boolean, default=False)


class ValueHistory(Base):
    __tablename__ = "value_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    value_id: Mapped[int] = mapped_column(ForeignKey("data_values.id"), index=True)
    field_code: Mapped[str] = mapped_column(String(64))
    combo: Mapped[str] = mapped_column(String(64), default=DEFAULT_COMBO,
                                       server_default=DEFAULT_COMBO)
    period: Mapped[str] = mapped_column(String(16))
    old_state: Mapped[str | None] = mapped_column(String(16))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_state: Mapped[str] = mapped_column(String(16))
    new_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(16), default="local")
    bundle_id: Mapped[str | None] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    row_hash: Mapped[str] = mapped_column(String(64), default="")


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    row_hash: Mapped[str] = mapped_column(String(64), default="")


class PeriodStatus(Base):
    """Per department and period: draft → ready → submitted (→ received at the Office)."""

    __tablename__ = "period_status"
    __table_args__ = (UniqueConstraint("org_unit_id", "department_code", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    department_code: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by: Mapped[str] = mapped_column(String(200), default="")
    submitted_on: Mapped[datetime | None] = mapped_column(DateTime)


class Setting(Base):
    """Typed settings live in chiso_desktop/settings.py; this is their storage."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
