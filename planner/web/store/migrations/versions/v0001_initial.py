"""The first tables: patients, prescriptions, users and the audit trail.

Revision ID: v0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the four tables."""
    op.create_table(
        "patients",
        sa.Column("key", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.String(64), nullable=False),
        sa.Column("id_folded", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("profile_json", sa.Text, nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("updated_at", _WHEN, nullable=False),
    )
    op.create_table(
        "prescriptions",
        sa.Column("key", sa.Integer, primary_key=True),
        sa.Column("patient_key", sa.Integer, sa.ForeignKey("patients.key"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("profile_json", sa.Text, nullable=False),
        sa.Column("adjustments_json", sa.Text, nullable=False),
        sa.Column("plan_gz", sa.LargeBinary, nullable=False),
        sa.Column("rulebook_version", sa.String(40), nullable=False),
        sa.Column("rulebook_sha256", sa.String(64), nullable=False),
        sa.Column("saved_at", _WHEN, nullable=False),
        sa.Column("saved_by", sa.String(80), nullable=False),
        sa.UniqueConstraint("patient_key", "number"),
    )
    op.create_index("ix_prescriptions_patient_key", "prescriptions", ["patient_key"])
    op.create_table(
        "users",
        sa.Column("key", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("key", sa.Integer, primary_key=True),
        sa.Column("at", _WHEN, nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("patient_id", sa.String(64), nullable=True),
        sa.Column("detail", sa.String(200), nullable=True),
    )
    op.create_index("ix_audit_at", "audit", ["at"])


def downgrade() -> None:
    """Drop them again."""
    for table in ("audit", "users", "prescriptions", "patients"):
        op.drop_table(table)
