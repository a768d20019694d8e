"""Account recovery: one-time links (password resets, address checks); verified addresses.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

Reviewed by hand.

Upgrade:

- ``account_links`` holds one-time links: a password reset (made by an admin, or sent by
  e-mail) or an e-mail address check. A link is ``<selector>.<verifier>``: ``selector``
  (unique) finds the row, and only the SHA-256 of the verifier is stored
  (``verifier_hash``), never the secret itself. ``used_at`` is set when the link is used
  or replaced by a newer one; ``expires_at`` ends it anyway. ``created_by`` names the admin
  who made it (NULL for an e-mailed link; set to NULL if that admin is deleted). The
  owner's deletion deletes their links.
- ``users.email_verified_at``: when the owner followed an address check; NULL for every
  existing account (see README, "Account recovery": with EMAIL_VERIFICATION on, such an
  account is asked to confirm its address at its next login).

Downgrade drops both. On SQLite dropping the column rebuilds ``users`` (batch mode);
env.py turns foreign keys off while migrating, so nothing cascades.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
MYSQL_TABLE = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_unicode_ci",
}


def upgrade():
    op.create_table(
        "account_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("selector", sa.String(32), nullable=False),
        sa.Column("verifier_hash", sa.String(64), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("expires_at", UTC_DATETIME, nullable=False),
        sa.Column("used_at", UTC_DATETIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_account_links_user_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name="fk_account_links_created_by_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_account_links"),
        sa.UniqueConstraint("selector", name="uq_account_links_selector"),
        **MYSQL_TABLE,
    )
    op.create_index(
        "ix_account_links_user_id_purpose_created_at",
        "account_links",
        ["user_id", "purpose", "created_at"],
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email_verified_at", UTC_DATETIME, nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email_verified_at")
    # Its indexes go with it (MariaDB refuses to drop one a foreign key uses on its own).
    op.drop_table("account_links")
