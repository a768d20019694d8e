"""Connection settings for the two databases Flaskgram ships on, and telling an outage
from a bug when one of them fails."""

import logging
import math
import sqlite3
from typing import cast

import pymysql
import sqlalchemy as sa
from sqlalchemy.engine import CursorResult, Engine

from .config import backend_name
from .extensions import db

log = logging.getLogger(__name__)

# MariaDB/MySQL: refuse bad data instead of silently cutting or zeroing it.
MYSQL_SQL_MODE = (
    "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,ONLY_FULL_GROUP_BY"
)
# The longest a query waits for a row (MariaDB) or the file (SQLite) another transaction
# has locked; then the request answers 503. It must stay well under gunicorn's worker
# timeout (30 s), or a lock ends in a killed worker and a bare 500 instead. Tests and
# deployments change it with the DATABASE_LOCK_WAIT_SECONDS setting.
LOCK_WAIT_SECONDS = 10


def engine_options(config) -> dict:
    """Return create_engine() options suited to the app's database and its lock wait."""
    lock_wait = config.get("DATABASE_LOCK_WAIT_SECONDS", LOCK_WAIT_SECONDS)
    # SQL logging (sqlalchemy.engine at INFO) must never print values: they include
    # password hashes, session tokens and emails.
    common = {"hide_parameters": True}
    if backend_name(config["SQLALCHEMY_DATABASE_URI"]) == "sqlite":
        # Writers wait for each other instead of failing at once with "database is locked".
        return {**common, "connect_args": {"timeout": lock_wait}}
    # MariaDB counts whole seconds. lock_wait_timeout bounds waits on table metadata
    # (a migration's ALTER TABLE), innodb_lock_wait_timeout those on rows.
    seconds = math.ceil(lock_wait)
    session = (
        f"sql_mode='{MYSQL_SQL_MODE}', time_zone='+00:00', "
        f"innodb_lock_wait_timeout={seconds}, lock_wait_timeout={seconds}"
    )
    return {
        **common,
        "pool_pre_ping": True,
        "pool_recycle": 3600,
        "connect_args": {"charset": "utf8mb4", "init_command": f"SET SESSION {session}"},
    }


class LostConnectionOnReturn(logging.Filter):
    """Say in one line, not with a traceback, that a connection died while handed back.

    The pool rolls back each connection it takes back; when the database went away in the
    meantime, that rollback fails and SQLAlchemy logs the error with its traceback. In an
    outage that is expected and harmless (pool_pre_ping replaces the connection on its next
    checkout), so it becomes a warning; any other failure keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and is_unavailable(error):
            record.msg = "%s: %s (the connection is replaced on its next use)"
            record.args = (record.getMessage(), error)
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


# The logger SQLAlchemy's QueuePool (MariaDB's pool) writes to; filters don't pass to children.
logging.getLogger("sqlalchemy.pool.impl.QueuePool").addFilter(LostConnectionOnReturn())


@sa.event.listens_for(Engine, "connect")
def tune_sqlite(dbapi_connection, connection_record):
    """Turn on foreign keys (off by default) and WAL for every SQLite connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


# PyMySQL error codes that mean "down, restarting or busy: try again shortly":
# 2002/2003 can't connect, 2006 server gone away, 2013/2055 connection lost mid-query,
# 1053 server shutting down, 1927 connection killed, 4031 disconnected for inactivity,
# 1040 too many connections, 1205 lock wait timeout, 1213 deadlock.
MYSQL_UNAVAILABLE_CODES = frozenset(
    {2002, 2003, 2006, 2013, 2055, 1053, 1927, 4031, 1040, 1205, 1213}
)
SQLITE_UNAVAILABLE_MESSAGES = ("database is locked", "database table is locked", "unable to open")


def connection_lost(error: BaseException) -> bool:
    """Tell whether SQLAlchemy saw the connection break (and threw it away) under this error."""
    return isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated


def driver_error(error: BaseException) -> BaseException | None:
    """Return the driver's own exception behind a SQLAlchemy one, or the error itself."""
    return error.orig if isinstance(error, sa.exc.DBAPIError) else error


def is_unavailable(error: BaseException) -> bool:
    """Tell a database that is down, restarting or locked from a bug such as a bad query.

    Takes any exception: SQLAlchemy's (its pool's too) or the driver's own.
    """
    if isinstance(error, sa.exc.DisconnectionError | sa.exc.TimeoutError):
        return True  # the pool could not hand out a working connection
    if connection_lost(error):
        return True
    driver = driver_error(error)
    if isinstance(driver, sqlite3.OperationalError):
        return str(driver).startswith(SQLITE_UNAVAILABLE_MESSAGES)
    if isinstance(driver, pymysql.err.InterfaceError):
        return True  # PyMySQL's answer to using a connection that is already closed
    if isinstance(driver, pymysql.err.OperationalError):
        return bool(driver.args) and driver.args[0] in MYSQL_UNAVAILABLE_CODES
    return False


# The connection broke while the server had the statement: its answer, not necessarily its
# work, was lost. 2006 gone away, 2013/2055 lost mid-query, 1053 shutdown, 1927 killed.
MYSQL_CONNECTION_LOST_CODES = frozenset({2006, 2013, 2055, 1053, 1927, 4031})


def commit_may_have_happened(error: BaseException) -> bool:
    """Tell whether a failed commit may still have been written: its connection was lost.

    A refused connection, a lock wait or a deadlock rolled the transaction back for sure;
    a connection lost during COMMIT leaves it unknown until the server is back.
    """
    if connection_lost(error):
        return True
    driver = driver_error(error)
    if isinstance(driver, pymysql.err.InterfaceError):
        return True
    if isinstance(driver, pymysql.err.OperationalError):
        return bool(driver.args) and driver.args[0] in MYSQL_CONNECTION_LOST_CODES
    return False


def discard_transaction() -> None:
    """Roll back the request's transaction, even when its connection is already dead.

    Rolling back over a lost connection raises; the server dropped the transaction with
    the connection anyway, so there is nothing left to undo.
    """
    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError as error:
        log.warning("rollback failed; the connection is gone: %s", error)


def rows_changed(statement: sa.Update | sa.Delete) -> int:
    """Run an UPDATE or DELETE in the session and return how many rows it matched."""
    result = db.session.execute(statement)
    # Session.execute is typed for any statement; for an UPDATE or DELETE the result
    # is a CursorResult, which alone has rowcount.
    return cast(CursorResult, result).rowcount
