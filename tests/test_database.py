"""Database settings, and telling an outage from a bug (case 41)."""

import logging
import runpy
import sqlite3
import sys
import time
from pathlib import Path

import pymysql
import pytest
import sqlalchemy as sa
from conftest import TEST_CONFIG, AuthActions, Client, mariadb_connection
from gunicorn.config import Config

from flaskgram import create_app, database, replicas
from flaskgram.extensions import db
from flaskgram.models import Like, Post

ROOT = Path(__file__).parent.parent


def gunicorn_timeout() -> int:
    """The worker timeout gunicorn runs with: gunicorn.conf.py's if there is one."""
    default = Config().timeout
    config_file = ROOT / "gunicorn.conf.py"
    if not config_file.exists():
        return default
    return runpy.run_path(str(config_file)).get("timeout", default)


def test_lock_waits_are_set_on_every_connection_and_end_before_gunicorn_kills_a_worker(
    app, backend
):
    assert gunicorn_timeout() > database.LOCK_WAIT_SECONDS
    with app.app_context():
        if backend == "sqlite":
            waits = [db.session.scalar(sa.text("PRAGMA busy_timeout")) / 1000]
        else:
            query = "SELECT @@session.innodb_lock_wait_timeout, @@session.lock_wait_timeout"
            waits = list(db.session.execute(sa.text(query)).one())
    assert waits == [database.LOCK_WAIT_SECONDS] * len(waits)


@pytest.mark.parametrize("database_url", ["mariadb"], indirect=True)
def test_a_locked_row_answers_503_after_the_lock_wait(
    database_url, make_user, make_post, row_count, scalar
):
    """Case 41: a like waits for the post row another transaction holds, then gets a 503."""
    post = make_post(make_user("alice"))
    app = create_app(
        {**TEST_CONFIG, "DATABASE_URL": database_url, "DATABASE_LOCK_WAIT_SECONDS": 1}
    )
    app.test_client_class = Client
    auth = AuthActions(app.test_client())
    auth.login("alice")
    token = auth.client.csrf_token()
    blocker = mariadb_connection(sa.engine.make_url(database_url).database)
    with blocker.cursor() as cursor:
        cursor.execute("START TRANSACTION")
        cursor.execute("SELECT id FROM posts WHERE id = %s FOR UPDATE", (post.id,))
    started = time.monotonic()
    try:
        response = auth.client.post(f"/p/{post.id}/like", data={"csrf_token": token})
    finally:
        waited = time.monotonic() - started
        blocker.rollback()
        blocker.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "try again" in response.text
    assert 0.5 < waited < database.LOCK_WAIT_SECONDS  # the configured 1 s, not the default
    like_count = sa.select(Post.like_count).where(Post.id == post.id)
    assert (row_count(Like), scalar(like_count)) == (0, 0)

    assert auth.client.post(f"/p/{post.id}/like", data={"csrf_token": token}).status_code == 302
    assert (row_count(Like), scalar(like_count)) == (1, 1)
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("database_url", ["mariadb"], indirect=True)
def test_a_locked_session_row_answers_503_not_a_hung_worker(database_url, make_user):
    """Case 41: the "last seen" write of the login session waits for its row, then 503s."""
    make_user("alice")
    app = create_app(
        {**TEST_CONFIG, "DATABASE_URL": database_url, "DATABASE_LOCK_WAIT_SECONDS": 1}
    )
    app.test_client_class = Client
    auth = AuthActions(app.test_client())
    auth.login("alice")
    blocker = mariadb_connection(sa.engine.make_url(database_url).database)
    with blocker.cursor() as cursor:
        # Seen long enough ago that the next request writes last_seen_at.
        cursor.execute("UPDATE user_sessions SET last_seen_at = last_seen_at - INTERVAL 1 HOUR")
        blocker.commit()
        cursor.execute("START TRANSACTION")
        cursor.execute("SELECT id FROM user_sessions FOR UPDATE")
    started = time.monotonic()
    try:
        response = auth.client.get("/")
    finally:
        waited = time.monotonic() - started
        blocker.rollback()
        blocker.close()
    assert response.status_code == 503
    assert waited < database.LOCK_WAIT_SECONDS  # one wait of 1 s: the error page waits for nothing
    assert response.headers["Retry-After"] == "5"
    assert "Please try again in a few seconds" in response.text
    feed = auth.client.get("/")
    assert feed.status_code == 200
    assert 'class="menu-name">alice<' in feed.text  # the same session, still logged in
    with app.app_context():
        db.engine.dispose()


def wrapped(orig: Exception, invalidated: bool = False) -> sa.exc.DBAPIError:
    """The error SQLAlchemy raises for a driver error."""
    return sa.exc.DBAPIError.instance(
        "SELECT 1", {}, orig, type(orig), connection_invalidated=invalidated
    )


@pytest.mark.parametrize(
    "error",
    [
        wrapped(pymysql.err.OperationalError(2003, "Can't connect to MySQL server")),
        wrapped(pymysql.err.OperationalError(2013, "Lost connection during query")),
        wrapped(pymysql.err.OperationalError(1053, "Server shutdown in progress")),
        wrapped(pymysql.err.OperationalError(1205, "Lock wait timeout exceeded")),
        wrapped(pymysql.err.OperationalError(1213, "Deadlock found")),
        wrapped(pymysql.err.InterfaceError(0, "")),
        pymysql.err.InterfaceError(0, ""),
        pymysql.err.OperationalError(2006, "MySQL server has gone away"),
        wrapped(sqlite3.OperationalError("database is locked")),
        wrapped(pymysql.err.ProgrammingError(2014, "Command Out of Sync"), invalidated=True),
        sa.exc.DisconnectionError("pre-ping failed"),
        sa.exc.TimeoutError("QueuePool limit reached"),
    ],
    ids=repr,
)
def test_outages_are_told_apart(error):
    assert database.is_unavailable(error)


