"""Account rules: signing up, checking passwords, logging in, changing the account.

Plain functions, called by the HTML views and the JSON API alike.
"""

import secrets
from collections.abc import Callable
from functools import cache

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from . import (
    comments,
    follows,
    likes,
    login_throttle,
    media,
    notifications,
    problems,
    roles,
    sessions,
    tags,
    validation,
)
from .database import rows_changed
from .extensions import db
from .models import Notification, Post, PostImage, User
from .problems import Problem


class Taken(problems.Conflict):
    """A unique field (username or email) already belongs to another account."""


class BadCredentials(problems.Unauthorized):
    """Unknown account or wrong password; the two are never told apart."""

    code = "invalid_credentials"
    default_message = "Incorrect username or password."


class AccountGone(problems.Unauthorized, LookupError):
    """The account was deleted while this request was working on it."""

    # To an API client the token it sent no longer stands for anyone.
    code = "invalid_token"
    default_message = "This account was deleted."


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
        return Taken("That username is taken. Please pick another.", field="username")
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        return Taken("An account with this email already exists. Try logging in.", field="email")
    return None


def create_user(
    username: str,
    email: str,
    password: str,
    display_name: str = "",
    *,
    status: str = "active",
    before_commit: Callable[[User], None] | None = None,
) -> User:
    """Create an account, or raise Invalid or Taken at its field. Safe against two at once.

    The site's first account is its admin, and active whatever ``status`` says.
    ``before_commit`` runs in the same transaction (registration.py counts an invitation's
    use there); if it raises, nothing is written.
    """
    with problems.at_field("username"):
        username = validation.clean_username(username)
    with problems.at_field("email"):
        email = validation.clean_email(email)
    with problems.at_field("password"):
        validation.check_password(password)
    with problems.at_field("display_name"):
        display_name = validation.clean_display_name(display_name)
    if taken := taken_field(username, email):
        raise taken
    user = User(
        username=username,
        email=email,
        password_hash=hash_password(password),
        display_name=display_name,
        status=status,
    )
    db.session.add(user)
    try:
        db.session.flush()
        if db.session.scalar(sa.select(sa.func.min(User.id))) == user.id:
            user.is_admin, user.status = True, "active"  # the first account runs the site
        if before_commit is not None:
            before_commit(user)
        db.session.commit()
    except Problem:
        db.session.rollback()
        raise
    except IntegrityError:
        # Another signup won the race between our check and our insert.
        db.session.rollback()
        raise taken_field(username, email) or Taken(
            "That username is taken.", field="username"
        ) from None
    return user


def authenticate(login: str, password: str, *, client: str) -> User:
    """Return the account if the password is right; raise BadCredentials or LoginThrottled.

    ``client`` is the address the attempt comes from: throttling slows that client down
    on this account, never the owner on another device (see login_throttle).
    """
    method = current_app.config["PASSWORD_HASH_METHOD"]
    user = find_user_by_login(login)
    if user is None:
        check_password_hash(decoy_hash(method), password or "")
        raise BadCredentials
    try:
        lock_user(user)
        login_throttle.count_attempt(user, client)  # raises LoginThrottled
        if not password_matches(user, password or ""):
            raise BadCredentials  # the attempt stays counted as a failure
        lock_user(user)  # again, so rows are locked in one order: the user, then failures
    except AccountGone:
        raise BadCredentials from None  # deleted in the meantime
    login_throttle.forget_failures(user, client)
    if not user.password_hash.startswith(hash_prefix(method) + "$"):
        user.password_hash = hash_password(password)  # upgrade an older or weaker hash
    db.session.commit()
    roles.check_can_log_in(user)  # only now: a wrong password learns nothing of the status
    return user


