"""Account recovery: password-reset links (made by an admin, or sent by e-mail) and
address checks for new accounts. Plain functions, called by the pages (web/recovery.py),
the API (api/recovery.py) and the admin area.

An admin's link needs no mail server: ``create_reset_link(user, created_by=admin)``
returns its address, to pass on by any channel.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for

from .. import accounts, problems, sessions, validation
from ..extensions import db
from ..models import User, utcnow
from . import links
from .links import LinkGone, LinkUnknown

__all__ = [
    "LinkGone",
    "LinkUnknown",
    "ResetLink",
    "create_reset_link",
    "reset_password",
    "verify_email",
]


@dataclass(frozen=True)
class ResetLink:
    """A one-time password-reset link: its full address and when it stops working."""

    url: str
    expires_at: datetime


def absolute_url(endpoint: str, **values) -> str:
    """The full address of a page: under SITE_URL if set, else the request's own site.

    Links in e-mail always use SITE_URL (mail.py); an admin's link may use the address
    the admin is looking at (a Host outside TRUSTED_HOSTS never gets this far).
    """
    site_url = current_app.config["SITE_URL"]
    if site_url:
        site = urlsplit(site_url)
        adapter = current_app.url_map.bind(
            site.netloc, script_name=site.path or "/", url_scheme=site.scheme
        )
        return adapter.build(endpoint, values, force_external=True)
    if not has_request_context():
        raise RuntimeError("Set SITE_URL to make links outside a request.")
    return url_for(endpoint, _external=True, **values)


def create_reset_link(user: User, *, created_by: User | None) -> ResetLink:
    """Make a password-reset link for the user, valid PASSWORD_RESET_HOURS (an admin
    passes it on). The user's older unused reset links stop working."""
    token, expires_at = links.issue(
        user,
        links.RESET,
        hours=current_app.config["PASSWORD_RESET_HOURS"],
        created_by=created_by,
    )
    return ResetLink(absolute_url("recovery.reset", token=token), expires_at)


def emailed_reset_link(user: User) -> ResetLink:
    """A reset link to send by e-mail: valid PASSWORD_RESET_EMAIL_HOURS, always at SITE_URL."""
    hours = current_app.config["PASSWORD_RESET_EMAIL_HOURS"]
    token, expires_at = links.issue(user, links.RESET, hours=hours)
    return ResetLink(absolute_url("recovery.reset", token=token), expires_at)


def emailed_verify_link(user: User) -> ResetLink:
    hours = current_app.config["EMAIL_VERIFICATION_HOURS"]
    token, expires_at = links.issue(user, links.VERIFY_EMAIL, hours=hours)
    return ResetLink(absolute_url("recovery.verify", token=token), expires_at)


def check_reset_link(token: str) -> User:
    """The account a reset link is for, if it still works; else LinkUnknown or LinkGone."""
    return db.session.get_one(User, links.find(token, links.RESET).user_id)


def check_verify_link(token: str) -> User:
    """The account an address check is for, if it still works; else LinkUnknown or LinkGone."""
    return db.session.get_one(User, links.find(token, links.VERIFY_EMAIL).user_id)


def reset_password(token: str, password: str) -> User:
    """Set a new password with a reset link and end every login of the account.

    Raises LinkUnknown (404), LinkGone (410), or Invalid at ``password`` (the same rules
    as signing up). The link's use, the new password and the end of the old sessions,
    browsers and API tokens alike, commit together. A link no admin made (one sent by
    e-mail, or printed by `flask reset-link` on the server) also confirms the address.
    """
    link = links.find(token, links.RESET)
    with problems.at_field("password"):
        validation.check_password(password)
    password_hash = accounts.hash_password(password)  # slow: before any row is locked
    links.use(link)
    user = db.session.get_one(User, link.user_id)
    user.password_hash = password_hash
    if link.created_by is None and user.email_verified_at is None:
        user.email_verified_at = utcnow()
    sessions.end_all(user)  # commits
    return user


def verify_email(token: str) -> User:
    """Mark the account's address verified with its link; LinkUnknown or LinkGone else."""
    link = links.find(token, links.VERIFY_EMAIL)
    links.use(link)
    user = db.session.get_one(User, link.user_id)
    user.email_verified_at = user.email_verified_at or utcnow()
    db.session.commit()
    return user
