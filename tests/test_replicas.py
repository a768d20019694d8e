"""Reads from a MariaDB replica (replicas.py), against a real primary and replica.

The module starts its own pair, each server on its own port and data folder, with GTID
replication between them. A replica whose SQL thread is stopped lags: rows committed on
the primary are not on it, which tells which server a page was read from.
"""

import logging
import shutil
import statistics
import time
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from api_client import api_login
from conftest import (
    PASSWORD,
    TEST_CONFIG,
    AuthActions,
    Client,
    login_client,
    new_post,
    post_id_of,
    stored_post,
)
from flask_migrate import upgrade
from live_server import free_port
from private_mariadb import SERVER_SECONDS, PrivateMariaDB, require_mariadbd
from services import REDIS_URL

from flaskgram import accounts, create_app, recovery, replicas, sessions
from flaskgram.extensions import db
from flaskgram.models import User, UserSession, utcnow

pytestmark = pytest.mark.mariadb_only  # left out by --db sqlite

PRIMARY_OPTIONS = ("--log-bin=mariadb-bin", "--server-id=1", "--gtid-domain-id=0")
REPLICA_OPTIONS = ("--server-id=2",)


class ReplicatedPair:
    """A primary and its replica, and ways to make the replica lag or stop."""

    def __init__(self, primary: PrivateMariaDB, replica: PrivateMariaDB):
        self.primary, self.replica = primary, replica

    def replicate(self) -> None:
        self.replica.execute(
            f"CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={self.primary.port}, "
            "MASTER_USER='root', MASTER_USE_GTID=slave_pos",
            "START SLAVE",
            database=None,
        )

    def position(self) -> str:
        return self.primary.execute("SELECT @@gtid_binlog_pos", database=None)[0][0]

    def catch_up(self) -> None:
        """Wait until the replica has everything the primary committed so far."""
        wait = f"SELECT MASTER_GTID_WAIT('{self.position()}', {SERVER_SECONDS})"
        assert self.replica.execute(wait, database=None) == [(0,)]

    @contextmanager
    def lagging(self):
        """The replica keeps receiving the primary's changes but applies none of them."""
        self.replica.execute("STOP SLAVE SQL_THREAD", database=None)
        try:
            yield
        finally:
            self.replica.execute("START SLAVE SQL_THREAD", database=None)
            self.catch_up()

    @contextmanager
    def replica_down(self):
        self.replica.stop()
        try:
            yield
        finally:
            self.replica.start()  # replication starts again by itself
            self.catch_up()


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """A migrated primary and its replica; removed with their folders whatever happened."""
    require_mariadbd()
    primary = PrivateMariaDB(tmp_path_factory.mktemp("primary"), PRIMARY_OPTIONS)
    replica = PrivateMariaDB(tmp_path_factory.mktemp("replica"), REPLICA_OPTIONS)
    servers = ReplicatedPair(primary, replica)
    try:
        started = time.monotonic()
        for server in (primary, replica):
            server.install()
            server.start()
        servers.replicate()
        primary.create_database()
        app = create_app({**TEST_CONFIG, "DATABASE_URL": primary.url})
        with app.app_context():
            upgrade()
            db.engine.dispose()
        servers.catch_up()
        took = time.monotonic() - started
        print(f"primary and replica installed, started and migrated in {took:.1f} s")
        yield servers
    finally:
        for server in (primary, replica):
            server.kill()
            shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture
def make_app(pair, tmp_path, request):
    """Make an app reading from the replica, with these settings; emptied afterwards."""

    def make(**settings):
        app = create_app(
            {
                **TEST_CONFIG,
                "DATABASE_URL": pair.primary.url,
                "DATABASE_REPLICA_URL": pair.replica.url,
                "MEDIA_ROOT": str(tmp_path / "media"),
                **settings,
            }
        )
        app.test_client_class = Client
        request.addfinalizer(lambda: empty(app, pair))
        return app

    return make


def empty(app, pair) -> None:
    """Delete every row (on the primary, so on the replica too) and close the pools."""
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        for engine in db.engines.values():
            engine.dispose()
    pair.catch_up()


@pytest.fixture
def app(make_app):
    """The app reading from the replica (replaces conftest's app for this module)."""
    return make_app()


def db_user(app, username: str) -> User:
    with app.app_context():
        return db.session.scalar(sa.select(User).where(User.username == username))


def new_user(app, username: str) -> User:
    with app.app_context():
        return accounts.create_user(username, f"{username}@example.com", PASSWORD)


