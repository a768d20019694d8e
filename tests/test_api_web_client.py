"""The browser client's refresh token, in a cookie its scripts can't read (case 45).

With ``X-Flaskgram-Client: web`` the token endpoints set the refresh token as an HttpOnly,
SameSite=Strict cookie scoped to /api/v1/auth and leave it out of the body; refresh and
revoke read it back, but only with that header. Phone apps, which send no such header,
keep the JSON body flow (test_api_auth.py).
"""

import pytest
from api_client import API, REFRESH_COOKIE, WEB_CLIENT, ApiClient, assert_api_error, set_cookie
from conftest import PASSWORD, TEST_CONFIG

from flaskgram import create_app
from flaskgram.extensions import db
from flaskgram.models import UserSession

COOKIE_PATH = "/api/v1/auth"
THIRTY_DAYS = 30 * 24 * 3600
CREDENTIALS = {"username": "alice", "password": PASSWORD}


def web_post(client, path: str, headers: dict | None = None, **kwargs):
    """A call from the browser client: its header, and whatever cookies the client holds."""
    return client.post(f"{API}{path}", headers={**WEB_CLIENT, **(headers or {})}, **kwargs)


def web_login(client):
    response = web_post(client, "/auth/token", json=CREDENTIALS)
    assert response.status_code == 200, response.text
    return response


def refresh_cookie(client) -> str | None:
    """The refresh token the client's cookie jar holds for /api/v1/auth."""
    cookie = client.get_cookie(REFRESH_COOKIE, path=COOKIE_PATH)
    return cookie.value if cookie else None


def refresh_with(client, cookie: str):
    """Refresh with this cookie, as a client that kept it would (a refusal deletes it)."""
    client.set_cookie(REFRESH_COOKIE, cookie, path=COOKIE_PATH)
    return web_post(client, "/auth/refresh")


def assert_cookie_deleted(response):
    deleted = set_cookie(response)
    assert deleted is not None and deleted.value == ""
    assert deleted["max-age"] == "0" and deleted["path"] == COOKIE_PATH


def log_in(client):
    return web_post(client, "/auth/token", json=CREDENTIALS)


def sign_up(client):
    account = {"username": "carol", "email": "carol@example.com", "password": PASSWORD}
    return web_post(client, "/users", json=account)


def refresh(client):
    web_login(client)
    return web_post(client, "/auth/refresh")


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
@pytest.mark.parametrize(
    "hand_out", [log_in, sign_up, refresh], ids=["token", "signup", "refresh"]
)
def test_case_45_the_refresh_token_comes_as_a_strict_httponly_cookie(
    app, make_user, hand_out, https
):
    """Case 45: HttpOnly, SameSite=Strict, Path=/api/v1/auth, Secure only with HTTPS."""
    make_user("alice")
    app.config["HTTPS"] = https
    if https:  # the test client's requests come over https, or the app would redirect
        app.config["PREFERRED_URL_SCHEME"] = "https"
    client = app.test_client()

    response = hand_out(client)

    assert response.status_code in (200, 201), response.text
    assert "refresh_token" not in response.json
    assert set(response.json) == {"access_token", "token_type", "expires_in"}
    cookie = set_cookie(response)
    assert cookie is not None and cookie.value
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == COOKIE_PATH
    assert cookie["max-age"] == str(THIRTY_DAYS)
    assert bool(cookie["secure"]) is https
    # The cookie is the login: it buys the next pair.
    assert web_post(client, "/auth/refresh").status_code == 200


def test_case_45_refresh_by_cookie_rotates_it(app, client, make_user):
    """Case 45: each refresh sets a new cookie; the new access token works."""
    make_user("alice")
    web_login(client)
    first = refresh_cookie(client)

    response = web_post(client, "/auth/refresh")

    assert response.status_code == 200, response.text
    assert "refresh_token" not in response.json
    second = refresh_cookie(client)
    assert second and second != first
    assert set_cookie(response).value == second
    me = ApiClient(client, response.json["access_token"]).get("/me")
    assert me.status_code == 200 and me.json["username"] == "alice"


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Flaskgram-Client": "android"}, {"X-Flaskgram-Client": "WEB "}],
    ids=["no-header", "other-client", "not-exactly-web"],
)
def test_case_45_a_cookie_without_the_header_is_ignored(app, client, make_user, headers):
    """Case 45: a cross-site form can send the cookie but not the header, so it buys nothing."""
    make_user("alice")
    web_login(client)
    held = refresh_cookie(client)

    response = client.post(f"{API}/auth/refresh", headers=headers)
    assert_api_error(response, 401, "invalid_token")
    form = client.post(f"{API}/auth/refresh", headers=headers, data={"refresh_token": "x"})
    assert_api_error(form, 415)  # what a cross-site form would send

    assert refresh_cookie(client) == held  # neither read nor touched
    assert web_post(client, "/auth/refresh").status_code == 200  # the login lives on


