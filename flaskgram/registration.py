"""Who may sign up: the site's registration mode, and signing up under it.

- open: anyone (the default, as before);
- invitation: only with a valid invitation link;
- approval: anyone, but the account waits for an admin (an invitation skips the wait);
- closed: nobody, invitation or not.

The signup page and ``POST /api/v1/users`` both call ``sign_up``.
"""

import sqlalchemy as sa

from . import accounts, admin_log, database, invitations, problems, roles
from .extensions import db
from .models import SiteSetting, User

OPEN, INVITATION, APPROVAL, CLOSED = "open", "invitation", "approval", "closed"
MODES = (OPEN, INVITATION, APPROVAL, CLOSED)
MODE_NAMES = {
    OPEN: "Open: anyone who finds the site can sign up",
    INVITATION: "By invitation: only people with an invitation link",
    APPROVAL: "By approval: anyone can ask, an admin lets them in",
    CLOSED: "Closed: nobody can sign up",
}
SETTING = "registration_mode"


class SignupClosed(problems.Problem):
    status, code = 403, "signup_closed"
    default_message = "Signing up is closed on this site. Ask its admin for an invitation."


class InvitationNeeded(problems.Problem):
    status, code = 403, "invitation_required"
    default_message = (
        "This site is by invitation only. Open the invitation link you were sent to sign up."
    )


def current_mode() -> str:
    value = db.session.scalar(sa.select(SiteSetting.value).where(SiteSetting.name == SETTING))
    return value if value in MODES else OPEN


def set_mode(actor: User, mode: str) -> None:
    """Change the registration mode (admins only: the caller checked roles.require_admin)."""
    if mode not in MODES:
        raise problems.Invalid(f"Choose one of: {', '.join(MODES)}.", field="mode")
    before = current_mode()
    if mode == before:
        return
    setting = db.session.get(SiteSetting, SETTING)
    if setting is None:
        db.session.add(SiteSetting(name=SETTING, value=mode))
    else:
        setting.value = mode
    admin_log.record(actor, "registration_mode", "", f"{before} → {mode}")
    db.session.commit()


def signup_offered() -> bool:
    """Whether the login page offers a "Sign up" link (not when nobody can sign up).

    The login form works while the database is down (errors.py answers the login itself
    with 503): then the link is offered, and the signup page answers 503 in its turn.
    """
    try:
        return current_mode() != CLOSED
    except sa.exc.SQLAlchemyError as error:
        if not database.is_unavailable(error):
            raise
        database.discard_transaction()
        return True


def check_open(mode: str, invitation_token: str | None) -> None:
    """Refuse before a form is shown or checked: closed, or by invitation without one."""
    if mode == CLOSED:
        raise SignupClosed
    if mode == INVITATION and not invitation_token:
        raise InvitationNeeded


def sign_up(
    username: str,
    email: str,
    password: str,
    display_name: str = "",
    invitation_token: str | None = None,
) -> User:
    """Create an account as the mode allows: active, or pending an admin's approval.

    Raises SignupClosed or InvitationNeeded (403), UnknownInvitation (404),
    InvitationGone (410), or the account rules' Invalid and Taken. The invitation's use
    and the account are written in one transaction: both or neither.
    """
    mode = current_mode()
    check_open(mode, invitation_token)
    invitation = invitations.find(invitation_token) if invitation_token else None
    status = roles.PENDING if mode == APPROVAL and invitation is None else roles.ACTIVE

    def use_invitation(user: User) -> None:
        if invitation is not None:
            invitations.claim(invitation, user)

    return accounts.create_user(
        username, email, password, display_name, status=status, before_commit=use_invitation
    )
