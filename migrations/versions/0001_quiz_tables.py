"""Quiz tables: channels, quizzes (the posting claim), answers, players, scores, practice cards.

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 05:51:48.488452
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('channels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('workspace', sa.String(length=64), nullable=False),
    sa.Column('channel_id', sa.String(length=64), nullable=False),
    sa.Column('post_time', sa.String(length=5), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('days', sa.String(length=32), nullable=False),
    sa.Column('window_minutes', sa.Integer(), nullable=True),
    sa.Column('topics', sa.String(length=500), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('quiz_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channels')),
    sa.UniqueConstraint('platform', 'workspace', 'channel_id', name='uq_channels_ref')
    )
    op.create_table('players',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('workspace', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('streak', sa.Integer(), nullable=False),
    sa.Column('best_streak', sa.Integer(), nullable=False),
    sa.Column('played', sa.Integer(), nullable=False),
    sa.Column('best_played', sa.Integer(), nullable=False),
    sa.Column('last_channel', sa.Integer(), nullable=True),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_players')),
    sa.UniqueConstraint('platform', 'workspace', 'user_id', name='uq_players_ref')
    )
    op.create_table('practice_cards',
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('workspace', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('question_id', sa.String(length=100), nullable=False),
    sa.Column('card', sa.Text(), nullable=False),
    sa.Column('due', sa.DateTime(), nullable=False),
    sa.Column('pending', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('platform', 'workspace', 'user_id', 'question_id', name=op.f('pk_practice_cards'))
    )
    op.create_table('scores',
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('workspace', sa.String(length=64), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('platform', 'workspace', 'period', 'start', 'user_id', name=op.f('pk_scores'))
    )
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.create_index('ix_scores_board', ['platform', 'workspace', 'period', 'start', 'points'], unique=False)

    op.create_table('topic_scores',
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('workspace', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('topic', sa.String(length=64), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('platform', 'workspace', 'user_id', 'topic', name=op.f('pk_topic_scores'))
    )
    op.create_table('quizzes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel_pk', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('workspace', sa.String(length=64), nullable=False),
    sa.Column('quiz_date', sa.Date(), nullable=False),
    sa.Column('question_id', sa.String(length=100), nullable=False),
    sa.Column('topic', sa.String(length=64), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('options', sa.Text(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('opens_at', sa.DateTime(), nullable=False),
    sa.Column('closes_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=False),
    sa.Column('posted_at', sa.DateTime(), nullable=True),
    sa.Column('message_ref', sa.String(length=128), nullable=True),
    sa.Column('revealed_at', sa.DateTime(), nullable=True),
    sa.Column('reveal_published_at', sa.DateTime(), nullable=True),
    sa.Column('seq', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['channel_pk'], ['channels.id'], name=op.f('fk_quizzes_channel_pk_channels'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quizzes')),
    sa.UniqueConstraint('channel_pk', 'quiz_date', name='uq_quizzes_channel_date')
    )
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.create_index('ix_quizzes_open', ['revealed_at', 'closes_at'], unique=False)
        batch_op.create_index('ix_quizzes_publish', ['reveal_published_at', 'closes_at'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('workspace', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('choice', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['quiz_id'], ['quizzes.id'], name=op.f('fk_answers_quiz_id_quizzes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('quiz_id', 'user_id', name='uq_answers_quiz_user')
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_player', ['platform', 'workspace', 'user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_player')

    op.drop_table('answers')
    with op.batch_alter_table('quizzes', schema=None) as batch_op:
        batch_op.drop_index('ix_quizzes_publish')
        batch_op.drop_index('ix_quizzes_open')

    op.drop_table('quizzes')
    op.drop_table('topic_scores')
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.drop_index('ix_scores_board')

    op.drop_table('scores')
    op.drop_table('practice_cards')
    op.drop_table('players')
    op.drop_table('channels')
