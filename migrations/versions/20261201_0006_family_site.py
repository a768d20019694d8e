"""A private site: admins, account status, registration modes, invitations, an admin log.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Reviewed by hand.

Upgrade:

- ``users`` gains ``is_admin`` (false) and ``status`` ("active", "pending" awaiting an
  admin's approval, or "disabled"), with a CHECK on the known statuses. Every existing
  account stays active.
- The oldest account (the smallest id) becomes admin, so a site upgraded from before
  roles has someone who can open the admin area; on a site without accounts the first
  signup becomes admin (accounts.create_user).
- ``site_settings`` holds named settings (the registration mode; none stored means
  "open", as before). ``invitations`` holds invitation links (a selector and the
  SHA-256 of the secret part, never the secret), ``invitation_uses`` who signed up with
  which, and ``admin_actions`` the admin log (names, not ids: the log outlives accounts).

Downgrade drops the four tables and the two columns: who was admin, pending or disabled
is lost (a disabled account can log in again), as are invitations and the log.

On SQLite adding a CHECK rebuilds ``users`` (batch mode); env.py turns foreign keys off
while migrating, so the rebuild doesn't cascade into everything that points at users.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
MYSQL_TABLE = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_unicode_ci",
}
KNOWN_STATUS = "status IN ('active', 'pending', 'disabled')"
# MariaDB refuses a subquery on the table being updated, but not on a derived table.
OLDEST_BECOMES_ADMIN = (
    "UPDATE users SET is_admin = 1"
    " WHERE id = (SELECT oldest FROM (SELECT MIN(id) AS oldest FROM users) AS first_account)"
)


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("status", sa.String(10), nullable=False, server_default="active")
        )
        batch.create_check_constraint("ck_users_known_status", KNOWN_STATUS)
        batch.create_index("ix_users_is_admin", ["is_admin"])
    op.execute(OLDEST_BECOMES_ADMIN)

    op.create_table(
        "site_settings",
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_site_settings"),
        **MYSQL_TABLE,
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("selector", sa.String(16), nullable=False),
        sa.Column("verifier_hash", sa.String(64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("max_uses", sa.Integer(), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("note", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("expires_at", UTC_DATETIME, nullable=False),
        sa.Column("revoked_at", UTC_DATETIME, nullable=True),
        sa.CheckConstraint("uses <= max_uses", name="uses_within_max"),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name="fk_invitations_created_by_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("selector", name="uq_invitations_selector"),
        **MYSQL_TABLE,
    )
    op.create_index("ix_invitations_created_by_id", "invitations", ["created_by_id"])
    op.create_table(
        "invitation_uses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["invitations.id"],
            name="fk_invitation_uses_invitation_id_invitations",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_invitation_uses_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_invitation_uses"),
        sa.UniqueConstraint("user_id", name="uq_invitation_uses_user_id"),
        **MYSQL_TABLE,
    )
    op.create_index("ix_invitation_uses_invitation_id", "invitation_uses", ["invitation_id"])
    op.create_table(
        "admin_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(30), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("subject", sa.String(100), nullable=False, server_default=""),
        sa.Column("detail", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_admin_actions"),
        **MYSQL_TABLE,
    )


def downgrade():
    op.drop_table("admin_actions")
    op.drop_table("invitation_uses")
    op.drop_table("invitations")
    op.drop_table("site_settings")
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_is_admin")
        batch.drop_constraint("ck_users_known_status", type_="check")
        batch.drop_column("status")
        batch.drop_column("is_admin")
