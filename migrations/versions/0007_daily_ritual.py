"""The daily quiz as a ritual: weekly recap settings and claims, reminder opt-ins and their claim.

channels gain recap_day (NULL: no recap), recap_time and remind_minutes (how long before the close
the reminder goes out); quizzes gain reminded_at (the claim that sends its reminders once) and
timezone (the channel's zone at the claim, which the card's times are shown in; UTC for old rows,
which is how they were shown).

Revision ID: 0007_daily_ritual
Revises: 0006_slack_oauth
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_daily_ritual"
down_revision: str | None = "0006_slack_oauth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("channels") as batch:
        batch.add_column(sa.Column("recap_day", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("recap_time", sa.String(length=5), nullable=False, server_default="16:00")
        )
        batch.add_column(
            sa.Column("remind_minutes", sa.Integer(), nullable=False, server_default="60")
        )
    with op.batch_alter_table("quizzes") as batch:
        batch.add_column(sa.Column("reminded_at", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("timezone", sa.String(length=64), nullable=False, server_default="UTC")
        )
    op.create_table(
        "reminder_optins",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("channel_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint(
            "platform", "workspace", "channel_id", "user_id", name=op.f("pk_reminder_optins")
        ),
    )
    op.create_table(
        "recap_claims",
        sa.Column("channel_pk", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_pk"],
            ["channels.id"],
            name=op.f("fk_recap_claims_channel_pk_channels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("channel_pk", "week_start", name=op.f("pk_recap_claims")),
    )


def downgrade() -> None:
    op.drop_table("recap_claims")
    op.drop_table("reminder_optins")
    with op.batch_alter_table("quizzes") as batch:
        batch.drop_column("timezone")
        batch.drop_column("reminded_at")
    with op.batch_alter_table("channels") as batch:
        batch.drop_column("remind_minutes")
        batch.drop_column("recap_time")
        batch.drop_column("recap_day")
