"""Account rules: signing up, checking passwords, throttling logins, changing the account.

Plain functions, called by the HTML views and (later) the JSON API alike.
"""

import math
import secrets
from datetime import timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from . import content, login_sessions, media, social, validation
from .extensions import db
from .models import LoginFailure, Post, User, utcnow


class Taken(Exception):
    """A unique field (username or email) already belongs to another account."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class BadCredentials(Exception):
    """Unknown account or wrong password; the two are never told apart."""


class LoginThrottled(Exception):
    """Too many recent failures for this account."""

    def __init__(self, retry_after: int):
        super().__init__(f"Too many failed attempts. Try again in {retry_after} seconds.")
        self.retry_after = retry_after


# Passwords -------------------------------------------------------------------------


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def hash_prefix(method: str) -> str:
    """The canonical "scrypt:n:r:p" head of hashes made with the configured method."""
    return generate_password_hash("", method=method).split("$", 1)[0]


@cache
def decoy_hash(method: str) -> str:
    # Checked against when the account does not exist, so that answer costs the same time.
    return generate_password_hash(secrets.token_hex(16), method=method)


def password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(validation.check_password(password))


# Sign up and log in ----------------------------------------------------------------


def user_named(username: str) -> User | None:
    """Find an account by username, whatever its case (names are stored lowercase)."""
    return db.session.scalar(sa.select(User).where(User.username == username.strip().lower()))


def find_user_by_login(login: str) -> User | None:
    """Find an account by username or email, whatever its case."""
    login = (login or "").strip().lower()
    if "@" not in login:
        return user_named(login)
    return db.session.scalar(sa.select(User).where(User.email == login))


def taken_field(username: str, email: str) -> Taken | None:
    if db.session.scalar(sa.select(User.id).where(User.username == username)):
        return Taken("username", "That username is taken. Please pick another.")
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        return Taken("email", "An account with this email already exists. Try logging in.")
    return None


def create_user(username: str, email: str, password: str) -> User:
    """Create an account, or raise Invalid or Taken. Safe against two signups at once."""
    username = validation.clean_username(username)
    email = validation.clean_email(email)
    validation.check_password(password)
    if taken := taken_field(username, email):
        raise taken
    user = User(username=username, email=email, password_hash=hash_password(password))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        # Another signup won the race between our check and our insert.
        db.session.rollback()
        raise taken_field(username, email) or Taken(
            "username", "That username is taken."
        ) from None
    return user


def authenticate(login: str, password: str) -> User:
    """Return the account if the password is right; raise BadCredentials or LoginThrottled."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    user = find_user_by_login(login)
    if user is None:
        check_password_hash(decoy_hash(method), password or "")
        raise BadCredentials
    if retry_after := throttle_seconds(user):
        raise LoginThrottled(retry_after)
    if not password_matches(user, password or ""):
        record_login_failure(user)
        raise BadCredentials
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.user_id == user.id))
    if not user.password_hash.startswith(hash_prefix(method) + "$"):
        user.password_hash = hash_password(password)  # upgrade an older or weaker hash
    db.session.commit()
    return user


def failure_window() -> timedelta:
    return timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])


def throttle_seconds(user: User) -> int:
    """Seconds until this account may try again; 0 if it may try now."""
    limit = current_app.config["LOGIN_FAILURE_LIMIT"]
    now = utcnow()
    recent = db.session.scalars(
        sa.select(LoginFailure.created_at)
        .where(LoginFailure.user_id == user.id, LoginFailure.created_at > now - failure_window())
        .order_by(LoginFailure.created_at.desc())
        .limit(limit)
    ).all()
    if len(recent) < limit:
        return 0
    return max(1, math.ceil((recent[-1] + failure_window() - now).total_seconds()))


def record_login_failure(user: User) -> None:
    now = utcnow()
    db.session.execute(
        sa.delete(LoginFailure).where(
            LoginFailure.user_id == user.id, LoginFailure.created_at <= now - failure_window()
        )
    )
    db.session.add(LoginFailure(user_id=user.id, created_at=now))
    db.session.commit()


# Changing and deleting the account -------------------------------------------------


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password if the current one is right, and end every other session."""
    if not password_matches(user, current or ""):
        raise BadCredentials
    set_password(user, new)
    # One transaction: the new password and the end of the old sessions happen together.
    login_sessions.end_all(user, keep=user.session_token)


def update_profile(user: User, *, display_name: str, bio: str, avatar=None) -> None:
    """Save the profile; an avatar is a SavedImage already written by media."""
    old_avatar = user.avatar_name
    user.display_name = validation.clean_display_name(display_name)
    user.bio = validation.clean_bio(bio)
    if avatar is not None:
        user.avatar_name = avatar.name
    db.session.commit()
    if avatar is not None and old_avatar:
        media.delete_image(old_avatar)


def delete_account(user: User, password: str) -> None:
    """Delete the user, once the password is confirmed, with everything they made.

    The database cascades away their posts, comments, likes and follows; first their
    likes, comments and follows come out of the counts stored on other people's rows.
    """
    if not password_matches(user, password or ""):
        raise BadCredentials
    uid = user.id
    image_names = list(
        db.session.scalars(
            sa.select(Post.image_name).where(Post.user_id == uid, Post.image_name.is_not(None))
        )
    )
    if user.avatar_name:
        image_names.append(user.avatar_name)

    content.uncount_activity_of(user)
    social.uncount_follows_of(user)
    db.session.execute(sa.delete(User).where(User.id == uid))
    db.session.commit()
    for name in image_names:
        media.delete_image(name)
