"""exchange and office workflow

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 21:07:51.554802
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("catalog_id", sa.String(length=64), nullable=False),
        sa.Column("field_code", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("current_state", sa.String(length=16), nullable=True),
        sa.Column("current_value", sa.Text(), nullable=True),
        sa.Column("incoming_state", sa.String(length=16), nullable=False),
        sa.Column("incoming_value", sa.Text(), nullable=True),
        sa.Column("incoming_note", sa.Text(), nullable=False),
        sa.Column("incoming_revision", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.String(length=64), nullable=False),
        sa.Column("sender_department", sa.String(length=16), nullable=False),
        sa.Column("sender_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("officer", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolution", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
    )
    op.create_table(
        "correction_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("department_code", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("field_code", sa.String(length=64), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction_requests")),
    )
    with op.batch_alter_table("correction_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_correction_requests_request_id"), ["request_id"], unique=False
        )
    op.create_table(
        "exported_bundles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("periods", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("receipt_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exported_bundles")),
        sa.UniqueConstraint("bundle_id", name=op.f("uq_exported_bundles_bundle_id")),
    )
    op.create_table(
        "imported_bundles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("sender_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("sender_org_unit", sa.String(length=200), nullable=False),
        sa.Column("department_code", sa.String(length=16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("periods", sa.Text(), nullable=False),
        sa.Column("catalog_id", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("equivocation", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_bundles")),
        sa.UniqueConstraint("bundle_id", name=op.f("uq_imported_bundles_bundle_id")),
    )
    with op.batch_alter_table("imported_bundles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_imported_bundles_sender_fingerprint"),
            ["sender_fingerprint"],
            unique=False,
        )
    op.create_table(
        "own_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("private_pem", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_own_keys")),
    )
    op.create_table(
        "period_locks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("approver", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("approved_on", sa.DateTime(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("reopen_reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_locks")),
        sa.UniqueConstraint("org_unit_id", "period", name=op.f("uq_period_locks_org_unit_id")),
    )
    op.create_table(
        "trusted_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("org_unit", sa.String(length=200), nullable=False),
        sa.Column("department_code", sa.String(length=16), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("sealing_key", sa.Text(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("replaced_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_keys")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_trusted_keys_fingerprint")),
    )


def downgrade() -> None:
    op.drop_table("trusted_keys")
    op.drop_table("period_locks")
    op.drop_table("own_keys")
    with op.batch_alter_table("imported_bundles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imported_bundles_sender_fingerprint"))
    op.drop_table("imported_bundles")
    op.drop_table("exported_bundles")
    with op.batch_alter_table("correction_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correction_requests_request_id"))
    op.drop_table("correction_requests")
    op.drop_table("conflicts")
