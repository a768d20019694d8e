"""Signing up and logging in (SECURITY.md cases 1-8, 11, 18)."""

import logging
from datetime import timedelta
from functools import partial

import pytest
import sqlalchemy as sa
from conftest import PASSWORD, TEST_CONFIG, AuthActions, Client, all_at_once
from werkzeug.security import generate_password_hash

from flaskgram import accounts, create_app
from flaskgram.config import DefaultConfig
from flaskgram.extensions import db
from flaskgram.models import LoginFailure, User, utcnow


def test_signup_logs_in_and_lands_on_feed(client, auth, scalar):
    response = auth.signup("alice")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "alice" in client.get("/").text
    assert scalar(sa.select(User.email).where(User.username == "alice")) == "alice@example.com"


def test_signup_page_has_labelled_fields(client):
    page = client.get("/signup").text
    for name in ("username", "email", "password"):
        assert f'name="{name}"' in page
        assert f'for="{name}"' in page


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 8 characters"),
        ("x" * 129, "at most 128 characters"),
        ("password123", "too common"),
        ("qwertyuiop", "too common"),
    ],
)
def test_bad_password_is_refused_and_form_kept(client, auth, row_count, password, message):
    """Cases 1 and 2."""
    response = auth.signup("alice", "alice@example.com", password)
    assert response.status_code == 400
    assert message in response.text
    assert 'value="alice@example.com"' in response.text
    assert password not in response.text
    assert row_count(User) == 0


@pytest.mark.parametrize(
    "username",
    [
        "../admin",
        "<b>x",
        "",
        "ab",
        "a" * 31,
        "admin",
        "login",
        "settings",
        ".alice",
        "alice.",
        "al..ice",
        "al ice",
        "al\x00ice",
        "ålice",
    ],
)
def test_bad_usernames_are_refused(auth, row_count, username):
    """Case 4."""
    response = auth.signup(username, "someone@example.com")
    assert response.status_code == 400
    assert row_count(User) == 0


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "x" * 250 + "@example.com", " "])
def test_bad_emails_are_refused(auth, row_count, email):
    response = auth.signup("alice", email)
    assert response.status_code == 400
    assert row_count(User) == 0


@pytest.mark.parametrize(
    ("username", "email", "field_message"),
    [
        ("Alice", "other@example.com", "username is taken"),
        ("bob", "ALICE@Example.COM", "email already exists"),
    ],
)
def test_taken_regardless_of_case(auth, make_user, scalar, username, email, field_message):
    """Case 3."""
    original = make_user("alice", email="alice@example.com")
    response = auth.signup(username, email)
    assert response.status_code == 409
    assert field_message in response.text
    kept = scalar(sa.select(User).where(User.id == original.id))
    assert (kept.username, kept.email, kept.password_hash) == (
        "alice",
        "alice@example.com",
        original.password_hash,
    )


def test_usernames_and_emails_are_stored_lowercase(auth, scalar):
    auth.signup("Alice.B", "Alice@Example.com")
    assert scalar(sa.select(User.username)) == "alice.b"
    assert scalar(sa.select(User.email)) == "alice@example.com"


def test_long_unicode_password_works_exactly_as_typed(auth, client):
    """Case 1."""
    password = ("correct horse 🐴 battery staple 🔋 " * 3)[:64]
    assert len(password) == 64
    auth.signup("alice", password=password)
    auth.logout()
    assert auth.login("alice", password[:-1]).status_code == 400
    assert auth.login("alice", password + " ").status_code == 400
    assert auth.login("alice", password).status_code == 302


def test_simultaneous_identical_signups_make_one_account(app, row_count):
    """Case 5."""
    clients = [app.test_client() for _ in range(6)]
    fields = {"username": "racer", "email": "racer@example.com", "password": PASSWORD}

    def sign_up(client, token):
        return client.post("/signup", data={"csrf_token": token, **fields}).status_code

    statuses = all_at_once([partial(sign_up, client, client.csrf_token()) for client in clients])
    assert statuses.count(302) == 1 and statuses.count(409) == 5, statuses
    assert row_count(User) == 1


