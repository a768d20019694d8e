"""Signing up through the API: the signup page's rules, answered as JSON (cases 1-5, 23).

The rules themselves are tested through the page in test_auth.py; these prove the API
applies the same ones and reports each at its field. The shared per-address limit is in
test_rate_limits.py.
"""

from functools import partial

import pytest
import sqlalchemy as sa
from api_client import API, ApiClient, assert_api_error, claims_of
from conftest import PASSWORD, AuthActions, all_at_once

from flaskgram.models import User, UserSession


def sign_up(client, username="alice", email=None, password=PASSWORD, **fields):
    account = {
        "username": username,
        "email": email or f"{username}@example.com",
        "password": password,
        **fields,
    }
    return client.post(f"{API}/users", json=account)


def signup_status(client) -> int:
    return sign_up(client).status_code


def test_signup_answers_201_with_tokens_and_logs_in(app, client, scalar, row_count):
    response = sign_up(client, "Alice.B", "Alice@Example.com", display_name="  Alice B ")

    assert response.status_code == 201, response.text
    body = response.json
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 15 * 60
    assert claims_of(body["refresh_token"])["type"] == "refresh"
    me = ApiClient(client, body["access_token"]).get("/me").json
    assert (me["username"], me["email"], me["display_name"]) == (
        "alice.b",
        "alice@example.com",
        "Alice B",
    )
    # An API login like /auth/token's: a session row that holds the refresh token's id.
    assert row_count(UserSession, UserSession.refresh_jti.is_not(None)) == 1
    # One account for both doors: the login page takes the same password.
    assert AuthActions(app.test_client()).login("alice.b").status_code == 302
    assert scalar(sa.select(User.bio)) == ""


def test_the_display_name_is_optional(client, scalar):
    assert sign_up(client).status_code == 201
    assert scalar(sa.select(User.display_name)) == ""


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 8 characters"),
        ("x" * 129, "at most 128 characters"),
        ("password123", "too common"),
        ("qwertyuiop", "too common"),
    ],
)
def test_bad_passwords_are_refused_at_their_field(client, row_count, password, message):
    """Cases 1 and 2, through the API."""
    response = sign_up(client, password=password)
    assert_api_error(response, 400, "invalid_request")
    assert message in response.json["fields"]["password"]
    assert password not in response.text
    assert row_count(User) == 0


@pytest.mark.parametrize(
    "username",
    ["../admin", "<b>x", "", "ab", "a" * 31, "admin", "api", ".alice", "al..ice", "al\x00ice"],
)
def test_bad_usernames_are_refused_at_their_field(client, row_count, username):
    """Case 4, through the API."""
    response = sign_up(client, username, email="someone@example.com")
    assert_api_error(response, 400)
    assert set(response.json["fields"]) == {"username"}
    assert row_count(User) == 0


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "x" * 250 + "@example.com", " "])
def test_bad_emails_are_refused_at_their_field(client, row_count, email):
    response = sign_up(client, email=email)
    assert_api_error(response, 400)
    assert set(response.json["fields"]) == {"email"}
    assert row_count(User) == 0


@pytest.mark.parametrize("display_name", ["x" * 51, "tab\there", "nul\x00"])
def test_bad_display_names_are_refused_at_their_field(client, row_count, display_name):
    response = sign_up(client, display_name=display_name)
    assert_api_error(response, 400)
    assert set(response.json["fields"]) == {"display_name"}
    assert row_count(User) == 0


@pytest.mark.parametrize(
    ("username", "email", "field", "message"),
    [
        ("Alice", "other@example.com", "username", "username is taken"),
        ("bob", "ALICE@Example.COM", "email", "email already exists"),
    ],
)
def test_taken_regardless_of_case_is_409(
    client, make_user, scalar, username, email, field, message
):
    """Case 3, through the API: the first account is untouched."""
    original = make_user("alice", email="alice@example.com")
    response = sign_up(client, username, email)
    assert_api_error(response, 409, "conflict")
    assert message in response.json["fields"][field]
    kept = scalar(sa.select(User).where(User.id == original.id))
    assert (kept.username, kept.email, kept.password_hash) == (
        "alice",
        "alice@example.com",
        original.password_hash,
    )
    assert scalar(sa.select(sa.func.count()).select_from(UserSession)) == 0


def test_simultaneous_identical_signups_make_one_account(app, row_count):
    """Case 5, through the API."""
    clients = [app.test_client() for _ in range(6)]
    statuses = all_at_once([partial(signup_status, client) for client in clients])
    assert statuses.count(201) == 1 and statuses.count(409) == 5, statuses
    assert row_count(User) == 1


@pytest.mark.parametrize("field", ["id", "user_id", "is_admin", "bio", "password_hash"])
def test_fields_a_client_may_not_set_are_refused(client, row_count, field):
    """Case 23: a signup sets exactly the four fields it offers."""
    response = sign_up(client, **{field: "1"})
    assert_api_error(response, 400)
    assert field in response.json["fields"]
    assert row_count(User) == 0


def test_a_missing_or_wrong_body_is_refused(client, row_count):
    """Case 37: no body, a form body, malformed JSON."""
    assert_api_error(client.post(f"{API}/users"), 400)
    form = client.post(f"{API}/users", data={"username": "alice"})
    assert_api_error(form, 415)
    garbled = client.post(f"{API}/users", data="{", content_type="application/json")
    assert_api_error(garbled, 400)
    assert row_count(User) == 0


def test_a_logged_in_caller_signs_up_a_new_account_all_the_same(app, client, make_user):
    """The endpoint is public: a bearer token sent along is neither needed nor used."""
    make_user("alice")
    alice = ApiClient(client)
    assert alice.login().status_code == 200
    response = alice.post(
        "/users", json={"username": "bob", "email": "b@example.com", "password": PASSWORD}
    )
    assert response.status_code == 201
    assert ApiClient(client, response.json["access_token"]).get("/me").json["username"] == "bob"
    assert alice.get("/me").json["username"] == "alice"


def test_the_document_describes_signup(client):
    operation = client.get(f"{API}/openapi.json").json["paths"][f"{API}/users"]["post"]
    assert operation["tags"] == ["auth"] and operation["security"] == []
    assert {"201", "400", "409", "429"} <= set(operation["responses"])
    assert "Set-Cookie" in operation["responses"]["201"]["headers"]
    assert [parameter["name"] for parameter in operation["parameters"]] == ["X-Flaskgram-Client"]
