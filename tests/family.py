"""Helpers for the private-site tests: the registration mode, invitations, statuses."""

from datetime import timedelta

import sqlalchemy as sa

from flaskgram import accounts, invitations, registration
from flaskgram.extensions import db
from flaskgram.models import Invitation, User, utcnow


def set_mode(app, mode: str, admin: str = "alice") -> None:
    with app.app_context():
        registration.set_mode(accounts.user_named(admin), mode)


def invite(app, admin: str = "alice", max_uses: int = 1, days: int = 7, note: str = "") -> str:
    """Make an invitation as this admin and return its token."""
    with app.app_context():
        return invitations.create(
            accounts.user_named(admin), max_uses=max_uses, expires_in_days=days, note=note
        )


def selector_of(token: str) -> str:
    return token[: invitations.SELECTOR_LENGTH]


def expire(app, token: str) -> None:
    with app.app_context():
        db.session.execute(
            sa.update(Invitation)
            .where(Invitation.selector == selector_of(token))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()


def set_status(app, username: str, status: str) -> None:
    with app.app_context():
        db.session.execute(sa.update(User).where(User.username == username).values(status=status))
        db.session.commit()


def signup_data(username: str, invitation: str | None = None) -> dict:
    from conftest import PASSWORD

    data = {"username": username, "email": f"{username}@example.com", "password": PASSWORD}
    if invitation is not None:
        data["invitation"] = invitation
    return data
