"""Initial schema: users, sessions, login failures, posts, likes, comments, follows.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

Reviewed by hand. It works on SQLite and MySQL/MariaDB: every string has a length,
tables are InnoDB in utf8mb4 (emoji round-trip), and every constraint has a name.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Naive UTC, with microseconds on MySQL (its DATETIME keeps whole seconds by default).
UTC_DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
MYSQL_TABLE = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_unicode_ci",
}


def user_fk(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=f"fk_{table}_{column}_users", ondelete="CASCADE"
    )


def post_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["post_id"], ["posts.id"], name=f"fk_{table}_post_id_posts", ondelete="CASCADE"
    )


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(30), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("display_name", sa.String(50), server_default="", nullable=False),
        sa.Column("bio", sa.String(150), server_default="", nullable=False),
        sa.Column("avatar_name", sa.String(64), nullable=True),
        sa.Column("post_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("follower_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("following_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
        sa.UniqueConstraint("username", name="uq_users_username"),
        **MYSQL_TABLE,
    )
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("last_seen_at", UTC_DATETIME, nullable=False),
        user_fk("user_id", "user_sessions"),
        sa.PrimaryKeyConstraint("id", name="pk_user_sessions"),
        sa.UniqueConstraint("token", name="uq_user_sessions_token"),
        **MYSQL_TABLE,
    )
    op.create_index("ix_user_sessions_user_id", "user_sessions", ["user_id"])

    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        user_fk("user_id", "login_failures"),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
        **MYSQL_TABLE,
    )
    op.create_index(
        "ix_login_failures_user_id_created_at", "login_failures", ["user_id", "created_at"]
    )

    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("alt_text", sa.String(1000), nullable=False),
        sa.Column("image_url", sa.String(2048), nullable=True),
        sa.Column("image_name", sa.String(64), nullable=True),
        sa.Column("image_width", sa.Integer(), nullable=True),
        sa.Column("image_height", sa.Integer(), nullable=True),
        sa.Column("like_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("comment_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("edited_at", UTC_DATETIME, nullable=True),
        sa.CheckConstraint(
            "(image_url IS NULL) <> (image_name IS NULL)", name="ck_posts_one_image_source"
        ),
        user_fk("user_id", "posts"),
        sa.PrimaryKeyConstraint("id", name="pk_posts"),
        **MYSQL_TABLE,
    )
    op.create_index("ix_posts_user_id_id", "posts", ["user_id", "id"])

    op.create_table(
        "likes",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        post_fk("likes"),
        user_fk("user_id", "likes"),
        sa.PrimaryKeyConstraint("user_id", "post_id", name="pk_likes"),
        **MYSQL_TABLE,
    )
    op.create_index("ix_likes_post_id_user_id", "likes", ["post_id", "user_id"])

    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(1000), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        post_fk("comments"),
        user_fk("user_id", "comments"),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
        **MYSQL_TABLE,
    )
    op.create_index("ix_comments_post_id_id", "comments", ["post_id", "id"])
    op.create_index("ix_comments_user_id", "comments", ["user_id"])

    op.create_table(
        "follows",
        sa.Column("follower_id", sa.Integer(), nullable=False),
        sa.Column("followee_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint("follower_id <> followee_id", name="ck_follows_not_self"),
        user_fk("followee_id", "follows"),
        user_fk("follower_id", "follows"),
        sa.PrimaryKeyConstraint("follower_id", "followee_id", name="pk_follows"),
        **MYSQL_TABLE,
    )
    op.create_index(
        "ix_follows_followee_id_follower_id", "follows", ["followee_id", "follower_id"]
    )


def downgrade():
    for table in ("follows", "comments", "likes", "posts", "login_failures", "user_sessions"):
        op.drop_table(table)
    op.drop_table("users")
