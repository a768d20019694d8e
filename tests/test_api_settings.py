"""API account settings: the password, logging out everywhere, deleting the account, the avatar.

The same rules as the settings pages (test_settings.py, test_settings_delete.py), reached
with a bearer token, under the same per-address limit.
"""

import io

import pytest
import sqlalchemy as sa
from api_client import ApiClient, api_login, assert_api_error, claims_of
from conftest import PASSWORD, TEST_CONFIG, Client, login_client
from photos import jpeg, media_files, upload
from test_settings_delete import snapshot, stored_counts, true_counts, without_alice, world
from werkzeug.datastructures import FileStorage
from werkzeug.security import check_password_hash
from werkzeug.test import encode_multipart

from flaskgram import create_app, rate_limits
from flaskgram.extensions import db
from flaskgram.models import User, UserSession

__all__ = ["world"]  # the fixture, shared with the settings page's deletion tests

NEW_PASSWORD = "a brand new passphrase"


def password_hash(scalar, username="alice") -> str:
    return scalar(sa.select(User.password_hash).where(User.username == username))


def sessions_of(app, username="alice") -> set[str]:
    """The tokens of the user's live login sessions, browsers and API logins alike."""
    with app.app_context():
        query = sa.select(UserSession.token).join(User).where(User.username == username)
        return set(db.session.scalars(query))


def refreshes(api: ApiClient) -> bool:
    """Whether the client's refresh token still buys new tokens (keeping the new pair)."""
    response = api.post("/auth/refresh", json={"refresh_token": api.refresh_token})
    if response.status_code != 200:
        assert_api_error(response, 401)
        return False
    api.access_token = response.json["access_token"]
    api.refresh_token = response.json["refresh_token"]
    return True