@pytest.mark.parametrize(
    "error",
    [
        wrapped(pymysql.err.ProgrammingError(1146, "Table 'flaskgram.nope' doesn't exist")),
        wrapped(pymysql.err.OperationalError(1054, "Unknown column 'nope'")),
        wrapped(pymysql.err.IntegrityError(1062, "Duplicate entry")),
        wrapped(sqlite3.OperationalError("no such column: nope")),
        wrapped(sqlite3.IntegrityError("UNIQUE constraint failed")),
        sa.exc.PendingRollbackError("a previous error was not rolled back"),
        RuntimeError("a bug"),
    ],
    ids=repr,
)
def test_bugs_are_not_outages(error):
    assert not database.is_unavailable(error)


@pytest.mark.parametrize(
    ("error", "maybe"),
    [
        (wrapped(pymysql.err.OperationalError(2013, "Lost connection during query")), True),
        (wrapped(pymysql.err.OperationalError(1053, "Server shutdown in progress")), True),
        (wrapped(pymysql.err.InterfaceError(0, "")), True),
        (wrapped(pymysql.err.OperationalError(2003, "Can't connect to MySQL server")), False),
        (wrapped(pymysql.err.OperationalError(1205, "Lock wait timeout exceeded")), False),
        (wrapped(pymysql.err.OperationalError(1213, "Deadlock found")), False),
        (wrapped(sqlite3.OperationalError("database is locked")), False),
        (wrapped(pymysql.err.IntegrityError(1062, "Duplicate entry")), False),
    ],
    ids=repr,
)
def test_only_a_lost_connection_leaves_a_commit_unknown(error, maybe):
    assert database.commit_may_have_happened(error) is maybe


@pytest.mark.parametrize("database_url", ["mariadb"], indirect=True)
def test_a_connection_lost_while_handed_back_is_a_warning_and_replaced(app, caplog):
    """Case 41: the pool's rollback of a connection whose server side is gone logs one
    warning line (no traceback), and the next request gets a working connection."""
    with app.app_context():
        raw = db.engine.raw_connection()
        cursor = raw.cursor()
        cursor.execute("SELECT CONNECTION_ID()")
        (connection_id,) = cursor.fetchone()
        cursor.close()
        killer = mariadb_connection(db.engine.url.database)
        try:
            with killer.cursor() as kill:
                kill.execute(f"KILL {int(connection_id)}")
        finally:
            killer.close()
        with caplog.at_level("WARNING", logger="sqlalchemy.pool"):
            raw.close()  # back to the pool, which rolls it back: the server is gone
        from_pool = [r for r in caplog.records if r.name.startswith("sqlalchemy.pool")]
        assert [r.levelname for r in from_pool] == ["WARNING"]
        assert from_pool[0].exc_info is None
        assert "Lost connection" in from_pool[0].getMessage()
        assert "replaced on its next use" in from_pool[0].getMessage()
        assert db.session.scalar(sa.text("SELECT 1")) == 1


def test_other_pool_errors_keep_their_traceback():
    """Only an outage is quieted: a bug during the pool's rollback still shows where it was."""
    logger = logging.getLogger("sqlalchemy.pool.impl.QueuePool")
    try:
        raise ValueError("a bug")
    except ValueError:
        record = logger.makeRecord(
            logger.name, logging.ERROR, __file__, 1, "Exception during reset", None, sys.exc_info()
        )
    assert all(f.filter(record) for f in logger.filters)
    assert (record.levelname, record.exc_info is not None) == ("ERROR", True)


def test_without_a_replica_every_statement_goes_to_the_primary(app):
    """No DATABASE_REPLICA_URL: a read-only request's SELECTs use the one database."""
    with app.test_request_context("/", method="GET"):
        assert db.session().get_bind(clause=sa.select(Post)) is db.engine
        assert list(db.engines) == [None]


def test_an_app_with_a_replica_leaves_other_apps_alone():
    """The replica is the app's own engine, not a bind on the shared db object: an app
    made after one with a replica creates and uses its tables as before."""
    primary = "mysql+pymysql://root@127.0.0.1:3306/flaskgram"
    with_replica = create_app(
        {**TEST_CONFIG, "DATABASE_URL": primary, "DATABASE_REPLICA_URL": primary + "_replica"}
    )
    assert replicas.ReplicaState is type(with_replica.extensions["flaskgram_replica"])
    plain = create_app({**TEST_CONFIG, "DATABASE_URL": "sqlite://"})
    with plain.app_context():
        db.create_all()
        assert list(db.engines) == [None]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == 0


def test_a_replica_with_sqlite_is_refused_at_start_up(tmp_path):
    replica = "mysql+pymysql://root@127.0.0.1:3306/flaskgram"
    with pytest.raises(
        replicas.ReplicaSettingsInvalid,
        match="DATABASE_URL is sqlite: read replicas need MariaDB or MySQL",
    ):
        create_app({**TEST_CONFIG, "DATABASE_URL": "", "DATABASE_REPLICA_URL": replica})


@pytest.mark.parametrize(
    "positions, merged",
    [
        ([], None),
        (["", "0-1-7"], "0-1-7"),
        (["0-1-7", "0-1-12"], "0-1-12"),
        (["0-1-12,1-2-3", "0-2-9,1-2-5"], "0-1-12,1-2-5"),  # per domain, across servers
    ],
)
def test_a_persons_latest_write_is_merged_per_domain(positions, merged):
    assert replicas.latest(positions) == merged


def test_a_position_mariadb_did_not_write_reads_from_the_primary():
    with pytest.raises(replicas.PositionUnknown):
        replicas.latest(["0-1-x"])
