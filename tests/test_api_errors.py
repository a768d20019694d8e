"""Errors under /api are JSON, HTML errors stay HTML, and the docs page works offline."""

import re

import pytest
from api_client import api_login, assert_api_error
from conftest import TEST_CONFIG

from flaskgram import create_app
from flaskgram.security import public


@pytest.fixture
def api(app, make_user):
    make_user("alice")
    return api_login(app, "alice")


def test_unknown_api_paths_and_methods_get_json(api):
    """Case 37: errors are always JSON under /api, whatever raised them."""
    assert_api_error(api.get("/no-such-thing"), 404, "not_found")
    response = api.put("/feed")
    assert_api_error(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert_api_error(api.get("/posts/99999999999999999999"), 404)  # beyond 64 bits


def test_an_unexpected_api_error_is_json_without_internals(app):
    @public
    def broken():
        raise RuntimeError("secret internals")

    app.add_url_rule("/api/v1/broken", "broken", broken)
    response = app.test_client().get("/api/v1/broken")
    assert_api_error(response, 500, "server_error")
    assert response.json["request_id"] == response.headers["X-Request-ID"]
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_html_errors_stay_html(app, make_user, client, auth):
    """A JSON error handler must not leak into the pages."""
    make_user("alice")
    auth.login("alice")
    for response in (client.get("/p/999"), client.get("/logout"), client.get("/nope")):
        assert response.mimetype == "text/html", response.status_code
        assert "<!doctype html>" in response.text
    assert client.get("/p/999").status_code == 404 and client.get("/logout").status_code == 405


def test_an_unreachable_database_is_a_json_503_with_retry_after():
    """Case 41, through the API: a 503 to retry, in the API's error shape."""
    app = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": "mysql+pymysql://root@127.0.0.1:1/nothing",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
        }
    )
    response = app.test_client().post(
        "/api/v1/auth/token", json={"username": "alice", "password": "whatever it is"}
    )
    assert_api_error(response, 503, "unavailable")
    assert int(response.headers["Retry-After"]) > 0


def test_the_document_describes_the_api_and_its_bearer_scheme(client):
    response = client.get("/api/v1/openapi.json")  # public: clients read it before login
    assert response.status_code == 200
    document = response.json
    assert document["openapi"].startswith("3.")
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    assert document["security"] == [{"bearer": []}]
    paths = document["paths"]
    assert paths["/api/v1/auth/token"]["post"]["security"] == []
    assert "401" in paths["/api/v1/feed"]["get"]["responses"]
    # Never Mastodon's top-level names, so a compatible API can sit beside this one.
    mastodon = {"statuses", "accounts", "timelines", "notifications", "media"}
    assert not {path.split("/")[3] for path in paths} & mastodon


def test_the_docs_page_uses_only_our_own_files(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(assets) == 4
    for asset in assets:
        assert asset.startswith("/api/v1/docs/"), asset
        with client.get(asset) as response:
            assert response.status_code == 200, asset
            assert len(response.data) > 100
    assert "<script>" not in page.text  # no inline script: the CSP would block it