# Changing and deleting the account -------------------------------------------------


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password if the current one is right, and end every other session."""
    if not password_matches(user, current or ""):
        raise BadCredentials("That isn't your current password.", field="current_password")
    set_password(user, new)
    # One transaction: the new password and the end of the old sessions happen together.
    sessions.end_all(user, keep=user.session_token)


def lock_user(user: User) -> None:
    """Lock the user's row until the transaction ends, or raise AccountGone.

    Deleting the account, changing the avatar and counting a login attempt take this
    lock first (posts.create_post takes it too, by updating the same row's post
    count), so they happen one after another and what one reads under the lock stays
    true until it commits. A write rather than SELECT ... FOR UPDATE: SQLite ignores
    FOR UPDATE, and only a write starts the transaction that keeps other writers out.
    """
    # Sets a column to itself: changes nothing, but locks the row like any UPDATE.
    locked = rows_changed(
        sa.update(User).where(User.id == user.id).values(post_count=User.post_count)
    )
    if locked != 1:
        db.session.rollback()
        raise AccountGone


def update_profile(
    user: User, *, display_name: str, bio: str, avatar_upload=None, avatar=None
) -> None:
    """Save the profile, with a new avatar from an uploaded file if one is given.

    ``avatar`` (a media.SavedImage already written) is for seeding data. The replaced
    avatar's name is read under the row lock, so when several changes race, each deletes
    the files it really replaced. Raises AccountGone if the account is.
    """
    display_name = validation.clean_display_name(display_name)
    bio = validation.clean_bio(bio)
    if avatar_upload is not None:
        with problems.at_field("avatar"), media.saved_upload(avatar_upload, square=True) as saved:
            save_profile(user, display_name, bio, saved)  # files first, then the row
    else:
        save_profile(user, display_name, bio, avatar)


def save_profile(user: User, display_name: str, bio: str, avatar) -> None:
    lock_user(user)
    replaced = avatar_name_of(user) if avatar is not None else None
    user.display_name, user.bio = display_name, bio
    if avatar is not None:
        user.avatar_name = avatar.name
    db.session.commit()
    if replaced:
        media.delete_image(replaced)


# Read after lock_user, these use FOR UPDATE: on MariaDB a locking read sees the latest
# commit, while a plain SELECT may see the snapshot taken before the lock was granted.


def avatar_name_of(user: User) -> str | None:
    return db.session.scalar(
        sa.select(User.avatar_name).where(User.id == user.id).with_for_update()
    )


def image_names_of(user: User) -> list[tuple[str, str | None]]:
    """The stored images of the user, as (name, original name): their photos and avatar."""
    photos = db.session.execute(
        sa.select(PostImage.image_name, PostImage.original_name)
        .join(Post, Post.id == PostImage.post_id)
        .where(Post.user_id == user.id, PostImage.image_name.is_not(None))
        .with_for_update()
    )
    avatar = avatar_name_of(user)
    return [
        *((name, original) for name, original in photos if name),
        *([(avatar, None)] if avatar else []),
    ]


def delete_account(user: User, password: str) -> None:
    """Delete the user, once the password is confirmed, with everything they made.

    The database cascades away their posts, comments, likes and follows; first their
    likes, comments and follows come out of the counts stored on other people's rows.
    The file names are collected under the row lock: an upload racing the deletion
    either committed before (its files are collected here) or finds the account gone
    (and removes its own files).
    """
    if not password_matches(user, password or ""):
        raise BadCredentials("That isn't your password.", field="password")
    roles.hand_over_if_last_admin(user)
    delete_everything(user)


def delete_everything(user: User) -> None:
    """Delete the account and all it made (the owner confirmed it, or an admin did)."""
    try:
        lock_user(user)
    except AccountGone:
        return  # a deletion running at the same time removed everything already
    image_names = image_names_of(user)
    likes.uncount_likes_of(user)
    comments.uncount_comments_of(user)
    follows.uncount_follows_of(user)
    theirs = sa.select(Post.id).where(Post.user_id == user.id)
    tags.uncount_posts(theirs)
    notifications.uncount(
        sa.or_(Notification.actor_id == user.id, Notification.post_id.in_(theirs))
    )
    db.session.execute(sa.delete(User).where(User.id == user.id))
    db.session.commit()
    for name, original_name in image_names:
        media.delete_image(name, original_name)