def is_logged_in(browser) -> bool:
    response = browser.get("/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def avatar_put(api: ApiClient, data: dict):
    return api.put("/me/avatar", data=data, content_type="multipart/form-data")


@pytest.fixture
def logins(app, make_user):
    """alice's logins: this app (the caller), another phone and a browser; bob's phone."""
    make_user("alice")
    make_user("bob")
    return {
        "api": api_login(app, "alice"),
        "phone": api_login(app, "alice"),
        "browser": login_client(app, "alice"),
        "bob": api_login(app, "bob"),
    }


# The password ------------------------------------------------------------------------


def test_case_9_password_change_ends_other_sessions_and_keeps_this_login(app, logins, scalar):
    """Case 9: the new password works, every other login ends, this API login stays."""
    api, phone, browser = logins["api"], logins["phone"], logins["browser"]
    old_hash = password_hash(scalar)
    response = api.post(
        "/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 204, response.text
    assert response.data == b""

    new_hash = password_hash(scalar)
    assert new_hash != old_hash and check_password_hash(new_hash, NEW_PASSWORD)
    # Only the caller's own session is left, identified by its tokens' sid.
    assert sessions_of(app) == {claims_of(api.access_token)["sid"]}
    assert api.get("/me").status_code == 200
    assert refreshes(api) and api.get("/me").status_code == 200
    assert_api_error(phone.get("/me"), 401)
    assert not refreshes(phone)
    assert not is_logged_in(browser)
    assert logins["bob"].get("/me").status_code == 200  # nobody else's login changes

    assert ApiClient(app.test_client()).login("alice", PASSWORD).status_code == 401
    assert ApiClient(app.test_client()).login("alice", NEW_PASSWORD).status_code == 200


@pytest.mark.parametrize(
    "current, new, field",
    [
        ("not my password", NEW_PASSWORD, "current_password"),
        (PASSWORD, "short", "new_password"),
        (PASSWORD, "password123", "new_password"),
        (PASSWORD, "", "new_password"),
        ("", NEW_PASSWORD, "current_password"),
    ],
    ids=["wrong-current", "too-short", "too-common", "empty-new", "empty-current"],
)
def test_case_9_password_change_refused_changes_nothing(app, logins, scalar, current, new, field):
    """Case 9: the current password is needed; a refusal is a 400 at its field, not a 401."""
    api = logins["api"]
    old_hash, old_sessions = password_hash(scalar), sessions_of(app)
    response = api.post("/me/password", json={"current_password": current, "new_password": new})
    assert_api_error(response, 400)
    assert field in response.json["fields"]
    assert "WWW-Authenticate" not in response.headers  # the token was fine
    assert password_hash(scalar) == old_hash
    assert sessions_of(app) == old_sessions
    assert logins["phone"].get("/me").status_code == 200
    assert is_logged_in(logins["browser"])


def test_wrong_current_password_message_is_the_pages(logins):
    response = logins["api"].post(
        "/me/password", json={"current_password": "nope nope", "new_password": NEW_PASSWORD}
    )
    assert response.json["fields"] == {"current_password": "That isn't your current password."}


# Logging out everywhere ----------------------------------------------------------------


def test_logout_everywhere_ends_every_login_this_one_included(app, logins):
    """Case 12: every session of the account ends, this API login's too; bob's stays."""
    api = logins["api"]
    bob_sessions = sessions_of(app, "bob")
    response = api.post("/me/logout-everywhere")
    assert response.status_code == 204, response.text
    assert sessions_of(app) == set()
    assert sessions_of(app, "bob") == bob_sessions
    for phone in (api, logins["phone"]):
        assert_api_error(phone.get("/me"), 401)
        assert not refreshes(phone)
    assert not is_logged_in(logins["browser"])
    assert logins["bob"].get("/me").status_code == 200


# Deleting the account ------------------------------------------------------------------


def test_case_40_delete_removes_everything_of_the_user_and_nothing_else(app, world):
    """Case 40, through the API: posts, comments, likes, follows, sessions and files go."""
    alice_id = world["people"]["alice"].id
    api = api_login(app, "alice")
    expected = without_alice(snapshot(app), alice_id, world["alice_posts"])
    bob_files = sorted(world["bob_images"])
    # alice's avatar and 4 photos, bob's 2 photos: each photo its renditions and original.
    assert len(media_files(app)) == 20

    response = api.delete("/me", json={"password": PASSWORD})

    assert response.status_code == 204, response.text
    assert snapshot(app) == expected
    assert stored_counts(app) == true_counts(app)
    assert media_files(app) == bob_files
    assert world["bob"].get(f"/p/{world['bob_posts'][0]}").status_code == 200


def test_case_15_deleted_accounts_tokens_stop_at_once(app, logins, scalar):
    """Case 15: after DELETE /me every token and cookie of the account gets nowhere."""
    api = logins["api"]
    assert api.delete("/me", json={"password": PASSWORD}).status_code == 204
    assert scalar(sa.select(User.id).where(User.username == "alice")) is None
    assert sessions_of(app) == set()
    for phone in (api, logins["phone"]):
        assert_api_error(phone.get("/me"), 401, "invalid_token")
        assert_api_error(phone.delete("/me", json={"password": PASSWORD}), 401)
        assert not refreshes(phone)
    assert not is_logged_in(logins["browser"])
    assert_api_error(ApiClient(app.test_client()).login("alice"), 401)
    assert logins["bob"].get("/users/alice").status_code == 404


@pytest.mark.parametrize(
    "body", [{"password": "not my password"}, {"password": ""}, {}], ids=["wrong", "empty", "none"]
)
def test_delete_with_a_wrong_password_deletes_nothing(app, world, body):
    """A wrong or missing password is a 400 at the password field; no row or file goes."""
    api = api_login(app, "alice")
    rows, files = snapshot(app), media_files(app)
    response = api.delete("/me", json=body)
    assert_api_error(response, 400)
    assert "password" in response.json["fields"]
    assert snapshot(app) == rows and media_files(app) == files
    assert api.get("/me").status_code == 200


# The avatar ----------------------------------------------------------------------------


def test_avatar_upload_answers_me_with_the_new_avatar(app, logins, scalar):
    """The avatar is stored as the page stores it; the old one's files go when replaced."""
    api = logins["api"]
    names = []
    for colour in ("red", "green"):
        response = avatar_put(api, {"avatar": upload(jpeg(300, 200, colour), "../../me.jpg")})
        assert response.status_code == 200, response.text
        name = scalar(sa.select(User.avatar_name).where(User.username == "alice"))
        base = name.removesuffix(".jpg")
        avatar = {key: url.split("?")[0] for key, url in response.json["avatar"].items()}
        assert avatar == {
            "url": f"/api/v1/images/{name}",
            "thumbnail_url": f"/api/v1/images/{base}_640.jpg",
        }
        assert response.json["username"] == "alice" and response.json["email"]
        assert media_files(app) == sorted([name, f"{base}_640.jpg"])
        image = api.get(response.json["avatar"]["url"].removeprefix("/api/v1"))
        assert image.status_code == 200 and image.mimetype == "image/jpeg"
        names.append(name)
    assert names[0] != names[1]
    assert api.get("/me").json["avatar"]["url"].startswith(f"/api/v1/images/{names[1]}?")


def oversized(api: ApiClient):
    big = FileStorage(io.BytesIO(b"\xff" * (16 * 1024 * 1024 + 1)), filename="big.jpg")
    # Encoded in memory: the test client would spool it to a file it never closes.
    boundary, body = encode_multipart({"avatar": big})
    return api.put(
        "/me/avatar", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


@pytest.mark.parametrize(
    "send, status",
    [
        (lambda api: avatar_put(api, {"avatar": upload(b"<svg onload=alert(1)>")}), 400),
        (lambda api: avatar_put(api, {"avatar": upload(jpeg(300, 300)[:200])}), 400),
        (lambda api: avatar_put(api, {"avatar": (io.BytesIO(b""), "")}), 400),
        (lambda api: avatar_put(api, {"avatar": "not a file"}), 400),
        (lambda api: avatar_put(api, {}), 400),
        (lambda api: api.put("/me/avatar", json={"avatar": "x"}), 400),
        (oversized, 413),
    ],
    ids=["svg", "truncated", "empty-part", "text", "no-file", "json", "too-large"],
)
def test_bad_avatar_is_refused_and_nothing_is_stored(app, logins, scalar, send, status):
    """Cases 28, 29 and 31 for avatars: a 400 at the avatar field or a 413; no file, no change."""
    api = logins["api"]
    assert avatar_put(api, {"avatar": upload(jpeg(300, 300))}).status_code == 200
    before, files = (
        scalar(sa.select(User.avatar_name).where(User.username == "alice")),
        media_files(app),
    )
    response = send(api)
    assert_api_error(response, status)
    if status == 400:
        assert "avatar" in response.json["fields"]
    assert scalar(sa.select(User.avatar_name).where(User.username == "alice")) == before
    assert media_files(app) == files


def test_an_unknown_field_next_to_the_avatar_is_refused(app, logins, scalar):
    """Case 23: the avatar form takes the file and nothing else."""
    data = {"avatar": upload(jpeg(300, 300)), "username": "root"}
    response = avatar_put(logins["api"], data)
    assert_api_error(response, 400)
    assert "username" in response.json["fields"]
    assert scalar(sa.select(User.avatar_name).where(User.username == "alice")) is None
    assert media_files(app) == []


# The shared per-address limit ----------------------------------------------------------


@pytest.fixture
def limited(app, database_url, make_user):
    """The app with the settings limit at two writes an hour, alice on a phone and a browser."""
    limited_app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": app.config["MEDIA_ROOT"],
            "RATELIMIT_ENABLED": True,
            "SETTINGS_RATE_LIMIT": "2 per hour",
        }
    )
    limited_app.test_client_class = Client
    make_user("alice")
    yield {"app": limited_app, "api": api_login(limited_app), "browser": login_client(limited_app)}
    with limited_app.app_context():
        db.engine.dispose()


SETTINGS_CALLS = {
    "password": lambda api: api.post(
        "/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    ),
    "logout-everywhere": lambda api: api.post("/me/logout-everywhere"),
    "delete": lambda api: api.delete("/me", json={"password": PASSWORD}),
    "avatar": lambda api: avatar_put(api, {"avatar": upload(jpeg(300, 300))}),
}


@pytest.mark.parametrize("name", list(SETTINGS_CALLS))
def test_the_settings_limit_is_shared_with_the_pages(limited, scalar, name):
    """Two settings writes from an address, page or API, and the third is a JSON 429."""
    api, browser = limited["api"], limited["browser"]
    assert (
        browser.post_form("/settings/profile", {"display_name": "A", "bio": ""}).status_code == 302
    )
    assert api.patch("/me", json={"bio": "From the app"}).status_code == 200
    rows = snapshot(limited["app"])

    refused = SETTINGS_CALLS[name](api)

    assert_api_error(refused, 429, "too_many_requests")
    assert int(refused.headers["Retry-After"]) > 0
    assert snapshot(limited["app"]) == rows  # nothing changed: password, sessions, avatar
    assert api.get("/me").status_code == 200 and is_logged_in(browser)


# The document --------------------------------------------------------------------------


def test_the_document_lists_429_on_every_limited_operation(app, client):
    """Each operation behind a per-address limit documents its 429; the others don't."""
    document = client.get("/api/v1/openapi.json").json
    too_many = document["components"]["responses"]["TooManyRequests"]
    assert too_many["description"] == "Too many requests from this address; see Retry-After"
    assert "Retry-After" in too_many["headers"]
    assert too_many["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    limited = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":  # the path's own, not an operation
                continue
            view = app.view_functions[f"api.{operation['operationId']}"]
            if rate_limits.is_limited(view):
                limited.append(f"{method.upper()} {path}")
                assert "429" in operation["responses"], (method, path)
            else:
                assert "429" not in operation["responses"], (method, path)
    assert {
        "POST /api/v1/users",
        "POST /api/v1/auth/token",
        "POST /api/v1/posts",
        "PATCH /api/v1/me",
        "POST /api/v1/me/password",
        "POST /api/v1/me/logout-everywhere",
        "DELETE /api/v1/me",
        "PUT /api/v1/me/avatar",
        "PUT /api/v1/posts/{post_id}/save",
        "DELETE /api/v1/posts/{post_id}/save",
        "PUT /api/v1/me/notifications/settings",
        "POST /api/v1/auth/password-reset",
        "POST /api/v1/auth/password-reset/confirm",
        "POST /api/v1/auth/verify-email",
    } <= set(limited)
    assert len(limited) == 20


@pytest.mark.parametrize(
    "method, path, statuses",
    [
        ("post", "/me/password", {"204", "400", "401", "429"}),
        ("post", "/me/logout-everywhere", {"204", "401", "429"}),
        ("delete", "/me", {"204", "400", "401", "429"}),
        ("put", "/me/avatar", {"200", "400", "401", "413", "429"}),
    ],
)
def test_the_settings_operations_are_documented(client, method, path, statuses):
    operation = client.get("/api/v1/openapi.json").json["paths"][f"/api/v1{path}"][method]
    assert statuses <= set(operation["responses"])
    assert operation["tags"] == ["me"]
