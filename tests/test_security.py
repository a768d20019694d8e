"""What the app believes about a request: X-Forwarded-* only from PROXY_COUNT proxies,
and with TRUSTED_HOSTS set, no Host header outside it."""

import pytest
from conftest import TEST_CONFIG
from flask import request, url_for

from flaskgram import create_app
from flaskgram.extensions import db
from flaskgram.security import public

FORGED = {
    "X-Forwarded-For": "203.0.113.9",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "evil.example",
}


def make_app(**config):
    """The app, on an empty database in memory, with a page that tells what it believes
    about the request. (The login page reads one setting: whether to offer "Sign up".)"""
    app = create_app({**TEST_CONFIG, "DATABASE_URL": "sqlite://", **config})
    with app.app_context():
        db.create_all()

    @public
    def what_the_app_sees():
        return {
            "client": request.remote_addr,
            "secure": request.is_secure,
            "absolute_url": url_for("auth.login", _external=True),
        }

    app.add_url_rule("/what-the-app-sees", "what_the_app_sees", what_the_app_sees)
    return app


@pytest.mark.parametrize(
    ("proxy_count", "headers", "seen"),
    [
        (0, FORGED, ("127.0.0.1", False, "http://localhost/login")),
        (1, FORGED, ("203.0.113.9", True, "https://evil.example/login")),
        # Our proxy appends the address it saw; one the client wrote itself is ignored.
        (1, {"X-Forwarded-For": "6.6.6.6, 203.0.113.9"}, ("203.0.113.9", False, None)),
    ],
    ids=["no proxy: forged headers ignored", "one proxy: believed", "one proxy: its entry only"],
)
def test_forwarded_headers_are_believed_only_from_counted_proxies(proxy_count, headers, seen):
    client = make_app(PROXY_COUNT=proxy_count).test_client()
    answer = client.get("/what-the-app-sees", headers=headers).json
    client_address, secure, absolute_url = seen
    assert answer["client"] == client_address
    assert answer["secure"] is secure
    if absolute_url:
        assert answer["absolute_url"] == absolute_url


@pytest.mark.parametrize(
    ("proxy_count", "headers", "status", "location"),
    [
        (0, FORGED, 301, "https://localhost/login"),
        (1, FORGED, 200, None),
        (1, {"X-Forwarded-Proto": "http", "X-Forwarded-Host": "photos.example"}, 301,
         "https://photos.example/login"),
    ],
    ids=["no proxy: still redirected, to our host", "one proxy: https", "one proxy: http"],
)  # fmt: skip
def test_https_redirect_believes_forwarded_headers_only_from_counted_proxies(
    proxy_count, headers, status, location
):
    client = make_app(HTTPS=True, PROXY_COUNT=proxy_count).test_client()
    response = client.get("/login", headers=headers)
    assert response.status_code == status
    assert response.headers.get("Location") == location


@pytest.mark.parametrize(
    ("config", "method", "url", "headers"),
    [
        ({}, "GET", "http://evil.example/login", {}),
        ({}, "GET", "http://evil.example/", {}),  # would redirect to the login page
        ({}, "POST", "http://evil.example/login", {}),  # a CSRF refusal shows a form
        ({"HTTPS": True}, "GET", "http://evil.example/login", {}),  # https redirect
        ({"PROXY_COUNT": 1}, "GET", "http://photos.example/login", FORGED),
    ],
    ids=["page", "login redirect", "refused form", "https redirect", "forwarded host"],
)
def test_an_untrusted_host_gets_a_400(config, method, url, headers):
    app = make_app(TRUSTED_HOSTS=["photos.example"], **config)
    client = app.test_client()
    response = client.open(url, method=method, headers=headers)
    assert response.status_code == 400
    assert "Unknown host name" in response.text
    assert response.headers["X-Request-ID"] in response.text
    assert "Location" not in response.headers
    assert client.get("https://photos.example/login").status_code == 200


def test_any_host_is_answered_when_trusted_hosts_is_unset():
    client = make_app().test_client()
    assert client.get("http://anything.example/login").status_code == 200


def test_trusted_hosts_is_read_from_the_environment_as_in_env_example(monkeypatch):
    monkeypatch.setenv("FLASKGRAM_TRUSTED_HOSTS", '["photos.example"]')
    client = make_app().test_client()
    assert client.get("http://evil.example/login").status_code == 400
    assert client.get("http://photos.example/login").status_code == 200