def test_case_45_a_reused_cookie_ends_the_login(app, client, make_user, row_count):
    """Case 45: rotation with reuse detection, as with the body (case 36)."""
    make_user("alice")
    web_login(client)
    stolen = refresh_cookie(client)
    rotated = web_post(client, "/auth/refresh")
    assert rotated.status_code == 200
    current = refresh_cookie(client)

    reused = refresh_with(client, stolen)

    assert_api_error(reused, 401, "invalid_token")
    assert_cookie_deleted(reused)
    assert_api_error(ApiClient(client, rotated.json["access_token"]).get("/me"), 401)
    assert_api_error(refresh_with(client, current), 401)
    assert row_count(UserSession) == 0


def test_case_45_revoke_ends_the_login_and_deletes_the_cookie(app, client, make_user, row_count):
    """Case 45: logging out with no body; the cookie is deleted with the same Path."""
    make_user("alice")
    access = web_login(client).json["access_token"]
    held = refresh_cookie(client)
    other_phone = ApiClient(app.test_client())
    assert other_phone.login().status_code == 200

    response = web_post(client, "/auth/revoke", headers={"Authorization": f"Bearer {access}"})

    assert response.status_code == 204, response.text
    assert_cookie_deleted(response)
    assert refresh_cookie(client) is None
    assert_api_error(ApiClient(client, access).get("/me"), 401)
    assert_api_error(refresh_with(client, held), 401)
    assert other_phone.get("/me").status_code == 200  # only this login ended
    assert row_count(UserSession) == 1


@pytest.mark.parametrize("headers", [{}, WEB_CLIENT], ids=["phone", "web"])
@pytest.mark.parametrize("body", [None, {}], ids=["no-body", "empty-object"])
def test_no_refresh_token_anywhere_is_401(client, headers, body):
    response = client.post(f"{API}/auth/refresh", headers=headers, json=body)
    assert_api_error(response, 401, "invalid_token")
    assert "refresh token" in response.json["message"]


def test_asking_with_nothing_is_no_failed_login(database_url, make_user):
    """Case 7 holds, but a logged-out browser client starting up is no failed login.

    It asks for tokens with no cookie on every start; those asks don't use up the
    address's failed-login limit, while bad cookies do.
    """
    limited = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": database_url,
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "2 per minute",
        }
    )
    make_user("alice")
    client = limited.test_client()
    empty = [web_post(client, "/auth/refresh").status_code for _ in range(4)]
    assert empty == [401] * 4
    forged = [refresh_with(client, "not-a-token").status_code for _ in range(3)]
    assert forged == [401, 401, 429]
    with limited.app_context():
        db.engine.dispose()


def test_the_phone_app_flow_is_unchanged(client, make_user):
    """Without the header: the refresh token in the body, no cookie set or deleted."""
    make_user("alice")
    api = ApiClient(client)
    login = api.login()
    assert login.status_code == 200 and login.json["refresh_token"]
    refreshed = api.post("/auth/refresh", json={"refresh_token": api.refresh_token})
    assert refreshed.status_code == 200 and refreshed.json["refresh_token"]
    api.access_token = refreshed.json["access_token"]
    revoked = api.post("/auth/revoke", json={"refresh_token": refreshed.json["refresh_token"]})
    assert revoked.status_code == 204
    for response in (login, refreshed, revoked):
        assert set_cookie(response) is None
    assert refresh_cookie(client) is None


def test_a_phone_app_may_log_out_without_its_refresh_token(client, make_user, row_count):
    """Revoke ends the access token's login; the refresh token of that login ends with it."""
    make_user("alice")
    api = ApiClient(client)
    api.login()
    assert api.post("/auth/revoke").status_code == 204
    assert_api_error(api.get("/me"), 401)
    assert_api_error(api.post("/auth/refresh", json={"refresh_token": api.refresh_token}), 401)
    assert row_count(UserSession) == 0
