"""wards known by their official code and enrolled key

Revision ID: 0005_ward_codes
Revises: 0004_trust
Create Date: 2026-12-01 21:50:00

``org_units.admin_code`` is the official administrative unit code (mã đơn vị
hành chính) entered at setup; a city finds a ward by it, never by its name.
``trusted_keys.org_unit_id`` ties an enrolled ward Office key to its ward, so
imports are attributed to the enrolled identity, not to the manifest's claim.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_ward_codes"
down_revision = "0004_trust"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("org_units") as batch:
        batch.add_column(sa.Column("admin_code", sa.String(length=16), nullable=True))
        batch.create_index("ix_org_units_admin_code", ["admin_code"], unique=True)
    with op.batch_alter_table("trusted_keys") as batch:
        batch.add_column(sa.Column("org_unit_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_trusted_keys_org_unit_id_org_units", "org_units",
                                 ["org_unit_id"], ["id"])
        batch.create_index("ix_trusted_keys_org_unit_id", ["org_unit_id"])


def downgrade() -> None:
    with op.batch_alter_table("trusted_keys") as batch:
        batch.drop_index("ix_trusted_keys_org_unit_id")
        batch.drop_constraint("fk_trusted_keys_org_unit_id_org_units", type_="foreignkey")
        batch.drop_column("org_unit_id")
    with op.batch_alter_table("org_units") as batch:
        batch.drop_index("ix_org_units_admin_code")
        batch.drop_column("admin_code")
