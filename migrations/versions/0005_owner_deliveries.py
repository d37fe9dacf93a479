"""Who turned a channel's daily post on (told when it cannot post), its failed-post backoff, and the
short-lived memory of delivered Slack event ids that every replica shares.

Revision ID: 0005_owner_deliveries
Revises: 0004_question_flags
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_owner_deliveries"
down_revision: str | None = "0004_question_flags"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("channels") as batch:
        batch.add_column(sa.Column("scheduled_by", sa.String(64), nullable=True))
        batch.add_column(
            sa.Column("post_failures", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("retry_after", sa.DateTime(), nullable=True))
    op.create_table(
        "deliveries",
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(128), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "event_id", name="pk_deliveries"),
    )
    op.create_index("ix_deliveries_seen_at", "deliveries", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_seen_at", table_name="deliveries")
    op.drop_table("deliveries")
    with op.batch_alter_table("channels") as batch:
        batch.drop_column("retry_after")
        batch.drop_column("post_failures")
        batch.drop_column("scheduled_by")
