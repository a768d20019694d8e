"""A POST without a valid CSRF token writes nothing; a form comes back as typed (case 16)."""

import html
import re

import pytest
import sqlalchemy as sa
from conftest import (
    CSRF_INPUT,
    IMAGE,
    PASSWORD,
    TEST_CONFIG,
    AuthActions,
    Client,
    login_client,
    textarea,
)
from flask import url_for

from flaskgram import comments, create_app, recovery
from flaskgram.extensions import db

PUBLIC_FORMS = {"auth.login", "auth.signup"}
# Forms that exist only where the site sends mail (test_recovery_mail.py).
MAIL_FORMS = {"recovery.forgot", "recovery.resend"}
NEW_PASSWORD = "a brand new passphrase"
# What every form would write, were it let through: a login, a post, a comment, a new
# caption, profile and password, the account deleted.
EVERYTHING = {
    "username": "alice",
    "email": "alice@example.com",
    "password": PASSWORD,
    "remember": "y",
    "caption": "Changed",
    "alt_text": "Changed",
    "image_url": IMAGE,
    "body": "A comment nobody sent",
    "display_name": "Changed",
    "bio": "Changed",
    "current_password": PASSWORD,
    "new_password": NEW_PASSWORD,
}


def every_row(app) -> dict:
    """Every row of every table, to show that nothing at all was written."""
    with app.app_context():
        return {
            table.name: sorted(map(tuple, db.session.execute(sa.select(table))), key=repr)
            for table in db.metadata.sorted_tables
        }


@pytest.fixture
def world(app, make_user, make_post):
    """Ids for the URL map: alice's things, bob's things, and things that don't exist."""
    alice, bob = make_user("alice"), make_user("bob")
    mine, theirs = make_post(alice, caption="Alice's"), make_post(bob, caption="Bob's")
    with app.app_context():
        on_mine = comments.add_comment(bob, mine, "Nice one")
        on_theirs = comments.add_comment(bob, theirs, "My own post")
    with app.test_request_context():
        reset_url = recovery.create_reset_link(alice, created_by=None).url
    token = reset_url.rpartition("/")[2]  # a working link, or one that isn't
    admin = {"action": "disable", "invitation_id": 1}  # the admin area's buttons
    return {
        "mine": {
            "post_id": mine.id,
            "comment_id": on_mine.id,
            "username": "bob",
            "token": token,
            **admin,
        },
        "theirs": {
            "post_id": theirs.id,
            "comment_id": on_theirs.id,
            "username": "bob",
            "token": token,
            **admin,
        },
        "missing": {
            "post_id": 2**40,
            "comment_id": 2**40,
            "username": "nobody",
            "token": "no.such",
            **admin,
        },
    }


def post_urls(app, world) -> list[tuple[str, str, str]]:
    """(endpoint, url, whose) for every POST rule of the URL map, once per kind of target."""
    urls = {}
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            # The API takes bearer tokens, never the cookie, so it has no CSRF (case 20).
            if "POST" not in rule.methods or rule.endpoint.startswith("api."):
                continue
            for whose, ids in world.items():
                url = url_for(rule.endpoint, **{arg: ids[arg] for arg in rule.arguments})
                urls.setdefault(url, (rule.endpoint, url, whose))
    return list(urls.values())


def walk(app, world, send) -> list[tuple[str, str, str, int]]:
    """Send a POST to every POST rule with send(url); return (endpoint, url, whose, status)."""
    answers = []
    for endpoint, url, whose in post_urls(app, world):
        response = send(url)
        assert response.status_code != 500, url
        answers.append((endpoint, url, whose, response.status_code))
    assert len({endpoint for endpoint, *_ in answers}) >= 15
    return answers


def assert_refused(answers):
    """400 for each POST; a form page about someone else's or no post may be a 404 instead."""
    for endpoint, url, whose, status in answers:
        if endpoint in MAIL_FORMS:  # no mail on this site: no such form, 404
            assert status == 404, (url, status)
        elif whose == "mine":
            assert status == 400, (url, status)
        else:
            assert status in (400, 404), (url, status)


@pytest.mark.parametrize("token", ["none", "another session's", "forged"])
def test_every_post_without_a_valid_token_is_refused_and_writes_nothing(
    app, client, auth, world, token
):
    """Case 16: walk every POST rule, so a new route can't be forgotten."""
    auth.login("alice")
    sent = {
        "none": {},
        "another session's": {"csrf_token": login_client(app, "bob").csrf_token()},
        "forged": {"csrf_token": "IjEyMyI.forged.token"},
    }[token]
    before = every_row(app)
    answers = walk(app, world, lambda url: client.post(url, data={**EVERYTHING, **sent}))
    assert_refused(answers)
    assert every_row(app) == before
    assert client.get("/").status_code == 200  # still logged in: logout needed a token too


@pytest.fixture
def https_app(app, database_url, tmp_path):
    """The app as production runs it, over https, on the same database as ``app``."""
    secure = create_app(
        {
            **TEST_CONFIG,
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(tmp_path / "media"),
            "HTTPS": True,
            "PREFERRED_URL_SCHEME": "https",  # the test client's default base URL
        }
    )
    secure.test_client_class = Client
    yield secure
    with secure.app_context():
        db.engine.dispose()


SAME_SITE = {"Referer": "https://localhost/posts/new"}


def https_login(browser: Client, username: str = "alice") -> None:
    """Log in as a browser does over https: with a same-site Referer, which passes."""
    data = {"csrf_token": browser.csrf_token(), "username": username, "password": PASSWORD}
    assert browser.post("/login", headers=SAME_SITE, data=data).status_code == 302


