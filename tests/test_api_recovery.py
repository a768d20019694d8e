"""POST /api/v1/auth/password-reset/confirm with an admin's link: 204 once, then 410;
404 unknown; 422 for a password the rules refuse, the link kept."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from api_client import ApiClient, api_login, assert_api_error
from conftest import PASSWORD, all_at_once

from flaskgram import recovery
from flaskgram.models import AccountLink

NEW_PASSWORD = "a brand new passphrase"


def reset_token(app, user) -> str:
    with app.test_request_context():
        link = recovery.create_reset_link(user, created_by=None)
    return urlsplit(link.url).path.removeprefix("/reset/")


def confirm(api: ApiClient, token: str, password: str = NEW_PASSWORD):
    return api.post("/auth/password-reset/confirm", json={"token": token, "password": password})


def test_case_55_confirm_works_once(app, client, make_user):
    """SECURITY.md case 55: 204, then 410 for the same token; 404 for an unknown one."""
    token = reset_token(app, make_user("alice"))
    api = ApiClient(client)
    response = confirm(api, token)
    assert response.status_code == 204 and response.data == b""
    assert_api_error(confirm(api, token), 410, "link_gone")
    assert_api_error(confirm(api, "unknown.token"), 404, "link_unknown")
    assert api.login("alice", NEW_PASSWORD).status_code == 200
    assert_api_error(api.login("alice", PASSWORD), 401)


def test_a_refused_password_is_422_at_its_field_and_keeps_the_link(app, client, make_user, scalar):
    token = reset_token(app, make_user("alice"))
    api = ApiClient(client)
    for password, words in (("short", "Use at least"), ("password1234", "too common"), ("", "")):
        refused = confirm(api, token, password)
        assert_api_error(refused, 422)
        assert words in refused.json["fields"]["password"]
    assert scalar(sa.select(AccountLink.used_at)) is None
    assert confirm(api, token).status_code == 204


def test_an_unknown_link_is_404_before_the_password_is_looked_at(app, client):
    assert_api_error(confirm(ApiClient(client), "unknown.token", "short"), 404)


def test_case_56_confirm_ends_every_login(app, make_user):
    """SECURITY.md case 56: the API's reset ends API tokens and browser sessions."""
    alice = make_user("alice")
    old = api_login(app)
    token = reset_token(app, alice)
    assert confirm(ApiClient(app.test_client()), token).status_code == 204
    assert_api_error(old.get("/me"), 401)
    assert_api_error(old.post("/auth/refresh", json={"refresh_token": old.refresh_token}), 401)


def test_case_55_two_confirms_at_once_one_wins(app, make_user):
    """SECURITY.md case 55: of two uses at once, one is 204 and the other 410."""
    token = reset_token(app, make_user("alice"))
    apis = [ApiClient(app.test_client()) for _ in range(2)]
    passwords = ["first new passphrase", "second new passphrase"]
    results = all_at_once(
        [
            lambda api=api, password=password: confirm(api, token, password)
            for api, password in zip(apis, passwords, strict=True)
        ]
    )
    statuses = [response.status_code for response in results]
    assert sorted(statuses) == [204, 410]
    winner = passwords[statuses.index(204)]
    assert apis[0].login("alice", winner).status_code == 200


def test_bodies_the_api_refuses(client):
    api = ApiClient(client)
    for body in ({}, {"token": "a.b"}, {"token": "a.b", "password": 5}, {"token": "x" * 500}):
        assert_api_error(api.post("/auth/password-reset/confirm", json=body), 400)
    assert_api_error(api.post("/auth/verify-email", json={"token": ""}), 400)
    assert_api_error(api.post("/auth/verify-email", json={"token": "a.b", "x": 1}), 400)
