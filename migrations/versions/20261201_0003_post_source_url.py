"""Posts by address keep where their picture came from.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Reviewed by hand.

A picture given by address is now fetched once and stored like an upload (SECURITY.md
case 44), so such a post has an ``image_name``; ``posts.source_url`` keeps the address it
came from (credit, moderation). Nothing is copied here: posts made by address before this
revision keep their ``image_url`` and go on showing it until ``flask fetch-remote-images``
fetches them, moving the address to ``source_url``.

A plain ADD/DROP COLUMN on both databases (SQLite has DROP COLUMN since 3.35), so SQLite's
copy-and-swap of the whole table, and the risk of losing its CHECK constraint, is avoided.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("posts", sa.Column("source_url", sa.String(2048), nullable=True))


def downgrade():
    op.drop_column("posts", "source_url")
