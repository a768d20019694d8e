"""Tables and their small invariants. Rules about who may do what live in the rule modules."""

from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from . import limits
from .extensions import db

if TYPE_CHECKING:
    # db.Model is built at run time from Base's body (extensions.py), so type checkers
    # can't use it as a base class; Base declares the same mapping and stands in for it.
    from .extensions import Base as Model
else:
    Model = db.Model


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator):
    """Store naive UTC (what SQLite and MySQL hold) and hand back aware UTC datetimes."""

    impl = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def user_fk() -> sa.ForeignKey:
    return sa.ForeignKey("users.id", ondelete="CASCADE")


def post_fk() -> sa.ForeignKey:
    return sa.ForeignKey("posts.id", ondelete="CASCADE")


def counter() -> Mapped[int]:
    return mapped_column(default=0, server_default="0")


def switch() -> Mapped[bool]:
    return mapped_column(default=True, server_default=sa.true())


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lowercase, so the unique index makes names unique regardless of case.
    username: Mapped[str] = mapped_column(sa.String(limits.USERNAME_MAX), unique=True)
    # Stored lowercase; compared byte for byte on every database (MySQL's default
    # collation would call "müller" and "muller" the same address).
    email: Mapped[str] = mapped_column(
        sa.String(limits.EMAIL_MAX).with_variant(
            mysql.VARCHAR(limits.EMAIL_MAX, charset="utf8mb4", collation="utf8mb4_bin"),
            "mysql",
            "mariadb",
        ),
        unique=True,
    )
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    display_name: Mapped[str] = mapped_column(
        sa.String(limits.DISPLAY_NAME_MAX), default="", server_default=""
    )
    bio: Mapped[str] = mapped_column(sa.String(limits.BIO_MAX), default="", server_default="")
    avatar_name: Mapped[str | None] = mapped_column(sa.String(64))
    post_count: Mapped[int] = counter()
    follower_count: Mapped[int] = counter()
    following_count: Mapped[int] = counter()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the owner followed a verification link (recovery/); None until then.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Kept beside the notifications (notifications.py), so the top bar's badge reads the
    # user already loaded instead of counting rows on every page.
    unread_notification_count: Mapped[int] = counter()
    # Which notifications they want (settings); none is turned off until they say so.
    notify_likes: Mapped[bool] = switch()
    notify_comments: Mapped[bool] = switch()
    notify_follows: Mapped[bool] = switch()
    notify_mentions: Mapped[bool] = switch()
    # Who may do what (roles.py): admins run the admin area; only "active" accounts log in.
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=sa.false(), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="active", server_default="active")

    __table_args__ = (
        sa.CheckConstraint("status IN ('active', 'pending', 'disabled')", name="known_status"),
    )

    # The login session this request runs under; set by the user loader, never stored.
    # Not annotated, which would make it a column: the cast tells type checkers its type.
    session_token = cast(str | None, None)

    def get_id(self) -> str | None:
        # Flask-Login keeps this in the session and the remember cookie. It names a row
        # in user_sessions, so deleting that row ends the session, cookies included.
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.username}>"

    __table_args__ = (
        # Search finds people by the start of their display name (search/people.py).
        sa.Index("ix_users_display_name", "display_name"),
    )


class UserSession(Model):
    """One logged-in browser. Logout deletes the row; every request checks it still exists."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(user_fk(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # An API login's one valid refresh token (its jti); refreshing replaces it. None for a browser.
    refresh_jti: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class LoginFailure(Model):
    """A wrong password for an existing account, kept for the throttling window."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(user_fk())
    # The address the attempt came from: throttling slows that client, not the account.
    client: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.Index("ix_login_failures_user_id_created_at", "user_id", "created_at"),
        sa.Index("ix_login_failures_user_id_client_created_at", "user_id", "client", "created_at"),
    )


class Post(Model):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
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

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(post_fk())
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
    post_id: Mapped[int] = mapped_column(post_fk(), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_likes_post_id_user_id", "post_id", "user_id"),)


class Comment(Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(post_fk())
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
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(user_fk())
    post_id: Mapped[int] = mapped_column(post_fk(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("user_id", "post_id", name="uq_saved_posts_user_id_post_id"),
        # The Saved page: one person's saves, newest first, cut by cursor.
        sa.Index("ix_saved_posts_user_id_id", "user_id", "id"),
    )


class AccountLink(Model):
    """A one-time link for a password reset or an address check (recovery/links.py).

    The link carries ``selector.verifier``: the selector finds the row, and only the
    SHA-256 of the verifier is kept, so a copy of the table opens no account.
    """

    __tablename__ = "account_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(sa.String(16))  # links.RESET or links.VERIFY_EMAIL
    user_id: Mapped[int] = mapped_column(user_fk())
    selector: Mapped[str] = mapped_column(sa.String(32), unique=True)
    verifier_hash: Mapped[str] = mapped_column(sa.String(64))
    # The admin who made it; None for a link sent by e-mail (or an admin since deleted).
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # A person's links of one kind, newest last: replacing them, counting recent ones.
        sa.Index(
            "ix_account_links_user_id_purpose_created_at", "user_id", "purpose", "created_at"
        ),
    )


# Notifications and tags live in their own module, so this one stays readable; importing
# them here puts their tables in the same metadata.
from .models_social import Notification, PostTag, Tag  # noqa: E402, F401
# The family-site tables (invitations, settings, the admin log) live next door.
from .site_models import AdminAction, Invitation, InvitationUse, SiteSetting  # noqa: E402, F401
