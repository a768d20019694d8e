"""State several app servers must share lives outside the process: rate limits in Redis."""

import pytest
from conftest import TEST_CONFIG, AuthActions, Client
from services import REDIS_URL

from flaskgram import create_app
from flaskgram.extensions import db


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_login_rate_limit_is_counted_in_redis(database_url, redis_db, make_user):
    app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": database_url,
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "2 per minute",
            "RATELIMIT_STORAGE_URI": REDIS_URL,
        }
    )
    app.test_client_class = Client
    make_user("alice")
    auth = AuthActions(app.test_client())
    assert [auth.login("alice", "wrong guess").status_code for _ in range(3)] == [400, 400, 429]
    # The count sits in Redis, where every gunicorn worker and app server reads it.
    assert any(b"login" in key for key in redis_db.keys("*"))
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("storage", "third_failure"),
    [("redis", 429), ("memory", 400)],
    ids=["redis-shared", "memory-per-process"],
)
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_two_app_instances_count_one_limit_in_redis(
    request, database_url, make_user, storage, third_failure
):
    """Failed logins on one app server count on the next one only when Redis keeps them.

    The memory case is the honest other half: each process counts on its own, as
    config.py and .env.example say.
    """
    uri = REDIS_URL if storage == "redis" else "memory://"
    if storage == "redis":
        request.getfixturevalue("redis_db")
    config = {
        **TEST_CONFIG,
        "DATABASE_URL": database_url,
        "RATELIMIT_ENABLED": True,
        "LOGIN_RATE_LIMIT": "2 per minute",
        "RATELIMIT_STORAGE_URI": uri,
    }
    make_user("alice")
    first = create_app(config)
    first.test_client_class = Client
    statuses = [AuthActions(first.test_client()).login("alice", "wrong").status_code]
    statuses.append(AuthActions(first.test_client()).login("alice", "wrong").status_code)

    # A second app instance: create_app connects the limiter to its storage afresh, so only
    # what the storage itself keeps carries over, as between two servers.
    second = create_app(config)
    second.test_client_class = Client
    statuses.append(AuthActions(second.test_client()).login("alice", "wrong").status_code)

    assert statuses == [400, 400, third_failure]
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()
