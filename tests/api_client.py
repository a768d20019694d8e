"""A test client for the JSON API: bearer tokens on every call, paths under /api/v1."""

import base64
import json
import warnings
from http.cookies import Morsel, SimpleCookie

import jwt
import jwt.warnings
from conftest import PASSWORD

from flaskgram.api import tokens

API = "/api/v1"
# What Flaskgram's browser client sends to the token endpoints (api/refresh_cookie.py).
WEB_CLIENT = {"X-Flaskgram-Client": "web"}
REFRESH_COOKIE = "flaskgram_refresh"


class ApiClient:
    """Calls the API like a phone app: JSON bodies and an ``Authorization: Bearer`` header."""

    def __init__(self, client, access_token: str | None = None):
        self.client = client
        self.access_token = access_token
        self.refresh_token: str | None = None

    def login(self, username: str = "alice", password: str = PASSWORD):
        response = self.client.post(
            f"{API}/auth/token", json={"username": username, "password": password}
        )
        if response.status_code == 200:
            self.access_token = response.json["access_token"]
            self.refresh_token = response.json["refresh_token"]
        return response

    def call(self, method: str, path: str, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if self.access_token is not None:
            headers.setdefault("Authorization", f"Bearer {self.access_token}")
        return self.client.open(f"{API}{path}", method=method, headers=headers, **kwargs)

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.call("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.call("PUT", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.call("PATCH", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.call("DELETE", path, **kwargs)


def api_login(app, username: str = "alice") -> ApiClient:
    """A new API client, logged in as this user."""
    api = ApiClient(app.test_client())
    response = api.login(username)
    assert response.status_code == 200, response.text
    return api


def claims_of(token: str) -> dict:
    """A token's claims, read without checking anything (as a client could)."""
    return jwt.decode(token, options={"verify_signature": False})


def signed(app, claims: dict, *, algorithm: str = "HS256", key: bytes | None = None) -> str:
    """A token with these claims, signed with the app's key unless another is given."""
    with app.test_request_context(), warnings.catch_warnings():
        # HS512 with our 32-byte key draws a "short key" warning: that misuse is the point.
        warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
        return jwt.encode(claims, key or tokens.signing_key(), algorithm=algorithm)


def unsigned(claims: dict) -> str:
    """An ``alg: none`` token: a header, the claims, and no signature."""

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def assert_api_error(response, status: int, error: str | None = None):
    """The response is the API's JSON error with this status (and code)."""
    assert response.status_code == status, response.text
    assert response.mimetype == "application/json"
    assert set(response.json) >= {"error", "message", "fields"}
    if error is not None:
        assert response.json["error"] == error
    if status == 401:
        assert response.headers["WWW-Authenticate"] == "Bearer"


def set_cookie(response, name: str = REFRESH_COOKIE) -> Morsel | None:
    """The cookie of that name a response sets (or deletes), with its attributes."""
    for header in response.headers.getlist("Set-Cookie"):
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        if name in cookie:
            return cookie[name]
    return None
