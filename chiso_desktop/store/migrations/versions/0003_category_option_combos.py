"""category option combos on values, history and conflicts

A disaggregated field stores one value per option combination (DHIS2's
categoryOptionCombo) next to its total. Every row that exists gets the
default combination, which is the total: a field that gains a breakdown keeps
its values. The uniqueness of a value takes the combination in.

Revision ID: 0003_combo
Revises: 0002
Create Date: 2026-12-01 21:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_combo"
down_revision = "0002"
branch_labels = None
depends_on = None

_UQ = "uq_data_values_org_unit_id"


def _combo() -> sa.Column:
    return sa.Column("combo", sa.String(length=64), nullable=False, server_default="default")


def upgrade() -> None:
    with op.batch_alter_table("data_values", schema=None) as batch_op:
        batch_op.add_column(_combo())
        batch_op.drop_constraint(_UQ, type_="unique")
        batch_op.create_unique_constraint(
            _UQ, ["org_unit_id", "catalog_id", "field_code", "combo", "period"])
    with op.batch_alter_table("value_history", schema=None) as batch_op:
        batch_op.add_column(_combo())
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.add_column(_combo())


def downgrade() -> None:
    op.execute("DELETE FROM conflicts WHERE combo <> 'default'")
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.drop_column("combo")
    op.execute("DELETE FROM value_history WHERE value_id IN "
               "(SELECT id FROM data_values WHERE combo <> 'default')")
    with op.batch_alter_table("value_history", schema=None) as batch_op:
        batch_op.drop_column("combo")
    op.execute("DELETE FROM data_values WHERE combo <> 'default'")
    with op.batch_alter_table("data_values", schema=None) as batch_op:
        batch_op.drop_constraint(_UQ, type_="unique")
        batch_op.create_unique_constraint(_UQ, ["org_unit_id", "catalog_id", "field_code",
                                                "period"])
        batch_op.drop_column("combo")
