"""Reset links and address checks by e-mail, sent to a real SMTP server the tests start
(tests/smtp_server.py), read from what it received and followed through the client."""

import re

import sqlalchemy as sa
from api_client import API, ApiClient, assert_api_error
from conftest import CSRF_INPUT, PASSWORD, TEST_CONFIG
from smtp_server import SITE_URL

from flaskgram import create_app, mail
from flaskgram.extensions import db
from flaskgram.models import AccountLink, User

NEW_PASSWORD = "a brand new passphrase"


def finished(response):
    """Close the response as a server does once it is sent: the after-response work runs."""
    response.close()
    return response


def forgot(client, address, **kwargs):
    return finished(client.post_form("/forgot", {"email": address}, **kwargs))


def without_csrf(page: str) -> str:
    return CSRF_INPUT.sub("", page)


def test_no_mail_server_no_forgot_password(client, make_user):
    """Without MAIL_SERVER: no link on the login page, /forgot and its API are 404."""
    assert "Forgot password?" not in client.get("/login").text
    assert client.get("/forgot").status_code == 404
    assert client.post_form("/forgot", {"email": "alice@example.com"}).status_code == 404
    api = ApiClient(client)
    assert api.get("/auth/password-reset").json == {"email_reset": False}
    assert_api_error(api.post("/auth/password-reset", json={"email": "a@example.com"}), 404)


