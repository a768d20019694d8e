"""API logins: tokens, refresh rotation, logout, and every way a token is refused (case 36)."""

import time

import pytest
import sqlalchemy as sa
from api_client import ApiClient, api_login, assert_api_error, claims_of, signed, unsigned
from conftest import PASSWORD, TEST_CONFIG, login_client

from flaskgram import accounts, create_app
from flaskgram.extensions import db
from flaskgram.models import LoginFailure, UserSession


def test_token_for_username_or_email(client, make_user, row_count):
    make_user("alice")
    for login in ("alice", "ALICE@example.com"):
        response = ApiClient(client).login(login)
        assert response.status_code == 200, response.text
        body = response.json
        assert body["token_type"] == "Bearer"
        assert body["expires_in"] == 15 * 60
        claims = claims_of(body["access_token"])
        assert claims["type"] == "access" and claims["aud"] == "flaskgram-api"
        assert claims["exp"] - claims["iat"] == 15 * 60
    # Each API login is a login session, which logout-everywhere ends with the browsers'.
    assert row_count(UserSession, UserSession.refresh_jti.is_not(None)) == 2


@pytest.mark.parametrize("username, password", [("alice", "wrong password"), ("nobody", PASSWORD)])
def test_wrong_password_and_unknown_user_get_the_same_answer(
    client, make_user, username, password
):
    """Case 6, through the API."""
    make_user("alice")
    response = ApiClient(client).login(username, password)
    assert_api_error(response, 401, "invalid_credentials")
    assert response.json["message"] == "Incorrect username or password."
    assert "access_token" not in response.text


def test_the_api_and_the_login_page_share_one_throttle(app, client, auth, make_user, row_count):
    """Case 7: failures on either door count toward one per-account limit."""
    app.config["LOGIN_FAILURE_LIMIT"] = 4
    make_user("alice")
    make_user("bob")
    api = ApiClient(client)
    for _ in range(2):
        assert auth.login("alice", "wrong password").status_code == 400
        assert api.login("alice", "wrong password").status_code == 401
    assert row_count(LoginFailure) == 4
    response = api.login("alice")  # the right password, but too late
    assert_api_error(response, 429)
    assert int(response.headers["Retry-After"]) > 0
    assert auth.login("alice").status_code == 429
    assert api.login("bob").status_code == 200  # other accounts are unaffected


def test_refresh_gives_a_new_pair_and_the_old_refresh_token_stops_working(app, make_user):
    make_user("alice")
    api = api_login(app)
    first = api.refresh_token
    response = api.post("/auth/refresh", json={"refresh_token": first})
    assert response.status_code == 200, response.text
    second = response.json
    assert second["refresh_token"] != first
    assert claims_of(second["access_token"])["sid"] == claims_of(first)["sid"]
    again = ApiClient(api.client, second["access_token"])
    assert again.get("/me").json["username"] == "alice"

    # Reusing a traded refresh token means a copy leaked: that whole login ends.
    assert_api_error(api.post("/auth/refresh", json={"refresh_token": first}), 401)
    assert_api_error(again.get("/me"), 401)
    assert_api_error(
        api.post("/auth/refresh", json={"refresh_token": second["refresh_token"]}), 401
    )


def test_revoke_ends_the_access_and_the_refresh_token(app, make_user, row_count):
    make_user("alice")
    api = api_login(app)
    other = api_login(app)  # another phone: stays logged in
    response = api.post("/auth/revoke", json={"refresh_token": api.refresh_token})
    assert response.status_code == 204
    assert_api_error(api.get("/me"), 401)
    assert_api_error(api.post("/auth/refresh", json={"refresh_token": api.refresh_token}), 401)
    assert other.get("/me").status_code == 200
    assert row_count(UserSession) == 1


def bad_tokens(app, api: ApiClient) -> dict[str, str]:
    """Every kind of token SECURITY.md case 36 lists, next to a good one's claims."""
    good = claims_of(api.access_token)
    now = int(time.time())
    without_exp = {name: value for name, value in good.items() if name != "exp"}
    return {
        "garbled": "not-a-token",
        "garbled-three-parts": "aaa.bbb.ccc",
        "alg-none": unsigned(good),
        "wrongly-signed": signed(app, good, key=b"another key, not ours, 32 bytes!"),
        "other-algorithm": signed(app, good, algorithm="HS512"),
        "expired": signed(app, {**good, "iat": now - 3600, "exp": now - 60}),
        "no-exp": signed(app, without_exp),
        "wrong-audience": signed(app, {**good, "aud": "another-site"}),
        "no-type": signed(app, {k: v for k, v in good.items() if k != "type"}),
        "someone-elses-sub": signed(app, {**good, "sub": str(int(good["sub"]) + 1)}),
        "refresh-as-access": api.refresh_token,
    }


BAD_TOKEN_KINDS = [
    "garbled",
    "garbled-three-parts",
    "alg-none",
    "wrongly-signed",
    "other-algorithm",
    "expired",
    "no-exp",
    "wrong-audience",
    "no-type",
    "someone-elses-sub",
    "refresh-as-access",
]


@pytest.mark.parametrize("kind", BAD_TOKEN_KINDS)
def test_case_36_bad_access_tokens_get_401(app, make_user, kind):
    """Case 36: each bad token kind is a 401 JSON error with WWW-Authenticate: Bearer."""
    make_user("alice")
    make_user("bob")
    api = api_login(app)
    token = bad_tokens(app, api)[kind]
    response = ApiClient(app.test_client(), token).get("/me")
    assert_api_error(response, 401, "invalid_token")
    assert api.get("/me").status_code == 200  # the good token still works


