"""Login sessions: cookies, logout that really ends them, limits (SECURITY.md 10-15)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from conftest import CSRF_INPUT, REMEMBER_COOKIE, TEST_CONFIG, AuthActions, Client
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask_login.utils import encode_cookie

from flaskgram import create_app
from flaskgram.extensions import db
from flaskgram.models import UserSession, utcnow

SESSION_COOKIE = "session"


def cookie_value(client, name):
    cookie = client.get_cookie(name)
    return cookie.value if cookie else None


def test_cookies_are_httponly_lax_and_secure_over_https(database_url, make_user):
    """Case 10."""
    app = create_app({**TEST_CONFIG, "DATABASE_URL": database_url, "HTTPS": True})
    app.test_client_class = Client
    client = app.test_client()
    make_user("alice")
    login_page = client.get("/login", base_url="https://localhost")
    csrf = CSRF_INPUT.search(login_page.text).group(1)
    # Over https, Flask-WTF also checks the Referer is this site, as a browser sends it.
    response = client.post(
        "/login",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/login"},
        data={
            "csrf_token": csrf,
            "username": "alice",
            "password": "correct horse battery",
            "remember": "y",
        },
    )
    assert response.status_code == 302
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    for name in (SESSION_COOKIE, REMEMBER_COOKIE):
        flags = cookies[name].lower()
        assert "httponly" in flags
        assert "samesite=lax" in flags
        assert "secure" in flags
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    with app.app_context():
        db.engine.dispose()


def test_plain_http_is_redirected_to_https_in_production(database_url):
    app = create_app({**TEST_CONFIG, "DATABASE_URL": database_url, "HTTPS": True})
    client = app.test_client()
    response = client.get("/login?next=/p/5")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://localhost/login?next=/p/5"
    assert client.get("/healthz").status_code == 200  # load balancers probe over http


def test_logout_ends_the_session_for_real(make_user, auth, client, row_count):
    """Case 12."""
    make_user("alice")
    auth.login("alice", remember=True)
    old_session = cookie_value(client, SESSION_COOKIE)
    old_remember = cookie_value(client, REMEMBER_COOKIE)
    assert old_remember
    assert row_count(UserSession) == 1

    response = auth.logout()
    assert response.headers["Location"] == "/login"
    assert row_count(UserSession) == 0

    replay = Client(client.application, response_wrapper=client.response_wrapper)
    replay.set_cookie(SESSION_COOKIE, old_session)
    assert replay.get("/").headers["Location"].startswith("/login")
    only_remember = Client(client.application, response_wrapper=client.response_wrapper)
    only_remember.set_cookie(REMEMBER_COOKIE, old_remember)
    assert only_remember.get("/").headers["Location"].startswith("/login")


def test_logout_elsewhere_keeps_this_device(make_user, app):
    make_user("alice")
    phone, laptop = AuthActions(app.test_client()), AuthActions(app.test_client())
    phone.login("alice")
    laptop.login("alice")
    laptop.logout()
    assert phone.client.get("/").status_code == 200
    assert laptop.client.get("/").status_code == 302


def test_remember_cookie_alone_logs_in(make_user, auth, client):
    make_user("alice")
    auth.login("alice", remember=True)
    fresh = Client(client.application, response_wrapper=client.response_wrapper)
    fresh.set_cookie(REMEMBER_COOKIE, cookie_value(client, REMEMBER_COOKIE))
    assert fresh.get("/").status_code == 200


def session_cookie(app, token: str, key: str | None = None) -> str:
    """A session cookie naming this login session, signed with the app's key or another."""
    signer = Flask(__name__)
    signer.secret_key = key or app.secret_key
    serializer = SecureCookieSessionInterface().get_signing_serializer(signer)
    return serializer.dumps({"_user_id": token, "_fresh": True})


def remember_cookie(app, token: str, key: str | None = None) -> str:
    """A remember cookie naming this login session, signed with the app's key or another."""
    return encode_cookie(token, key=key or app.secret_key)


def as_raw_bytes(value: str) -> str:
    """The value as a WSGI server hands over a header: its UTF-8 bytes read as Latin-1."""
    return value.encode().decode("latin-1")


