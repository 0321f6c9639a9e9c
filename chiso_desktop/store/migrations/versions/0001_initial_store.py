"""initial store

Revision ID: 0001
Revises:
Create Date: 2026-11-22 21:07:51.554802
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "catalogs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("catalog_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("document", sa.String(length=100), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogs")),
        sa.UniqueConstraint("catalog_id", "version", name=op.f("uq_catalogs_catalog_id")),
    )
    with op.batch_alter_table("catalogs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalogs_catalog_id"), ["catalog_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_catalogs_content_hash"), ["content_hash"], unique=False
        )
    op.create_table(
        "org_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("parent_body", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_units")),
        sa.UniqueConstraint("code", name=op.f("uq_org_units_code")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "data_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("catalog_id", sa.String(length=64), nullable=False),
        sa.Column("field_code", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("department_code", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("bundle_id", sa.String(length=64), nullable=True),
        sa.Column("sender_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("locally_changed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_unit_id"], ["org_units.id"], name=op.f("fk_data_values_org_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_values")),
        sa.UniqueConstraint(
            "org_unit_id",
            "catalog_id",
            "field_code",
            "period",
            name=op.f("uq_data_values_org_unit_id"),
        ),
    )
    with op.batch_alter_table("data_values", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_data_values_period"), ["period"], unique=False)
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_unit_id"], ["org_units.id"], name=op.f("fk_departments_org_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
        sa.UniqueConstraint("org_unit_id", "code", name=op.f("uq_departments_org_unit_id")),
    )
    op.create_table(
        "installation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("department_code", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("next_sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_unit_id"], ["org_units.id"], name=op.f("fk_installation_org_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_installation")),
    )
    op.create_table(
        "period_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("department_code", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("submitted_on", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_unit_id"], ["org_units.id"], name=op.f("fk_period_status_org_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_status")),
        sa.UniqueConstraint(
            "org_unit_id", "department_code", "period", name=op.f("uq_period_status_org_unit_id")
        ),
    )
    op.create_table(
        "officers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_officers_department_id_departments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officers")),
    )
    op.create_table(
        "value_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value_id", sa.Integer(), nullable=False),
        sa.Column("field_code", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("old_state", sa.String(length=16), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_state", sa.String(length=16), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("bundle_id", sa.String(length=64), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["value_id"], ["data_values.id"], name=op.f("fk_value_history_value_id_data_values")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_value_history")),
    )
    with op.batch_alter_table("value_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_value_history_value_id"), ["value_id"], unique=False)
    op.create_table(
        "plan_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("department_code", sa.String(length=16), nullable=False),
        sa.Column("primary_officer_id", sa.Integer(), nullable=True),
        sa.Column("backup_officer_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["backup_officer_id"],
            ["officers.id"],
            name=op.f("fk_plan_assignments_backup_officer_id_officers"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["catalogs.id"], name=op.f("fk_plan_assignments_plan_id_catalogs")
        ),
        sa.ForeignKeyConstraint(
            ["primary_officer_id"],
            ["officers.id"],
            name=op.f("fk_plan_assignments_primary_officer_id_officers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_assignments")),
        sa.UniqueConstraint("plan_id", "indicator_code", name=op.f("uq_plan_assignments_plan_id")),
    )


def downgrade() -> None:
    op.drop_table("plan_assignments")
    with op.batch_alter_table("value_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_value_history_value_id"))
    op.drop_table("value_history")
    op.drop_table("officers")
    op.drop_table("period_status")
    op.drop_table("installation")
    op.drop_table("departments")
    with op.batch_alter_table("data_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_data_values_period"))
    op.drop_table("data_values")
    op.drop_table("settings")
    op.drop_table("org_units")
    with op.batch_alter_table("catalogs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogs_content_hash"))
        batch_op.drop_index(batch_op.f("ix_catalogs_catalog_id"))
    op.drop_table("catalogs")
    op.drop_table("audit_log")