@pytest.mark.parametrize("login", ["alice", "ALICE", "alice@example.com", "Alice@Example.com"])
def test_login_by_username_or_email_any_case(make_user, auth, client, login):
    make_user("alice")
    response = auth.login(login)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_and_unknown_user_look_the_same(make_user, auth, monkeypatch):
    """Case 6."""
    make_user("alice")
    checked = []
    real_check = accounts.check_password_hash

    def spy(pwhash, password):
        checked.append(pwhash.split("$", 1)[0])
        return real_check(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", spy)
    wrong = auth.login("alice", "not the password")
    unknown = auth.login("nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 400
    assert "Incorrect username or password." in wrong.text
    assert "Incorrect username or password." in unknown.text
    # Both answers cost one hash check with the same method, so take the same time.
    assert checked == ["scrypt:256:8:1", "scrypt:256:8:1"]


def test_login_form_keeps_username_not_password(make_user, auth):
    make_user("alice")
    page = auth.login("alice", "my secret guess").text
    assert 'value="alice"' in page
    assert "my secret guess" not in page


def test_failed_logins_are_throttled_per_account(app, make_user, auth, client, row_count):
    """Case 7."""
    make_user("alice")
    make_user("bob")
    limit = app.config["LOGIN_FAILURE_LIMIT"]
    for _ in range(limit):
        assert auth.login("alice", "wrong password").status_code == 400
    locked = auth.login("alice", PASSWORD)
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= app.config["LOGIN_FAILURE_WINDOW_SECONDS"]
    assert "Too many failed attempts" in locked.text
    assert row_count(LoginFailure) == limit  # counted in the database, for every worker

    assert auth.login("bob").status_code == 302  # other accounts are unaffected
    auth.logout()

    with app.app_context():  # the window passes
        past = timedelta(seconds=app.config["LOGIN_FAILURE_WINDOW_SECONDS"] + 1)
        db.session.execute(sa.update(LoginFailure).values(created_at=utcnow() - past))
        db.session.commit()
    assert auth.login("alice").status_code == 302
    assert row_count(LoginFailure) == 0


def test_logins_are_rate_limited_per_ip(app, database_url, make_user):
    """Case 7."""
    limited = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": database_url,
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "3 per minute",
        }
    )
    limited.test_client_class = Client
    auth = AuthActions(limited.test_client())
    make_user("alice")
    statuses = [auth.login(f"user{i}", "whatever pw").status_code for i in range(4)]
    assert statuses == [400, 400, 400, 429]
    refused = auth.login("alice")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    other_ip = AuthActions(limited.test_client())
    assert other_ip.login("alice").status_code == 429  # test clients share one address
    with limited.app_context():
        db.engine.dispose()


def test_production_hash_method_meets_asvs(app):
    """Case 8."""
    assert DefaultConfig.PASSWORD_HASH_METHOD == "scrypt:32768:8:3"
    app.config["PASSWORD_HASH_METHOD"] = DefaultConfig.PASSWORD_HASH_METHOD
    with app.app_context():
        first = accounts.create_user("alice", "alice@example.com", PASSWORD)
        second = accounts.create_user("bob", "bob@example.com", PASSWORD)
    assert first.password_hash.startswith("scrypt:32768:8:3$")
    assert first.password_hash != second.password_hash


def test_old_hash_is_upgraded_at_next_login(app, make_user, auth, scalar):
    """Case 8."""
    user = make_user("alice")
    with app.app_context():
        old = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        db.session.execute(sa.update(User).where(User.id == user.id).values(password_hash=old))
        db.session.commit()
    assert auth.login("alice").status_code == 302
    assert scalar(sa.select(User.password_hash)).startswith("scrypt:256:8:1$")


def test_hash_never_reaches_a_page(make_user, auth, client):
    """Case 8."""
    user = make_user("alice")
    auth.login("alice")
    for path in ("/", "/u/alice", "/settings/profile"):
        page = client.get(path).text
        assert user.password_hash not in page
        assert user.password_hash.split("$")[1] not in page


def test_login_starts_a_fresh_session(make_user, auth, client):
    """Case 11."""
    make_user("alice")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login("alice")
    with client.session_transaction() as session:
        assert "planted" not in session


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "%2F%2Fevil.example",
        "/\t/evil.example",
        "http:/evil.example",
        " //evil.example",
    ],
)
def test_unsafe_next_lands_on_feed(make_user, auth, target):
    """Case 18."""
    make_user("alice")
    response = auth.login("alice", next=target)
    assert response.headers["Location"] == "/"


def test_safe_next_is_kept(make_user, auth, client):
    make_user("alice")
    page = client.get("/login?next=/p/5").text
    assert 'value="/p/5"' in page
    assert auth.login("alice", next="/p/5").headers["Location"] == "/p/5"


def test_logged_in_visitor_skips_signup_and_login_forms(logged_in, client):
    assert client.get("/signup").headers["Location"] == "/"
    assert client.get("/login").headers["Location"] == "/"


def test_passwords_and_hashes_never_reach_the_log(app, auth, client, scalar, caplog):
    """Case 8."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # every SQL statement
    auth.signup("alice", password="my very secret phrase")
    auth.logout()
    auth.login("alice", "a wrong secret phrase")
    auth.login("alice", "my very secret phrase")
    client.post_form(
        "/settings/password",
        {"current_password": "my very secret phrase", "new_password": "another secret phrase"},
    )
    stored_hash = scalar(sa.select(User.password_hash))
    assert caplog.records  # something was logged, so the check below means something
    for secret in (
        "my very secret phrase",
        "a wrong secret phrase",
        "another secret phrase",
        stored_hash,
        stored_hash.split("$")[-1],
    ):
        assert secret not in caplog.text
