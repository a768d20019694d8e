"""Fixtures for the services several app servers share: Redis, and S3-compatible storage.

Registered for every test module by conftest.py (pytest_plugins).
"""

import os
import socket
import uuid

import boto3
import pytest
import redis
from moto.server import ThreadedMotoServer

# A database number of its own, so the tests can empty it without touching anything else.
REDIS_URL = os.environ.get("FLASKGRAM_TEST_REDIS", "redis://127.0.0.1:6379/15")
REQUIRE_REDIS = os.environ.get("FLASKGRAM_REQUIRE_REDIS") == "1"


@pytest.fixture
def redis_db():
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.exceptions.ConnectionError as error:
        if REQUIRE_REDIS:
            pytest.fail(f"Redis is required but unreachable at {REDIS_URL}: {error}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    server.flushdb()
    yield server
    server.flushdb()
    server.close()


# --- S3, as moto's server on loopback: no network, no real credentials ---


@pytest.fixture(scope="module")
def s3_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, monkeypatch, tmp_path):
    """Point boto3 at the local server with fake credentials; yield a fresh bucket's name.

    The variables are set in os.environ, so app servers the test starts inherit them.
    """
    for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    bucket = f"flaskgram-test-{uuid.uuid4().hex[:12]}"
    s3_client(s3_server).create_bucket(Bucket=bucket)
    return bucket


def s3_client(endpoint_url):
    return boto3.session.Session().client("s3", endpoint_url=endpoint_url, region_name="us-east-1")