def test_case_57_forgot_answers_the_same_and_mails_only_the_account(
    mail_app, client, make_user, smtp_server
):
    """SECURITY.md case 57: known and unknown addresses get the same page; only the
    account's own address gets mail, with a link at SITE_URL whatever the Host header."""
    make_user("alice")
    login = client.get("/login").text
    assert 'href="/forgot">Forgot password?' in login
    assert client.get("/forgot").status_code == 200
    evil = "http://evil.example"  # the Host header is the sender's to choose
    token = CSRF_INPUT.search(client.get("/forgot", base_url=evil).text).group(1)
    data = {"csrf_token": token, "email": "Alice@Example.com"}
    known = finished(client.post("/forgot", data=data, base_url=evil))
    unknown = forgot(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    assert without_csrf(known.text) == without_csrf(unknown.text)
    assert "If an account uses that address" in known.text
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["alice@example.com"]
    message = smtp_server.messages[0]
    assert message["Subject"] == "Reset your Flaskgram password"
    assert message["From"] == "Flaskgram <photos@example.com>"
    assert "evil.example" not in message.get_content()
    assert f"{SITE_URL}/reset/" in message.get_content()

    path = smtp_server.last_link("alice@example.com")
    response = client.post_form(path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    again = client.post_form(path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert again.status_code == 410


def test_emailed_links_last_an_hour(mail_app, client, make_user, smtp_server, scalar):
    make_user("alice")
    forgot(client, "alice@example.com")
    link = scalar(sa.select(AccountLink))
    assert link.created_by is None
    assert abs((link.expires_at - link.created_at).total_seconds() - 3600) < 1


def test_a_bad_address_is_refused_at_its_field(mail_app, client, smtp_server):
    response = client.post_form("/forgot", {"email": "not an address"})
    assert response.status_code == 400
    assert 'id="email-error">Enter a valid email address' in response.text
    assert smtp_server.messages == []


def test_case_57_each_address_gets_few_mails_an_hour(mail_app, client, make_user, smtp_server):
    """SECURITY.md case 57: past PASSWORD_RESET_EMAILS_PER_HOUR, the same answer, no mail;
    only the newest link works."""
    mail_app.config["PASSWORD_RESET_EMAILS_PER_HOUR"] = 2
    make_user("alice")
    pages = [forgot(client, "alice@example.com") for _ in range(3)]
    assert {page.status_code for page in pages} == {200}
    assert len(smtp_server.to("alice@example.com")) == 2
    first, second = (
        re.search(r"/reset/\S+", m.get_content()).group(0) for m in smtp_server.messages
    )
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_case_57_forgot_is_rate_limited_per_ip(database_url, make_user, smtp_server):
    """SECURITY.md case 57: the page and the API share one per-address limit, with Retry-After."""
    limited = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": database_url,
            "RATELIMIT_ENABLED": True,
            "PASSWORD_RESET_RATE_LIMIT": "2 per minute",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_server.port,
            "MAIL_USE_TLS": False,
            "SITE_URL": SITE_URL,
        }
    )
    browser = limited.test_client()
    token = CSRF_INPUT.search(browser.get("/forgot").text).group(1)
    first = finished(browser.post("/forgot", data={"csrf_token": token, "email": "a@example.com"}))
    assert first.status_code == 200
    api = ApiClient(browser)
    assert (
        finished(api.post("/auth/password-reset", json={"email": "a@example.com"})).status_code
        == 202
    )
    refused = api.post("/auth/password-reset", json={"email": "a@example.com"})
    assert_api_error(refused, 429)
    assert int(refused.headers["Retry-After"]) > 0
    again = browser.post("/forgot", data={"csrf_token": token, "email": "a@example.com"})
    assert again.status_code == 429
    with limited.app_context():
        db.engine.dispose()


def test_a_mail_server_down_still_answers_the_same(mail_app, client, make_user, smtp_server):
    """The mail goes after the answer: a failing server is logged, never shown."""
    make_user("alice")
    mail_app.config["MAIL_PORT"] = 1  # nothing listens there
    mail.init_app(mail_app)
    assert forgot(client, "alice@example.com").status_code == 200


def verifying(mail_app):
    mail_app.config["EMAIL_VERIFICATION"] = True
    return mail_app


def test_case_58_new_accounts_confirm_their_address_before_logging_in(
    mail_app, client, auth, smtp_server, scalar
):
    """SECURITY.md case 58: with EMAIL_VERIFICATION, a new account gets a link and cannot
    log in (page or API) until it follows it; the link's page asks for a click (POST)."""
    verifying(mail_app)
    response = auth.signup("alice")
    assert response.status_code == 302 and response.location == "/login"
    assert "We sent a link to alice@example.com" in client.get("/login").text
    assert client.get("/").status_code == 302  # not logged in
    refused = auth.login("alice")
    assert refused.status_code == 403 and "confirm your email address" in refused.text
    assert 'href="/verify/resend"' in refused.text
    api = ApiClient(mail_app.test_client())
    assert_api_error(api.login("alice"), 403, "email_not_verified")

    path = smtp_server.last_link("alice@example.com")
    assert path.startswith("/verify/")
    page = client.get(path)
    assert page.status_code == 200 and "Confirm my address" in page.text
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert scalar(sa.select(User.email_verified_at)) is None  # opening the link did nothing
    confirmed = client.post_form(path)
    assert confirmed.status_code == 302 and confirmed.location == "/login"
    assert scalar(sa.select(User.email_verified_at)) is not None
    assert auth.login("alice").status_code == 302
    assert client.post_form(path).status_code == 410


def test_the_address_check_can_be_sent_again(mail_app, client, auth, smtp_server):
    verifying(mail_app)
    auth.signup("alice")
    old = smtp_server.last_link("alice@example.com")
    assert 'href="/verify/resend"' in client.get("/login").text
    known = finished(client.post_form("/verify/resend", {"email": "alice@example.com"}))
    unknown = finished(client.post_form("/verify/resend", {"email": "bob@example.com"}))
    assert without_csrf(known.text) == without_csrf(unknown.text)
    assert len(smtp_server.messages) == 2
    new = smtp_server.last_link("alice@example.com")
    assert new != old and client.get(old).status_code == 410
    assert client.post_form(new).status_code == 302
    assert auth.login("alice").status_code == 302
    # Confirmed: asking again sends nothing.
    finished(client.post_form("/verify/resend", {"email": "alice@example.com"}))
    assert len(smtp_server.messages) == 2


def test_verification_off_or_without_mail(app, client, auth):
    """Off (the default): signup logs in at once, and /verify/resend is 404."""
    assert auth.signup("alice").location == "/"
    assert client.get("/verify/resend").status_code == 404
    assert client.get("/verify/some.token").status_code == 404


def test_api_signup_with_verification(mail_app, smtp_server, scalar):
    verifying(mail_app)
    api = ApiClient(mail_app.test_client())
    response = api.post(
        "/users", json={"username": "alice", "email": "alice@example.com", "password": PASSWORD}
    )
    assert response.status_code == 202
    assert response.json == {
        "status": "email_unconfirmed",
        "username": "alice",
        "message": "We sent a link to alice@example.com: follow it, then log in.",
        "email_verification_sent": True,
    }
    token = smtp_server.last_link("alice@example.com").removeprefix("/verify/")
    assert api.post("/auth/verify-email", json={"token": token}).status_code == 204
    assert_api_error(api.post("/auth/verify-email", json={"token": token}), 410, "link_gone")
    assert_api_error(api.post("/auth/verify-email", json={"token": "no.such"}), 404)
    assert api.login("alice").status_code == 200


def test_api_password_reset_by_mail(mail_app, client, make_user, smtp_server):
    """SECURITY.md case 57: the API answers 202 with the same body for any address."""
    make_user("alice")
    api = ApiClient(client)
    assert api.get("/auth/password-reset").json == {"email_reset": True}
    known = finished(api.post("/auth/password-reset", json={"email": "alice@example.com"}))
    unknown = finished(api.post("/auth/password-reset", json={"email": "zed@example.com"}))
    assert known.status_code == unknown.status_code == 202
    assert known.json == unknown.json == {}
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["alice@example.com"]
    token = smtp_server.last_link("alice@example.com").removeprefix("/reset/")
    confirm = f"{API}/auth/password-reset/confirm"
    ok = client.post(confirm, json={"token": token, "password": NEW_PASSWORD})
    assert ok.status_code == 204, ok.text
    assert api.login("alice", NEW_PASSWORD).status_code == 200


def test_an_admins_link_sets_the_password_but_confirms_no_address(
    mail_app, client, auth, make_user, smtp_server
):
    """With verification on, an admin's reset link changes the password; logging in still
    waits for the address (only a link sent to it proves it)."""
    from flaskgram import recovery

    verifying(mail_app)
    auth.signup("alice")
    with mail_app.app_context():
        alice = db.session.scalar(sa.select(User))
        link = recovery.create_reset_link(alice, created_by=make_user("bob"))
    path = link.url.removeprefix(SITE_URL)
    response = client.post_form(path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.location == "/login"
    assert "confirm your email address" in client.get("/login").text
    assert client.get("/").status_code == 302
    assert auth.login("alice", NEW_PASSWORD).status_code == 403
