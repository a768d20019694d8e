"""API logins: the refresh token an API login currently accepts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Reviewed by hand.

An API login is a row in ``user_sessions``, like a browser's, so logging out everywhere,
changing the password and deleting the account end it with the same DELETE. Its refresh
tokens rotate: ``refresh_jti`` names the only one it still accepts, and a refresh token
presented after it was replaced ends the login (a stolen copy was used). Browser sessions
leave it NULL; the unique constraint allows any number of NULLs on SQLite and MariaDB.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_sessions") as batch:
        batch.add_column(sa.Column("refresh_jti", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_user_sessions_refresh_jti", ["refresh_jti"])


def downgrade():
    with op.batch_alter_table("user_sessions") as batch:
        batch.drop_constraint("uq_user_sessions_refresh_jti", type_="unique")
        batch.drop_column("refresh_jti")
