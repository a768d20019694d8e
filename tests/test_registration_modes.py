"""Who may sign up: open (the default), by invitation, by approval, closed; pages and API alike."""

import html
import re

import pytest
import sqlalchemy as sa
from api_client import API, ApiClient
from conftest import PASSWORD
from family import invite, set_mode, set_status, signup_data

from flaskgram.models import User


@pytest.fixture
def admin(make_user):
    return make_user("alice")  # the first account: the site's admin


def test_the_first_account_is_the_admin_and_the_next_are_not(make_user, scalar):
    make_user("alice")
    make_user("bob")
    admins = sa.select(User.username).where(User.is_admin)
    assert scalar(admins) == "alice"
    assert scalar(sa.select(sa.func.count()).where(User.is_admin)) == 1


def test_open_is_the_default_and_signup_works_as_before(admin, client, auth, row_count):
    assert client.get(f"{API}/site").json == {"registration_mode": "open"}
    assert "Sign up" in client.get("/login").text
    response = auth.signup("bob")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert row_count(User, User.username == "bob", User.status == "active") == 1


def test_closed_refuses_the_page_the_form_and_the_api(app, admin, client, auth, row_count):
    """SECURITY.md case 53: a closed site takes nobody, by the page or the API."""
    set_mode(app, "closed")
    page = client.get("/signup")
    assert page.status_code == 403
    assert "Signing up is closed on this site" in page.text
    assert auth.signup("bob").status_code == 403
    login = client.get("/login").text
    assert 'href="/signup"' not in login
    response = client.post(f"{API}/users", json=signup_data("carol"))
    assert response.status_code == 403 and response.json["error"] == "signup_closed"
    # Even an invitation made before the site closed is refused.
    token = invite(app)
    assert client.get(f"/invite/{token}").status_code == 403
    response = client.post(f"{API}/users", json=signup_data("dave", token))
    assert response.status_code == 403
    assert row_count(User) == 1


def test_invitation_mode_needs_an_invitation(app, admin, client, auth, row_count):
    """SECURITY.md case 53."""
    set_mode(app, "invitation")
    page = client.get("/signup")
    assert page.status_code == 403 and "by invitation only" in page.text
    assert auth.signup("bob").status_code == 403
    response = client.post(f"{API}/users", json=signup_data("bob"))
    assert response.status_code == 403 and response.json["error"] == "invitation_required"
    assert row_count(User) == 1

    token = invite(app)
    response = client.post(f"{API}/users", json=signup_data("bob", token))
    assert response.status_code == 201, response.text
    assert "access_token" in response.json
    assert row_count(User, User.username == "bob", User.status == "active") == 1


def test_approval_mode_makes_pending_accounts_that_cannot_log_in(app, admin, client, auth, scalar):
    """SECURITY.md case 53: a pending account gets no session and no token."""
    set_mode(app, "approval")
    response = auth.signup("bob")
    assert response.status_code == 202
    assert "waiting for an admin" in response.text
    assert scalar(sa.select(User.status).where(User.username == "bob")) == "pending"
    assert client.get("/").status_code == 302  # not logged in

    login = auth.login("bob")
    assert login.status_code == 403
    assert "waiting for an admin's approval" in html.unescape(login.text)
    wrong = auth.login("bob", password="not the password")
    assert wrong.status_code == 400 and "approval" not in wrong.text  # tells a guesser nothing

    api = ApiClient(client)
    response = client.post(f"{API}/users", json=signup_data("carol"))
    assert response.status_code == 202
    assert response.json["status"] == "pending" and response.json["username"] == "carol"
    assert "access_token" not in response.json
    assert api.login("carol").status_code == 403
    assert api.login("carol").json["error"] == "account_pending"

    set_status(app, "bob", "active")  # as an admin's approval does (test_admin.py)
    assert auth.login("bob").status_code == 302


def test_an_invitation_skips_approval(app, admin, client, scalar):
    set_mode(app, "approval")
    token = invite(app)
    response = client.post(f"{API}/users", json=signup_data("bob", token))
    assert response.status_code == 201
    assert scalar(sa.select(User.status).where(User.username == "bob")) == "active"


def test_the_mode_is_changed_on_the_admin_page(app, admin, client, auth, scalar):
    auth.login("alice")
    page = client.get("/admin/registration")
    assert page.status_code == 200
    assert re.search(r'<input checked[^>]*value="open"', page.text)
    refused = client.post_form("/admin/registration", {"mode": "sometimes"})
    assert refused.status_code == 400
    response = client.post_form("/admin/registration", {"mode": "invitation"})
    assert response.status_code == 302
    assert client.get(f"{API}/site").json == {"registration_mode": "invitation"}
    assert "registration mode" in client.get("/admin/log").text
    assert "open → invitation" in client.get("/admin/log").text


def test_the_pages_keep_what_was_typed_in_approval_mode(app, admin, client, auth):
    set_mode(app, "approval")
    response = client.post_form("/signup", {**signup_data("bob"), "password": "short"})
    assert response.status_code == 400
    assert 'value="bob"' in response.text and PASSWORD not in response.text