def test_a_read_only_request_reads_from_the_replica(pair, app, make_user, make_post):
    """A post committed on the primary is not on a page until the replica applies it."""
    make_user("alice")
    make_user("bob")
    bob = login_client(app, "bob")
    with pair.lagging():
        post = make_post(db_user(app, "alice"), caption="Only on the primary")
        assert bob.get(f"/p/{post.id}").status_code == 404
        assert "<strong>0</strong> posts" in bob.get("/u/alice").text
    # lagging() ended: the replica applied it.
    assert "Only on the primary" in bob.get(f"/p/{post.id}").text
    assert "<strong>1</strong> post<" in bob.get("/u/alice").text


def test_writes_and_the_rest_of_their_request_go_to_the_primary(pair, app):
    """A write statement, a flush and every later read of the request use the primary."""
    with app.test_request_context("/", method="GET"):
        session = db.session()
        replica, primary = replicas.state().engine, db.engine
        assert session.get_bind(clause=sa.select(User)).engine is replica
        assert session.get_bind(clause=sa.select(User).with_for_update()) is primary
        assert session.get_bind(clause=sa.update(User).values(bio="")) is primary
        assert session.get_bind(clause=sa.select(User)) is primary  # after a write
    with app.test_request_context("/", method="POST"):
        assert db.session().get_bind(clause=sa.select(User)) is db.engine
    with app.app_context():  # a command, or code outside any request
        assert db.session().get_bind(clause=sa.select(User)) is db.engine


def test_a_page_that_touches_its_session_reads_the_rest_from_the_primary(
    pair, app, make_user, make_post
):
    """A GET that writes (the session's last-seen time) reads what follows from the primary."""
    alice_id = make_user("alice").id
    make_user("bob")
    alice, bob = login_client(app, "alice"), login_client(app, "bob")
    with app.app_context():
        an_hour_ago = utcnow() - timedelta(hours=1)
        db.session.execute(
            sa.update(UserSession)
            .where(UserSession.user_id == alice_id)
            .values(last_seen_at=an_hour_ago)
        )
        db.session.commit()
    pair.catch_up()
    with pair.lagging():
        # Committed outside any request: no browser's cookie knows of it.
        post = make_post(db_user(app, "alice"), caption="Made by a script")
        assert bob.get(f"/p/{post.id}").status_code == 404  # not on the replica yet
        assert "Made by a script" in alice.get(f"/p/{post.id}").text  # touched, then read


def test_case_65_an_ended_session_ends_at_once_though_the_replica_lags(pair, app, make_user):
    """Case 65: who is logged in is read from the primary, though the replica lags."""
    make_user("alice")
    phone, api = login_client(app, "alice"), api_login(app, "alice")
    with pair.lagging():
        with app.app_context():
            sessions.end_all(db_user(app, "alice"))  # "log out everywhere", a new password
        with pair.replica.connect("flaskgram") as replica, replica.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM user_sessions")
            assert cursor.fetchone() == (2,)  # still there, on the replica
        answer = phone.get("/")
        assert answer.status_code == 302 and "/login" in answer.headers["Location"]
        assert api.get("/me").status_code == 401


def test_a_reset_link_opens_at_once_though_the_replica_lags(pair, app, make_user):
    """Links are looked up on the primary: an admin's fresh link works for its recipient."""
    user = make_user("alice")
    with pair.lagging():
        with app.test_request_context():
            link = recovery.create_reset_link(user, created_by=None)
        page = app.test_client().get(urlsplit(link.url).path)
        assert page.status_code == 200, page.text
        assert 'name="password"' in page.text


def test_a_person_sees_their_own_writes_on_a_lagging_replica(pair, app, make_user, make_post):
    """Posting, liking, commenting and following show on the writer's next page (HTML)."""
    make_user("alice")
    make_user("bob")
    post = make_post(db_user(app, "bob"), caption="A photo by bob")
    alice, bob = login_client(app, "alice"), login_client(app, "bob")
    with pair.lagging():
        mine = post_id_of(new_post(alice, caption="A new photo by alice"))
        assert alice.post_form(f"/p/{post.id}/like").status_code == 302
        assert (
            alice.post_form(f"/p/{post.id}/comments", {"body": "Lovely light"}).status_code == 302
        )
        assert alice.post_form("/u/bob/follow").status_code == 302

        assert "A new photo by alice" in alice.get(f"/p/{mine}").text
        page = alice.get(f"/p/{post.id}").text
        assert f'action="/p/{post.id}/unlike"' in page
        assert "Lovely light" in page
        assert 'action="/u/bob/unfollow"' in alice.get("/u/bob").text
        # Someone else reads the lagging replica: none of it is there yet.
        assert bob.get(f"/p/{mine}").status_code == 404
        assert "Lovely light" not in bob.get(f"/p/{post.id}").text
    assert bob.get(f"/p/{mine}").status_code == 200


