"""Invitation links: made by an admin, good for a number of signups until they expire.

A link's token is a selector (which row) followed by a secret verifier. Only the
verifier's SHA-256 is stored (SECURITY.md case 50): a leaked table can't be turned into
working links. Each use is counted by one conditional UPDATE, so when two people race for
the last use exactly one of them gets it.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import aliased

from . import admin_log, feeds, limits, problems, replicas
from .database import rows_changed
from .extensions import db
from .models import Invitation, InvitationUse, User, utcnow

SELECTOR_LENGTH, VERIFIER_LENGTH = 12, 32  # characters of token_urlsafe(9) and (24)


class InvitationGone(problems.Problem):
    """The invitation existed but can no longer be used."""

    status, code = 410, "invitation_gone"


class UnknownInvitation(problems.NotFound):
    code = "invitation_not_found"
    default_message = "That invitation link isn't valid. Check that you copied all of it."


def digest(verifier: str) -> str:
    return hashlib.sha256(verifier.encode()).hexdigest()


def create(actor: User, *, max_uses: int, expires_in_days: int, note: str = "") -> str:
    """Make an invitation and return its token: the only time the secret exists."""
    if not 1 <= max_uses <= limits.INVITATION_USES_MAX:
        raise problems.Invalid(f"Choose 1 to {limits.INVITATION_USES_MAX} uses.", field="max_uses")
    if not 1 <= expires_in_days <= limits.INVITATION_DAYS_MAX:
        raise problems.Invalid(
            f"Choose 1 to {limits.INVITATION_DAYS_MAX} days.", field="expires_in_days"
        )
    note = (note or "").strip()
    if len(note) > limits.INVITATION_NOTE_MAX:
        raise problems.Invalid(
            f"Keep the note under {limits.INVITATION_NOTE_MAX} characters.", field="note"
        )
    selector, verifier = secrets.token_urlsafe(9), secrets.token_urlsafe(24)
    invitation = Invitation(
        selector=selector,
        verifier_hash=digest(verifier),
        created_by_id=actor.id,
        max_uses=max_uses,
        note=note,
        expires_at=utcnow() + timedelta(days=expires_in_days),
    )
    db.session.add(invitation)
    db.session.flush()
    admin_log.record(actor, "create_invitation", f"invitation {invitation.id}", gist(invitation))
    db.session.commit()
    return selector + verifier


def gist(invitation: Invitation) -> str:
    uses = "single use" if invitation.max_uses == 1 else f"{invitation.max_uses} uses"
    return f"{uses}, until {invitation.expires_at:%Y-%m-%d %H:%M} UTC" + (
        f": {invitation.note}" if invitation.note else ""
    )


def link(token: str) -> str:
    return url_for("auth.invite", token=token, _external=True)


def find(token: str | None) -> Invitation:
    """The usable invitation of a token; raise UnknownInvitation (404) or InvitationGone (410)."""
    token = (token or "").strip()
    if len(token) != SELECTOR_LENGTH + VERIFIER_LENGTH:
        raise UnknownInvitation
    selector, verifier = token[:SELECTOR_LENGTH], token[SELECTOR_LENGTH:]
    # From the primary: an invitation is opened moments after it was made, or withdrawn,
    # sooner than a lagging replica may know (replicas.py).
    query = sa.select(Invitation).where(Invitation.selector == selector)
    invitation = db.session.scalar(replicas.from_primary(query))
    if invitation is None or not hmac.compare_digest(invitation.verifier_hash, digest(verifier)):
        raise UnknownInvitation
    if invitation.revoked_at is not None:
        raise InvitationGone("This invitation was withdrawn. Ask for a new one.")
    if invitation.expires_at <= utcnow():
        raise InvitationGone("This invitation has expired. Ask for a new one.")
    if invitation.uses >= invitation.max_uses:
        raise InvitationGone("This invitation has been used up. Ask for a new one.")
    return invitation


def claim(invitation: Invitation, user: User) -> None:
    """Use up one use for a new account, in its transaction; raise InvitationGone if none is left.

    One UPDATE both checks and counts (SECURITY.md case 50), so it holds under races.
    """
    claimed = rows_changed(
        sa.update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.uses < Invitation.max_uses,
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .values(uses=Invitation.uses + 1)
    )
    if claimed != 1:
        raise InvitationGone("This invitation has just been used up. Ask for a new one.")
    db.session.add(InvitationUse(invitation_id=invitation.id, user_id=user.id))


def inviter_of(invitation: Invitation) -> User:
    return db.session.get_one(User, invitation.created_by_id)


def revoke(actor: User, invitation_id: int) -> None:
    """Withdraw an invitation; withdrawing it again changes nothing."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None:
        raise problems.NotFound("There is no invitation with that id.")
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        admin_log.record(actor, "revoke_invitation", f"invitation {invitation.id}")
        db.session.commit()


@dataclass
class InvitationRow:
    """An invitation as the admin sees it: who made it, who used it, whether it still works."""

    invitation: Invitation
    created_by: str
    used_by: list[str]

    @property
    def state(self) -> str:
        invitation = self.invitation
        if invitation.revoked_at is not None:
            return "revoked"
        if invitation.uses >= invitation.max_uses:
            return "used up"
        if invitation.expires_at <= utcnow():
            return "expired"
        return "active"


@dataclass
class InvitationPage:
    rows: list[InvitationRow]
    next_cursor: int | None


def invitation_page(before: int | None, size: int) -> InvitationPage:
    """Up to ``size`` invitations older than the cursor (an id), newest first: two queries."""
    query = (
        sa.select(Invitation, User.username)
        .join(User, User.id == Invitation.created_by_id)
        .order_by(Invitation.id.desc())
    )
    if before is not None:
        query = query.where(Invitation.id < max(0, min(before, feeds.LARGEST_ID)))
    found = list(db.session.execute(query.limit(size + 1)))
    shown = found[:size]
    used_by: dict[int, list[str]] = {invitation.id: [] for invitation, _ in shown}
    if used_by:
        uses = (
            sa.select(InvitationUse.invitation_id, User.username)
            .join(User, User.id == InvitationUse.user_id)
            .where(InvitationUse.invitation_id.in_(used_by))
            .order_by(InvitationUse.id)
        )
        for invitation_id, username in db.session.execute(uses):
            used_by[invitation_id].append(username)
    rows = [
        InvitationRow(invitation, creator, used_by[invitation.id]) for invitation, creator in shown
    ]
    return InvitationPage(rows, shown[-1][0].id if len(found) > size else None)


def invited_by(user_ids: list[int]) -> dict[int, str]:
    """Who invited each of these people (by username), for those who came by invitation."""
    if not user_ids:
        return {}
    inviter = aliased(User)
    query = (
        sa.select(InvitationUse.user_id, inviter.username)
        .join(Invitation, Invitation.id == InvitationUse.invitation_id)
        .join(inviter, inviter.id == Invitation.created_by_id)
        .where(InvitationUse.user_id.in_(user_ids))
    )
    return {user_id: username for user_id, username in db.session.execute(query)}
