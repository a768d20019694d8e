"""Password-reset links an admin makes (recovery.create_reset_link) and the /reset page:
one use, a few hours, stored hashed, and every old login ends."""

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from api_client import api_login, assert_api_error
from conftest import CSRF_INPUT, PASSWORD, all_at_once, login_client

from flaskgram import recovery
from flaskgram.extensions import db
from flaskgram.models import AccountLink, User, UserSession

NEW_PASSWORD = "a brand new passphrase"


def reset_link(app, user, created_by=None) -> recovery.ResetLink:
    with app.test_request_context():
        return recovery.create_reset_link(user, created_by=created_by)


def path_of(link: recovery.ResetLink) -> str:
    return urlsplit(link.url).path


def choose(client, path, password=NEW_PASSWORD, confirm=None):
    return client.post_form(
        path, {"password": password, "confirm": password if confirm is None else confirm}
    )


def logs_in(app, username="alice", password=NEW_PASSWORD) -> bool:
    browser = app.test_client()
    response = browser.post_form("/login", {"username": username, "password": password})
    return response.status_code == 302


def test_case_54_the_link_is_stored_as_a_hash_of_its_secret(app, make_user, scalar):
    """SECURITY.md case 54: create_reset_link gives the full address and its expiry; the
    database holds the selector and the SHA-256 of the secret, never the secret."""
    alice, admin = make_user("alice"), make_user("bob")
    before = datetime.now(UTC)
    link = reset_link(app, alice, created_by=admin)
    assert link.url.startswith("http://localhost/reset/")
    assert (
        before + timedelta(hours=24) <= link.expires_at <= datetime.now(UTC) + timedelta(hours=24)
    )
    selector, verifier = path_of(link).removeprefix("/reset/").split(".")
    row = scalar(sa.select(AccountLink))
    assert (row.purpose, row.user_id, row.created_by, row.used_at) == (
        "reset",
        alice.id,
        admin.id,
        None,
    )
    assert row.selector == selector
    assert row.verifier_hash == hashlib.sha256(verifier.encode()).hexdigest()
    with app.app_context():
        stored = db.session.execute(sa.select(*AccountLink.__table__.c)).one()
    assert not any(verifier in str(value) for value in stored)


def test_site_url_makes_the_address_without_a_request(app, make_user):
    alice = make_user("alice")
    app.config["SITE_URL"] = "https://photos.example.com/family"
    with app.app_context():
        link = recovery.create_reset_link(alice, created_by=None)
    assert re.fullmatch(r"https://photos\.example\.com/family/reset/[\w-]+\.[\w-]+", link.url)


def test_a_reset_link_sets_the_password_once_and_logs_in(app, client, make_user, scalar):
    """SECURITY.md case 55: the link works once; then it is 410, on GET and POST."""
    make_user("alice")
    path = path_of(reset_link(app, scalar(sa.select(User))))
    page = client.get(path)
    assert page.status_code == 200
    assert "Choose a new password" in page.text and "alice" in page.text
    response = choose(client, path)
    assert response.status_code == 302 and response.location == "/"
    assert "Your password is changed" in client.get("/").text  # logged in, on the feed
    assert scalar(sa.select(AccountLink.used_at)) is not None
    assert logs_in(app) and not logs_in(app, password=PASSWORD)

    other = app.test_client()
    assert other.get(path).status_code == 410
    again = choose(other, path, "yet another passphrase")
    assert again.status_code == 410
    assert "expired or was already used" in again.text
    assert not logs_in(app, password="yet another passphrase")


def test_case_55_a_newer_link_replaces_the_older_one(app, client, make_user):
    """SECURITY.md case 55: making a new reset link ends the person's unused older ones."""
    alice = make_user("alice")
    older, newer = reset_link(app, alice), reset_link(app, alice)
    assert client.get(path_of(older)).status_code == 410
    assert choose(client, path_of(older)).status_code == 410
    assert choose(client, path_of(newer)).status_code == 302


