"""One-time links: made, looked up and used once, for a password reset or an address check.

A link's token is ``<selector>.<verifier>``. The selector (public) finds the row; only
the SHA-256 of the verifier is stored, and it is compared in constant time, so neither a
copy of the table nor timing tells anyone a working link (SECURITY.md case 54). A link
works once, before it expires, until a newer one replaces it; using it is one conditional
UPDATE, so of two uses at once one wins (case 55).
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa

from .. import problems, replicas
from ..database import rows_changed
from ..extensions import db
from ..models import AccountLink, User, utcnow

RESET, VERIFY_EMAIL = "reset", "verify_email"
SELECTOR_BYTES, VERIFIER_BYTES = 12, 32  # 16 and 43 characters of URL-safe base64
# The longest token a URL may carry to be worth looking up.
TOKEN_MAX = 128


class LinkUnknown(problems.NotFound):
    code = "link_unknown"
    default_message = (
        "This link isn't valid. Check that you copied all of it, or ask for a new one."
    )


class LinkGone(problems.Gone):
    code = "link_gone"
    default_message = "This link has expired or was already used. Please ask for a new one."


def digest(verifier: str) -> str:
    return hashlib.sha256(verifier.encode()).hexdigest()


def issue(user: User, purpose: str, *, hours: float, created_by: User | None = None) -> tuple:
    """Make a link for the user and return (token, expiry); their older unused links of
    this purpose stop working. Commits."""
    now = utcnow()
    db.session.execute(
        sa.update(AccountLink)
        .where(
            AccountLink.user_id == user.id,
            AccountLink.purpose == purpose,
            AccountLink.used_at.is_(None),
        )
        .values(used_at=now)
    )
    selector = secrets.token_urlsafe(SELECTOR_BYTES)
    verifier = secrets.token_urlsafe(VERIFIER_BYTES)
    expires_at = now + timedelta(hours=hours)
    db.session.add(
        AccountLink(
            purpose=purpose,
            user_id=user.id,
            selector=selector,
            verifier_hash=digest(verifier),
            created_by=created_by.id if created_by else None,
            created_at=now,
            expires_at=expires_at,
        )
    )
    db.session.commit()
    return f"{selector}.{verifier}", expires_at


def find(token: str, purpose: str) -> AccountLink:
    """The link a token names, if it may still be used; else LinkUnknown or LinkGone."""
    selector, dot, verifier = (token or "").partition(".")
    if not dot or not selector or not verifier or len(token) > TOKEN_MAX:
        raise LinkUnknown
    # From the primary: a link is opened moments after it was made or used elsewhere,
    # sooner than a lagging replica may know (replicas.py).
    query = sa.select(AccountLink).where(
        AccountLink.selector == selector, AccountLink.purpose == purpose
    )
    link = db.session.scalar(replicas.from_primary(query))
    # Compared even when no row matched, so both answers take the same time.
    expected = link.verifier_hash if link else digest(secrets.token_urlsafe(VERIFIER_BYTES))
    if not hmac.compare_digest(expected, digest(verifier)) or link is None:
        raise LinkUnknown
    if link.used_at is not None or link.expires_at <= utcnow():
        raise LinkGone
    return link


def use(link: AccountLink) -> None:
    """Mark the link used, or raise LinkGone if another request used it first.

    Part of the caller's transaction: what the link does commits with it, or not at all.
    """
    now = utcnow()
    used = rows_changed(
        sa.update(AccountLink)
        .where(
            AccountLink.id == link.id,
            AccountLink.used_at.is_(None),
            AccountLink.expires_at > now,
        )
        .values(used_at=now)
    )
    if used != 1:
        db.session.rollback()
        raise LinkGone


def made_since(user: User, purpose: str, hours: float) -> int:
    """How many links of this purpose the user was sent (not given by an admin) lately."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AccountLink)
            .where(
                AccountLink.user_id == user.id,
                AccountLink.purpose == purpose,
                AccountLink.created_by.is_(None),
                AccountLink.created_at > utcnow() - timedelta(hours=hours),
            )
        )
        or 0
    )
