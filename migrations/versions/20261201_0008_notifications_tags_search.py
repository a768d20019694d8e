"""Notifications, hashtags and search.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Reviewed by hand.

Upgrade:

- ``users`` gains ``unread_notification_count`` (kept beside the notifications, so the
  top bar's badge never counts rows) and four switches, ``notify_likes``,
  ``notify_comments``, ``notify_follows`` and ``notify_mentions``, all on; and an index on
  ``display_name`` (search finds people by its start).
- ``posts`` gains an index on ``created_at``: Explore finds the start of its recent
  window there instead of scanning posts.
- ``notifications``: who is told (``user_id``), who did it (``actor_id``), the kind, the
  post and comment it is about, and whether it was read. Deleting any of those deletes it.
- ``tags`` (names normalised: NFKC, then case-folded; byte-compared on MariaDB) with their
  stored ``post_count``, and ``post_tags`` between posts and tags.
- Caption search: on SQLite an FTS5 table, ``posts_fts``, holding no text of its own
  (``content='posts'``), kept in step with ``posts`` by three triggers; on MariaDB a
  FULLTEXT index on ``posts.caption``. Both are filled from the existing posts here
  (FTS5's 'rebuild'; MariaDB builds the index as it creates it).
- Existing captions' hashtags are stored: captions with a "#" are read in batches by id,
  their tags parsed (the same pattern and normalisation as flaskgram/tags.py, copied so
  this revision never changes), and written a batch at a time; then every tag's count is
  set in one UPDATE. No notifications are made for what happened before.

Downgrade drops all of it. A later SQLite revision that rebuilds ``posts`` in batch mode
drops the triggers with the old table: it must create them again (FTS_TRIGGERS below).
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
MYSQL_TABLE = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_unicode_ci",
}
TAG_NAME = sa.String(100).with_variant(
    mysql.VARCHAR(100, charset="utf8mb4", collation="utf8mb4_bin"), "mysql", "mariadb"
)
SWITCHES = ("notify_likes", "notify_comments", "notify_follows", "notify_mentions")

FTS_TABLE = (
    "CREATE VIRTUAL TABLE posts_fts USING fts5("
    "caption, content='posts', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
)
FTS_TRIGGERS = [
    """CREATE TRIGGER posts_fts_after_insert AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts (rowid, caption) VALUES (new.id, new.caption);
END""",
    """CREATE TRIGGER posts_fts_after_delete AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, caption) VALUES ('delete', old.id, old.caption);
END""",
    """CREATE TRIGGER posts_fts_after_update AFTER UPDATE OF caption ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, caption) VALUES ('delete', old.id, old.caption);
  INSERT INTO posts_fts (rowid, caption) VALUES (new.id, new.caption);
END""",
]
FULLTEXT_INDEX = "ix_posts_caption_fulltext"

# As flaskgram/tags.py has them on 2026-12-01.
TAG = re.compile(r"(?<![\w&#])#(\w{1,100})")
TAGS_PER_TEXT_MAX = 30
BATCH = 2000


def normalise(name: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def names_in(text: str) -> list[str]:
    names: list[str] = []
    for match in TAG.finditer(text or ""):
        name = normalise(match.group(1))
        if name not in names and len(name) <= 100:
            names.append(name)
            if len(names) == TAGS_PER_TEXT_MAX:
                break
    return names


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column(
                "unread_notification_count", sa.Integer(), server_default="0", nullable=False
            )
        )
        for name in SWITCHES:
            batch.add_column(
                sa.Column(name, sa.Boolean(), server_default=sa.true(), nullable=False)
            )
    op.create_index("ix_users_display_name", "users", ["display_name"])
    op.create_index("ix_posts_created_at", "posts", ["created_at"])

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("is_read", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_notifications_user_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name="fk_notifications_actor_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_notifications_post_id_posts", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name="fk_notifications_comment_id_comments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
        **MYSQL_TABLE,
    )
    op.create_index("ix_notifications_user_id_id", "notifications", ["user_id", "id"])
    op.create_index(
        "ix_notifications_user_id_is_read_id", "notifications", ["user_id", "is_read", "id"]
    )
    op.create_index("ix_notifications_actor_id", "notifications", ["actor_id"])
    op.create_index("ix_notifications_post_id", "notifications", ["post_id"])
    op.create_index("ix_notifications_comment_id", "notifications", ["comment_id"])

    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", TAG_NAME, nullable=False),
        sa.Column("post_count", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tags"),
        sa.UniqueConstraint("name", name="uq_tags_name"),
        **MYSQL_TABLE,
    )
    op.create_table(
        "post_tags",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name="fk_post_tags_post_id_posts", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name="fk_post_tags_tag_id_tags", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("post_id", "tag_id", name="pk_post_tags"),
        **MYSQL_TABLE,
    )
    op.create_index("ix_post_tags_tag_id_post_id", "post_tags", ["tag_id", "post_id"])

    if op.get_bind().dialect.name == "sqlite":
        op.execute(FTS_TABLE)
        for trigger in FTS_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO posts_fts (posts_fts) VALUES ('rebuild')")
    else:
        op.create_index(FULLTEXT_INDEX, "posts", ["caption"], mysql_prefix="FULLTEXT")
    store_existing_tags()


def store_existing_tags():
    """Store the hashtags of the captions written before tags were kept, a batch at a time."""
    connection = op.get_bind()
    posts = sa.table("posts", sa.column("id"), sa.column("caption"))
    tags = sa.table("tags", sa.column("id"), sa.column("name"))
    post_tags = sa.table("post_tags", sa.column("post_id"), sa.column("tag_id"))
    tag_ids: dict[str, int] = {}
    last = 0
    while True:
        rows = connection.execute(
            sa.select(posts.c.id, posts.c.caption)
            .where(posts.c.id > last, posts.c.caption.contains("#"))
            .order_by(posts.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        last = rows[-1].id
        found = {row.id: names_in(row.caption) for row in rows}
        new = sorted({name for names in found.values() for name in names} - tag_ids.keys())
        if new:
            connection.execute(sa.insert(tags), [{"name": name} for name in new])
            found_ids = connection.execute(
                sa.select(tags.c.name, tags.c.id).where(tags.c.name.in_(new))
            )
            tag_ids.update((name, tag_id) for name, tag_id in found_ids)
        pairs = [
            {"post_id": post_id, "tag_id": tag_ids[name]}
            for post_id, names in found.items()
            for name in names
        ]
        if pairs:
            connection.execute(sa.insert(post_tags), pairs)
    op.execute(
        "UPDATE tags SET post_count = (SELECT count(*) FROM post_tags WHERE tag_id = tags.id)"
    )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER posts_fts_after_{trigger}")
        op.execute("DROP TABLE posts_fts")
    else:
        op.drop_index(FULLTEXT_INDEX, "posts")
    op.drop_table("post_tags")
    op.drop_table("tags")
    op.drop_table("notifications")
    op.drop_index("ix_posts_created_at", "posts")
    op.drop_index("ix_users_display_name", "users")
    with op.batch_alter_table("users") as batch:
        for name in ("unread_notification_count", *SWITCHES):
            batch.drop_column(name)
