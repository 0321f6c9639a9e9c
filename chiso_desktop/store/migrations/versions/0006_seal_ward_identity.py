"""row seals cover the ward's identity (seal format 2)

Revision ID: 0006_seal_ward_identity
Revises: 0005_ward_codes
Create Date: 2026-12-02 00:40:00

``row_seals.format`` records which columns a seal's digest covers
(``store.chain.SEAL_FORMATS``). Format 2 adds ``org_units`` (the ward's
official code and name) and ``trusted_keys.org_unit_id`` (which ward an
enrolled key speaks for). Seals written before keep format 1 and verify as
they did; this migration seals every org unit and trusted key in format 2, so
an edit of a ward's code or of a key's ward is found from now on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_seal_ward_identity"
down_revision = "0005_ward_codes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("row_seals") as batch:
        batch.add_column(sa.Column("format", sa.Integer(), nullable=False, server_default="1"))

    from chiso_desktop.store.chain import seal_existing

    seal_existing(op.get_bind(), seal_format=2, tables=("org_units", "trusted_keys"))


def downgrade() -> None:
    # Every seal from this migration on is format 2: they are the chain's tail, so the
    # format 1 chain before them stays whole (anchors signed since then will not match).
    op.execute(sa.text("DELETE FROM row_seals WHERE format <> 1"))
    with op.batch_alter_table("row_seals") as batch:
        batch.drop_column("format")
