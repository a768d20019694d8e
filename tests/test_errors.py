"""Error pages, security headers and a database that goes away (cases 19, 41)."""

import sqlite3

import pytest
import sqlalchemy as sa
from conftest import TEST_CONFIG, AuthActions, Client

from flaskgram import create_app
from flaskgram.extensions import db
from flaskgram.models import Like
from flaskgram.security import public


@pytest.fixture
def pages(logged_in, make_post, client):
    post = make_post(logged_in)
    return [
        "/",
        "/following",
        f"/p/{post.id}",
        "/u/alice",
        "/posts/new",
        "/settings/profile",
        "/p/999999",
        "/u/nobody",
    ]


def assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_every_html_page_has_security_headers(client, pages):
    for path in pages:
        response = client.get(path)
        assert response.content_type == "text/html; charset=utf-8", path
        assert_security_headers(response)


def test_anonymous_pages_have_security_headers_too(client):
    for path in ("/login", "/signup", "/nowhere"):
        assert_security_headers(client.get(path))


def test_not_found_page_is_friendly(logged_in, client):
    response = client.get("/p/424242")
    assert response.status_code == 404
    assert "find that page" in response.text
    assert "Request id" in response.text


def test_unexpected_error_shows_a_plain_page_with_request_id(app):
    @public
    def broken():
        raise RuntimeError("secret internals")

    app.add_url_rule("/broken", "broken", broken)
    response = app.test_client().get("/broken")
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] in response.text
    assert "Traceback" not in response.text
    assert "secret internals" not in response.text
    assert_security_headers(response)


def test_unreachable_database_answers_503_with_retry_after():
    app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": "mysql+pymysql://root@127.0.0.1:1/nothing",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
        }
    )
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json["database"] == "unreachable"
    client.set_cookie("session", "anything")  # forces a user lookup on the next page
    response = client.get("/login")
    assert response.status_code in (200, 503)  # the login form itself needs no database


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_locked_sqlite_answers_503_and_writes_nothing(
    database_url, make_user, make_post, row_count
):
    alice = make_user("alice")
    post = make_post(alice)
    app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": database_url,
            "DATABASE_LOCK_WAIT_SECONDS": 0.2,
        }
    )
    app.test_client_class = Client
    auth = AuthActions(app.test_client())
    auth.login("alice")
    token = auth.client.csrf_token()
    blocker = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        response = auth.client.post(f"/p/{post.id}/like", data={"csrf_token": token})
    finally:
        blocker.rollback()
        blocker.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "try again" in response.text
    assert row_count(Like) == 0
    assert auth.client.post(f"/p/{post.id}/like", data={"csrf_token": token}).status_code == 302
    assert row_count(Like) == 1
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("database_url", ["mariadb"], indirect=True)
def test_mariadb_connection_lost_mid_request_then_recovers(
    app, database_url, make_user, auth, make_post, client, row_count
):
    alice = make_user("alice")
    post = make_post(alice)

    @public
    def write_then_lose_connection():
        db.session.add(Like(user_id=alice.id, post_id=post.id))
        db.session.flush()
        db.session.execute(sa.text("KILL CONNECTION_ID()"))
        return "unreachable"

    app.add_url_rule("/lose-connection", "lose", write_then_lose_connection)
    auth.login("alice")
    response = client.get("/lose-connection")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert row_count(Like) == 0
    assert client.get("/").status_code == 200


def test_a_permanent_database_error_is_a_500_not_a_retry(app):
    @public
    def bad_query():
        db.session.execute(sa.text("SELECT no_such_column FROM users"))

    app.add_url_rule("/bad-query", "bad_query", bad_query)
    response = app.test_client().get("/bad-query")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
