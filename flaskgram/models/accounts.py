"""People and their logins."""

from datetime import datetime
from typing import cast

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import limits
from .base import Model, UTCDateTime, counter, switch, user_fk, utcnow


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
        # Search finds people by the start of their display name (search/people.py).
        sa.Index("ix_users_display_name", "display_name"),
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