@pytest.mark.parametrize(
    "kind", ["garbled", "alg-none", "wrongly-signed", "expired", "no-exp", "wrong-audience"]
)
def test_case_36_bad_refresh_tokens_get_401(app, make_user, kind):
    """Case 36, at the refresh endpoint: forged refresh tokens buy nothing."""
    make_user("alice")
    api = api_login(app)
    good = claims_of(api.refresh_token)
    forged = {
        "garbled": "not-a-token",
        "alg-none": unsigned(good),
        "wrongly-signed": signed(app, good, key=b"another key, not ours, 32 bytes!"),
        "expired": signed(app, {**good, "exp": int(time.time()) - 60}),
        "no-exp": signed(app, {k: v for k, v in good.items() if k != "exp"}),
        "wrong-audience": signed(app, {**good, "aud": "another-site"}),
    }[kind]
    response = api.post("/auth/refresh", json={"refresh_token": forged})
    assert_api_error(response, 401)
    assert api.post("/auth/refresh", json={"refresh_token": api.refresh_token}).status_code == 200


@pytest.mark.parametrize(
    "headers, query",
    [
        ({}, ""),
        ({"Authorization": "Bearer"}, ""),
        ({"Authorization": "Basic YWxpY2U6Y29ycmVjdCBob3JzZSBiYXR0ZXJ5"}, ""),
        ({}, "?access_token={token}"),
        ({}, "?token={token}&jwt={token}"),
    ],
    ids=["missing", "empty-bearer", "basic", "query-access_token", "query-token"],
)
def test_case_36_only_the_authorization_header_carries_a_token(app, make_user, headers, query):
    """Case 36: a missing token is a 401, and tokens in the query string are ignored."""
    make_user("alice")
    token = api_login(app).access_token
    response = app.test_client().get(f"/api/v1/me{query.format(token=token)}", headers=headers)
    assert_api_error(response, 401, "invalid_token")


def test_case_20_a_session_cookie_alone_gets_401(app, make_user, row_count):
    """Case 20: the API takes only bearer tokens, so a logged-in browser can't be ridden."""
    make_user("alice")
    browser = login_client(app, "alice")
    assert browser.get("/").status_code == 200  # the cookie works for the pages
    for method, path, body in [
        ("GET", "/api/v1/me", None),
        ("GET", "/api/v1/feed", None),
        ("POST", "/api/v1/posts", {"image_url": "https://images.example.com/a.jpg"}),
        ("PATCH", "/api/v1/me", {"bio": "ridden"}),
    ]:
        response = browser.open(path, method=method, json=body)
        assert_api_error(response, 401)
    assert browser.get("/api/v1/me").headers.get("Set-Cookie") is None
    assert row_count(accounts.Post) == 0


def test_logout_everywhere_ends_api_logins(app, make_user):
    """Case 15/12: the page's "log out everywhere" ends API tokens at once."""
    make_user("alice")
    api = api_login(app)
    browser = login_client(app, "alice")
    assert browser.post_form("/settings/logout-everywhere").status_code == 302
    assert_api_error(api.get("/me"), 401)
    assert_api_error(api.post("/auth/refresh", json={"refresh_token": api.refresh_token}), 401)


def test_case_9_password_change_ends_api_logins(app, make_user):
    """Case 9: changing the password ends every other session, API logins included."""
    make_user("alice")
    api = api_login(app)
    browser = login_client(app, "alice")
    response = browser.post_form(
        "/settings/password",
        {"current_password": PASSWORD, "new_password": "a brand new passphrase"},
    )
    assert response.status_code == 302, response.text
    assert_api_error(api.get("/me"), 401)
    assert_api_error(api.post("/auth/refresh", json={"refresh_token": api.refresh_token}), 401)
    assert browser.get("/").status_code == 200  # the browser that changed it stays in


def test_case_15_deleted_accounts_tokens_stop_working(app, make_user, scalar):
    """Case 15: deleting the account ends its API tokens at once."""
    user = make_user("alice")
    api = api_login(app)
    with app.app_context():
        accounts.delete_account(user, PASSWORD)
    assert_api_error(api.get("/me"), 401)
    assert_api_error(api.post("/auth/refresh", json={"refresh_token": api.refresh_token}), 401)
    assert scalar(sa.select(sa.func.count()).select_from(UserSession)) == 0


def test_tokens_never_carry_the_password_or_its_hash(app, make_user, scalar):
    """Case 8: neither the password nor its hash reaches the API."""
    make_user("alice")
    api = api_login(app)
    stored_hash = scalar(sa.select(accounts.User.password_hash))
    for token in (api.access_token, api.refresh_token):
        text = str(claims_of(token))
        assert PASSWORD not in text and stored_hash not in text
    assert stored_hash not in api.get("/me").text


def test_case_7_token_requests_are_rate_limited_per_ip(database_url, make_user):
    """Case 7: the token endpoint has the login page's per-address limit, with Retry-After."""
    limited = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": database_url,
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "3 per minute",
        }
    )
    make_user("alice")
    api = ApiClient(limited.test_client())
    statuses = [api.login(f"user{n}", "whatever pw").status_code for n in range(4)]
    assert statuses == [401, 401, 401, 429]
    refused = api.login("alice")
    assert_api_error(refused, 429)
    assert int(refused.headers["Retry-After"]) > 0
    with limited.app_context():
        db.engine.dispose()
