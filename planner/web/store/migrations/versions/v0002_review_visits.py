"""Review visits: each joins the prescription it reviewed to the one it made.

Revision ID: v0002
Revises: v0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v0002"
down_revision: str | None = "v0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the review visits' table."""
    op.create_table(
        "review_visits",
        sa.Column("key", sa.Integer, primary_key=True),
        sa.Column("patient_key", sa.Integer, sa.ForeignKey("patients.key"), nullable=False),
        sa.Column("reviewed_key", sa.Integer, sa.ForeignKey("prescriptions.key"), nullable=False),
        sa.Column(
            "made_key", sa.Integer, sa.ForeignKey("prescriptions.key"), nullable=False, unique=True
        ),
        sa.Column("visit_json", sa.Text, nullable=False),
        sa.Column("log_json", sa.Text, nullable=True),
        sa.Column("summary_json", sa.Text, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.String(80), nullable=False),
    )
    op.create_index("ix_review_visits_patient_key", "review_visits", ["patient_key"])


def downgrade() -> None:
    """Drop it again."""
    op.drop_table("review_visits")
