"""Posts, their photos, and what people do with them: likes, comments, saves, follows."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import limits
from .accounts import User
from .base import BigId, Model, UTCDateTime, counter, post_fk, user_fk, utcnow


class Post(Model):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(user_fk())
    caption: Mapped[str] = mapped_column(sa.Text, default="")
    like_count: Mapped[int] = counter()
    comment_count: Mapped[int] = counter()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # lazy="raise": a template that forgot to load the author fails loudly instead of
    # quietly running one query per post. The same goes for the photos.
    author: Mapped[User] = relationship(lazy="raise")
    images: Mapped[list["PostImage"]] = relationship(
        lazy="raise",
        order_by="PostImage.position",
        cascade="all, delete-orphan",
        passive_deletes=True,  # the database's ON DELETE CASCADE removes the rows
    )

    __table_args__ = (
        # A profile's grid and the Following feed: one author's posts, newest first.
        sa.Index("ix_posts_user_id_id", "user_id", "id"),
        # Explore finds the first post of its recent window here (explore.py).
        sa.Index("ix_posts_created_at", "created_at"),
    )


class PostImage(Model):
    """One photo of a post, at its place (1 to limits.PHOTOS_PER_POST_MAX) in the post."""

    __tablename__ = "post_images"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    post_id: Mapped[int] = mapped_column(BigId, post_fk())
    position: Mapped[int]  # 1 for the first photo: the one feeds and grids show
    # Exactly one of: a stored image's name (its display rendition; uploads, and pictures
    # fetched by address), or the https:// address of a post made before pictures were
    # fetched, which the browser still loads until `flask fetch-remote-images` keeps it.
    image_name: Mapped[str | None] = mapped_column(sa.String(64))
    remote_url: Mapped[str | None] = mapped_column(sa.String(limits.IMAGE_URL_MAX))
    width: Mapped[int | None]  # of the display rendition, for <img width height>
    height: Mapped[int | None]
    alt_text: Mapped[str] = mapped_column(sa.String(limits.ALT_TEXT_MAX), default="")
    # The upload as it came, less its metadata, for download (media.save_upload). None
    # for photos stored before originals were kept, and for pictures fetched by address.
    original_name: Mapped[str | None] = mapped_column(sa.String(64))
    # Where a fetched picture came from, kept for credit and for moderators; never loaded.
    source_url: Mapped[str | None] = mapped_column(sa.String(limits.IMAGE_URL_MAX))

    __table_args__ = (
        # Also the index for "this post's photos, in order".
        sa.UniqueConstraint("post_id", "position", name="uq_post_images_post_id_position"),
        sa.CheckConstraint("(remote_url IS NULL) <> (image_name IS NULL)", name="one_source"),
        sa.CheckConstraint("position >= 1", name="position_from_one"),
    )


class Like(Model):
    __tablename__ = "likes"

    user_id: Mapped[int] = mapped_column(user_fk(), primary_key=True)
    post_id: Mapped[int] = mapped_column(BigId, post_fk(), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_likes_post_id_user_id", "post_id", "user_id"),)


class Comment(Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    post_id: Mapped[int] = mapped_column(BigId, post_fk())
    user_id: Mapped[int] = mapped_column(user_fk(), index=True)
    body: Mapped[str] = mapped_column(sa.String(limits.COMMENT_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship(lazy="raise")

    __table_args__ = (sa.Index("ix_comments_post_id_id", "post_id", "id"),)


class Follow(Model):
    __tablename__ = "follows"

    follower_id: Mapped[int] = mapped_column(user_fk(), primary_key=True)
    followee_id: Mapped[int] = mapped_column(user_fk(), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.Index("ix_follows_followee_id_follower_id", "followee_id", "follower_id"),
        sa.CheckConstraint("follower_id <> followee_id", name="not_self"),
    )


class SavedPost(Model):
    """A post someone saved to look at later; only they ever see it (saves.py)."""

    __tablename__ = "saved_posts"

    # Its own id is the Saved page's cursor: newest saved first, and no two alike, which
    # created_at cannot promise.
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(user_fk())
    post_id: Mapped[int] = mapped_column(BigId, post_fk(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("user_id", "post_id", name="uq_saved_posts_user_id_post_id"),
        # The Saved page: one person's saves, newest first, cut by cursor.
        sa.Index("ix_saved_posts_user_id_id", "user_id", "id"),
    )