def test_login_signup_and_logout_hold_on_a_lagging_replica(pair, app, make_user, client, auth):
    """The session row written at login is there on the very next page."""
    make_user("alice")
    with pair.lagging():
        assert auth.login("alice").status_code == 302
        page = client.get("/")
        assert page.status_code == 200 and "Log out" in page.text
        newcomer = AuthActions(app.test_client())
        assert newcomer.signup("carol").status_code == 302
        assert "Log out" in newcomer.client.get("/").text
        assert auth.logout().status_code == 302
        assert client.get("/").status_code == 302  # to the login page


@pytest.mark.parametrize("positions", ["redis", "none"])
def test_an_api_caller_sees_their_own_writes(pair, make_app, request, positions):
    """Bearer-token calls find the caller's last write in Redis, or read from the primary.

    Through Redis the person's other browsers see it too: per person, not per browser.
    """
    settings = {}
    if positions == "redis":
        request.getfixturevalue("redis_db")  # an empty Redis database, or skip
        settings["DATABASE_REPLICA_POSITIONS_URL"] = REDIS_URL
    app = make_app(**settings)
    bob = new_user(app, "bob")
    new_user(app, "alice")
    with app.app_context():
        post_id = stored_post(bob, caption="A photo by bob").id
    bob_api, alice_web = api_login(app, "bob"), login_client(app, "alice")
    with pair.lagging():
        alice_api = api_login(app, "alice")
        assert alice_api.get("/me").status_code == 200  # the login's session row
        assert alice_api.put(f"/posts/{post_id}/like").status_code == 200
        answer = alice_api.get(f"/posts/{post_id}")
        assert answer.status_code == 200, answer.text
        assert answer.json["liked"] is True and answer.json["like_count"] == 1
        # bob wrote nothing since his login: with Redis his calls read the lagging
        # replica; without it, every logged-in call reads from the primary.
        seen_by_bob = bob_api.get(f"/posts/{post_id}").json["like_count"]
        assert seen_by_bob == (0 if positions == "redis" else 1)
        # Her browser finds the like through Redis too; without it, only its own cookie.
        page = alice_web.get(f"/p/{post_id}").text
        assert (f'action="/p/{post_id}/unlike"' in page) is (positions == "redis")


def test_a_stopped_replica_fails_no_page(pair, make_app, caplog):
    """Writes never need the replica; reads fall back to the primary, with one warning."""
    app = make_app(DATABASE_REPLICA_RETRY_SECONDS=0)  # tried again on every request
    new_user(app, "alice")
    alice = login_client(app, "alice")
    with pair.replica_down(), caplog.at_level(logging.WARNING, "flaskgram.replicas"):
        mine = post_id_of(new_post(alice, caption="While the replica is down"))
        for path in ("/", f"/p/{mine}", "/u/alice", "/explore"):
            page = alice.get(path)
            assert page.status_code == 200, path
        assert "While the replica is down" in alice.get(f"/p/{mine}").text
        anonymous = app.test_client()
        assert anonymous.get("/login").status_code == 200
        health = anonymous.get("/healthz")
        assert health.status_code == 200
        assert health.json == {"status": "ok", "database": "ok", "replica": "unreachable"}
        warnings = [r for r in caplog.records if "replica unreachable" in r.getMessage()]
        assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert alice.get("/healthz").json["replica"] == "ok"


def test_a_replica_that_never_answers_fails_no_page(make_app):
    nowhere = f"mysql+pymysql://root@127.0.0.1:{free_port()}/flaskgram"
    app = make_app(DATABASE_REPLICA_URL=nowhere)
    new_user(app, "alice")
    alice = login_client(app, "alice")
    assert alice.get("/").status_code == 200
    assert alice.get("/u/alice").status_code == 200
    assert alice.get("/healthz").json["replica"] == "unreachable"


def test_waiting_for_a_caught_up_replica_is_cheap(pair):
    """MASTER_GTID_WAIT on a replica that has the position answers at once (measured)."""
    position = pair.position()
    with pair.replica.connect() as connection, connection.cursor() as cursor:
        times = []
        for _ in range(50):
            started = time.perf_counter()
            cursor.execute("SELECT MASTER_GTID_WAIT(%s, 0.2)", (position,))
            assert cursor.fetchone() == (0,)
            times.append(time.perf_counter() - started)
    print(
        f"MASTER_GTID_WAIT on a caught-up replica: median {statistics.median(times) * 1e3:.2f} ms"
    )
    assert statistics.median(times) < 0.1
