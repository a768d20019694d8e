"""Notifications and hashtags."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import limits
from .accounts import User
from .base import BigId, Model, UTCDateTime, counter, post_fk, user_fk, utcnow
from .posts import Comment, Post


class Notification(Model):
    """Someone (the actor) liked, commented on, followed or mentioned the user."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(user_fk())  # who is told
    actor_id: Mapped[int] = mapped_column(user_fk(), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))  # like, comment, follow or mention
    post_id: Mapped[int | None] = mapped_column(BigId, post_fk(), index=True)
    comment_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    is_read: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User] = relationship(foreign_keys=[actor_id], lazy="raise")
    post: Mapped[Post | None] = relationship(lazy="raise")
    comment: Mapped[Comment | None] = relationship(lazy="raise")

    __table_args__ = (
        # The notifications page: one person's, newest first, cut by cursor.
        sa.Index("ix_notifications_user_id_id", "user_id", "id"),
        # Marking read counts and changes only the unread ones.
        sa.Index("ix_notifications_user_id_is_read_id", "user_id", "is_read", "id"),
    )


class Tag(Model):
    """A hashtag, stored normalised (tags.normalise): NFKC, then Unicode case-folded."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Compared byte for byte on MariaDB too: "café" and "cafe" are two tags.
    name: Mapped[str] = mapped_column(
        sa.String(limits.TAG_MAX).with_variant(
            mysql.VARCHAR(limits.TAG_MAX, charset="utf8mb4", collation="utf8mb4_bin"),
            "mysql",
            "mariadb",
        ),
        unique=True,
    )
    post_count: Mapped[int] = counter()  # kept beside post_tags (tags.py)


class PostTag(Model):
    __tablename__ = "post_tags"

    post_id: Mapped[int] = mapped_column(BigId, post_fk(), primary_key=True)
    tag_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True
    )

    # A tag's page: its posts, newest first.
    __table_args__ = (sa.Index("ix_post_tags_tag_id_post_id", "tag_id", "post_id"),)
