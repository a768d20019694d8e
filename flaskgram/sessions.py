"""Login sessions kept in the database, so logging out really ends them.

Flask-Login stores a session's token (not the user id) in the signed cookie and the
remember cookie. Every request looks the token up here; deleting its row ends the
session on every copy of those cookies.
"""

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, g

from . import replicas
from .extensions import db
from .models import User, UserSession, utcnow

# A session's last-seen time is written at most this often, not on every request.
TOUCH_INTERVAL = timedelta(minutes=1)


def start(user: User) -> str:
    """Record a new login session for the user and return its token."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token=token, user_id=user.id))
    db.session.commit()
    user.session_token = token
    g.person_id = user.id  # whose writes this request made (replicas.py)
    return token


def user_for(token: str) -> User | None:
    """Return the user of a live session, ending it if it passed its idle or absolute limit."""
    # From the primary even when pages read from a replica: a session ended there ends at
    # once, not when a lagging replica catches up (SECURITY.md case 65).
    query = sa.select(UserSession).where(UserSession.token == token)
    row = db.session.scalar(replicas.from_primary(query))
    if row is None:
        return None
    config, now = current_app.config, utcnow()
    idle = now - row.last_seen_at > timedelta(seconds=config["SESSION_IDLE_SECONDS"])
    too_old = now - row.created_at > timedelta(seconds=config["SESSION_MAX_SECONDS"])
    # A disabled account's sessions were ended when it was disabled; this is the backstop.
    if idle or too_old or row.user.status != "active":
        end(token)
        return None
    if now - row.last_seen_at > TOUCH_INTERVAL:
        row.last_seen_at = now
        db.session.commit()
    row.user.session_token = token
    g.person_id = row.user_id  # whose request this is (replicas.py)
    return row.user


def end(token: str | None) -> None:
    if token:
        db.session.execute(sa.delete(UserSession).where(UserSession.token == token))
        db.session.commit()


def end_all(user: User, keep: str | None = None) -> None:
    """End every session of the user except the one named by ``keep``."""
    statement = sa.delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        statement = statement.where(UserSession.token != keep)
    db.session.execute(statement)
    db.session.commit()
