"""Password reset and address checks through the API: the same rules and limits as the
pages (recovery/, web/recovery.py).

- ``GET /auth/password-reset``: whether reset links can be sent by e-mail here.
- ``POST /auth/password-reset``: send one; 202 whatever the address (SECURITY.md case 57).
- ``POST /auth/password-reset/confirm``: a new password with a link's token.
- ``POST /auth/verify-email``: confirm an address with a link's token.
"""

from marshmallow import fields, validate

from .. import limits, mail, problems, rate_limits, recovery, validation
from ..recovery import emails, links
from . import bp, schemas
from .auth import no_token_needed
from .errors import ErrorSchema, fail, rule


class EmailResetAvailability(schemas.Schema):
    email_reset = fields.Boolean(
        required=True,
        metadata={"description": "Whether POST /auth/password-reset can send a link by e-mail"},
    )


class PasswordResetRequest(schemas.Schema):
    email = fields.String(
        required=True,
        validate=[validate.Length(max=limits.EMAIL_MAX), rule(validation.clean_email)],
        metadata={"example": "alice@example.com"},
    )


class Accepted(schemas.Schema):
    """Nothing to say: the request was taken, whatever comes of it."""


def token_field() -> fields.String:
    return fields.String(
        required=True,
        validate=validate.Length(min=1, max=links.TOKEN_MAX),
        metadata={"description": "The link's last part (after /reset/ or /verify/)"},
    )


class PasswordResetConfirmation(schemas.Schema):
    token = token_field()
    # The rule checks it (422 at "password"), with the same words as the signup form.
    password = fields.String(
        required=True,
        metadata={
            "minLength": limits.PASSWORD_MIN,
            "maxLength": limits.PASSWORD_MAX,
            "description": "The new password: the same rules as signing up",
            "example": "a brand new passphrase",
        },
    )


class EmailVerification(schemas.Schema):
    token = token_field()


LINK_UNKNOWN = "No such link: check that the token was copied whole"
LINK_GONE = "The link expired, was used, or was replaced by a newer one"


def mail_needed() -> None:
    if not mail.is_configured():
        fail(404, "This site sends no e-mail: ask an admin for a reset link.")


@bp.route("/auth/password-reset", methods=["GET"], tags=["auth"])
@no_token_needed
@bp.response(200, EmailResetAvailability)
def password_reset_availability():
    """Whether this site can send password-reset links by e-mail (else an admin makes them)."""
    return {"email_reset": mail.is_configured()}


@bp.route("/auth/password-reset", methods=["POST"], tags=["auth"])
@no_token_needed
@rate_limits.password_resets
@bp.arguments(PasswordResetRequest)
@bp.response(202, Accepted)
@bp.alt_response(400, schema=ErrorSchema, description="Not an email address")
@bp.alt_response(404, schema=ErrorSchema, description="This site sends no e-mail")
def password_reset(body):
    """Send a password-reset link to an address, valid an hour, if an account uses it.

    The answer is the same whether or not one does, and the same limit applies as on the
    "Forgot password" page, shared with it.
    """
    mail_needed()
    emails.after_response(emails.send_reset, body["email"])
    return {}


@bp.route("/auth/password-reset/confirm", methods=["POST"], tags=["auth"])
@no_token_needed
@rate_limits.password_resets
@bp.arguments(PasswordResetConfirmation)
@bp.response(204)
@bp.alt_response(404, schema=ErrorSchema, description=LINK_UNKNOWN)
@bp.alt_response(410, schema=ErrorSchema, description=LINK_GONE)
@bp.alt_response(422, schema=ErrorSchema, description="The new password breaks a rule; see fields")
def password_reset_confirm(body):
    """Set a new password with a reset link's token. Every login of the account ends,
    browsers and apps; log in again with the new password."""
    try:
        recovery.reset_password(body["token"], body["password"])
    except problems.Invalid as problem:
        fail(422, "Some fields are not valid.", fields={problem.field or "password": str(problem)})


@bp.route("/auth/verify-email", methods=["POST"], tags=["auth"])
@no_token_needed
@rate_limits.password_resets
@bp.arguments(EmailVerification)
@bp.response(204)
@bp.alt_response(404, schema=ErrorSchema, description=LINK_UNKNOWN)
@bp.alt_response(410, schema=ErrorSchema, description=LINK_GONE)
def verify_email(body):
    """Confirm an account's email address with the token of the link sent to it."""
    recovery.verify_email(body["token"])