BAD_COOKIES = {
    SESSION_COOKIE: {
        "non-ASCII": lambda app, real: as_raw_bytes("sessión☃"),
        "non-ASCII signed look": lambda app, real: as_raw_bytes("eyJ☃.Zz.sïg"),
        "oversized": lambda app, real: "eyJ" + "A" * 9000 + ".AAAA.BBBB",
        "garbage": lambda app, real: "}{not-a-cookie!!",
        "tampered": lambda app, real: session_cookie(app, real)[:-4] + "AAAA",
        "foreign-key-signed": lambda app, real: session_cookie(app, real, "another app's key"),
        "unknown token": lambda app, real: session_cookie(app, "no-such-session-token"),
    },
    REMEMBER_COOKIE: {
        "non-ASCII": lambda app, real: as_raw_bytes(f"{real}|dïgest☃"),
        "non-ASCII signed": lambda app, real: as_raw_bytes(remember_cookie(app, "tökén")),
        "oversized": lambda app, real: "a" * 4500 + "|" + "b" * 4500,
        "garbage": lambda app, real: "}{not-a-cookie!!",
        "tampered": lambda app, real: remember_cookie(app, real)[:-4] + "aaaa",
        "foreign-key-signed": lambda app, real: remember_cookie(app, real, "another app's key"),
        "unknown token": lambda app, real: remember_cookie(app, "no-such-session-token"),
    },
}


@pytest.fixture
def real_token(make_user, auth, scalar) -> str:
    """The token of a live login session of alice's."""
    make_user("alice")
    auth.login("alice", remember=True)
    return scalar(sa.select(UserSession.token))


@pytest.mark.parametrize(
    ("name", "kind"), [(name, kind) for name, kinds in BAD_COOKIES.items() for kind in kinds]
)
def test_a_bad_cookie_leaves_the_visitor_anonymous(app, real_token, name, kind):
    """Case 13: a garbled, oversized, foreign or unknown cookie is a normal anonymous visit."""
    cookie = BAD_COOKIES[name][kind](app, real_token)
    visitor = app.test_client(use_cookies=False)  # sends the header exactly as written
    headers = {"Cookie": f"{name}={cookie}"}
    feed = visitor.get("/", headers=headers)
    assert feed.status_code == 302
    assert feed.headers["Location"].startswith("/login")
    login = visitor.get("/login", headers=headers)
    assert login.status_code == 200
    assert 'name="password"' in login.text


@pytest.mark.parametrize("name", [SESSION_COOKIE, REMEMBER_COOKIE])
def test_a_well_made_cookie_header_logs_in(app, real_token, name):
    """The control for the test above: the same header with a good cookie is alice."""
    cookie = {SESSION_COOKIE: session_cookie, REMEMBER_COOKIE: remember_cookie}[name]
    visitor = app.test_client(use_cookies=False)
    feed = visitor.get("/", headers={"Cookie": f"{name}={cookie(app, real_token)}"})
    assert feed.status_code == 200


def age_sessions(app, **changes):
    with app.app_context():
        db.session.execute(sa.update(UserSession).values(**changes))
        db.session.commit()


def test_idle_session_expires(app, make_user, auth, client, row_count):
    """Case 14."""
    make_user("alice")
    auth.login("alice", remember=True)
    idle = timedelta(seconds=app.config["SESSION_IDLE_SECONDS"] + 60)
    age_sessions(app, last_seen_at=utcnow() - idle)
    assert client.get("/").headers["Location"].startswith("/login")
    assert row_count(UserSession) == 0


def test_session_has_an_absolute_limit_even_when_active(app, make_user, auth, client):
    """Case 14."""
    make_user("alice")
    auth.login("alice", remember=True)
    too_old = timedelta(seconds=app.config["SESSION_MAX_SECONDS"] + 60)
    age_sessions(app, created_at=utcnow() - too_old, last_seen_at=utcnow())
    assert client.get("/").headers["Location"].startswith("/login")


def test_activity_keeps_a_session_alive(app, make_user, auth, client, scalar):
    make_user("alice")
    auth.login("alice")
    age_sessions(app, last_seen_at=utcnow() - timedelta(hours=1))
    assert client.get("/").status_code == 200
    last_seen = scalar(sa.select(UserSession.last_seen_at))
    assert utcnow() - last_seen < timedelta(minutes=1)


def test_deleted_account_cookies_stop_at_once(app, make_user, auth, client):
    """Case 15."""
    user = make_user("alice")
    auth.login("alice", remember=True)
    with app.app_context():
        db.session.execute(sa.text("DELETE FROM users WHERE id = :id"), {"id": user.id})
        db.session.commit()
    assert client.get("/").headers["Location"].startswith("/login")
