"""Reset links made in the admin area: shown once to the admin, logged, and working once."""

import re

import pytest
import sqlalchemy as sa
from api_client import api_login, assert_api_error
from conftest import PASSWORD, AuthActions, login_client
from family import set_status

from flaskgram.models import AccountLink, AdminAction

RESET_URL = re.compile(r'value="(http://localhost/reset/[^"]+)"')
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def people(make_user):
    return {name: make_user(name) for name in ("alice", "bob")}  # alice: the admin


def use_link(app, url: str, password: str = NEW_PASSWORD):
    """Open the link in a fresh browser and choose a new password there."""
    browser = app.test_client()
    path = url.removeprefix("http://localhost")
    form = browser.get(path)
    if form.status_code != 200:
        return form  # the link no longer works: its page says so
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text).group(1)
    data = {"csrf_token": token, "password": password, "confirm": password}
    return browser.post(path, data=data)


def test_an_admin_makes_a_reset_link_shown_once_and_logged(app, people, scalar):
    admin = login_client(app, "alice")
    people_page = admin.get("/admin/people")
    assert "/admin/people/bob/reset-link" in people_page.text
    page = admin.post_form("/admin/people/bob/reset-link")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert "A reset link for bob" in page.text
    url = RESET_URL.search(page.text).group(1)
    # The secret is in the page, never in the database: only its hash is kept.
    secret = url.rpartition(".")[2]
    hashes = scalar(sa.select(sa.func.group_concat(AccountLink.verifier_hash)))
    assert secret not in hashes
    logged = scalar(sa.select(AdminAction).where(AdminAction.action == "reset_link"))
    assert (logged.actor, logged.subject) == ("alice", "bob")

    assert use_link(app, url).status_code == 302
    assert AuthActions(app.test_client()).login("bob", NEW_PASSWORD).status_code == 302
    assert use_link(app, url, "yet another passphrase").status_code == 410


def test_a_newer_link_stops_the_older_one(app, people):
    admin = login_client(app, "alice")
    first = RESET_URL.search(admin.post_form("/admin/people/bob/reset-link").text).group(1)
    second = RESET_URL.search(admin.post_form("/admin/people/bob/reset-link").text).group(1)
    assert use_link(app, first).status_code == 410
    assert use_link(app, second).status_code == 302


@pytest.mark.parametrize("status", ["pending", "disabled"])
def test_no_reset_link_for_an_account_that_cannot_log_in(app, people, row_count, status):
    set_status(app, "bob", status)
    admin = login_client(app, "alice")
    answer = admin.post_form("/admin/people/bob/reset-link", follow_redirects=True)
    assert "approve or enable it first" in answer.text
    assert row_count(AccountLink) == 0
    assert row_count(AdminAction, AdminAction.action == "reset_link") == 0


def test_the_api_makes_reset_links_for_admins_only(app, people):
    admin, bob = api_login(app, "alice"), api_login(app, "bob")
    assert_api_error(bob.post("/admin/people/alice/reset-link"), 404)
    made = admin.post("/admin/people/bob/reset-link")
    assert made.status_code == 201
    assert made.headers["Cache-Control"] == "no-store"
    assert made.json["url"].startswith("http://localhost/reset/")
    assert made.json["expires_at"]
    assert use_link(app, made.json["url"]).status_code == 302

    set_status(app, "bob", "disabled")
    assert_api_error(admin.post("/admin/people/bob/reset-link"), 409)
    assert_api_error(admin.post("/admin/people/nobody/reset-link"), 404)


def test_the_first_admin_cannot_be_locked_out_by_their_own_link(app, people):
    """An admin may make a link for themselves: it works like anyone's."""
    admin = login_client(app, "alice")
    url = RESET_URL.search(admin.post_form("/admin/people/alice/reset-link").text).group(1)
    assert use_link(app, url).status_code == 302
    assert AuthActions(app.test_client()).login("alice", NEW_PASSWORD).status_code == 302
    assert AuthActions(app.test_client()).login("alice", PASSWORD).status_code == 400
