"""Failed logins, counted in the database so that every worker and app server sees them.

Throttling slows down the client that fails, on the account it fails on: an attacker
cannot lock the owner out, because a client that has not failed there may always try.
The per-address limit on failed logins (rate_limits.failed_logins) comes on top.
"""

import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from .extensions import db
from .models import LoginFailure, User, utcnow
from .problems import TooMany

# The width of LoginFailure.client; an IPv6 address takes at most 45 characters.
CLIENT_MAX = 64


class LoginThrottled(TooMany):
    """Too many recent failures for this account from this client."""

    def __init__(self, retry_after: int):
        message = f"Too many failed attempts. Try again in {retry_after} seconds."
        super().__init__(message, retry_after=retry_after)


def failure_window() -> timedelta:
    return timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])


def count_attempt(user: User, client: str) -> None:
    """Count a login attempt as a failure until its password proves right, or refuse it.

    Call it with the user's row locked (accounts.lock_user): attempts are then counted
    one by one, and because this runs before the slow password check, a burst of
    parallel guesses cannot all pass an empty count. Raises LoginThrottled, having
    recorded nothing.
    """
    now = utcnow()
    db.session.execute(
        sa.delete(LoginFailure).where(
            LoginFailure.user_id == user.id, LoginFailure.created_at <= now - failure_window()
        )
    )
    if retry_after := throttle_seconds(user, client[:CLIENT_MAX], now):
        db.session.rollback()
        raise LoginThrottled(retry_after)
    db.session.add(LoginFailure(user_id=user.id, client=client[:CLIENT_MAX], created_at=now))
    db.session.commit()


def throttle_seconds(user: User, client: str, now: datetime) -> int:
    """Seconds until this client may try this account again; 0 if it may try now.

    Once the account has LOGIN_FAILURE_LIMIT failures in the window, from anywhere, a
    client that has itself failed on it in the window must wait. One attacker gets
    LOGIN_FAILURE_LIMIT guesses, a spread-out attacker about one guess per address,
    and a client that has not failed here (the owner on their phone) may always try.
    The wait ends when the client's own failures, or enough of the account's, have
    left the window.

    FOR UPDATE: under the row lock, MariaDB's locking read sees every failure committed
    so far, where a plain SELECT would read the snapshot this transaction began with.
    """
    limit = current_app.config["LOGIN_FAILURE_LIMIT"]
    since = now - failure_window()
    recent = db.session.scalars(
        sa.select(LoginFailure.created_at)
        .where(LoginFailure.user_id == user.id, LoginFailure.created_at > since)
        .order_by(LoginFailure.created_at.desc())
        .limit(limit)
        .with_for_update()
    ).all()
    if len(recent) < limit:
        return 0
    last_own_failure = db.session.scalar(
        sa.select(sa.func.max(LoginFailure.created_at))
        .where(
            LoginFailure.user_id == user.id,
            LoginFailure.client == client,
            LoginFailure.created_at > since,
        )
        .with_for_update()
    )
    if last_own_failure is None:
        return 0
    until = min(last_own_failure, recent[-1]) + failure_window()
    return max(1, math.ceil((until - now).total_seconds()))


def forget_failures(user: User, client: str) -> None:
    """After a right password: this client's failures go; other clients' stay counted.

    Part of a login, in the caller's transaction.
    """
    db.session.execute(
        sa.delete(LoginFailure).where(
            LoginFailure.user_id == user.id, LoginFailure.client == client[:CLIENT_MAX]
        )
    )
