"""API logins and their JSON Web Tokens.

An API login is a login session (sessions.py), so logging out everywhere, changing
the password and deleting the account end it like a browser's. It hands out two tokens,
both HS256 JWTs naming the session (``sid``):

- an access token, good for minutes, sent as ``Authorization: Bearer`` on every call;
- a refresh token, traded once for a new pair. The session row keeps the id (``jti``)
  of the only refresh token it still accepts; presenting a replaced one means a copy
  was stolen, so the whole login ends (rotation with reuse detection).

Every claim is required and checked, and the algorithm is pinned: ``alg: none`` or a
token signed with another key or algorithm is refused (SECURITY.md case 36).
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

import jwt
import sqlalchemy as sa
from flask import current_app, g, request

from .. import sessions
from ..database import rows_changed
from ..extensions import db
from ..models import User, UserSession, utcnow

ALGORITHM = "HS256"
ACCESS, REFRESH = "access", "refresh"
REQUIRED_CLAIMS = ["exp", "iat", "sub", "jti", "aud", "type", "sid"]


class BadToken(Exception):
    """Missing, malformed, expired, revoked or otherwise unacceptable."""


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105 (the scheme's name, not a secret)


def init_app(app):
    app.config.setdefault("API_ACCESS_TOKEN_SECONDS", 15 * 60)
    app.config.setdefault("API_REFRESH_TOKEN_SECONDS", int(timedelta(days=30).total_seconds()))
    app.config.setdefault("API_TOKEN_AUDIENCE", "flaskgram-api")


def signing_key() -> bytes:
    # Derived from SECRET_KEY, so tokens and session cookies never share one key.
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"flaskgram api tokens", hashlib.sha256).digest()


def encode(user_id: int, session_token: str, kind: str, seconds: int, jti: str) -> str:
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "sid": session_token,
        "type": kind,
        "jti": jti,
        "aud": current_app.config["API_TOKEN_AUDIENCE"],
        "iat": now,
        "exp": now + timedelta(seconds=seconds),
    }
    return jwt.encode(claims, signing_key(), algorithm=ALGORITHM)


def decode(token: str, kind: str) -> dict:
    """Return the claims of a valid token of this kind, or raise BadToken."""
    try:
        claims = jwt.decode(
            token,
            signing_key(),
            algorithms=[ALGORITHM],
            audience=current_app.config["API_TOKEN_AUDIENCE"],
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.InvalidTokenError:
        raise BadToken from None
    if claims["type"] != kind or not isinstance(claims["sid"], str):
        raise BadToken
    return claims


def new_pair(user: User, session_token: str, refresh_jti: str) -> TokenPair:
    config = current_app.config
    access_seconds = config["API_ACCESS_TOKEN_SECONDS"]
    return TokenPair(
        access_token=encode(user.id, session_token, ACCESS, access_seconds, secrets.token_hex(16)),
        refresh_token=encode(
            user.id, session_token, REFRESH, config["API_REFRESH_TOKEN_SECONDS"], refresh_jti
        ),
        expires_in=access_seconds,
    )


def user_of(claims: dict) -> User:
    """The user of the live login session the token names."""
    user = sessions.user_for(claims["sid"])
    if user is None or str(user.id) != claims["sub"]:
        raise BadToken
    return user


def log_in(user: User) -> TokenPair:
    """Start an API login for an authenticated user and return its first tokens."""
    session_token = sessions.start(user)
    refresh_jti = secrets.token_hex(16)
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.token == session_token)
        .values(refresh_jti=refresh_jti)
    )
    db.session.commit()
    return new_pair(user, session_token, refresh_jti)


def refresh(refresh_token: str) -> TokenPair:
    """Trade a refresh token for a new pair; a replaced token ends its login."""
    claims = decode(refresh_token, REFRESH)
    user = user_of(claims)
    new_jti = secrets.token_hex(16)
    rotated = rows_changed(
        sa.update(UserSession)
        .where(UserSession.token == claims["sid"], UserSession.refresh_jti == claims["jti"])
        .values(refresh_jti=new_jti)
    )
    if rotated != 1:
        db.session.rollback()
        sessions.end(claims["sid"])  # reuse (or a lost race with the real client)
        raise BadToken
    db.session.commit()
    return new_pair(user, claims["sid"], new_jti)


def revoke(user: User, refresh_token: str | None) -> None:
    """End the caller's login, and the refresh token's if it is another login of theirs."""
    sessions.end(user.session_token)
    if refresh_token is None:
        return
    try:
        claims = decode(refresh_token, REFRESH)
    except BadToken:
        return  # like RFC 7009: an unusable token needs no revoking
    if claims["sub"] == str(user.id):
        sessions.end(claims["sid"])


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer`` header; never the query string or a cookie."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def caller() -> User:
    """The user whose access token came with this request, or raise BadToken."""
    token = bearer_token()
    if token is None:
        raise BadToken
    claims = decode(token, ACCESS)
    # Known before the first read, so it can wait for this person's writes (replicas.py).
    g.person_id = claims["sub"]
    return user_of(claims)
