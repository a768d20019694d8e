"""Emails compare by their characters on MySQL too; login failures remember the client.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Reviewed by hand.

- ``users.email`` gets the binary collation on MySQL/MariaDB. Addresses are stored
  lowercase already (that is what makes them unique regardless of case), so the column
  itself must not fold accents: under utf8mb4_unicode_ci ``müller@`` and ``muller@`` were
  "the same address" on MariaDB and different ones on SQLite. SQLite compares bytes by
  default, so nothing changes there.
- ``login_failures.client`` holds the address a failed login came from, so throttling can
  slow one attacker down without locking the account's owner out (SECURITY.md case 7).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def is_mysql() -> bool:
    return op.get_context().dialect.name in ("mysql", "mariadb")


def upgrade():
    if is_mysql():
        op.alter_column(
            "users",
            "email",
            existing_type=sa.String(254),
            type_=mysql.VARCHAR(254, charset="utf8mb4", collation="utf8mb4_bin"),
            existing_nullable=False,
        )
    with op.batch_alter_table("login_failures") as batch:
        batch.add_column(sa.Column("client", sa.String(64), server_default="", nullable=False))
        batch.create_index(
            "ix_login_failures_user_id_client_created_at", ["user_id", "client", "created_at"]
        )


def downgrade():
    with op.batch_alter_table("login_failures") as batch:
        batch.drop_index("ix_login_failures_user_id_client_created_at")
        batch.drop_column("client")
    if is_mysql():
        # Fails if two addresses now differ only by accents: that is the point of 0002.
        op.alter_column(
            "users",
            "email",
            existing_type=mysql.VARCHAR(254, charset="utf8mb4", collation="utf8mb4_bin"),
            type_=mysql.VARCHAR(254, charset="utf8mb4", collation="utf8mb4_unicode_ci"),
            existing_nullable=False,
        )
