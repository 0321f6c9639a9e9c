"""data_values: the period index also holds the org unit

Revision ID: 0007_values_period_unit_index
Revises: 0006_seal_ward_identity
Create Date: 2026-12-02 00:45:00

``ix_data_values_period (period)`` becomes ``ix_data_values_period_unit
(period, org_unit_id)``. Every query that used the period index still can
(its first column); a merge reading one ward's values of a period (the city
path: each consolidated bundle) now finds exactly that ward's rows instead
of every ward's rows of the period, which made importing a national month
slower with each commune. One index replaced by one, so writing a value
costs what it did.
"""

from __future__ import annotations

from alembic import op

revision = "0007_values_period_unit_index"
down_revision = "0006_seal_ward_identity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("data_values") as batch:
        batch.drop_index("ix_data_values_period")
        batch.create_index("ix_data_values_period_unit", ["period", "org_unit_id"],
                           unique=False)


def downgrade() -> None:
    with op.batch_alter_table("data_values") as batch:
        batch.drop_index("ix_data_values_period_unit")
        batch.create_index("ix_data_values_period", ["period"], unique=False)
