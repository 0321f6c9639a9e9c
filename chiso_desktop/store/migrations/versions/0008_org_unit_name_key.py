"""org_units.name_key: a unit's name as names are compared, indexed

Revision ID: 0008_org_unit_name_key
Revises: 0007_values_period_unit_index
Create Date: 2026-12-02 03:20:00

A city refuses a ward's key card whose name is already another ward's (with
another key). Names are compared NFC, case and spacing aside, every diacritic
kept ("Xã Đông Hà" and "Xã Đồng Hà" are two wards), which SQL cannot compute
on SQLite; enrolment therefore compared each card with every ward in Python,
O(n) a card and O(n²) for a province or the country's 3,321 communes. The
column holds that comparison key (``store.models.unit_name_key``, kept by the
model whenever ``name`` is set) under an index, so the clash check is one
indexed query. Existing rows are filled here with the same rule; nothing else
changes. Not sealed: it is derived from ``name``, which is.
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0008_org_unit_name_key"
down_revision = "0007_values_period_unit_index"
branch_labels = None
depends_on = None


def _key(name: str) -> str:
    """``store.models.unit_name_key`` as of this migration."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def upgrade() -> None:
    with op.batch_alter_table("org_units") as batch:
        batch.add_column(sa.Column("name_key", sa.String(length=200), nullable=True))
    conn = op.get_bind()
    units = sa.table("org_units", sa.column("id", sa.Integer), sa.column("name", sa.String),
                     sa.column("name_key", sa.String))
    rows = conn.execute(sa.select(units.c.id, units.c.name)).all()
    if rows:
        conn.execute(units.update().where(units.c.id == sa.bindparam("row_id"))
                     .values(name_key=sa.bindparam("key")),
                     [{"row_id": i, "key": _key(name or "")} for i, name in rows])
    with op.batch_alter_table("org_units") as batch:
        batch.create_index("ix_org_units_name_key", ["name_key"], unique=False)


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35, PostgreSQL): a batch would rebuild
    # org_units, which every ward's rows refer to, and the foreign keys refuse that.
    op.drop_index("ix_org_units_name_key", table_name="org_units")
    op.drop_column("org_units", "name_key")