def test_case_55_an_expired_link_is_410(app, client, make_user):
    """SECURITY.md case 55: past its hours the link is 410 and changes nothing."""
    alice = make_user("alice")
    path = path_of(reset_link(app, alice))
    with app.app_context():
        db.session.execute(
            sa.update(AccountLink).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        db.session.commit()
    page = client.get(path)
    assert page.status_code == 410 and "expired" in page.text
    assert choose(client, path).status_code == 410
    assert logs_in(app, password=PASSWORD)


def test_zero_hours_makes_links_that_never_work(app, client, make_user):
    app.config["PASSWORD_RESET_HOURS"] = 0
    path = path_of(reset_link(app, make_user("alice")))
    assert client.get(path).status_code == 410


def test_case_54_unknown_links_are_404(app, client, make_user):
    """SECURITY.md case 54: a made-up token, a mangled one, or a real selector with the
    wrong secret is 404 (GET and POST), never a 500."""
    path = path_of(reset_link(app, make_user("alice")))
    selector = path.removeprefix("/reset/").split(".")[0]
    for token in (
        "nothing",
        f"{secrets.token_urlsafe(12)}.{secrets.token_urlsafe(32)}",
        f"{selector}.{secrets.token_urlsafe(32)}",
        f"{selector}.",
        "." * 3,
        "x" * 5000,
        "%00",
    ):
        assert client.get(f"/reset/{token}").status_code == 404, token
        assert choose(client, f"/reset/{token}").status_code == 404, token
    assert choose(client, path).status_code == 302  # the real one still works


def test_bad_passwords_keep_the_page_and_the_link(app, client, make_user, scalar):
    path = path_of(reset_link(app, make_user("alice")))
    short = choose(client, path, "short")
    assert short.status_code == 400
    assert re.search(r'id="password-error">Use at least \d+ characters', short.text)
    common = choose(client, path, "password1234")
    assert common.status_code == 400 and "too common" in common.text
    different = choose(client, path, NEW_PASSWORD, "another passphrase")
    assert different.status_code == 400
    assert 'id="confirm-error">The two passwords don&#39;t match.' in different.text
    assert 'value="a brand' not in different.text  # passwords are never sent back
    assert scalar(sa.select(AccountLink.used_at)) is None
    assert choose(client, path).status_code == 302


def test_case_56_a_reset_ends_every_old_login(app, make_user, row_count):
    """SECURITY.md case 56: after a reset, the old browsers and the API tokens are dead."""
    alice = make_user("alice")
    browser = login_client(app, "alice")
    remembered = login_client(app, "alice", remember=True)
    api = api_login(app)
    assert browser.get("/").status_code == 200
    path = path_of(reset_link(app, alice))
    helper = app.test_client()
    assert choose(helper, path).status_code == 302
    for old in (browser, remembered):
        response = old.get("/")
        assert response.status_code == 302 and response.location.startswith("/login")
    assert_api_error(api.get("/me"), 401)
    assert_api_error(api.post("/auth/refresh", json={"refresh_token": api.refresh_token}), 401)
    assert row_count(UserSession) == 1  # the new login of the person who reset it
    assert helper.get("/").status_code == 200


def test_case_55_two_uses_at_once_one_wins(app, make_user, scalar):
    """SECURITY.md case 55: the same link posted twice at once sets one password."""
    path = path_of(reset_link(app, make_user("alice")))
    calls = []
    for password in ("first new passphrase", "second new passphrase"):
        browser = app.test_client()
        token = CSRF_INPUT.search(browser.get(path).text).group(1)
        data = {"csrf_token": token, "password": password, "confirm": password}
        calls.append(lambda browser=browser, data=data: browser.post(path, data=data))
    statuses = [response.status_code for response in all_at_once(calls)]
    assert sorted(statuses) == [302, 410]
    winner = ["first new passphrase", "second new passphrase"][statuses.index(302)]
    assert logs_in(app, password=winner)
    assert scalar(sa.select(sa.func.count()).select_from(AccountLink)) == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_case_58_link_pages_leak_no_token(app, client, make_user, method):
    """SECURITY.md case 58: the reset page, its errors included, sends no Referer and is
    never cached, so the token in its address goes nowhere."""
    path = path_of(reset_link(app, make_user("alice")))
    for target in (path, "/reset/unknown.token"):
        response = client.get(target) if method == "get" else choose(client, target, "short")
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/login").headers["Referrer-Policy"] == "same-origin"


def test_deleting_the_person_deletes_their_links(app, make_user, row_count):
    from flaskgram import accounts

    alice = make_user("alice")
    reset_link(app, alice)
    with app.app_context():
        accounts.delete_account(alice, PASSWORD)
    assert row_count(AccountLink) == 0


def test_a_refused_form_token_on_a_dead_link_is_still_its_4xx(app, client, make_user):
    """The CSRF error handler draws the form's page again; a dead link there is 404/410."""
    alice = make_user("alice")
    older, newer = reset_link(app, alice), reset_link(app, alice)
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post("/reset/unknown.token", data=data).status_code == 404
    assert client.post(path_of(older), data=data).status_code == 410
    refused = client.post(path_of(newer), data=data)
    assert refused.status_code == 400 and "Choose a new password" in refused.text


def test_reset_link_command(app, runner, make_user, client):
    """`flask reset-link USERNAME`: for an admin locked out of a site without mail."""
    make_user("alice")
    result = runner.invoke(args=["reset-link", "alice", "--site-url", "https://photos.example"])
    assert result.exit_code == 0, result.output
    url = result.output.splitlines()[0]
    assert url.startswith("https://photos.example/reset/")
    path = urlsplit(url).path
    assert choose(client, path).status_code == 302
    unknown = runner.invoke(args=["reset-link", "nobody", "--site-url", "https://x.example"])
    assert unknown.exit_code != 0 and "No account" in unknown.output
    app.config["SITE_URL"] = ""
    nowhere = runner.invoke(args=["reset-link", "alice"])
    assert nowhere.exit_code != 0 and "--site-url" in nowhere.output
