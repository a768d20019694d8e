"""Logging in through the API: tokens for a password, new tokens for a refresh token, logout."""

from flask import request

from .. import accounts, rate_limits, security
from . import bp, caller, schemas, tokens
from .errors import ErrorSchema, unauthorized


def no_token_needed(view):
    """A view callers reach before they have a token: public, and documented so."""
    return bp.doc(security=[])(security.public(view))


def tokens_json(pair: tokens.TokenPair) -> dict:
    return {
        "access_token": pair.access_token,
        "refresh_token": pair.refresh_token,
        "token_type": pair.token_type,
        "expires_in": pair.expires_in,
    }


@bp.route("/auth/token", methods=["POST"], tags=["auth"])
@no_token_needed
@rate_limits.failed_logins
@bp.arguments(schemas.Credentials)
@bp.response(200, schemas.Tokens)
@bp.alt_response(401, schema=ErrorSchema, description="Wrong username or password")
@bp.alt_response(429, schema=ErrorSchema, description="Too many failed attempts; see Retry-After")
def token(credentials):
    """Log in: trade a username (or email) and password for tokens.

    Failed attempts count toward the same throttle as the login page.
    """
    user = accounts.authenticate(
        credentials["username"], credentials["password"], client=request.remote_addr or ""
    )
    return tokens_json(tokens.log_in(user))


@bp.route("/auth/refresh", methods=["POST"], tags=["auth"])
@no_token_needed
@rate_limits.failed_logins
@bp.arguments(schemas.RefreshTokenInput)
@bp.response(200, schemas.Tokens)
@bp.alt_response(401, schema=ErrorSchema, description="Not valid, or already used")
def refresh(body):
    """Trade a refresh token for a new pair. Each refresh token works once.

    Presenting a refresh token that was already traded ends that login altogether.
    """
    try:
        return tokens_json(tokens.refresh(body["refresh_token"]))
    except tokens.BadToken:
        unauthorized("That refresh token isn't valid. Log in again.")


@bp.route("/auth/revoke", methods=["POST"], tags=["auth"])
@bp.arguments(schemas.RefreshTokenInput)
@bp.response(204)
def revoke(body):
    """Log out: the access token and the refresh token both stop working."""
    tokens.revoke(caller(), body["refresh_token"])