@pytest.mark.parametrize(
    "referer", [None, "https://evil.example/posts/new", "http://localhost/posts/new"]
)
def test_over_https_a_post_needs_a_same_site_referer(https_app, world, referer):
    """Case 16 over https: with a valid token, a missing or foreign Referer is refused too."""
    browser = https_app.test_client()
    https_login(browser)
    headers = {"Referer": referer} if referer else {}
    data = {**EVERYTHING, "csrf_token": browser.csrf_token()}
    before = every_row(https_app)
    answers = walk(https_app, world, lambda url: browser.post(url, headers=headers, data=data))
    assert_refused(answers)
    assert every_row(https_app) == before
    assert browser.get("/").status_code == 200


def test_over_https_a_foreign_referer_shows_the_form_again_as_typed(https_app, make_user):
    make_user("alice")
    browser = https_app.test_client()
    https_login(browser)
    before = every_row(https_app)
    page = browser.post(
        "/posts/new",
        headers={"Referer": "https://evil.example/"},
        data={"csrf_token": browser.csrf_token(), "image_url": IMAGE, "caption": "Sunset"},
    )
    assert page.status_code == 400
    assert textarea(page.text, "caption") == "Sunset"
    assert every_row(https_app) == before


def test_a_refused_form_about_someone_elses_or_no_post_is_a_404(client, auth, world):
    """The form page finds no post of yours to show: 404, not a 500 from the error handler."""
    auth.login("alice")
    for ids in (world["theirs"], world["missing"]):
        assert client.post(f"/p/{ids['post_id']}/edit", data=EVERYTHING).status_code == 404
    missing = world["missing"]["post_id"]
    assert client.post(f"/p/{missing}/comments", data=EVERYTHING).status_code == 404


def test_anonymous_posts_without_a_token_go_to_login_first(app, client, world):
    """Case 21 before case 16: no private form page is shown to a visitor, nothing is written."""
    before = every_row(app)
    for endpoint, url, _whose in post_urls(app, world):
        response = client.post(url, data=EVERYTHING)
        if endpoint in PUBLIC_FORMS:
            assert response.status_code == 400, url
            assert "submit the form again" in response.text
        elif endpoint.startswith("recovery."):  # for those who can't log in
            # The form again; or 404: no such link, or no mail on this site.
            assert response.status_code in (400, 404), url
        elif endpoint.startswith("admin."):
            assert response.status_code == 404, url  # nothing there but for admins (case 49)
        else:
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/login?next="), url
    assert every_row(app) == before


def test_a_button_without_a_token_gets_the_plain_error_page(client, logged_in, make_post):
    """Like, follow, delete and the rest have no form to show again: a 400 page says why."""
    post = make_post(logged_in)
    response = client.post(f"/p/{post.id}/like")
    assert response.status_code == 400
    assert "reload the page and try again" in response.text


def shown_value(page: str, name: str) -> str | None:
    """The value a page's input or textarea called ``name`` shows, unescaped, or None."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    if found:
        value = re.search(r'value="([^"]*)"', found.group(0))
        return html.unescape(value.group(1)) if value else None
    found = re.search(rf'<textarea[^>]*name="{name}"', page)
    return textarea(page, name) if found else None


FORMS = [
    pytest.param(
        "/signup",
        {"username": "newbie", "email": "newbie@example.com", "password": NEW_PASSWORD},
        id="signup",
    ),
    pytest.param(
        "/login", {"username": "alice", "password": PASSWORD, "next": "/u/alice"}, id="login"
    ),
    pytest.param(
        "/posts/new",
        {"image_url": "{picture}", "caption": "My holiday 🌴\nDay two", "alt_text": "A beach"},
        id="new post",
    ),
    pytest.param("/p/{post_id}/edit", {"caption": "New words", "alt_text": "New alt"}, id="edit"),
    pytest.param("/p/{post_id}/comments", {"body": "What a view! <3"}, id="comment"),
    pytest.param(
        "/settings/profile", {"display_name": "Alice A.", "bio": "Hello\nthere"}, id="profile"
    ),
    pytest.param(
        "/settings/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        id="password",
    ),
    pytest.param("/settings/delete", {"password": PASSWORD}, id="delete account"),
]
SECRETS = {"password", "current_password", "new_password"}


@pytest.mark.parametrize("token", ["none", "another session's"])
@pytest.mark.parametrize(("path", "typed"), FORMS)
def test_a_refused_form_comes_back_as_typed_and_can_be_sent_again(
    app, client, make_user, make_post, path, typed, token, request
):
    """Case 16: the page shows what was typed (never a password), writes nothing, and works."""
    if typed.get("image_url") == "{picture}":  # a picture address the app may really fetch
        typed = {**typed, "image_url": request.getfixturevalue("picture_site").url("/photo")}
    alice = make_user("alice")
    post = make_post(alice, caption="Before")
    if path not in ("/signup", "/login"):
        AuthActions(client).login("alice")
    url = path.format(post_id=post.id)
    sent = {"none": {}, "another session's": {"csrf_token": app.test_client().csrf_token()}}
    before = every_row(app)

    page = client.post(url, data={**typed, **sent[token]})

    assert page.status_code == 400
    assert "This form couldn" in page.text and "submit the form again" in page.text
    for name, value in typed.items():
        if name in SECRETS:
            assert value not in page.text
        else:
            assert shown_value(page.text, name) == value, name
    assert every_row(app) == before
    # Sent again as a browser would, hidden fields included, it goes through to a real page.
    resent = {**typed, "csrf_token": CSRF_INPUT.search(page.text).group(1)}
    if (next_field := shown_value(page.text, "next")) is not None:
        resent["next"] = next_field
    again = client.post(url, data=resent)
    assert again.status_code == 302, again.text
    assert client.get(again.headers["Location"]).status_code == 200
