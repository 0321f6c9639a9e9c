"""trust: row seals, anchors, peer anchors, key protection, manifest digests

Revision ID: 0004_trust
Revises: 0003_combo
Create Date: 2026-12-01 21:40:00

Adds the seal chain over the tables that change in place (and seals every
existing row), this installation's signed anchors and the anchors received
from senders, records how each private key is protected (keys written before
this revision are PBKDF2-protected PKCS#8 and are re-protected with scrypt at
their next successful unlock), and each imported bundle's manifest digest.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_trust"
down_revision = "0003_combo"
branch_labels = None
depends_on = None

LEGACY_KDF = '{"name":"pbkdf2-sha256"}'


def upgrade() -> None:
    op.create_table(
        "row_seals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_row_seals")),
    )
    op.create_index("ix_row_seals_table_row", "row_seals", ["table_name", "row_id"])
    op.create_table(
        "anchors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anchors")),
        sa.UniqueConstraint("number", name=op.f("uq_anchors_number")),
    )
    op.create_table(
        "peer_anchors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("department_code", sa.String(length=16), nullable=False),
        sa.Column("org_unit", sa.String(length=200), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("bundle_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_anchors")),
    )
    op.create_index(op.f("ix_peer_anchors_sender_fingerprint"), "peer_anchors",
                    ["sender_fingerprint"])
    with op.batch_alter_table("own_keys") as batch_op:
        batch_op.add_column(sa.Column("kdf", sa.Text(), nullable=False, server_default=""))
    op.execute(sa.text("UPDATE own_keys SET kdf = :kdf").bindparams(kdf=LEGACY_KDF))
    with op.batch_alter_table("imported_bundles") as batch_op:
        batch_op.add_column(sa.Column("manifest_sha256", sa.String(length=64), nullable=False,
                                      server_default=""))

    from chiso_desktop.store.chain import seal_existing

    seal_existing(op.get_bind(), seal_format=1)


def downgrade() -> None:
    with op.batch_alter_table("imported_bundles") as batch_op:
        batch_op.drop_column("manifest_sha256")
    with op.batch_alter_table("own_keys") as batch_op:
        batch_op.drop_column("kdf")
    op.drop_index(op.f("ix_peer_anchors_sender_fingerprint"), table_name="peer_anchors")
    op.drop_table("peer_anchors")
    op.drop_table("anchors")
    op.drop_index("ix_row_seals_table_row", table_name="row_seals")
    op.drop_table("row_seals")
