"""Reads from a MariaDB replica, with read-your-writes for whoever wrote.

With DATABASE_REPLICA_URL set, ``RoutingSession.get_bind`` (the one place of the rule)
sends a statement to the replica only when all of these hold:

1. it runs inside a GET, HEAD or OPTIONS request;
2. it is a plain SELECT (no FOR UPDATE), outside a flush;
3. this request has written nothing so far (a GET that touches its login session reads
   the rest of its page from the primary, which holds that write);
4. the replica answered lately, and has caught up with the person's last write.

Everything else goes to the primary: writes, every POST/PUT/PATCH/DELETE request, CLI
commands, code outside a request, text() statements such as the health check's, and
SELECTs marked ``from_primary()``: the login session's, so a session ended on the primary
ends at once, not when a lagging replica catches up (SECURITY.md case 65), and those of
reset links and invitations, opened by someone else moments after they were made.

Read-your-writes: after a request that wrote, the primary's binlog position
(@@gtid_binlog_pos, taken after the commit) is remembered for whoever made it, where every
app server sees it: in the signed session cookie for a browser, and, for a logged-in
person, in Redis under their user id (DATABASE_REPLICA_POSITIONS_URL), where their API
calls (bearer tokens, no cookie) look it up. The first replica read of a request with a
remembered position first runs MASTER_GTID_WAIT on the replica for at most
DATABASE_REPLICA_WAIT_SECONDS; a replica that has not caught up by then leaves the request
to the primary. API calls by a logged-in person read from the primary when no Redis is
set (their last write cannot be known).

A replica that is down, or refuses connections, never fails a page: the request reads from
the primary, one warning is logged, and the replica is tried again after
DATABASE_REPLICA_RETRY_SECONDS. (One that dies between a request's reads fails that
request with a 503, as the primary would; the next request finds it down.)
"""

import logging
import time

import redis
import sqlalchemy as sa
from flask import current_app, g, has_request_context, request, session
from flask_sqlalchemy.session import Session
from sqlalchemy.engine import Connection, Engine

from .config import backend_name

log = logging.getLogger(__name__)

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A person's position counts this long after their write: longer than any lag worth
# waiting for, since a replica further behind is not used for them anyway.
POSITION_SECONDS = 300
COOKIE_KEY = "db_position"  # [position, unix time] in the signed session cookie
CONNECT_TIMEOUT_SECONDS = 2  # a replica that does not answer must not hold a page


class ReplicaSettingsInvalid(RuntimeError):
    """DATABASE_REPLICA_URL is set for a database that has no replicas here (SQLite)."""


class ReplicaState:
    """The replica's engine, and what this process knows of it: whether it rests after a
    failure."""

    def __init__(self, engine: Engine, positions: redis.Redis | None, retry_seconds: float):
        self.engine = engine
        self.positions = positions  # Redis for people's positions, or None
        self.retry_seconds = retry_seconds
        self.resting_until = 0.0  # time.monotonic() before which the replica is not used
        self.failing = False  # a failure was logged and the replica has not answered since

    def usable(self) -> bool:
        return time.monotonic() >= self.resting_until

    def failed(self, error: BaseException) -> None:
        if not self.failing:  # once per outage, not once per request
            log.warning("database replica unreachable, reading from the primary: %s", error)
        self.failing = True
        self.resting_until = time.monotonic() + self.retry_seconds

    def answered(self) -> None:
        if self.failing:
            log.info("database replica reachable again")
        self.failing = False


def init_app(app, engine_options: dict) -> None:
    """Check the setting and add the replica's engine; call it before db.init_app()."""
    url = app.config.get("DATABASE_REPLICA_URL")
    if not url:
        return
    for name, value in (
        ("DATABASE_REPLICA_URL", url),
        ("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"]),
    ):
        if backend_name(value) != "mysql":
            raise ReplicaSettingsInvalid(
                f"DATABASE_REPLICA_URL is set, but {name} is {backend_name(value)}: read "
                "replicas need MariaDB or MySQL for both. Leave DATABASE_REPLICA_URL empty."
            )
    connect_args = {**engine_options["connect_args"], "connect_timeout": CONNECT_TIMEOUT_SECONDS}
    # An engine of its own, not a Flask-SQLAlchemy bind: binds are for tables that live
    # elsewhere, and each one adds a metadata to the shared db object for every app.
    engine = sa.create_engine(url, **{**engine_options, "connect_args": connect_args})
    positions_url = app.config.get("DATABASE_REPLICA_POSITIONS_URL")
    positions = None
    if positions_url:
        positions = redis.Redis.from_url(
            positions_url, socket_timeout=0.5, socket_connect_timeout=0.5, decode_responses=True
        )
    app.extensions["flaskgram_replica"] = ReplicaState(
        engine, positions, app.config["DATABASE_REPLICA_RETRY_SECONDS"]
    )
    app.after_request(remember_position)


def state() -> ReplicaState | None:
    return current_app.extensions.get("flaskgram_replica")


def from_primary(statement: sa.Select) -> sa.Select:
    """Mark a SELECT to read from the primary always: who is logged in, for one."""
    return statement.execution_options(from_primary=True)


def is_plain_select(statement) -> bool:
    """Tell a SELECT the replica may answer: it only reads, and wasn't marked from_primary."""
    return (
        isinstance(statement, sa.Select)
        and statement._for_update_arg is None
        and not statement.get_execution_options().get("from_primary")
    )


