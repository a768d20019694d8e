"""The e-mails of account recovery: "forgot password", address checks, and who must
confirm their address before logging in.

"Forgot password" answers the same whatever the address: the lookup, the link and the
mail all happen after the response is sent (``after_response``), for known and unknown
addresses alike, so neither the answer nor its timing tells whether an account exists
(SECURITY.md case 57). Each address gets at most PASSWORD_RESET_EMAILS_PER_HOUR such
mails, counted in the database; past that nothing is sent, and nothing is said.
"""

import logging

import sqlalchemy as sa
from flask import after_this_request, current_app

from .. import mail, problems, validation
from ..extensions import db
from ..models import User
from . import emailed_reset_link, emailed_verify_link, links

log = logging.getLogger(__name__)


class EmailNotVerified(problems.Problem):
    status, code = 403, "email_not_verified"
    default_message = (
        "Please confirm your email address first: follow the link we sent you, "
        "or ask for a new one."
    )


def verification_required() -> bool:
    """Whether new accounts must confirm their address (EMAIL_VERIFICATION, with mail)."""
    return bool(current_app.config["EMAIL_VERIFICATION"]) and mail.is_configured()


def check_may_log_in(user: User) -> None:
    """Refuse a login of an account whose address must, and is not yet, confirmed."""
    if verification_required() and user.email_verified_at is None:
        raise EmailNotVerified


def after_signup(user: User) -> bool:
    """Send a new account its address check if the site asks for one.

    Returns whether the account must confirm its address before it may log in. The
    one call signup makes after creating the account (web/auth.py, api/auth.py).
    """
    if not verification_required():
        return False
    try:
        send_verification(user)
    except Exception:  # the account stands; "send the link again" retries
        log.exception("could not send the address check to a new account")
    return True


def after_response(work, *args) -> None:
    """Run work(*args) once this request's response has been sent, in its own app context.

    Errors are logged, never shown: the person already has their answer.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        with app.app_context():
            try:
                work(*args)
            except Exception:
                log.exception("%s failed after the response", work.__name__)

    @after_this_request
    def attach(response):
        response.call_on_close(run)
        return response


def account_of(address: str) -> User | None:
    try:
        address = validation.clean_email(address)
    except validation.Invalid:
        return None
    return db.session.scalar(sa.select(User).where(User.email == address))


def within_hourly_limit(user: User, purpose: str) -> bool:
    limit = current_app.config["PASSWORD_RESET_EMAILS_PER_HOUR"]
    return links.made_since(user, purpose, hours=1) < limit


def send_reset(address: str) -> None:
    """Send a reset link to the account with this address, if there is one (after the
    response: see after_response)."""
    user = account_of(address)
    if user is None or not within_hourly_limit(user, links.RESET):
        return
    link = emailed_reset_link(user)
    hours = current_app.config["PASSWORD_RESET_EMAIL_HOURS"]
    mail.send(
        user.email,
        "Reset your Flaskgram password",
        f"Hello {user.username},\n\n"
        "Someone (we hope you) asked to reset your Flaskgram password. To choose a new "
        f"one, open this link within {hours:g} hour(s):\n\n{link.url}\n\n"
        "It works once. If you didn't ask, ignore this message: your password stays as it is.\n",
    )


def send_verification(user: User) -> None:
    link = emailed_verify_link(user)
    mail.send(
        user.email,
        "Confirm your Flaskgram email address",
        f"Hello {user.username},\n\n"
        f"Please confirm this is your address by opening this link:\n\n{link.url}\n\n"
        "If you didn't sign up for Flaskgram, ignore this message.\n",
    )


def resend_verification(address: str) -> None:
    """Send the address check again to an unconfirmed account (after the response)."""
    user = account_of(address)
    if user is None or user.email_verified_at is not None:
        return
    if within_hourly_limit(user, links.VERIFY_EMAIL):
        send_verification(user)
