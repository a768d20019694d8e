"""Error pages, security headers and a database that goes away (cases 19, 41)."""

import io
import sqlite3

import pytest
import sqlalchemy as sa
from conftest import (
    CSRF_INPUT,
    TEST_CONFIG,
    AuthActions,
    Client,
    assert_security_headers,
    mariadb_connection,
)
from flask_login import current_user
from photos import jpeg, media_files

from flaskgram import create_app, media
from flaskgram.extensions import db
from flaskgram.models import Like, Post, PostImage, User
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


def test_every_html_page_has_security_headers(client, pages):
    """Case 19."""
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
    """Case 19."""

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


def assert_unavailable(response, json: bool = False):
    """The 503 of a database outage: a retry time, the usual headers, no traceback."""
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert_security_headers(response)
    if json:
        assert response.is_json
    else:
        assert response.content_type == "text/html; charset=utf-8"
        assert "Please try again in a few seconds" in response.text
        assert response.headers["X-Request-ID"] in response.text


def test_unreachable_database_answers_503_everywhere_without_looking_up_the_user():
    """Case 41: with the database gone, even the user lookup of a logged-in cookie is a 503.

    The error page must not ask for the user again: that would raise inside the error
    handler, which the test client reports as an exception.
    """
    app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": "mysql+pymysql://root@127.0.0.1:1/nothing",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
        }
    )
    app.test_client_class = Client
    anonymous = app.test_client()
    health = anonymous.get("/healthz")
    assert_unavailable(health, json=True)
    assert health.json["database"] == "unreachable"
    login_form = anonymous.get("/login")
    assert login_form.status_code == 200  # the login form itself needs no database
    token = CSRF_INPUT.search(login_form.text).group(1)
    login = anonymous.post("/login", data={"csrf_token": token, "username": "a", "password": "b"})
    assert_unavailable(login)

    logged_in = anonymous  # the same browser, its session cookie now naming a login
    with logged_in.session_transaction() as session:
        session["_user_id"] = "a session token"  # looked up on every request
    for path in ("/", "/p/1", "/u/alice", "/login"):
        assert_unavailable(logged_in.get(path))
    assert_unavailable(logged_in.post("/p/1/like", data={"csrf_token": token}))
    assert_unavailable(logged_in.get("/healthz"), json=True)
    assert_unavailable(logged_in.get("/api/v1/posts"), json=True)


def test_no_free_connection_in_the_pool_answers_503(tmp_path):
    """Case 41: the pool's TimeoutError (every connection busy) is a 503 too."""
    app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": f"sqlite:///{tmp_path}/pool.db",
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 0, "pool_timeout": 0.1},
        }
    )

    @public
    def second_connection():
        db.session.execute(sa.text("SELECT 1"))  # the session holds the pool's only connection
        with db.engine.connect() as other:
            other.execute(sa.text("SELECT 1"))
        return "unreachable"

    app.add_url_rule("/second-connection", "second", second_connection)
    assert_unavailable(app.test_client().get("/second-connection"))
    with app.app_context():
        db.engine.dispose()


def kill_my_connection() -> None:
    """Have the server drop the session's connection without the session noticing."""
    connection_id = db.session.scalar(sa.text("SELECT CONNECTION_ID()"))
    with mariadb_connection() as killer, killer.cursor() as cursor:
        cursor.execute(f"KILL CONNECTION {connection_id}")


@pytest.mark.parametrize("database_url", ["mariadb"], indirect=True)
def test_error_page_survives_a_rollback_on_a_dead_connection(app, make_user, auth, client):
    """The 500 handler's rollback fails on the dropped connection; the page still comes."""

    def crash_after_losing_the_connection():
        kill_my_connection()
        raise RuntimeError("secret internals")

    app.add_url_rule("/crash", "crash", crash_after_losing_the_connection)
    make_user("alice")
    auth.login("alice")
    response = client.get("/crash")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert 'class="menu-name">alice<' in response.text  # the user loaded before the error
    assert "secret internals" not in response.text
    assert_security_headers(response)
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("database_url", ["mariadb"], indirect=True)
def test_page_made_before_the_connection_died_is_still_served(app, make_user, auth, client):
    """The transaction's end after the view (teardown) meets a dead connection: no 500."""

    def lose_the_connection_after_reading():
        kill_my_connection()
        return "made before the connection died"

    app.add_url_rule("/read", "read", lose_the_connection_after_reading)
    make_user("alice")
    auth.login("alice")
    response = client.get("/read")
    assert response.status_code == 200
    assert response.text == "made before the connection died"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_locked_sqlite_answers_503_and_writes_nothing(
    database_url, make_user, make_post, row_count
):
    """Case 41."""
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
    """Case 41."""
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


@pytest.mark.parametrize("database_url", ["mariadb"], indirect=True)
def test_photo_files_are_kept_when_the_commit_is_cut_off(app, make_user, auth, client, row_count):
    """Case 41: a commit whose connection is lost may have been written; its files stay.

    Found by test_outage.py: deleting them left a committed post without its photo.
    """

    def upload_then_lose_the_connection():
        user = db.session.get(User, current_user.id)
        with media.saved_upload(io.BytesIO(jpeg(64, 48))) as image:
            post = Post(user_id=user.id, caption="")
            post.images = [PostImage(position=1, image_name=image.name, width=64, height=48)]
            db.session.add(post)
            db.session.flush()
            kill_my_connection()
            db.session.commit()
        return "unreachable"

    app.add_url_rule("/upload-and-lose", "upload_and_lose", upload_then_lose_the_connection)
    make_user("alice")
    auth.login("alice")
    response = client.get("/upload-and-lose")
    assert response.status_code == 503
    assert row_count(Post) == 0  # this time the commit never reached the server
    assert len(media_files(app)) == 2  # kept all the same: the app could not know
