"""Posts hold several photos, each with its alt text and kept original; people save posts.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

Reviewed by hand.

Upgrade:

- ``post_images`` holds a post's photos in order (``position`` 1 to 10, unique within the
  post). Each row has what ``posts`` had for its one picture: the stored image's name and
  size, its alt text and where a fetched picture came from (``source_url``), plus
  ``original_name``, the upload kept for download (none for photos stored before now).
- Every post gets one row, at position 1, made from its own columns; then those columns
  (``image_name``, ``image_url``, ``image_width``, ``image_height``, ``alt_text``,
  ``source_url``) and their CHECK leave ``posts``.
- Posts made by address before pictures were fetched (``posts.image_url`` set, no stored
  file; see 0003) keep working the same way: their address moves to
  ``post_images.remote_url``, with the same "a stored name or an address, exactly one"
  CHECK, so the page still shows the picture from there and `flask fetch-remote-images`
  fills in the row's name and clears the address. Every post, old or new, then has at
  least one photo row, and alt text lives in one place.
- ``saved_posts`` holds what people saved, one row per person and post. Its own ``id``
  orders the Saved page (newest first) and is its cursor: ``created_at`` can tie.

Downgrade moves each post's first photo back into ``posts`` and drops both tables. The
other photos of a post with several, every kept original, and all saves are lost to the
database; their files stay in the media store, unused.

SQLite cannot drop a column named in a CHECK, so there ``posts`` is rebuilt (batch mode):
a new table, the rows copied, the old one dropped. env.py turns foreign keys off while
migrating, or dropping the old ``posts`` would cascade into likes, comments and photos.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
MYSQL_TABLE = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_unicode_ci",
}
ONE_SOURCE = "(image_url IS NULL) <> (image_name IS NULL)"


def upgrade():
    op.create_table(
        "post_images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("image_name", sa.String(64), nullable=True),
        sa.Column("remote_url", sa.String(2048), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("alt_text", sa.String(1000), nullable=False),
        sa.Column("original_name", sa.String(64), nullable=True),
        sa.Column("source_url", sa.String(2048), nullable=True),
        # CHECK names go through the models' naming convention ("ck_<table>_<name>"), so
        # these become ck_post_images_one_source and ck_post_images_position_from_one.
        # (0001 passed whole names, which the convention prefixed again: the posts CHECK is
        # ck_posts_ck_posts_one_image_source in the database, and is named as 0001 did.)
        sa.CheckConstraint("(remote_url IS NULL) <> (image_name IS NULL)", name="one_source"),
        sa.CheckConstraint("position >= 1", name="position_from_one"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_post_images_post_id_posts", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_post_images"),
        sa.UniqueConstraint("post_id", "position", name="uq_post_images_post_id_position"),
        **MYSQL_TABLE,
    )
    op.create_table(
        "saved_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_saved_posts_user_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_saved_posts_post_id_posts", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_saved_posts"),
        sa.UniqueConstraint("user_id", "post_id", name="uq_saved_posts_user_id_post_id"),
        **MYSQL_TABLE,
    )
    op.create_index("ix_saved_posts_user_id_id", "saved_posts", ["user_id", "id"])
    op.create_index("ix_saved_posts_post_id", "saved_posts", ["post_id"])

    op.execute(
        "INSERT INTO post_images"
        " (post_id, position, image_name, remote_url, width, height, alt_text, source_url)"
        " SELECT id, 1, image_name, image_url, image_width, image_height, alt_text, source_url"
        " FROM posts"
    )
    with op.batch_alter_table("posts") as batch:
        batch.drop_constraint("ck_posts_one_image_source", type_="check")
        for column in (
            "alt_text",
            "image_url",
            "image_name",
            "image_width",
            "image_height",
            "source_url",
        ):
            batch.drop_column(column)


# Each post's first photo, back into the post's own columns.
FIRST_PHOTO_BACK = """
UPDATE posts SET
  alt_text = COALESCE((SELECT alt_text FROM post_images
                       WHERE post_id = posts.id AND position = 1), ''),
  image_url = (SELECT remote_url FROM post_images WHERE post_id = posts.id AND position = 1),
  image_name = (SELECT image_name FROM post_images WHERE post_id = posts.id AND position = 1),
  image_width = (SELECT width FROM post_images WHERE post_id = posts.id AND position = 1),
  image_height = (SELECT height FROM post_images WHERE post_id = posts.id AND position = 1),
  source_url = (SELECT source_url FROM post_images WHERE post_id = posts.id AND position = 1)
"""


def downgrade():
    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column("alt_text", sa.String(1000), nullable=True))
        batch.add_column(sa.Column("image_url", sa.String(2048), nullable=True))
        batch.add_column(sa.Column("image_name", sa.String(64), nullable=True))
        batch.add_column(sa.Column("image_width", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("image_height", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("source_url", sa.String(2048), nullable=True))
    op.execute(FIRST_PHOTO_BACK)
    with op.batch_alter_table("posts") as batch:
        batch.alter_column("alt_text", existing_type=sa.String(1000), nullable=False)
        batch.create_check_constraint("ck_posts_one_image_source", ONE_SOURCE)

    op.drop_table("saved_posts")  # its indexes with it (MariaDB keeps one a key needs)
    op.drop_table("post_images")
