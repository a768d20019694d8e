"""Signing up and logging in through the API: tokens for a new account or a password, new
tokens for a refresh token, logout.

Flaskgram's browser client gets its refresh token as a cookie instead (refresh_cookie.py).
"""

from flask import jsonify, request
from marshmallow import Schema, fields

from .. import accounts, rate_limits, registration, roles, security
from ..recovery import emails
from . import bp, caller, refresh_cookie, schemas, tokens
from .errors import ErrorSchema, unauthorized


def no_token_needed(view):
    """A view callers reach before they have a token: public, and documented so."""
    return bp.doc(security=[])(security.public(view))


def hands_out_tokens(view):
    """Document the browser client's header and cookie on a view that answers with tokens."""
    return bp.doc(parameters=[refresh_cookie.HEADER_PARAMETER])(view)


def reads_refresh_token(view):
    """Document where a view finds the refresh token: the body, or the browser's cookie."""
    parameters = [refresh_cookie.HEADER_PARAMETER, refresh_cookie.COOKIE_PARAMETER]
    return bp.doc(parameters=parameters)(view)


def tokens_json(pair: tokens.TokenPair) -> dict:
    """The new tokens; the browser client's refresh token goes into its cookie instead."""
    body = {
        "access_token": pair.access_token,
        "token_type": pair.token_type,
        "expires_in": pair.expires_in,
    }
    if refresh_cookie.is_web_client():
        refresh_cookie.send(pair.refresh_token)
    else:
        body["refresh_token"] = pair.refresh_token
    return body


def presented_refresh_token(body: dict) -> str | None:
    """The refresh token in the body, or else the browser client's cookie."""
    return body.get("refresh_token") or refresh_cookie.received()


UNCONFIRMED = "email_unconfirmed"


class SignupWaiting(Schema):
    """A new account that may not log in yet, and why."""

    status = fields.String(required=True, metadata={"enum": [roles.PENDING, UNCONFIRMED]})
    username = fields.String(required=True)
    message = fields.String(required=True)
    # Only for an address to confirm: a link was mailed.
    email_verification_sent = fields.Boolean(metadata={"example": True})


@bp.route("/users", methods=["POST"], tags=["auth"])
@no_token_needed
@rate_limits.signups
@hands_out_tokens
@bp.arguments(schemas.NewAccount)
@bp.response(201, schemas.Tokens, headers=refresh_cookie.SET_COOKIE_HEADER)
@bp.alt_response(400, schema=ErrorSchema, description="A field breaks the rules; see fields")
@bp.alt_response(
    202,
    schema=SignupWaiting,
    description="Made, but no tokens yet: it waits for an admin's approval (registration "
    "mode approval), or for its address to be confirmed (EMAIL_VERIFICATION)",
)
@bp.alt_response(403, schema=ErrorSchema, description="Signup is closed, or needs an invitation")
@bp.alt_response(404, schema=ErrorSchema, description="No such invitation")
@bp.alt_response(409, schema=ErrorSchema, description="The username or email is taken")
@bp.alt_response(
    410, schema=ErrorSchema, description="The invitation expired, is used up or withdrawn"
)
@bp.alt_response(429, schema=ErrorSchema, description="Too many signups; see Retry-After")
def signup(account):
    """Sign up, and log in: the same tokens as `POST /auth/token`.

    The same rules as the signup page, and the same per-address limit, shared with it.
    The site's registration mode (`GET /site`) decides: with mode "approval" (and no
    invitation) the account waits for an admin and the answer is 202, without tokens.
    Where the site asks new accounts to confirm their address, the answer is 202 too and a
    link is mailed; `POST /auth/verify-email` with its token, then log in.
    """
    user = registration.sign_up(
        account["username"],
        account["email"],
        account["password"],
        account["display_name"],
        invitation_token=account.get("invitation"),
    )
    must_confirm = emails.after_signup(user)  # mails the address check, if the site asks
    if user.status == roles.PENDING:
        message = roles.AccountPending.default_message
        return jsonify(status=roles.PENDING, username=user.username, message=message), 202
    if must_confirm:
        message = f"We sent a link to {user.email}: follow it, then log in."
        waiting = {"status": UNCONFIRMED, "username": user.username, "message": message}
        return jsonify({**waiting, "email_verification_sent": True}), 202
    return tokens_json(tokens.log_in(user))


@bp.route("/auth/token", methods=["POST"], tags=["auth"])
@no_token_needed
@rate_limits.failed_logins
@hands_out_tokens
@bp.arguments(schemas.Credentials)
@bp.response(200, schemas.Tokens, headers=refresh_cookie.SET_COOKIE_HEADER)
@bp.alt_response(401, schema=ErrorSchema, description="Wrong username or password")
@bp.alt_response(
    403,
    schema=ErrorSchema,
    description="The account is disabled, not approved yet, or its address isn't confirmed",
)
@bp.alt_response(429, schema=ErrorSchema, description="Too many failed attempts; see Retry-After")
def token(credentials):
    """Log in: trade a username (or email) and password for tokens.

    Failed attempts count toward the same throttle as the login page.
    """
    user = accounts.authenticate(
        credentials["username"], credentials["password"], client=request.remote_addr or ""
    )
    emails.check_may_log_in(user)
    return tokens_json(tokens.log_in(user))


@bp.route("/auth/refresh", methods=["POST"], tags=["auth"])
@no_token_needed
@rate_limits.failed_logins
@reads_refresh_token
@bp.arguments(schemas.RefreshTokenInput, required=False)
@bp.response(200, schemas.Tokens, headers=refresh_cookie.SET_COOKIE_HEADER)
@bp.alt_response(401, schema=ErrorSchema, description="None sent, not valid, or already used")
def refresh(body):
    """Trade a refresh token for a new pair. Each refresh token works once.

    Presenting a refresh token that was already traded ends that login altogether.
    The browser client sends none in the body: its cookie carries it.
    """
    refresh_token = presented_refresh_token(body)
    if refresh_token is None:
        rate_limits.no_credentials_sent()  # a logged-out browser client, starting up
        unauthorized("Send your refresh token: in the body, or as the browser client's cookie.")
    try:
        return tokens_json(tokens.refresh(refresh_token))
    except tokens.BadToken:
        if refresh_cookie.is_web_client():
            refresh_cookie.clear()  # it can never work again
        unauthorized("That refresh token isn't valid. Log in again.")


@bp.route("/auth/revoke", methods=["POST"], tags=["auth"])
@reads_refresh_token
@bp.arguments(schemas.RefreshTokenInput, required=False)
@bp.response(204)
def revoke(body):
    """Log out: the access token and the refresh token both stop working.

    The login of the access token ends, refresh token or not; a refresh token of another
    login of yours ends that one too. The browser client's cookie is deleted.
    """
    tokens.revoke(caller(), presented_refresh_token(body))
    if refresh_cookie.is_web_client():
        refresh_cookie.clear()