def is_write(statement) -> bool:
    """Tell a statement that changes rows, or locks them to change them."""
    if isinstance(statement, sa.Select):
        return statement._for_update_arg is not None
    return isinstance(statement, sa.sql.expression.UpdateBase)


class RoutingSession(Session):
    """Flask-SQLAlchemy's session, sending a read-only request's SELECTs to the replica."""

    def __init__(self, db, **kwargs):
        super().__init__(db, **kwargs)
        # Sessions live for one app context (one request): these describe that request.
        self.wrote = False  # a flush or a write statement went to the primary
        self.read_from: Connection | None = None  # the replica, once chosen for this request
        self.chosen = False

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        primary = super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
        if bind is not None:
            return primary
        if self._flushing or is_write(clause):
            self.wrote = True
            return primary
        if is_plain_select(clause) and not self.wrote and in_read_only_request():
            return self.replica() or primary
        return primary

    def replica(self) -> Connection | None:
        """A replica connection if this request may read from it; decided at its first read."""
        if not self.chosen:
            self.chosen = True
            self.read_from = self.choose_replica()
        return self.read_from

    def choose_replica(self) -> Connection | None:
        known = state()
        if known is None or not known.usable():
            return None
        replica = known.engine
        try:
            position = position_to_see(known)
        except PositionUnknown:
            return None
        # The connection is taken here, not by the session, so that a replica that is
        # down is found out before any of the request's reads depends on it.
        try:
            connection = replica.connect()
        except sa.exc.DBAPIError as error:
            known.failed(error)
            return None
        try:
            wait = sa.text("SELECT MASTER_GTID_WAIT(:position, :timeout)")
            arguments = {"position": position, "timeout": wait_seconds()}
            caught_up = position is None or connection.scalar(wait, arguments) == 0
            connection.rollback()  # the session begins its own transaction on it
        except sa.exc.DBAPIError as error:
            connection.close()
            known.failed(error)
            return None
        known.answered()
        if not caught_up:
            connection.close()
            return None
        return connection

    def close(self) -> None:
        """End the session; the replica connection it was handed is ours to give back."""
        super().close()
        if self.read_from is not None:
            self.read_from.close()
        self.read_from, self.chosen = None, False


def answers(replica: Engine) -> bool:
    """Tell whether the replica takes a query now (for /healthz)."""
    try:
        with replica.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.DBAPIError:
        return False
    return True


def in_read_only_request() -> bool:
    return has_request_context() and request.method in READ_ONLY_METHODS


def wait_seconds() -> float:
    return current_app.config["DATABASE_REPLICA_WAIT_SECONDS"]


def is_api_request() -> bool:
    return "api" in request.blueprints


class PositionUnknown(Exception):
    """The person's last write cannot be looked up: read from the primary."""


def position_key(user_id: int | str) -> str:
    return f"flaskgram:db-position:{user_id}"


def position_to_see(known: ReplicaState) -> str | None:
    """The primary position of this request's person's latest write, if they wrote lately.

    A browser brings one in its session cookie (it covers logging in, signing up and out).
    A logged-in person's is in Redis too, for their other browsers and API calls: their
    login session is read from the primary first (sessions.user_for sets g.person_id, as
    api/tokens.py does from the access token), so they are known before any replica read.
    """
    found = []
    saved = None if is_api_request() else session.get(COOKIE_KEY)
    if saved and time.time() - saved[1] < POSITION_SECONDS:
        found.append(saved[0])
    person = g.get("person_id")
    if person is not None and known.positions is not None:
        try:
            found.append(known.positions.get(position_key(person)) or "")
        except redis.RedisError:
            raise PositionUnknown from None  # remember_position logs Redis failures
    elif person is not None and is_api_request():
        raise PositionUnknown  # no cookie and no Redis: their last write is unknown
    return latest(found)


def latest(positions: list[str]) -> str | None:
    """Merge GTID positions ("domain-server-sequence,..."), keeping each domain's last."""
    newest: dict[int, tuple[int, str]] = {}
    try:
        for position in positions:
            for gtid in filter(None, (part.strip() for part in str(position).split(","))):
                domain, _, sequence = (int(number) for number in gtid.split("-"))
                if domain not in newest or sequence > newest[domain][0]:
                    newest[domain] = (sequence, gtid)
    except ValueError:
        raise PositionUnknown from None  # not a position MariaDB wrote
    return ",".join(gtid for _, gtid in newest.values()) or None


def remember_position(response):
    """After a request that wrote, note the primary's position for whoever wrote."""
    db = current_app.extensions["sqlalchemy"]
    if not db.session().wrote or response.status_code >= 500:
        return response
    try:
        position = db.session.scalar(sa.text("SELECT @@gtid_binlog_pos"))
    except sa.exc.SQLAlchemyError as error:
        log.warning("could not read the primary's position: %s", error)
        return response
    if not is_api_request():
        session[COOKIE_KEY] = [position, int(time.time())]
    person, known = g.get("person_id"), state()
    if person is not None and known is not None and known.positions is not None:
        try:
            known.positions.set(position_key(person), position, ex=POSITION_SECONDS)
        except redis.RedisError as error:
            log.warning("could not store a read-your-writes position: %s", error)
    return response
